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

/** Behaviour at neural sample times for the linear models (reference 6.6). */
public final class Resampling {

	private Resampling() {}

	/**
	 * Facemap's paper path ({@code resample_frames}): Gaussian smoothing along time with sigma = ceil((frames /
	 * samples) / 4) camera frames (scipy's {@code gaussian_filter1d}: reflect mode, truncated at 4 sigma), then
	 * linear interpolation from camera times to neural times, extrapolating beyond the ends.
	 */
	public static float[][] smoothInterpolate(float[][] x, double[] tcam, double[] tneural) {
		int T = x.length, F = x[0].length, n = tneural.length;
		double sigma = Math.ceil(((double) T / n) / 4.0);
		int radius = (int) (4.0 * sigma + 0.5);
		double[] w = new double[2 * radius + 1];
		double sum = 0;
		for (int k = -radius; k <= radius; k++) sum += w[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
		for (int k = 0; k < w.length; k++) w[k] /= sum;
		float[][] out = new float[n][F];
		double[] a = new double[F], b = new double[F];
		for (int j = 0; j < n; j++) {
			double v = tneural[j];
			int i = lowerIndex(tcam, v);
			double t0 = tcam[i], t1 = tcam[i + 1];
			double f = (v - t0) / (t1 - t0);
			smoothed(x, i, w, radius, a);
			smoothed(x, i + 1, w, radius, b);
			for (int c = 0; c < F; c++) out[j][c] = (float) (a[c] + f * (b[c] - a[c]));
		}
		return out;
	}

	/** The interval [tcam[i], tcam[i+1]] used for v (the first or last one outside the range). */
	static int lowerIndex(double[] t, double v) {
		int lo = 0, hi = t.length - 1; // first index with t[idx] >= v (searchsorted left)
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (t[mid] < v) lo = mid + 1;
			else hi = mid;
		}
		return Math.max(0, Math.min(t.length - 2, lo - 1));
	}

	private static void smoothed(float[][] x, int i, double[] w, int radius, double[] out) {
		int T = x.length, F = out.length;
		java.util.Arrays.fill(out, 0);
		for (int k = -radius; k <= radius; k++) {
			int r = reflect(i + k, T);
			double wk = w[k + radius];
			float[] row = x[r];
			for (int c = 0; c < F; c++) out[c] += wk * row[c];
		}
	}

	/** scipy's 'reflect' boundary (d c b a | a b c d | d c b a). */
	static int reflect(int i, int n) {
		if (n == 1) return 0;
		int p = 2 * n;
		i = ((i % p) + p) % p;
		return i < n ? i : p - 1 - i;
	}

	/**
	 * Facemap's GUI path ({@code resample_data_to_neural_timestamps}): the frame at round(linear interpolation of
	 * the neural time into frame indices); clipped to the recording (Facemap fails outside it).
	 */
	public static float[][] nearestFrame(float[][] x, double[] tcam, double[] tneural) {
		int n = tneural.length;
		float[][] out = new float[n][];
		for (int j = 0; j < n; j++) {
			double v = tneural[j];
			int i = lowerIndex(tcam, v);
			double idx = i + (v - tcam[i]) / (tcam[i + 1] - tcam[i]);
			int r = (int) Math.max(0, Math.min(x.length - 1, Math.rint(idx)));
			out[j] = x[r].clone();
		}
		return out;
	}
}
