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

/**
 * Variance explained (reference 6.2, 6.6). All take [samples][columns] arrays of equal shape.
 */
public final class Varexp {

	private Varexp() {}

	/** 1 - sum (y - yhat)^2 / sum (y - column mean)^2 over every entry: Facemap's network figure (centred). */
	public static double pooled(float[][] y, float[][] yhat) {
		return pooled(y, yhat, true, null);
	}

	/**
	 * Pooled variance explained; {@code centred} false gives Facemap's linear-model figure, 1 - mean residual / mean
	 * y^2 (it assumes y has zero mean). Columns with {@code skip[j]} true are left out.
	 */
	public static double pooled(float[][] y, float[][] yhat, boolean centred, boolean[] skip) {
		int n = y.length, c = y[0].length;
		double[] mean = new double[c];
		if (centred) {
			for (float[] r : y) for (int j = 0; j < c; j++) mean[j] += r[j];
			for (int j = 0; j < c; j++) mean[j] /= n;
		}
		double res = 0, tot = 0;
		for (int t = 0; t < n; t++) {
			float[] a = y[t], b = yhat[t];
			for (int j = 0; j < c; j++) {
				if (skip != null && skip[j]) continue;
				double d = a[j] - b[j], e = a[j] - mean[j];
				res += d * d;
				tot += e * e;
			}
		}
		return tot > 0 ? 1 - res / tot : 0;
	}

	/** Facemap's {@code compute_varexp}: 1 - mean (y - yhat)^2 / var(y) per column (0 for a constant column). */
	public static float[] perColumn(float[][] y, float[][] yhat) {
		return perColumn(y, yhat, true);
	}

	/** Per-column variance explained, centred (compute_varexp) or uncentred (rrr_prediction's varexpf). */
	public static float[] perColumn(float[][] y, float[][] yhat, boolean centred) {
		int n = y.length, c = y[0].length;
		double[] mean = new double[c], res = new double[c], tot = new double[c];
		if (centred) {
			for (float[] r : y) for (int j = 0; j < c; j++) mean[j] += r[j];
			for (int j = 0; j < c; j++) mean[j] /= n;
		}
		for (int t = 0; t < n; t++)
			for (int j = 0; j < c; j++) {
				double d = y[t][j] - yhat[t][j], e = y[t][j] - mean[j];
				res[j] += d * d;
				tot[j] += e * e;
			}
		float[] r = new float[c];
		for (int j = 0; j < c; j++) r[j] = tot[j] > 1e-30 ? (float) (1 - res[j] / tot[j]) : 0f;
		return r;
	}
}
