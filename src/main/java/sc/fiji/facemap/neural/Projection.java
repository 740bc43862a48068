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
import ai.djl.ndarray.types.Shape;

/** Dense float matrices (row-major float[][]) to and from DJL arrays, and the projection of targets to neurons. */
final class Projection {

	private Projection() {}

	static float[] flatten(float[][] m, int from, int to) {
		int c = m.length == 0 ? 0 : m[from].length;
		float[] f = new float[(to - from) * c];
		for (int i = from; i < to; i++) System.arraycopy(m[i], 0, f, (i - from) * c, c);
		return f;
	}

	static NDArray create(NDManager mg, float[][] m) {
		return create(mg, m, 0, m.length);
	}

	/** Rows from..to of {@code m} as a (to - from) x cols float32 array. */
	static NDArray create(NDManager mg, float[][] m, int from, int to) {
		int c = m[from].length;
		return mg.create(flatten(m, from, to), new Shape(to - from, c));
	}

	static float[][] toMatrix(NDArray a) {
		long[] s = a.getShape().getShape();
		int r = (int) s[0], c = s.length > 1 ? (int) s[1] : 1;
		float[] f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
		float[][] m = new float[r][c];
		for (int i = 0; i < r; i++) System.arraycopy(f, i * c, m[i], 0, c);
		return m;
	}

	/**
	 * [neurons][samples] = mean + scale * (basis . Y^T), or mean + scale * Y^T when basis is null. Y is
	 * [samples][targets]; the product runs on libtorch in blocks of neurons.
	 */
	static float[][] project(float[][] y, float[][] basis, float[] mean, float[] scale) {
		int T = y.length, N = mean.length;
		float[][] out = new float[N][];
		if (basis == null) {
			for (int i = 0; i < N; i++) {
				float[] r = new float[T];
				for (int t = 0; t < T; t++) r[t] = mean[i] + scale[i] * y[t][i];
				out[i] = r;
			}
			return out;
		}
		int block = Math.max(1, (int) Math.min(N, 20_000_000L / Math.max(1, T)));
		try (NDManager mg = NDManager.newBaseManager()) {
			NDArray yt = create(mg, y).transpose();
			for (int from = 0; from < N; from += block) {
				int to = Math.min(N, from + block);
				try (NDManager sm = mg.newSubManager()) {
					NDArray b = create(sm, basis, from, to);
					float[] p = b.matMul(yt).toFloatArray();
					for (int i = from; i < to; i++) {
						float[] r = new float[T];
						int off = (i - from) * T;
						float m = mean[i], s = scale[i];
						for (int t = 0; t < T; t++) r[t] = m + s * p[off + t];
						out[i] = r;
					}
				}
			}
		}
		return out;
	}
}
