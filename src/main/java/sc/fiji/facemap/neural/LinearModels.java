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
import ai.djl.ndarray.types.Shape;

/**
 * Ridge and reduced-rank regression (reference 6.6) on libtorch (float64 products through DJL); only the
 * features x features eigen-problems run in Java ({@link SmallEig}). Inputs are expected centred (the callers
 * centre on the training rows).
 */
public final class LinearModels {

	private LinearModels() {}

	/** Facemap's {@code ridge_regression}: A = ((X'X + lambda I) / n)^-1 (X'Y / n), features x targets. */
	public static NDArray ridge(NDArray x, NDArray y, double lambda) {
		NDManager mg = x.getManager();
		NDArray xd = x.toType(DataType.FLOAT64, false), yd = y.toType(DataType.FLOAT64, false);
		long n = x.getShape().get(0);
		int f = (int) x.getShape().get(1);
		double[] cxx = xd.transpose().matMul(xd).div(n).toDoubleArray();
		for (int i = 0; i < f; i++) cxx[i * f + i] += lambda / n;
		NDArray inv = mg.create(inverseSqrtOrInverse(cxx, f, f, 0, -1.0), new Shape(f, f));
		return inv.matMul(xd.transpose().matMul(yd).div(n));
	}

	/** The highest rank: min(targets, features) here; Facemap's min(targets, samples, features) - 1 when compatible. */
	public static int maxRank(int targets, int samples, int features, boolean compat) {
		return compat ? Math.min(targets, Math.min(samples, features)) - 1 : Math.min(targets, Math.min(samples, features));
	}

	/**
	 * Reduced-rank regression (Facemap's {@code reduced_rank_regression}): CXX = (X'X + lambda I)/n, CYX = Y'X/n,
	 * M = CYX CXX^-1/2, c = the top right singular vectors of M, A = M c (targets x rank), B = CXX^-1/2 c (features x
	 * rank); the prediction of rank r is X B[:, :r] A[:, :r]'. Here CXX^-1/2 uses every eigen-direction and the
	 * eigenvalues of CXX as they are; compatible mode copies Facemap: only the top {@code rank} directions of CXX
	 * (its svd_lowrank with q = rank) and eigenvalues s + lambda (lambda counted twice).
	 *
	 * @return {A, B} as float64 arrays on x's manager
	 */
	public static NDArray[] rrr(NDArray x, NDArray y, int rank, double lambda, boolean compat) {
		NDManager mg = x.getManager();
		NDArray xd = x.toType(DataType.FLOAT64, false), yd = y.toType(DataType.FLOAT64, false);
		long n = x.getShape().get(0);
		int f = (int) x.getShape().get(1), k = (int) y.getShape().get(1);
		int r = Math.max(1, Math.min(rank, maxRank(k, (int) n, f, compat)));
		double[] cxx = xd.transpose().matMul(xd).div(n).toDoubleArray();
		for (int i = 0; i < f; i++) cxx[i * f + i] += lambda / n;
		double[] mh = compat ? inverseSqrtOrInverse(cxx, f, r, lambda, -0.5) : inverseSqrtOrInverse(cxx, f, f, 0, -0.5);
		NDArray cxxmh = mg.create(mh, new Shape(f, f));
		NDArray m = yd.transpose().matMul(xd).div(n).matMul(cxxmh); // k x f
		SmallEig e = SmallEig.of(m.transpose().matMul(m).toDoubleArray(), f);
		NDArray c = mg.create(e.columns(r), new Shape(f, r));
		return new NDArray[] { m.matMul(c), cxxmh.matMul(c) };
	}

	/**
	 * V diag((s + add)^power) V' over the top {@code keep} eigen-directions of the symmetric f x f matrix; directions
	 * with s + add &lt;= 1e-12 s_max are left out (a pseudo-inverse).
	 */
	static double[] inverseSqrtOrInverse(double[] a, int f, int keep, double add, double power) {
		SmallEig e = SmallEig.of(a, f);
		double top = e.values[0] + add;
		double[] out = new double[f * f];
		for (int k = 0; k < keep; k++) {
			double s = e.values[k] + add;
			if (!(s > 1e-12 * Math.max(top, 1e-300))) continue;
			double w = Math.pow(s, power);
			for (int i = 0; i < f; i++) {
				double vi = e.vectors[i][k] * w;
				for (int j = 0; j < f; j++) out[i * f + j] += vi * e.vectors[j][k];
			}
		}
		return out;
	}

	/** Test predictions for every rank 1..R: [R][n][k] as float, from P = X B (n x R) and A (k x R). */
	static float[][][] perRankPredictions(NDArray xTest, NDArray a, NDArray b) {
		NDArray p = xTest.toType(DataType.FLOAT64, false).matMul(b);
		int R = (int) b.getShape().get(1);
		float[][][] out = new float[R][][];
		for (int r = 1; r <= R; r++) {
			NDArray pr = p.get(":, 0:" + r).matMul(a.get(":, 0:" + r).transpose());
			out[r - 1] = Projection.toMatrix(pr);
		}
		return out;
	}
}
