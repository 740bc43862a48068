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

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import sc.fiji.facemap.task.Progress;

/**
 * The explainable-variance ceiling (Facemap's {@code peer_prediction}, reference 6.6): neurons split into two halves
 * by a checkerboard on position, xor((x mod 400) &lt; 200, (y mod 400) &lt; 200); each half's activity predicted from the
 * other half's top 128 PCs by reduced-rank regression (rank 128, lambda 0.1) fitted on the training segments.
 * Here the figure is pooled over the z-scored neurons of both halves on the test segments (Facemap averages the two
 * directions' uncentred PC figures), so that it is comparable with {@link ModelScore#varexp()}.
 */
public final class PeerPrediction {

	public static final double TILE = 400, LAMBDA = 0.1;
	public static final int COMPONENTS = 128;

	private PeerPrediction() {}

	public record Result(double varexp, float[] perNeuron) {}

	/** Which half a neuron at (x, y) is in (Python's modulo, positive for negative positions). */
	public static boolean firstHalf(double x, double y) {
		double mx = ((x % TILE) + TILE) % TILE, my = ((y % TILE) + TILE) % TILE;
		return (mx < TILE / 2) ^ (my < TILE / 2);
	}

	/** The ceiling, or null when a half has fewer than 2 neurons. */
	static Result compute(float[][] neural, NeuralTargets t, float[][] pos, NeuralSplit split, Progress p) {
		int N = neural.length, T = neural[0].length;
		boolean[] first = new boolean[N];
		int n1 = 0;
		for (int i = 0; i < N; i++) if (first[i] = firstHalf(pos[i][0], pos[i][1])) n1++;
		if (n1 < 2 || N - n1 < 2) return null;
		int[][] idx = { new int[n1], new int[N - n1] };
		for (int i = 0, a = 0, b = 0; i < N; i++) if (first[i]) idx[0][a++] = i; else idx[1][b++] = i;
		LowRank.Svd[] svd = new LowRank.Svd[2];
		for (int h = 0; h < 2; h++) {
			final int[] rows = idx[h];
			LowRank.Rows r = LowRank.Rows.of(rows.length, T, (i, out) -> {
				for (int s = 0; s < T; s++) out[s] = t.z(neural, rows[i], s);
			});

			svd[h] = LowRank.top(r, Math.min(COMPONENTS, rows.length - 1), 3, 17 + h, Progress.NONE);
		}
		int[] tr = split.trainIndices(), te = split.testIndices();
		float[] per = new float[N];
		double res = 0, tot = 0;
		try (NDManager mg = NDManager.newBaseManager()) {
			for (int h = 0; h < 2; h++) {
				p.checkCanceled();
				float[][] vy = pcs(svd[h]), vx = pcs(svd[1 - h]);
				float[][] xtr = rows(vx, tr), ytr = rows(vy, tr), xte = rows(vx, te);
				NDArray[] ab = LinearModels.rrr(Projection.create(mg, xtr), Projection.create(mg, ytr), COMPONENTS, LAMBDA, false);
				NDArray yhat = Projection.create(mg, xte).toType(DataType.FLOAT64, false).matMul(ab[1]).matMul(ab[0].transpose());
				NDArray zhat = yhat.toType(DataType.FLOAT32, false).matMul(Projection.create(mg, svd[h].u()).transpose()); // test x neurons
				float[][] zh = Projection.toMatrix(zhat);
				int[] nr = idx[h];
				float[][] z = new float[te.length][nr.length];
				for (int j = 0; j < te.length; j++) for (int i = 0; i < nr.length; i++) z[j][i] = t.z(neural, nr[i], te[j]);
				float[] pc = Varexp.perColumn(z, zh, true);
				double[] mean = new double[nr.length];
				for (float[] row : z) for (int i = 0; i < nr.length; i++) mean[i] += row[i] / te.length;
				for (int j = 0; j < te.length; j++)
					for (int i = 0; i < nr.length; i++) {
						if (t.constant[nr[i]]) continue;
						double d = z[j][i] - zh[j][i], e = z[j][i] - mean[i];
						res += d * d;
						tot += e * e;
					}
				for (int i = 0; i < nr.length; i++) per[nr[i]] = t.constant[nr[i]] ? 0 : pc[i];
			}
		}
		double ve = tot > 0 ? 1 - res / tot : 0;
		p.log(String.format(java.util.Locale.ROOT, "Peer-prediction ceiling (explainable variance): %.4f (%d and %d neurons)", ve, n1, N - n1));
		return new Result(ve, per);
	}

	private static float[][] pcs(LowRank.Svd s) {
		int T = s.v().length, k = s.s().length;
		float[][] y = new float[T][k];
		for (int t = 0; t < T; t++) for (int j = 0; j < k; j++) y[t][j] = (float) (s.v()[t][j] * s.s()[j]);
		return y;
	}

	private static float[][] rows(float[][] a, int[] idx) {
		float[][] r = new float[idx.length][];
		for (int j = 0; j < idx.length; j++) r[j] = a[idx[j]];
		return r;
	}
}
