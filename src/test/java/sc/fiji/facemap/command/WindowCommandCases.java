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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/** The headless cases of Facemap Window... and Save Facemap Figure... for {@link AllCommandsHeadlessTest}. */
final class WindowCommandCases {

	private WindowCommandCases() {}

	/** A 16-frame clip with a keypoints file beside it (eye and whisker points; the rest NaN). */
	static Path clipWithKeypoints() {
		try {
			Path dir = AllCommandsHeadlessTest.tempFolder("window");
			Path video = dir.resolve("clip.avi");
			Files.copy(Paths.get("src/test/resources/video/formats/clip_mjpeg.avi"), video);
			Keypoints kp = new Keypoints(KeypointSet.facemap(), 16);
			for (int f = 0; f < 16; f++) {
				kp.set(f, 0, 10 + f, 20, 0.9f); // eye(back)
				kp.set(f, 12, 30, 40 + f, 0.9f); // whisker(I)
			}
			PoseH5.write(dir.resolve("clip_FacemapPose.h5"), kp);
			return video;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static void register() {
		AllCommandsHeadlessTest.add("sc.fiji.facemap.command.FacemapWindowCommand", //
			() -> AllCommandsHeadlessTest.inputs("video", clipWithKeypoints().toFile()), //
			out -> {
				assertTrue(((String) out.get("keypoints_file")).endsWith("clip_FacemapPose.h5"), "found beside the video");
				assertEquals("", out.get("proc_file"));
				assertEquals(4, out.get("trace_rows"), "eye x, eye y, whiskers x, whiskers y");
			});
		AllCommandsHeadlessTest.add("sc.fiji.facemap.command.SaveFigureCommand", //
			() -> {
				Path video = clipWithKeypoints();
				return AllCommandsHeadlessTest.inputs("video", video.toFile(), "file", video.resolveSibling("fig.svg")
					.toFile());
			}, //
			out -> assertEquals(4, out.get("plots")));
	}
}
