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

import java.util.SplittableRandom;

/**
 * Generated data where behaviour drives neurons nonlinearly and with lags: behaviour is an AR(1) process per
 * feature (camera rate), neuron i fires max(w_i . x(t - lag_i), 0) with a lag of 10-70 frames, plus noise, sampled at the neural rate.
 */
final class GeneratedNeuralData {

	final float[][] behavior; // [frames][features]
	final float[][] neural; // [neurons][samples]
	final double[] tcam, tneural;

	private GeneratedNeuralData(float[][] b, float[][] n, double[] tc, double[] tn) {
		behavior = b;
		neural = n;
		tcam = tc;
		tneural = tn;
	}

	/**
	 * @param samples neural samples
	 * @param ratio camera frames per neural sample
	 */
	static GeneratedNeuralData lagged(int samples, int ratio, int features, int neurons, double noise, long seed) {
		return lagged(samples, ratio, features, neurons, noise, seed, false);
	}

	/** As {@link #lagged(int, int, int, int, double, long)}; {@code linear}: w . x(t - lag) without rectification. */
	static GeneratedNeuralData lagged(int samples, int ratio, int features, int neurons, double noise, long seed, boolean linear) {
		SplittableRandom r = new SplittableRandom(seed);
		int frames = samples * ratio;
		float[][] x = new float[frames][features];
		double a = 0.97, e = Math.sqrt(1 - a * a);
		double[] state = new double[features];
		for (int t = 0; t < frames; t++)
			for (int j = 0; j < features; j++) {
				state[j] = a * state[j] + e * gauss(r);
				x[t][j] = (float) state[j];
			}
		float[][] y = new float[neurons][samples];
		for (int i = 0; i < neurons; i++) {
			double[] w = new double[features];
			double nw = 0;
			for (int j = 0; j < features; j++) nw += (w[j] = gauss(r)) * w[j];
			nw = Math.sqrt(nw);
			int lag = 10 + (int) (r.nextDouble() * 60); // frames
			for (int s = 0; s < samples; s++) {
				int t = Math.max(0, s * ratio - lag);
				double u = 0;
				for (int j = 0; j < features; j++) u += w[j] / nw * x[t][j];
				y[i][s] = (float) ((linear ? u : Math.max(u, 0)) + noise * gauss(r));
			}
		}
		double[] tc = new double[frames], tn = new double[samples];
		for (int t = 0; t < frames; t++) tc[t] = t / 30.0;
		for (int s = 0; s < samples; s++) tn[s] = s * ratio / 30.0;
		return new GeneratedNeuralData(x, y, tc, tn);
	}

	static double gauss(SplittableRandom r) {
		double u = r.nextDouble(), v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
	}

	NeuralInputs inputs() {
		return new NeuralInputs(behavior, tcam, neural, tneural, null, null, null);
	}
}
