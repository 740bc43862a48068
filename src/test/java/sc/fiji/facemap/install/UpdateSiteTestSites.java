/*-
 * #%L
 * Facemap for Fiji.
 * %%
 * Copyright (C) 2026 Facemap for Fiji developers.
 * %%
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 * #L%
 */
package sc.fiji.facemap.install;

import java.nio.file.Path;
import java.util.List;

/** Small sites of one plugin version with one library (jhdf) for install tests. */
final class UpdateSiteTestSites {

	private UpdateSiteTestSites() {}

	static Path site(Path dir, String version) throws Exception {
		Path plugin = dir.resolve("Facemap_Fiji-" + version + ".jar");
		UpdaterChecksumsTest.jar(plugin, UpdaterChecksumsTest.entries("sc/fiji/facemap/X.class", "x" + version));
		Path jhdf = dir.resolve("lib/jhdf-0.9.4.jar");
		UpdaterChecksumsTest.jar(jhdf, UpdaterChecksumsTest.entries("io/jhdf/A.class", "b"));
		Path site = dir.resolve("site");
		UpdateSite.build(new UpdateSite.Contents(plugin, List.of(jhdf), null, version), site);
		return site;
	}
}
