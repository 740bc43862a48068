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
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;

/**
 * Parity with Python Facemap 1.0.8 on the fixtures of src/test/resources/reference/pose (written by
 * scripts/reference/make_fixtures.py: random FMnet weights with random BatchNorm buffers, two frames of the demo
 * video, bbox [30, 430, 100, 701], Facemap's batch-wide normalisation with batch size 2).
 */
class PoseParityTest {

	static final Path DIR = Paths.get("src/test/resources/reference/pose");
	static final int[] BBOX = { 30, 430, 100, 701 };

	static float[] npy(String name) {
		return Npy.readTensor(DIR.resolve(name)).floats();
	}

	static double maxAbs(float[] a, float[] b) {
		assertEquals(a.length, b.length);
		double m = 0;
		for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
		return m;
	}

	static byte[][] frames() {
		Tensor t = Npy.readTensor(DIR.resolve("frames_uint8.npy"));
		long[] s = t.shape();
		assertArrayEquals(new long[] { 2, 480, 800 }, s);
		long[] v = t.longs();
		byte[][] f = new byte[2][480 * 800];
		for (int b = 0; b < 2; b++) for (int i = 0; i < 480 * 800; i++) f[b][i] = (byte) v[b * 480 * 800 + i];
		return f;
	}

	static void report(String what, double value) {
		System.out.println(String.format(Locale.ROOT, "[parity] %-48s %.3g", what, value));
	}

	@Test
	void preprocessingNetworkAndKeypointsMatchFacemap() {
		CropGeometry g = CropGeometry.of(480, 800, BBOX, 256);
		assertEquals(602, g.paddedHeight());
		assertEquals(602, g.paddedWidth());
		assertArrayEquals(new int[] { 0, 1, 101, 101 }, new int[] { g.colsBefore, g.colsAfter, g.rowsBefore, g.rowsAfter });
		byte[][] frames = frames();

		float[] input = new float[2 * 256 * 256];
		new FramePreprocessor(g, Normalization.BATCH).process(frames, 2, input);
		float[] pyInput = npy("input_256.npy");
		double dIn = maxAbs(input, pyInput);
		report("input_256 max abs diff", dIn);
		assertTrue(dIn < 1e-5, "input differs by " + dIn);

		float[] hm = npy("hm.npy"), locx = npy("locx.npy"), locy = npy("locy.npy");
		double hmMax = 0;
		for (float v : hm) hmMax = Math.max(hmMax, v);
		double tol = 1e-4 * hmMax;
		try (NDManager m = NDManager.newBaseManager();
			FMnet net = FMnet.fromStateDict(m, TorchStateDict.read(DIR.resolve("fmnet_random.pt")), "fmnet_random.pt")) {
			assertArrayEquals(new int[] { 8, 12, 20, 28, 36 }, net.channels());
			// the network alone, on Python's input
			NDList out = net.forward(m.create(pyInput, new Shape(2, 1, 256, 256)), false);
			double dHm = maxAbs(out.get(0).toFloatArray(), hm), dLx = maxAbs(out.get(1).toFloatArray(), locx),
				dLy = maxAbs(out.get(2).toFloatArray(), locy);
			report("hm max abs diff (Python input)", dHm);
			report("locx max abs diff (Python input)", dLx);
			report("locy max abs diff (Python input)", dLy);
			report("tolerance 1e-4 * max heatmap", tol);
			assertTrue(dHm <= tol && dLx <= tol && dLy <= tol, "network outputs differ: " + dHm + " " + dLx + " " + dLy);

			// the whole chain from the frames
			out = net.forward(m.create(input, new Shape(2, 1, 256, 256)), false);
			float[] jhm = out.get(0).toFloatArray(), jlx = out.get(1).toFloatArray(), jly = out.get(2).toFloatArray();
			double eHm = maxAbs(jhm, hm), eLx = maxAbs(jlx, locx), eLy = maxAbs(jly, locy);
			report("hm max abs diff (Java preprocessing)", eHm);
			report("locx/locy max abs diff (Java preprocessing)", Math.max(eLx, eLy));
			assertTrue(eHm <= tol && eLx <= tol && eLy <= tol);

			Keypoints k256 = new Keypoints(KeypointSet.facemap(), 2);
			HeatmapDecoder.decode(jhm, jlx, jly, 2, 15, 64, 64, null, k256, 0);
			double d256 = compare(k256, npy("keypoints_256.npy"));
			report("keypoints (256 px) max abs diff", d256);
			assertTrue(d256 <= 0.01, "keypoints in network pixels differ by " + d256);

			Keypoints kp = new Keypoints(KeypointSet.facemap(), 2);
			HeatmapDecoder.decode(jhm, jlx, jly, 2, 15, 64, 64, g, kp, 0);
			double dKp = compare(kp, npy("keypoints.npy"));
			report("keypoints (frame px) max abs diff", dKp);
			assertTrue(dKp <= 0.01, "keypoints differ by " + dKp);
		}
	}

	/** The tracker end to end: Facemap's batch mode with batch 2 gives keypoints.npy; per-frame gives batch-1 results. */
	@Test
	void trackerMatchesFacemapInBothNormalisationModes() {
		byte[][] frames = frames();
		SyntheticVideo v = new SyntheticVideo(800, 480, frames);
		PoseModel model = PoseModel.load(DIR.resolve("fmnet_random.pt"));
		assertEquals(KeypointSet.facemap(), model.keypoints());
		TrackingSettings o = TrackingSettings.DEFAULTS.with("bbox", sc.fiji.facemap.job.Box.of(BBOX)).with("batch_size", 2).with("normalization", Normalization.BATCH);
		double d = compare(new PoseTracker(model, o).track(v, Progress.NONE).keypoints, npy("keypoints.npy"));
		report("tracker, batch normalisation, batch 2", d);
		assertTrue(d <= 0.01, "tracker differs by " + d);
		d = compare(new PoseTracker(model, o.with("normalization", Normalization.PER_FRAME)).track(v, Progress.NONE).keypoints, npy("keypoints_batch1.npy"));
		report("tracker, per-frame normalisation vs Facemap batch 1", d);
		assertTrue(d <= 0.01, "per-frame tracker differs from Facemap's batch-1 run by " + d);
	}

	/** Max |diff| over x and y (px) and likelihood; the latter is also checked to 1e-5. */
	static double compare(Keypoints kp, float[] ref) {
		double m = 0;
		for (int f = 0; f < kp.frames(); f++) for (int k = 0; k < kp.keypoints(); k++) {
			int i = (f * kp.keypoints() + k) * 3;
			m = Math.max(m, Math.abs(kp.x(f, k) - ref[i]));
			m = Math.max(m, Math.abs(kp.y(f, k) - ref[i + 1]));
			assertEquals(ref[i + 2], kp.likelihood(f, k), 1e-5, "likelihood of frame " + f + " keypoint " + k);
		}
		return m;
	}
}
