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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * The two inference engines pinned to each other: ONNX Runtime (the ONNX graph our code writes from the state dict,
 * BatchNorm folded) against DJL/libtorch (FMnet as trained), on frames of the demo video, for the bundled model and
 * for Facemap's full-width network (16..200 channels) with random weights and random BatchNorm statistics (fixed
 * seed, so the folding is exercised). Keypoints must agree within 1e-3 px, likelihoods within 1e-5, heatmaps and
 * offsets within 1e-4 of their largest value.
 */
class EngineParityTest {

	static byte[][] frames;
	static int w, h;

	@BeforeAll
	static void readFrames() {
		try (VideoSource v = VideoSources.open(TestData.demoVideo())) {
			w = v.width();
			h = v.height();
			int[] pick = { 0, 101, 257, 399, 512, 640 };
			frames = new byte[pick.length][];
			for (int i = 0; i < pick.length; i++) frames[i] = v.read(pick[i]);
		}
	}

	@Test
	void bundledModelSameKeypointsOnBothEngines() {
		compare(PoseModels.find("default"));
	}

	@Test
	void fullWidthRandomNetworkSameOutputsOnBothEngines() {
		LinkedHashMap<String, Tensor> sd;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 16, 32, 64, 128, 200 }, 15, 42)) {
			sd = net.toStateDict();
		}
		randomizeBatchNorm(sd, 7);
		// lift the heatmap head's bias so that every keypoint is somewhere in view (positive heatmap) and is compared
		float[] b = sd.get("Conv2_1x1.conv0.bias").floats().clone();
		for (int i = 0; i < b.length; i++) b[i] += 1f;
		sd.put("Conv2_1x1.conv0.bias", Tensor.ofFloats(new long[] { b.length }, b));
		compare(PoseModel.of("full-width", sd, null, "random", "seed 42, BatchNorm seed 7", null));
	}

	@Test
	void engineSettingParsesAndReachesTheTracker() {
		assertEquals(NetworkEngine.ONNXRUNTIME, NetworkEngine.parse("onnx"));
		assertEquals(NetworkEngine.DJL, NetworkEngine.parse("DJL"));
		assertEquals(NetworkEngine.AUTO, TrackingSettings.DEFAULTS.engine());
		assertEquals(NetworkEngine.DJL, ((TrackingSettings) TrackingSettings.DEFAULTS.with("engine", "djl")).engine());
		assertThrows(IllegalArgumentException.class, () -> NetworkEngine.parse("tensorrt"));
		try (Predictor p = Predictor.open(PoseModels.find("default"), NetworkEngine.AUTO, Device.CPU, Normalization.PER_FRAME, Progress.NONE)) {
			assertEquals(NetworkEngine.ONNXRUNTIME, p.engine(), "AUTO on the CPU runs ONNX Runtime where it loads");
		}
	}

	@Test
	void onnxGraphRefusesAnotherInputSize() {
		try (OrtPoseNetwork n = OrtPoseNetwork.open(PoseModels.find("default").stateDict(), 256, "default")) {
			assertThrows(IllegalArgumentException.class, () -> n.forward(new float[128 * 128], 1, 128));
		}
		LinkedHashMap<String, Tensor> broken = new LinkedHashMap<>(PoseModels.find("default").stateDict());
		broken.remove("Conv2_1x1.conv1.bias");
		FacemapException e = assertThrows(FacemapException.class, () -> FmnetOnnx.write(broken, 256, "broken.pt"));
		assertTrue(e.getMessage().contains("broken.pt") && e.getMessage().contains("Conv2_1x1.conv1.bias"), e.getMessage());
	}

	@Test
	void int8TrackerStaysCloseToFp32() {
		PoseModel model = PoseModels.find("default");
		TrackingSettings fp = TrackingSettings.DEFAULTS.with("frames", new sc.fiji.facemap.job.FrameRange(0, 24));
		TrackingSettings q = fp.with("precision", "int8");
		PoseTracker.Result a, b;
		try (VideoSource v = VideoSources.open(TestData.demoVideo())) {
			a = new PoseTracker(model, fp).track(v, Progress.NONE);
			b = new PoseTracker(model, q).track(v, Progress.NONE);
		}
		assertEquals(NetworkEngine.ONNXRUNTIME, b.engine);
		java.util.List<Double> shift = new java.util.ArrayList<>();
		for (int f = 0; f < 24; f++)
			for (int k = 0; k < a.keypoints.keypoints(); k++)
				if (!Float.isNaN(a.keypoints.x(f, k)) && !Float.isNaN(b.keypoints.x(f, k)) && a.keypoints.likelihood(f, k) > 0.6)
					shift.add(Math.hypot(a.keypoints.x(f, k) - b.keypoints.x(f, k), a.keypoints.y(f, k) - b.keypoints.y(f, k)));
		java.util.Collections.sort(shift);
		assertTrue(shift.size() > 100, "too few confident keypoints to compare: " + shift.size());
		double median = shift.get(shift.size() / 2), max = shift.get(shift.size() - 1);
		System.out.printf(java.util.Locale.ROOT, "int8 vs fp32 on %d confident keypoints: median %.3f px, max %.3f px%n", shift.size(), median, max);
		assertTrue(max > 0, "int8 gave exactly the fp32 keypoints: the integer graph did not run");
		assertTrue(median < 1.0, "int8 moved keypoints by a median of " + median + " px");
	}

	@Test
	void int8IsRefusedOnDjl() {
		FacemapException e = assertThrows(FacemapException.class, () -> TrackingSettings.DEFAULTS.with("engine", "djl").with("precision", "int8"));
		assertTrue(e.getMessage().contains("precision"), e.getMessage());
	}

	private static void compare(PoseModel model) {
		CropGeometry geom = CropGeometry.of(h, w, null, model.inputSize());
		FramePreprocessor pre = new FramePreprocessor(geom, Normalization.PER_FRAME);
		int n = frames.length, size = model.inputSize();
		float[] input = new float[n * size * size];
		pre.process(frames, n, input);
		try (PoseNetwork djl = PoseNetworks.open(model, NetworkEngine.DJL, Device.CPU, Progress.NONE);
			PoseNetwork ort = PoseNetworks.open(model, NetworkEngine.ONNXRUNTIME, Device.CPU, Progress.NONE)) {
			assertEquals(NetworkEngine.DJL, djl.engine());
			assertEquals(NetworkEngine.ONNXRUNTIME, ort.engine());
			PoseNetwork.Heatmaps a = djl.forward(input, n, size), b = ort.forward(input, n, size);
			assertEquals(a.height(), b.height());
			assertEquals(a.keypoints(), b.keypoints());
			close(a.hm(), b.hm(), "heatmaps");
			close(a.locx(), b.locx(), "locx");
			close(a.locy(), b.locy(), "locy");
			Keypoints ka = new Keypoints(model.keypoints(), n), kb = new Keypoints(model.keypoints(), n);
			Predictor.of(djl, model.keypoints(), size, Normalization.PER_FRAME).run(input, n, geom, ka, 0);
			Predictor.of(ort, model.keypoints(), size, Normalization.PER_FRAME).run(input, n, geom, kb, 0);
			double worst = 0;
			int nowhere = 0;
			for (int f = 0; f < n; f++)
				for (int k = 0; k < ka.keypoints(); k++) {
					assertEquals(Float.isNaN(ka.x(f, k)), Float.isNaN(kb.x(f, k)), "keypoint in view on one engine only, frame " + f + " keypoint " + k);
					if (Float.isNaN(ka.x(f, k))) {
						nowhere++;
						continue;
					}
					worst = Math.max(worst, Math.max(Math.abs(ka.x(f, k) - kb.x(f, k)), Math.abs(ka.y(f, k) - kb.y(f, k))));
					assertEquals(ka.likelihood(f, k), kb.likelihood(f, k), 1e-5, "likelihood, frame " + f + " keypoint " + k);
				}
			System.out.printf(java.util.Locale.ROOT, "%s: largest keypoint difference DJL vs ONNX Runtime %.2e px (%d of %d keypoints nowhere in view on both)%n", model.name(),
				worst, nowhere, n * ka.keypoints());
			assertTrue(nowhere < n * ka.keypoints() / 2, "most keypoints nowhere in view: the comparison would prove little");
			assertTrue(worst <= 1e-3, model.name() + ": keypoints differ by " + worst + " px between the engines");
		}
	}

	private static void close(float[] a, float[] b, String what) {
		assertEquals(a.length, b.length, what);
		double max = 0, diff = 0;
		for (int i = 0; i < a.length; i++) {
			max = Math.max(max, Math.abs(a[i]));
			diff = Math.max(diff, Math.abs(a[i] - b[i]));
		}
		assertTrue(max > 0, what + " are all zero: the comparison would prove nothing");
		assertTrue(diff <= 1e-4 * max, what + " differ by " + diff + " (largest value " + max + ")");
	}

	/** BatchNorm weights, biases and running statistics drawn at random (variance positive), as after training. */
	static void randomizeBatchNorm(Map<String, Tensor> sd, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		for (Map.Entry<String, Tensor> e : sd.entrySet()) {
			String k = e.getKey();
			if (k.startsWith("Conv2_1x1") || !k.contains(".0.") || k.endsWith("num_batches_tracked")) continue;
			float[] v = e.getValue().floats().clone();
			for (int i = 0; i < v.length; i++) {
				if (k.endsWith(".weight")) v[i] = (float) (0.5 + r.nextDouble());
				else if (k.endsWith(".running_var")) v[i] = (float) (0.2 + 2 * r.nextDouble());
				else v[i] = (float) (r.nextDouble() - 0.5) * 0.4f;
			}
			e.setValue(Tensor.ofFloats(e.getValue().shape(), v));
		}
	}
}
