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

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.task.Progress;

/**
 * Top singular vectors of a large N x T matrix given as row blocks (never held whole on libtorch), by randomised
 * range finding with power iterations (Halko, Martinsson and Tropp 2011). Every product with the matrix is a
 * libtorch matmul on one block; orthonormalisation is Cholesky-QR twice through the small l x l Gram matrix.
 * When l reaches min(N, T) the range is captured whole and the result is the exact truncated SVD.
 */
final class LowRank {

	/** Supplies rows [from, to) of the matrix as float32 (to - from) x T arrays on {@code mg}. */
	interface Rows {
		int rows();

		int cols();

		NDArray block(NDManager mg, int from, int to);

		/** Row i (0 &lt;= i &lt; rows) written into {@code out} (length cols). */
		@FunctionalInterface
		interface RowFiller {
			void fill(int i, float[] out);
		}

		/** A rows x cols matrix whose rows {@code filler} computes on demand, one block at a time. */
		static Rows of(int rows, int cols, RowFiller filler) {
			return new Rows() {
				@Override
				public int rows() {
					return rows;
				}

				@Override
				public int cols() {
					return cols;
				}

				@Override
				public NDArray block(NDManager mg, int from, int to) {
					float[] f = new float[(to - from) * cols], row = new float[cols];
					for (int i = from; i < to; i++) {
						filler.fill(i, row);
						System.arraycopy(row, 0, f, (i - from) * cols, cols);
					}
					return mg.create(f, new Shape(to - from, cols));
				}
			};
		}
	}

	/** U [N][k], S [k], V [T][k] with A ~ U diag(S) V'. */
	record Svd(float[][] u, double[] s, float[][] v) {}

	private LowRank() {}

	static int blockRows(int cols) {
		return (int) Math.max(1, Math.min(1 << 20, 16_000_000L / Math.max(1, cols)));
	}

	/** A Z, Z (T x l) given: returns N x l. */
	private static NDArray times(NDManager mg, Rows a, NDArray z) {
		int n = a.rows(), b = blockRows(a.cols());
		NDArray out = mg.zeros(new Shape(n, z.getShape().get(1)), DataType.FLOAT32);
		for (int from = 0; from < n; from += b) {
			int to = Math.min(n, from + b);
			try (NDManager sm = mg.newSubManager()) {
				NDArray blk = a.block(sm, from, to);
				out.set(new ai.djl.ndarray.index.NDIndex(from + ":" + to), blk.matMul(z));
			}
		}
		return out;
	}

	/** A' W, W (N x l) given: returns T x l. */
	private static NDArray transposeTimes(NDManager mg, Rows a, NDArray w) {
		int n = a.rows(), b = blockRows(a.cols());
		NDArray out = mg.zeros(new Shape(a.cols(), w.getShape().get(1)), DataType.FLOAT32);
		for (int from = 0; from < n; from += b) {
			int to = Math.min(n, from + b);
			try (NDManager sm = mg.newSubManager()) {
				NDArray blk = a.block(sm, from, to);
				NDArray part = blk.transpose().matMul(w.get(from + ":" + to));
				out.addi(part);
			}
		}
		return out;
	}

	/** Orthonormal columns spanning y (n x l): Cholesky-QR twice via the eigen-decomposition of y'y. */
	static NDArray orth(NDManager mg, NDArray y) {
		for (int pass = 0; pass < 2; pass++) {
			int l = (int) y.getShape().get(1);
			NDArray yd = y.toType(DataType.FLOAT64, false);
			double[] g = yd.transpose().matMul(yd).toDoubleArray();
			SmallEig e = SmallEig.of(g, l);
			double max = Math.max(e.values[0], 1e-300);
			double[] w = new double[l * l];
			for (int i = 0; i < l; i++)
				for (int k = 0; k < l; k++) {
					double lam = e.values[k];
					w[i * l + k] = lam > max * 1e-12 ? e.vectors[i][k] / Math.sqrt(lam) : 0;
				}
			y = yd.matMul(mg.create(w, new Shape(l, l))).toType(DataType.FLOAT32, false);
		}
		return y;
	}

	/**
	 * The top {@code k} singular triplets of {@code a}.
	 *
	 * @param powerIterations 2-3 is plenty for data with decaying spectra
	 */
	static Svd top(Rows a, int k, int powerIterations, long seed, Progress progress) {
		int n = a.rows(), t = a.cols();
		int m = Math.min(n, t);
		k = Math.min(k, m);
		int l = Math.min(m, k + Math.max(10, k / 5));
		try (NDManager mg = NDManager.newBaseManager()) {
			Random rnd = new Random(seed);
			float[] om = new float[t * l];
			for (int i = 0; i < om.length; i++) om[i] = (float) rnd.nextGaussian();
			NDArray omega = mg.create(om, new Shape(t, l));
			int passes = 2 + 2 * powerIterations, done = 0;
			progress.update(done, passes, "Neural PCs");
			NDArray q = orth(mg, times(mg, a, omega));
			progress.update(++done, passes, "Neural PCs");
			for (int it = 0; it < powerIterations; it++) {
				progress.checkCanceled();
				NDArray w = orth(mg, transposeTimes(mg, a, q));
				progress.update(++done, passes, "Neural PCs");
				q = orth(mg, times(mg, a, w));
				progress.update(++done, passes, "Neural PCs");
			}
			NDArray bt = transposeTimes(mg, a, q); // B' = A' Q, T x l
			progress.update(++done, passes, "Neural PCs");
			NDArray btd = bt.toType(DataType.FLOAT64, false);
			int lq = (int) q.getShape().get(1);
			SmallEig e = SmallEig.of(btd.transpose().matMul(btd).toDoubleArray(), lq); // B B' = Ub S^2 Ub'
			int kk = Math.min(k, lq);
			double[] s = new double[kk];
			double[] ub = e.columns(kk);
			double[] inv = new double[lq * kk];
			for (int j = 0; j < kk; j++) s[j] = Math.sqrt(Math.max(0, e.values[j]));
			for (int i = 0; i < lq; i++)
				for (int j = 0; j < kk; j++) inv[i * kk + j] = s[j] > 0 ? ub[i * kk + j] / s[j] : 0;
			NDArray ubArr = mg.create(ub, new Shape(lq, kk));
			NDArray u = q.toType(DataType.FLOAT64, false).matMul(ubArr).toType(DataType.FLOAT32, false);
			NDArray v = btd.matMul(mg.create(inv, new Shape(lq, kk))).toType(DataType.FLOAT32, false);
			return new Svd(Projection.toMatrix(u), s, Projection.toMatrix(v));
		}
	}
}
