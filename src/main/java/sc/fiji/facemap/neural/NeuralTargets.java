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

import sc.fiji.facemap.task.Progress;

/**
 * The regression targets of reference 6.5. Each neuron is z-scored over time (mean removed, divided by its RMS; a
 * constant neuron keeps scale 1). Then either the z-scored neurons themselves (pcs = 0) or the top k = min(pcs,
 * N - 1) principal components: Z ~ U S V' (neurons x time), targets Y = V S = Z' U (time x k); a prediction Yhat
 * maps back to neurons as mean + scale * (Yhat U')' (the true reconstruction U S V').
 * <p>
 * Facemap-compatible mode: sklearn's PCA with neurons as samples (each time point centred across neurons), targets
 * V S, and the display basis of its GUI, Vt = U S (shifted by its double centring), which reconstructs U S^2 V';
 * pcs = 0 gives the raw activity.
 */
final class NeuralTargets {

	/** [samples][k] targets. */
	final float[][] y;
	/** [neurons][k] the reconstruction basis U (orthonormal columns), or null when the targets are the neurons. */
	final float[][] basis;
	/** [neurons][k] the basis used for the predictions written out (U, or U S in compatible mode). */
	final float[][] displayBasis;
	final float[] mean, scale;
	final boolean[] constant;
	final double[] singularValues;
	/** Whether the targets are the activity in input units (Facemap-compatible pcs = 0), not z-scored. */
	final boolean raw;

	private NeuralTargets(float[][] y, float[][] basis, float[][] displayBasis, float[] mean, float[] scale,
		boolean[] constant, double[] singularValues, boolean raw) {
		this.raw = raw;
		this.y = y;
		this.basis = basis;
		this.displayBasis = displayBasis;
		this.mean = mean;
		this.scale = scale;
		this.constant = constant;
		this.singularValues = singularValues;
	}

	int count() {
		return y[0].length;
	}

	/** The z-scored value of neuron i at sample t. */
	float z(float[][] neural, int i, int t) {
		return (neural[i][t] - mean[i]) / scale[i];
	}

	static NeuralTargets build(float[][] neural, int pcs, boolean compat, long seed, Progress progress) {
		int N = neural.length, T = neural[0].length;
		float[] mean = new float[N], scale = new float[N];
		boolean[] constant = new boolean[N];
		for (int i = 0; i < N; i++) {
			float[] r = neural[i];
			double s = 0;
			for (float v : r) s += v;
			double m = s / T, ss = 0;
			for (float v : r) ss += (v - m) * (v - m);
			double rms = Math.sqrt(ss / T);
			mean[i] = (float) m;
			constant[i] = !(rms > 1e-12 * Math.max(1, Math.abs(m)));
			scale[i] = constant[i] ? 1f : (float) rms;
		}
		int k = Math.min(pcs, N - 1);
		if (pcs == 0 || k < 1) {
			float[][] y = new float[T][N];
			for (int i = 0; i < N; i++) {
				float[] r = neural[i];
				for (int t = 0; t < T; t++) y[t][i] = compat ? r[t] : (r[t] - mean[i]) / scale[i];
			}
			return new NeuralTargets(y, null, null, mean, scale, constant, null, compat);
		}
		// time-point means across neurons (sklearn centring of the compatible mode)
		float[] colMean = new float[T];
		if (compat) {
			double[] acc = new double[T];
			for (int i = 0; i < N; i++) {
				float[] r = neural[i];
				for (int t = 0; t < T; t++) acc[t] += (r[t] - mean[i]) / scale[i];
			}
			for (int t = 0; t < T; t++) colMean[t] = (float) (acc[t] / N);
		}
		LowRank.Rows rows = LowRank.Rows.of(N, T, (i, out) -> {
			float[] r = neural[i];
			float m = mean[i], s = scale[i];
			for (int t = 0; t < T; t++) out[t] = (r[t] - m) / s - colMean[t];
		});

		LowRank.Svd svd = LowRank.top(rows, k, 3, seed, progress);
		k = svd.s().length;
		float[][] y = new float[T][k];
		for (int t = 0; t < T; t++)
			for (int j = 0; j < k; j++) y[t][j] = (float) (svd.v()[t][j] * svd.s()[j]);
		float[][] display = svd.u();
		if (compat) {
			// Facemap's Vt = PCA(copy=False).fit(data).transform(data): fit centres data in place, so transform
			// subtracts the time-point means a second time: Vt = U S - 1 (mean' V)
			double[] shift = new double[k];
			for (int t = 0; t < T; t++)
				for (int j = 0; j < k; j++) shift[j] += colMean[t] * svd.v()[t][j];
			display = new float[N][k];
			for (int i = 0; i < N; i++)
				for (int j = 0; j < k; j++) display[i][j] = (float) (svd.u()[i][j] * svd.s()[j] - shift[j]);
		}
		return new NeuralTargets(y, svd.u(), display, mean, scale, constant, svd.s(), false);
	}
}
