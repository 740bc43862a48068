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
package sc.fiji.facemap.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.testutil.TestModels;
import sc.fiji.facemap.video.FfmpegVideoSource;

/** The preview after Refine Model, UI-free: random frames of a video (seeded) with the model's predictions. */
class VideoPreviewTest {

	@Test
	void predictsSeededRandomFramesWithTheSinglePredictor() {
		Path video = TestData.demoVideo();
		PoseModel model;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15,
			3)) {
			model = PoseModel.of("tiny", TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random", null);
		}
		VideoPreview p = VideoPreview.of(model, video, 2, 5, Progress.NONE);
		Random r = new Random(5);
		assertArrayEquals(new int[] { r.nextInt(749), r.nextInt(749) }, p.frames);
		assertEquals(800, p.width);
		assertEquals(480, p.height);
		assertEquals(2, p.keypoints.frames());
		assertEquals(KeypointSet.facemap(), p.keypoints.keypointSet());
		try (FfmpegVideoSource v = new FfmpegVideoSource(video); NDManager m = NDManager.newBaseManager();
			FMnet net = model.createNetwork(m)) {
			for (int i = 0; i < 2; i++) {
				byte[] px = v.read(p.frames[i]);
				assertArrayEquals(px, p.pixels.get(i), "frame " + p.frames[i]);
				float[][] want = TrainingPreview.predict(net, 800, 480, px);
				for (int k = 0; k < 15; k++) {
					assertEquals(want[0][k], p.keypoints.x(i, k), 1e-3);
					assertEquals(want[1][k], p.keypoints.y(i, k), 1e-3);
					assertEquals(want[2][k], p.keypoints.likelihood(i, k), 1e-5);
					assertTrue(Float.isFinite(p.keypoints.x(i, k)));
				}
			}
		}
		assertEquals(0, VideoPreview.of(model, video, 0, 5, Progress.NONE).frames.length);
	}
}
