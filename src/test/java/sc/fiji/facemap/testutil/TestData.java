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
package sc.fiji.facemap.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where tests find the small real data: the repository's test-images/ or the shared data folder. */
public final class TestData {

	private TestData() {}

	/** The shared data folder (system property facemap.shared, set by surefire). */
	public static Path shared() {
		return Paths.get(System.getProperty("facemap.shared", "../shared"));
	}

	/** The demo video (749 frames, 800x480, 25 fps, H.264): test-images/ if present, else the shared copy. */
	public static Path demoVideo() {
		Path local = Paths.get("test-images", "sample_video.mp4");
		if (Files.isRegularFile(local)) return local.toAbsolutePath();
		return shared().resolve("data/mouse-face-video/sample_video.mp4").toAbsolutePath();
	}
}
