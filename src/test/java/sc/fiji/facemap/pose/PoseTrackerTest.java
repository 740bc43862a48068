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

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/** The tracking loop: batching, ranges, bbox, normalisation modes, resume, cancel and errors. */
class PoseTrackerTest {

	static PoseModel model;

	@BeforeAll
	static void makeModel() {
		model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 21), null, null, null, null);
	}

	static TrackingSettings opts(int batch) {
		return TrackingSettings.DEFAULTS.with("batch_size", batch);
	}

	/** The pipeline done by hand, one frame at a time. */
	static Keypoints direct(SyntheticVideo v, int[] bbox, int first, int end) {
		CropGeometry g = CropGeometry.of(v.h, v.w, bbox, 256);
		FramePreprocessor p = new FramePreprocessor(g, Normalization.PER_FRAME);
		Keypoints kp = new Keypoints(model.keypoints(), end - first);
		try (NDManager m = NDManager.newBaseManager(); FMnet net = model.createNetwork(m)) {
			for (int f = first; f < end; f++) {
				float[] in = new float[256 * 256];
				p.process(new byte[][] { v.frames[f] }, 1, in);
				NDList out = net.forward(m.create(in, new Shape(1, 1, 256, 256)), false);
				HeatmapDecoder.decode(out.get(0).toFloatArray(), out.get(1).toFloatArray(), out.get(2).toFloatArray(), 1, 15, 64, 64, g, kp, f - first);
			}
		}
		return kp;
	}

	@Test
	void batchedRunEqualsFrameByFrameAndBatchModeOfOneFrameEqualsPerFrame() {
		SyntheticVideo v = new SyntheticVideo(160, 120, 7, 1);
		int[] bbox = { 10, 110, 20, 150 };
		Keypoints expect = direct(v, bbox, 1, 7);
		TrackingSettings o = opts(3).with("bbox", Box.of(bbox)).with("frames", new FrameRange(1, -1));
		List<String> msgs = new ArrayList<>();
		Progress p = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				msgs.add(message);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		PoseTracker.Result r = new PoseTracker(model, o).track(v, p);
		assertEquals(6, r.keypoints.frames());
		assertEquals(1, r.firstFrame);
		assertTrue(r.framesPerSecond > 0);
		assertTrue(msgs.stream().anyMatch(s -> s.contains("frames/s")), msgs.toString());
		assertArrayEquals(expect.xArray(), r.keypoints.xArray(), 1e-3f);
		assertArrayEquals(expect.yArray(), r.keypoints.yArray(), 1e-3f);
		assertArrayEquals(expect.likelihoodArray(), r.keypoints.likelihoodArray(), 1e-5f);
		// coordinates land inside the box (random weights, but argmax is on the 64x64 grid of the box)
		// (an all-zero heatmap, which the ReLU makes possible, is "nowhere": NaN with likelihood exactly 0.5)
		for (int i = 0; i < r.keypoints.xArray().length; i++) {
			if (Float.isNaN(r.keypoints.xArray()[i])) assertEquals(0.5f, r.keypoints.likelihoodArray()[i]);
			else assertTrue(r.keypoints.xArray()[i] > 20 - 30 && r.keypoints.xArray()[i] < 150 + 30);
			assertTrue(r.keypoints.likelihoodArray()[i] >= 0.5f && r.keypoints.likelihoodArray()[i] < 1f);
		}
		// Facemap's batch-wide normalisation with batch size 1 is per-frame normalisation
		TrackingSettings ob = opts(1).with("bbox", Box.of(bbox)).with("frames", new FrameRange(1, -1)).with("normalization", Normalization.BATCH);
		Keypoints b1 = new PoseTracker(model, ob).track(v, Progress.NONE).keypoints;
		assertArrayEquals(expect.xArray(), b1.xArray(), 1e-3f);
	}

	@Test
	void resumeContinuesFromACheckpoint() {
		SyntheticVideo v = new SyntheticVideo(64, 48, 9, 2);
		Keypoints full = new PoseTracker(model, opts(2)).track(v, Progress.NONE).keypoints;
		TrackingSettings o = opts(2).with("checkpoint_every", 4);
		int[] savedAt = { -1 };
		// a run that fails on frame 6 keeps frames 0..5 through the checkpoint
		v.failAt = 6;
		Keypoints[] partial = new Keypoints[1];
		FacemapException e = assertThrows(FacemapException.class, () -> new PoseTracker(model, o).track(v, Progress.NONE, null, 0, (kp, done) -> {
			savedAt[0] = done;
			partial[0] = new Keypoints(kp.keypointSet(), kp.frames(), kp.xArray().clone(), kp.yArray().clone(), kp.likelihoodArray().clone());
		}));
		assertTrue(e.getMessage().contains("frame 6"), e.getMessage());
		assertEquals(6, savedAt[0]);
		assertTrue(Float.isNaN(partial[0].x(6, 0)));
		v.failAt = -1;
		v.reads.set(0);
		PoseTracker.Result r = new PoseTracker(model, opts(2)).track(v, Progress.NONE, partial[0], savedAt[0], null);
		assertEquals(3, v.reads.get()); // only frames 6..8 decoded
		assertArrayEquals(full.xArray(), r.keypoints.xArray(), 1e-4f);
		assertArrayEquals(full.likelihoodArray(), r.keypoints.likelihoodArray(), 1e-6f);
	}

	@Test
	void cancelStopsBetweenBatches() {
		SyntheticVideo v = new SyntheticVideo(64, 48, 20, 3);
		int[] updates = { 0 };
		Progress p = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				updates[0]++;
			}

			@Override
			public boolean isCanceled() {
				return updates[0] >= 2;
			}
		};
		assertThrows(CanceledException.class, () -> new PoseTracker(model, opts(2)).track(v, p));
		assertTrue(v.reads.get() < 20, "reads " + v.reads);
	}

	@Test
	void badOptionsGiveClearErrors() {
		SyntheticVideo v = new SyntheticVideo(64, 48, 5, 4);
		TrackingSettings o = opts(2).with("bbox", new Box(0, 60, 0, 30));
		FacemapException e = assertThrows(FacemapException.class, () -> new PoseTracker(model, o).track(v, Progress.NONE));
		assertTrue(e.getMessage().contains("synthetic.avi") && e.getMessage().contains("bounding box"), e.getMessage());
		TrackingSettings r = opts(2).with("frames", new FrameRange(3, 9));
		e = assertThrows(FacemapException.class, () -> new PoseTracker(model, r).track(v, Progress.NONE));
		assertTrue(e.getMessage().contains("3:9"), e.getMessage());
		assertThrows(FacemapException.class, () -> opts(0));
		List<String> log = new ArrayList<>();
		Progress p = Progress.logTo(log::add);
		assertEquals("cpu", PoseTracker.device("gpu", p).getDeviceType());
		assertTrue(log.get(0).contains("CPU"), log.toString());
		assertThrows(FacemapException.class, () -> PoseTracker.device("tpu", p));
	}
}
