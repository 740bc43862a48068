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
package sc.fiji.facemap.batch;

import java.io.IOException;
import java.nio.file.Path;

/** {@link BatchFixtures} for tests in other packages. */
public final class BatchFixturesAccess {

	private BatchFixturesAccess() {}

	public static Path shortTiff(Path file, int offset, int n) throws IOException {
		return BatchFixtures.shortTiff(file, offset, n);
	}

	public static Path corruptVideo(Path file) throws IOException {
		return BatchFixtures.corruptVideo(file);
	}
}
