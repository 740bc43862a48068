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

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/** Frame suggestion: diverse picks cover unlabelled kinds of frames; hardest = lowest likelihood; files written. */
class FrameSelectionTest {

	@TempDir
	Path tmp;

	/** 60 frames of 64x48: frames 0-39 a dark scene, 40-49 a bright blob left, 50-59 a bright blob right. */
	static VideoSource threeScenes() {
		byte[][] frames = new byte[60][64 * 48];
		for (int f = 0; f < 60; f++) {
			int kind = kind(f);
			for (int y = 0; y < 48; y++)
				for (int x = 0; x < 64; x++) {
					int v = 20 + ((x * 7 + y * 3 + f) % 9);
					if (kind == 1 && x < 24 && y > 10 && y < 38) v = 220;
					if (kind == 2 && x > 40 && y > 10 && y < 38) v = 220;
					frames[f][y * 64 + x] = (byte) v;
				}
		}
		return new SyntheticVideo(64, 48, frames);
	}

	static int kind(int f) {
		return f < 40 ? 0 : f < 50 ? 1 : 2;
	}

	@Test
	void diversePicksCoverUnlabelledScenes() {
		FrameSelectionSettings o = FrameSelectionSettings.DEFAULTS.with("n", 3).with("random_fraction", 0.0).with("hard_fraction", 0.0);
		Set<Integer> labelled = new java.util.LinkedHashSet<>();
		for (int f = 0; f < 40; f += 4) labelled.add(f);
		List<FrameSelection.Pick> picks = FrameSelection.select(threeScenes(), null, o, labelled, Progress.NONE);
		assertEquals(3, picks.size());
		Set<Integer> kinds = new java.util.HashSet<>();
		for (FrameSelection.Pick p : picks) {
			assertEquals("different", p.reason.toString());
			assertFalse(labelled.contains(p.frame));
			kinds.add(kind(p.frame));
		}
		assertTrue(kinds.contains(1) && kinds.contains(2), "picks " + kinds);
	}

	@Test
	void hardestAreLowestLikelihoodAndFilesAreWritten() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 4, 8, 8, 8, 8 }, 3, 7)) {
			PoseModel model = PoseModel.of("tiny", net.toStateDict(), new KeypointSet(List.of("a", "b", "c")), "", "", null);
			FrameSelectionSettings o = FrameSelectionSettings.DEFAULTS.with("n", 6).with("pool", 30).with("random_fraction", 1 / 3.0)
				.with("hard_fraction", 1 / 3.0).with("seed", 4L);
			VideoSource v = threeScenes();
			java.util.Set<String> stages = new java.util.LinkedHashSet<>();
			Progress record = new Progress() {
				@Override
				public void update(long done, long total, String message) {
					stages.add(message);
				}

				@Override
				public boolean isCanceled() {
					return false;
				}
			};
			List<FrameSelection.Pick> picks = FrameSelection.select(v, model, o, record);
			// issue 11: the stage says that the model runs (it used to say "Reading frames" only)
			assertTrue(stages.contains("Reading frames and scoring them with tiny"), stages.toString());
			assertEquals(6, picks.size());
			Map<String, Integer> count = new LinkedHashMap<>();
			double maxHard = -1;
			for (FrameSelection.Pick p : picks) {
				count.merge(p.reason.toString(), 1, Integer::sum);
				if (p.reason.toString().equals("hardest")) maxHard = Math.max(maxHard, p.meanLikelihood);
			}
			assertEquals(2, count.get("hardest"));
			assertEquals(2, count.get("random"));
			// the hard picks are the lowest-likelihood frames of the pool left after the random picks, so every
			// "different" pick (taken from what remained) scores at least as high
			for (FrameSelection.Pick p : picks)
				if (p.reason.toString().equals("different")) assertTrue(p.meanLikelihood >= maxHard, p.frame + ": " + p.meanLikelihood);
			assertEquals(2, count.get("different"));
			Path file = FrameSelection.write(v, picks, model.keypoints(), tmp, Progress.NONE);
			LabelSet s = LabelSet.read(file);
			assertEquals(6, s.size());
			assertEquals(List.of("video", "frame", "reason"), s.metaNames());
			for (int i = 0; i < 6; i++) {
				assertTrue(Files.exists(tmp.resolve(s.imagePath(i))));
				assertEquals(Integer.toString(picks.get(i).frame), s.meta(i, "frame"));
				for (int k = 0; k < 3; k++) assertTrue(s.isMissing(i, k));
			}
			GrayImage back = GrayImage.readPng(tmp.resolve(s.imagePath(0)));
			byte[] buf = new byte[64 * 48];
			v.read(picks.get(0).frame, buf);
			assertEquals(buf[5 * 64 + 7] & 0xff, back.get(7, 5), 0f);
		}
	}
}
