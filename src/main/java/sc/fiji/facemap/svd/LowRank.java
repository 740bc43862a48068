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
package sc.fiji.facemap.svd;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Truncated SVD of a tall data matrix through its Gram matrix: the large products (pixels x frames) run in libtorch
 * through DJL {@code NDArray.matMul}; only the small symmetric eigenproblem (at most frames x frames, or
 * components x components in the merge) is solved on the Java side, with EJML, in float64.
 */
final class LowRank {

	private LowRank() {}

	/** U (pixels x k, columns of unit norm) and the singular values s (k, descending), native arrays. */
	record Svd(NDArray u, float[] s) implements AutoCloseable {
		int k() {
			return s.length;
		}

		@Override
		public void close() {
			u.close();
		}
	}

	/**
	 * SVD of X = xt^T, where {@code xt} is (frames x pixels) (each row one frame). Keeps the k largest components
	 * (fewer when the rank is smaller). Signs: the largest-magnitude entry of each U column is positive.
	 *
	 * @param centerPixels subtract each frame's mean over pixels first (what scikit-learn's PCA does to Facemap's
	 *        matrices); the compatible mode only
	 */
	static Svd svd(NDManager m, NDArray xt, int k, boolean centerPixels) {
		try (NDManager sub = m.newSubManager()) {
			NDArray x = xt;
			if (centerPixels) {
				x = xt.sub(xt.mean(new int[] { 1 }, true));
				x.attach(sub);
			}
			long t = x.getShape().get(0), p = x.getShape().get(1);
			if (t <= p) {
				NDArray g = x.matMul(x.transpose());
				g.attach(sub);
				Eig e = eig(g.toType(DataType.FLOAT64, false).toDoubleArray(), (int) t, k);
				NDArray w = sub.create(e.vectorsFloat(), new Shape(t, e.k));
				NDArray u = x.transpose().matMul(w); // p x k
				float[] s = e.singularValues();
				float[] inv = new float[s.length];
				for (int i = 0; i < s.length; i++) inv[i] = s[i] > 0 ? 1f / s[i] : 0f;
				NDArray un = u.mul(sub.create(inv));
				u.close();
				un = flipSigns(un);
				un.attach(m);
				return new Svd(un, s);
			}
			NDArray g = x.transpose().matMul(x); // p x p
			g.attach(sub);
			Eig e = eig(g.toType(DataType.FLOAT64, false).toDoubleArray(), (int) p, k);
			NDArray u = m.create(e.vectorsFloat(), new Shape(p, e.k));
			NDArray un = flipSigns(u);
			if (un != u) u.close();
			return new Svd(un, e.singularValues());
		}
	}

	/** Makes the largest-magnitude entry of each column positive. */
	private static NDArray flipSigns(NDArray u) {
		float[] a = u.toFloatArray();
		long rows = u.getShape().get(0);
		int cols = (int) u.getShape().get(1);
		float[] sign = new float[cols];
		float[] best = new float[cols];
		for (long r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++) {
				float v = a[(int) (r * cols + c)];
				if (Math.abs(v) > best[c]) {
					best[c] = Math.abs(v);
					sign[c] = Math.signum(v);
				}
			}
		boolean any = false;
		for (int c = 0; c < cols; c++) {
			if (sign[c] == 0) sign[c] = 1;
			if (sign[c] < 0) any = true;
		}
		if (!any) return u;
		NDArray out = u.mul(u.getManager().create(sign));
		return out;
	}

	private record Eig(int n, int k, double[] vectors, double[] values) {
		/** n x k, row-major. */
		float[] vectorsFloat() {
			float[] f = new float[vectors.length];
			for (int i = 0; i < f.length; i++) f[i] = (float) vectors[i];
			return f;
		}

		float[] singularValues() {
			float[] s = new float[k];
			for (int i = 0; i < k; i++) s[i] = (float) Math.sqrt(Math.max(0, values[i]));
			return s;
		}
	}

	/** The k largest eigenpairs of a symmetric n x n matrix (row-major), descending; drops zero eigenvalues. */
	private static Eig eig(double[] g, int n, int k) {
		// symmetrize (float32 products are not exactly symmetric)
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				double v = 0.5 * (g[i * n + j] + g[j * n + i]);
				g[i * n + j] = v;
				g[j * n + i] = v;
			}
		DMatrixRMaj a = DMatrixRMaj.wrap(n, n, g);
		EigenDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.eig(n, true, true);
		if (!dec.decompose(a)) throw new IllegalStateException("eigendecomposition failed (" + n + " x " + n + ")");
		Integer[] order = new Integer[n];
		double[] val = new double[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
			val[i] = dec.getEigenvalue(i).getReal();
		}
		java.util.Arrays.sort(order, (p, q) -> Double.compare(val[q], val[p]));
		double top = Math.max(val[order[0]], 0);
		int kk = 0;
		while (kk < Math.min(k, n) && val[order[kk]] > top * 1e-12 && val[order[kk]] > 0) kk++;
		if (kk == 0) kk = 1;
		double[] vec = new double[n * kk];
		double[] vals = new double[kk];
		for (int j = 0; j < kk; j++) {
			vals[j] = val[order[j]];
			DMatrixRMaj v = dec.getEigenVector(order[j]);
			for (int i = 0; i < n; i++) vec[i * kk + j] = v.get(i);
		}
		return new Eig(n, kk, vec, vals);
	}
}
