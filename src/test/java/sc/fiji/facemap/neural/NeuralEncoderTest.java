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
package sc.fiji.facemap.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.neural.NeuralSettings.Model;
import sc.fiji.facemap.task.Progress;

/** {@link NeuralEncoder#fit} end to end on generated data, and its refusals. */
class NeuralEncoderTest {

	static final NeuralSettings LINEAR = NeuralSettings.DEFAULTS.with("model", Model.RIDGE).with("baselines", false);

	@Test
	void networkLearnsLaggedNonlinearMappingThatLinearModelsCannot() {
		// neurons fire max(w . x(t - lag), 0) with lags of 10-70 camera frames
		GeneratedNeuralData d = GeneratedNeuralData.lagged(3000, 3, 6, 20, 0.1, 1);
		List<EpochRecord> seen = new ArrayList<>();
		NeuralSettings s = NeuralSettings.DEFAULTS.with("epochs", 40).with("test_every", 10).with("learning_rate", 3e-3).with("weight_decay", 1e-4);
		NeuralResult r = NeuralEncoder.fit(d.inputs(), s, Progress.NONE, seen::add);
		ModelScore net = r.score(Model.NETWORK), ridge = r.score(Model.RIDGE), rrr = r.score(Model.RRR);
		double linear = Math.max(ridge.varexp(), rrr.varexp());
		assertTrue(net.varexp() > 0.3, "network " + net);
		assertTrue(net.varexp() > linear + 0.25, "network " + net.varexp() + " vs best linear " + linear);
		assertEquals(Model.NETWORK, r.model());
		assertEquals(net.varexp(), r.varexp());
		// the live history: every epoch, test figures every 10 epochs and at the end
		assertEquals(40, seen.size());
		assertEquals(seen, r.history());
		for (EpochRecord e : seen) assertEquals(e.epoch() % 10 == 0 || e.epoch() == 39, e.evaluated(), "epoch " + e.epoch());
		assertTrue(seen.get(39).trainLoss() < seen.get(0).trainLoss());
		assertEquals(3e-3, seen.get(39).learningRate(), 1e-15);
		// outputs for the writers: shapes, PCs (19 = neurons - 1), latents, weights
		assertEquals(19, r.predictedTargets()[0].length);
		assertEquals(3000, r.samples());
		assertEquals(20, r.neurons());
		float[][] full = r.predictions();
		assertEquals(20, full.length);
		assertEquals(3000, full[0].length);
		assertArrayEquals(full[7], r.predictionRow(7), 1e-4f);
		assertEquals(20, r.testPredictions().length);
		assertEquals(r.split().testCount(), r.testPredictions()[0].length);
		assertEquals(9000, r.latents().length);
		assertEquals(256, r.latents()[0].length);
		assertArrayEquals(new double[] { 0, 0, 2999, 20 }, r.plotExtent());
		assertEquals(r.split().test().length, r.testSegments().length);
		assertEquals(r.split().test()[0][0] + 1, r.testSegments()[0][0], "test indices into the original data (delay -1)");
		assertEquals(KeypointsNetwork.stateShapes(6, 19).keySet(), r.stateDict().keySet());
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork k = KeypointsNetwork.fromStateDict(m, null, r.stateDict(), "result")) {
			assertEquals(KeypointsNetwork.parameterCount(6, 19), KeypointsNetwork.parameterCount(k.inputs(), k.outputs()));
		}
		// the kept model is the best evaluated one
		double best = Double.NEGATIVE_INFINITY;
		for (EpochRecord e : seen) if (e.evaluated()) best = Math.max(best, e.testVarexp());
		assertEquals(best, seen.get(r.bestEpoch()).testVarexp(), 1e-12);
		assertEquals(best, net.targetVarexp(), 1e-5);
		// per-neuron figures agree with the test predictions
		float[] per = r.varexpPerNeuron();
		assertEquals(20, per.length);
		int[] te = r.split().testIndicesOriginal();
		float[][] truth = new float[te.length][20], pred = new float[te.length][20];
		for (int j = 0; j < te.length; j++)
			for (int i = 0; i < 20; i++) {
				truth[j][i] = d.neural[i][te[j]];
				pred[j][i] = r.testPredictions()[i][j];
			}
		assertArrayEquals(Varexp.perColumn(truth, pred), per, 1e-3f);
		assertEquals("cpu", r.device());
		assertNotNull(r.varexpPerRank());
	}

	@Test
	void learningRateSchedule() {
		assertEquals(1e-3, NetworkTrainer.learningRate(1e-3, 199, 300), 1e-15);
		assertEquals(1e-4, NetworkTrainer.learningRate(1e-3, 200, 300), 1e-15);
		assertEquals(1e-4, NetworkTrainer.learningRate(1e-3, 249, 300), 1e-15);
		assertEquals(1e-5, NetworkTrainer.learningRate(1e-3, 250, 300), 1e-15);
		assertEquals(1e-3, NetworkTrainer.learningRate(1e-3, 39, 40), 1e-15, "no annealing in short runs (Facemap: epochs - 50 < 0)");
	}

	@Test
	void cancelKeepsTheBestModelSoFar() {
		GeneratedNeuralData d = GeneratedNeuralData.lagged(600, 3, 4, 8, 0.1, 2);
		AtomicInteger updates = new AtomicInteger();
		Progress cancelAfter = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				if (message.startsWith("Training")) updates.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return updates.get() >= 10 * 7 + 5; // in the middle of epoch 8
			}

			@Override
			public void log(String line) {}
		};
		NeuralSettings s = NeuralSettings.DEFAULTS.with("epochs", 50).with("test_every", 3).with("baselines", false);
		float[][] pos = new float[8][];
		for (int i = 0; i < 8; i++) pos[i] = new float[] { 100 + 200 * (i % 2), 50 };
		NeuralResult r = NeuralEncoder.fit(d.inputs().withPositions(pos), s, cancelAfter);
		assertTrue(r.canceled());
		assertTrue(Double.isFinite(r.ceiling()), "the ceiling is still computed after a cancel");
		assertEquals(7, r.history().size(), "7 complete epochs");
		double best = Double.NEGATIVE_INFINITY;
		int bestEpoch = -1;
		for (EpochRecord e : r.history()) if (e.evaluated() && e.testVarexp() > best) {
			best = e.testVarexp();
			bestEpoch = e.epoch();
		}
		assertEquals(bestEpoch, r.bestEpoch());
		assertEquals(best, r.targetVarexp(), 1e-5, "figures of the kept model");
		assertNotNull(r.stateDict());
		assertEquals(600, r.predictedTargets().length);
	}

	@Test
	void settingsAreValidatedWithTheirKeys() {
		var schema = SettingsSchema.of(NeuralSettings.class);
		List<String> keys = new ArrayList<>();
		for (var k : schema.keys()) keys.add(k.name());
		assertEquals(List.of("model", "pcs", "epochs", "device", "learning_rate", "weight_decay", "smoothing_penalty", "delay",
			"ridge_lambda", "rrr_lambda", "max_rank", "baselines", "latents", "test_every", "seed", "facemap_compatible"), keys);
		assertEquals(NeuralSettings.DEFAULTS, schema.defaults());
		assertEquals(Model.RRR, schema.parse(Map.of("model", "rrr")).model());
		assertEquals(Device.GPU, schema.parse(Map.of("device", "gpu")).device());
		String[][] bad = { { "pcs", "-1", "pcs must be 0" }, { "epochs", "0", "epochs must be at least 1" },
			{ "learning_rate", "0", "learning_rate must be positive" }, { "weight_decay", "-1", "weight_decay must be 0 or positive" },
			{ "ridge_lambda", "-2", "ridge_lambda must be 0 or positive" }, { "max_rank", "0", "max_rank must be at least 1" },
			{ "test_every", "0", "test_every must be at least 1" }, { "delay", "5000", "delay must be between" },
			{ "smoothing_penalty", "NaN", "smoothing_penalty must be 0 or positive" } };
		for (String[] b : bad) {
			FacemapException e = assertThrows(FacemapException.class, () -> schema.parse(Map.of(b[0], b[1])), b[0]);
			assertTrue(e.getMessage().contains(b[2]), e.getMessage());
		}
		FacemapException e = assertThrows(FacemapException.class, () -> schema.parse(Map.of("model", "forest")));
		assertTrue(e.getMessage().contains("model"), e.getMessage());
	}

	static float[][] ramp(int frames, int features, long seed) {
		java.util.Random r = new java.util.Random(seed);
		float[][] x = new float[frames][features];
		for (float[] row : x) for (int j = 0; j < features; j++) row[j] = (float) r.nextGaussian();
		return x;
	}

	static void fails(String expected, Runnable r) {
		FacemapException e = assertThrows(FacemapException.class, r::run);
		assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
	}

	@Test
	void badInputsAreRejectedWithMessages() {
		float[][] b = ramp(300, 3, 1), n = transpose(ramp(100, 2, 2));
		float[][] nan = ramp(300, 3, 1);
		nan[17][2] = Float.NaN;
		final float[][] neural = n;
		fails("behaviour: frame 17, feature 2 is NaN", () -> NeuralInputs.of(nan, neural));
		float[][] ragged = ramp(300, 3, 1);
		ragged[5] = new float[2];
		fails("behaviour: frame 5 has 2 features, frame 0 has 3", () -> NeuralInputs.of(ragged, neural));
		float[][] nn = transpose(ramp(100, 2, 2));
		nn[1][40] = Float.POSITIVE_INFINITY;
		fails("neural activity: neuron 1, sample 40 is Infinity", () -> NeuralInputs.of(b, nn));
		fails("at least 8 are needed", () -> NeuralInputs.of(b, transpose(ramp(5, 2, 2))));
		double[] tb = times(300, 30, 0), tn = times(100, 10, 0);
		fails("behaviour timestamps: 299 values for 300 camera frames", () -> new NeuralInputs(b, java.util.Arrays.copyOf(tb, 299), neural, tn, null, null, null));
		double[] dup = tn.clone();
		dup[50] = dup[49];
		fails("neural timestamps: not strictly increasing at index 50", () -> new NeuralInputs(b, tb, neural, dup, null, null, null));
		fails("timestamps do not overlap", () -> new NeuralInputs(b, tb, neural, times(100, 10, 1000), null, null, null));
		fails("neural timestamps are missing", () -> new NeuralInputs(b, tb, neural, null, null, null, null));
		fails("trial ids: 99 values for 100 neural samples", () -> new NeuralInputs(b, null, neural, null, new int[99], null, null));
		fails("neuron positions: 1 rows for 2 neurons", () -> new NeuralInputs(b, null, neural, null, null, new float[1][2], null));
		fails("feature names: 2 names for 3 behaviour columns", () -> new NeuralInputs(b, null, neural, null, null, null, List.of("a", "b")));
		fails("behaviour: no frames", () -> NeuralInputs.of(new float[0][], neural));
		// all behaviour constant
		float[][] flat = new float[300][3];
		fails("every feature is constant", () -> NeuralEncoder.fit(NeuralInputs.of(flat, neural), LINEAR, Progress.NONE));
		// too short for Facemap's split (compatible mode), fine otherwise
		float[][] n100 = transpose(ramp(100, 2, 3));
		fails("too few for Facemap's train/test split", () -> NeuralEncoder.fit(NeuralInputs.of(b, n100), LINEAR.with("facemap_compatible", true), Progress.NONE));
		assertTrue(NeuralEncoder.fit(NeuralInputs.of(b, n100), LINEAR, Progress.NONE).split().testCount() > 0);
		fails("trial found", () -> NeuralEncoder.fit(new NeuralInputs(b, null, neural, null, new int[100], null, null), LINEAR, Progress.NONE));
	}

	@Test
	void constantColumnsAndNeuronsGiveNoNaN() {
		GeneratedNeuralData d = GeneratedNeuralData.lagged(400, 3, 4, 6, 0.1, 3);
		for (float[] row : d.behavior) row[2] = 5f; // a constant feature
		java.util.Arrays.fill(d.neural[4], 2f); // a constant neuron
		List<String> log = new ArrayList<>();
		for (Model m : new Model[] { Model.RIDGE, Model.RRR }) {
			NeuralResult r = NeuralEncoder.fit(d.inputs(), LINEAR.with("model", m), Progress.logTo(log::add));
			assertArrayEquals(new int[] { 0, 1, 3 }, r.keptFeatures());
			assertTrue(r.notices().stream().anyMatch(l -> l.contains("Dropped 1 constant behaviour feature(s): [f2]")), r.notices().toString());
			assertTrue(r.notices().stream().anyMatch(l -> l.contains("1 neuron(s) are constant")), r.notices().toString());
			assertTrue(Double.isFinite(r.varexp()) && Double.isFinite(r.targetVarexp()), r.scores().toString());
			for (float v : r.varexpPerNeuron()) assertTrue(Float.isFinite(v));
			assertEquals(0f, r.varexpPerNeuron()[4]);
			for (float v : r.predictionRow(4)) assertEquals(2f, v, 1e-4f, "a constant neuron is predicted as itself");
		}
	}

	@Test
	void wholeTrialsAreHeldOut() {
		GeneratedNeuralData d = GeneratedNeuralData.lagged(800, 3, 4, 6, 0.1, 4);
		int[] trials = new int[800];
		for (int t = 0; t < 800; t++) trials[t] = 100 + t / 50; // 16 trials of 50 samples
		NeuralResult r = NeuralEncoder.fit(d.inputs().withTrials(trials), LINEAR.with("model", Model.RRR), Progress.NONE);
		NeuralSplit s = r.split();
		assertTrue(s.byTrial());
		assertEquals(4, s.test().length, "every 4th of 16 trials");
		assertEquals(12, s.train().length);
		for (int[] seg : s.test()) {
			assertEquals(49, seg.length, "a whole trial less its last sample (delay -1)");
			assertEquals(0, seg[0] % 50);
			for (int v : seg) assertEquals(trials[seg[0]], trials[v]);
		}
		for (int[] seg : s.testSegmentsOriginal()) for (int v : seg) assertEquals(trials[seg[0]], trials[v], "shifted targets stay in the trial");
	}

	@Test
	void peerPredictionCeilingAndNormalisation() {
		// two groups of neurons on a checkerboard share the same latent signal: each half predicts the other
		int N = 40, T = 600;
		java.util.Random rnd = new java.util.Random(5);
		GeneratedNeuralData d = GeneratedNeuralData.lagged(T, 3, 4, N, 0.3, 6);
		float[][] pos = new float[N][2];
		for (int i = 0; i < N; i++) {
			pos[i][0] = (float) (rnd.nextDouble() * 800 - 200);
			pos[i][1] = (float) (i % 2 == 0 ? 50 : 250);
		}
		NeuralResult r = NeuralEncoder.fit(d.inputs().withPositions(pos), LINEAR, Progress.NONE);
		assertTrue(r.ceiling() > 0 && r.ceiling() <= 1, "ceiling " + r.ceiling());
		assertEquals(N, r.ceilingPerNeuron().length);
		assertEquals(r.varexp() / r.ceiling(), r.scores().get(0).normalized(), 1e-12);
		assertTrue(PeerPrediction.firstHalf(-150, 50) == PeerPrediction.firstHalf(250, 50), "Python's modulo for negative x");
		NeuralResult none = NeuralEncoder.fit(d.inputs(), LINEAR, Progress.NONE);
		assertTrue(Double.isNaN(none.ceiling()));
		assertNull(none.ceilingPerNeuron());
		assertTrue(Double.isNaN(none.scores().get(0).normalized()));
	}

	@Test
	void gpuFallsBackToCpuAndDefaultTimesAreStated() {
		GeneratedNeuralData d = GeneratedNeuralData.lagged(400, 3, 3, 4, 0.1, 7);
		List<String> log = new ArrayList<>();
		NeuralResult r = NeuralEncoder.fit(NeuralInputs.of(d.behavior, d.neural),
			NeuralSettings.DEFAULTS.with("epochs", 2).with("device", Device.GPU).with("baselines", false).with("latents", false), Progress.logTo(log::add));
		assertEquals("cpu", r.device());
		assertTrue(log.stream().anyMatch(l -> l.contains("GPU requested but none is available")) || r.device().equals("gpu"));
		assertTrue(r.notices().stream().anyMatch(l -> l.contains("taken to span the same time (1200 frames, 400 neural samples)")), r.notices().toString());
		assertNull(r.latents());
		// without timestamps, equal spans give the same split as the generated times (frame 3j at sample j)
		NeuralResult withTimes = NeuralEncoder.fit(d.inputs(), NeuralSettings.DEFAULTS.with("epochs", 2).with("baselines", false).with("latents", false), Progress.NONE);
		assertEquals(withTimes.targetVarexp(), r.targetVarexp(), 1e-5);
	}

	@Test
	void rrrRankIsChosenOnTrainingDataAndCompatibleModeCopiesFacemap() {
		GeneratedNeuralData d = GeneratedNeuralData.lagged(1000, 3, 8, 12, 0.2, 8, true);
		{
			NeuralResult r = NeuralEncoder.fit(d.inputs(), LINEAR.with("model", Model.RRR), Progress.NONE);
			assertTrue(r.score(Model.RRR).rank() >= 1 && r.score(Model.RRR).rank() <= 8);
			assertEquals(Math.min(8, 11), r.varexpPerRank().length);
			NeuralResult c = NeuralEncoder.fit(d.inputs(), LINEAR.with("model", Model.RRR).with("facemap_compatible", true), Progress.NONE);
			double[] per = c.varexpPerRank();
			int arg = 0;
			for (int k = 1; k < per.length; k++) if (per[k] > per[arg]) arg = k;
			assertEquals(arg, c.score(Model.RRR).rank(), "Facemap's off-by-one: B[:, :argmax]");
			assertEquals(per[arg], c.targetVarexp(), 1e-12, "Facemap reports the best rank's test figure");
			assertEquals(Math.min(8, Math.min(11, 1000)) - 1, per.length, "Facemap's rank limit min(...) - 1");
		}
	}

	static float[][] transpose(float[][] a) {
		float[][] t = new float[a[0].length][a.length];
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
		return t;
	}

	static double[] times(int n, double rate, double offset) {
		double[] t = new double[n];
		for (int i = 0; i < n; i++) t[i] = offset + i / rate;
		return t;
	}
}
