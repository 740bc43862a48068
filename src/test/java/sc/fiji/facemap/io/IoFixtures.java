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
package sc.fiji.facemap.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the small Python-written test files under src/test/resources/io/ (made by scripts/reference/make_io_fixtures.py). */
final class IoFixtures {

	private IoFixtures() {}

	static Path file(String name) {
		URL u = IoFixtures.class.getResource("/io/" + name);
		if (u == null) throw new IllegalStateException("missing test resource io/" + name + " (run scripts/reference/make_io_fixtures.py)");
		try {
			return Paths.get(u.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
