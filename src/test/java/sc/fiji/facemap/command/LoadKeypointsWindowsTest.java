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
package sc.fiji.facemap.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 11: Load Keypoints draws on the video already open (instead of opening a second window of it with the same
 * title), and a second result with the same name gets its own table instead of replacing the first one's.
 */
class LoadKeypointsWindowsTest {

	@Test
	void theOpenVideoOfAKeypointsFileIsRecognised() {
		Path dir = Path.of("/data/session1").toAbsolutePath();
		Path h5 = dir.resolve("mouse_FacemapPose.h5");
		assertTrue(LoadKeypointsCommand.shows(dir.resolve("mouse.mp4"), null, h5), "the h5 beside the video");
		assertFalse(LoadKeypointsCommand.shows(dir.resolve("other.mp4"), null, h5));
		assertFalse(LoadKeypointsCommand.shows(Path.of("/data/session2/mouse.mp4"), null, h5), "another folder");
		assertTrue(LoadKeypointsCommand.shows(Path.of("/data/session2/mouse.mp4"), Path.of("/data/session2/../session2/mouse.mp4"), h5),
			"the given video, whatever the keypoints file's name");
	}

	@Test
	void aSecondTableOfTheSameNameGetsItsOwnTitle() {
		assertEquals("a_FacemapPose.h5", LoadKeypointsCommand.uniqueTitle("a_FacemapPose.h5", List.of("Log")));
		assertEquals("a_FacemapPose.h5 (2)", LoadKeypointsCommand.uniqueTitle("a_FacemapPose.h5", List.of(
			"a_FacemapPose.h5")));
		assertEquals("a_FacemapPose.h5 (3)", LoadKeypointsCommand.uniqueTitle("a_FacemapPose.h5", List.of(
			"a_FacemapPose.h5", "a_FacemapPose.h5 (2)")));
	}
}
