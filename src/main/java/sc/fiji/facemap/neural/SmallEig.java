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

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import sc.fiji.facemap.FacemapException;

/**
 * Eigen-decomposition of small symmetric matrices (features x features, ranks x ranks: at most a few hundred rows)
 * with EJML. Every large product is done on libtorch by the callers; only these small problems run in Java.
 */
final class SmallEig {

	/** Eigenvalues in descending order. */
	final double[] values;
	/** Eigenvectors as columns, [n][n] row-major: vectors[i][k] is component i of eigenvector k. */
	final double[][] vectors;

	private SmallEig(double[] values, double[][] vectors) {
		this.values = values;
		this.vectors = vectors;
	}

	/** Decomposes the symmetric n x n matrix {@code a} (row-major, symmetrised first). */
	static SmallEig of(double[] a, int n) {
		DMatrixRMaj m = new DMatrixRMaj(n, n);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) m.set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]));
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
		if (!eig.decompose(m)) throw new FacemapException("eigen-decomposition of a " + n + " x " + n + " matrix failed");
		Integer[] order = new Integer[n];
		double[] vals = new double[n];
		for (int k = 0; k < n; k++) {
			order[k] = k;
			vals[k] = eig.getEigenvalue(k).getReal();
		}
		java.util.Arrays.sort(order, (x, y) -> Double.compare(vals[y], vals[x]));
		double[] values = new double[n];
		double[][] vectors = new double[n][n];
		for (int k = 0; k < n; k++) {
			values[k] = vals[order[k]];
			DMatrixRMaj v = eig.getEigenVector(order[k]);
			for (int i = 0; i < n; i++) vectors[i][k] = v.get(i, 0);
		}
		return new SmallEig(values, vectors);
	}

	/** The first {@code k} eigenvectors as an n x k row-major array. */
	double[] columns(int k) {
		int n = vectors.length;
		double[] r = new double[n * k];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < k; j++) r[i * k + j] = vectors[i][j];
		return r;
	}
}
