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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.neural.NeuralSettings.Model;

/**
 * Hand-made {@link NeuralResult}s for testing the writers and views without training: the prediction of each neuron
 * is its activity plus seeded noise, on the interleaved split of 6.4.
 */
public final class FakeResults {

	private FakeResults() {}

	/** Inputs: T frames of f random features, n neurons of T samples driven by them; seeded. */
	public static NeuralInputs inputs(int T, int f, int n, long seed) {
		Random r = new Random(seed);
		float[][] b = new float[T][f];
		for (int t = 0; t < T; t++)
			for (int j = 0; j < f; j++) b[t][j] = (float) (Math.sin(0.05 * t * (j + 1)) + 0.1 * r.nextGaussian());
		float[][] y = new float[n][T];
		for (int i = 0; i < n; i++)
			for (int t = 0; t < T; t++) y[i][t] = (float) (b[t][i % f] * (1 + 0.2 * i) + 0.3 * r.nextGaussian());
		return NeuralInputs.of(b, y);
	}

	/** A result for {@code in}: predictions = activity + noise of sd {@code noise}; a network state dict when asked. */
	public static NeuralResult result(NeuralInputs in, Model model, double noise, boolean network, long seed) {
		int N = in.neurons(), T = in.samples();
		Random r = new Random(seed);
		NeuralSplit split = NeuralSplits.interleaved(T, -1, false);
		float[] mean = new float[N], scale = new float[N];
		java.util.Arrays.fill(scale, 1f);
		float[][] targets = new float[T][N];
		for (int t = 0; t < T; t++)
			for (int i = 0; i < N; i++) targets[t][i] = (float) (in.neural()[i][Math.min(T - 1, t + 1)] + noise * r.nextGaussian());
		int[] test = split.testIndicesOriginal();
		float[][] testPred = new float[N][test.length];
		float[] perNeuron = new float[N];
		for (int i = 0; i < N; i++) {
			double ss = 0, sr = 0, m = 0;
			for (int k = 0; k < test.length; k++) m += in.neural()[i][test[k]] / test.length;
			for (int k = 0; k < test.length; k++) {
				testPred[i][k] = targets[test[k] - 1][i];
				double y = in.neural()[i][test[k]];
				ss += (y - m) * (y - m);
				sr += (y - testPred[i][k]) * (y - testPred[i][k]);
			}
			perNeuron[i] = (float) (1 - sr / ss);
		}
		double mean1 = 0;
		for (float v : perNeuron) mean1 += v / N;
		List<ModelScore> scores = new ArrayList<>();
		scores.add(new ModelScore(model, mean1, mean1, mean1, Double.NaN, model == Model.RRR ? 3 : 0, model == Model.NETWORK ? Double.NaN : 1.0));
		for (Model m : Model.values())
			if (m != model) scores.add(new ModelScore(m, mean1 - 0.1, mean1 - 0.1, mean1 - 0.1, Double.NaN, m == Model.RRR ? 3 : 0, m == Model.NETWORK ? Double.NaN : 1.0));
		double[] perRank = new double[] { 0.2, 0.3, mean1 };
		Map<String, Tensor> sd = null;
		float[][] latents = null;
		List<EpochRecord> history = new ArrayList<>();
		int best = -1;
		if (network) {
			try (NDManager mg = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.random(mg, ai.djl.Device.cpu(), in.features(), N, seed)) {
				sd = net.toStateDict();
			}
			latents = new float[in.frames()][KeypointsNetwork.N_LATENTS];
			for (float[] l : latents)
				for (int k = 0; k < l.length; k++) l[k] = r.nextFloat();
			for (int e = 0; e < 40; e++) history.add(new EpochRecord(e, 1.0 / (e + 1), e % 20 == 19 ? mean1 * e / 40 : Double.NaN, 1e-3, 0.01));
			best = 39;
		}
		return new NeuralResult(NeuralSettings.DEFAULTS.with("model", model), model, scores, perNeuron, perRank, split, testPred, targets, null, mean, scale,
			latents, sd, history, best, Double.NaN, null, null, false, network ? "cpu" : null, List.of());
	}
}
