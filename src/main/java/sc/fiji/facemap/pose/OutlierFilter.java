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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.Keypoints;
import java.util.Arrays;

/**
 * Facemap's outlier filter for keypoint traces ({@code utils.filter_outliers}, reference 1.6), per keypoint:
 * <ol>
 * <li>frames whose x or y jumps by more than {@code maxDiff} px from the previous frame become NaN;</li>
 * <li>frames further than {@code maxSpike} px from a running nanmedian baseline (window {@code baselineWindow})
 * become NaN;</li>
 * <li>all NaN frames, and frames where the nanmedian-filtered trace (window {@code filterWindow}) is NaN, are
 * replaced by linear interpolation of the filtered trace over the remaining frames (held constant beyond the ends,
 * like {@code np.interp}); the other frames keep their values.</li>
 * </ol>
 * Facemap applies it when loading traces for analysis, not when tracking; here it is an option of the tracker
 * output. Likelihoods are not changed.
 */
public final class OutlierFilter {

	public int filterWindow = 15, baselineWindow = 50;
	public double maxSpike = 25, maxDiff = 25;

	/**
	 * Filtered copies of the x and y traces of every keypoint. Frames where a keypoint is NaN (the tracker saw it
	 * nowhere) help nothing and stay NaN; {@link #filter} itself, like Facemap, interpolates over them.
	 */
	public Keypoints apply(Keypoints kp) {
		int n = kp.frames(), k = kp.keypoints();
		float[] x = kp.xArray().clone(), y = kp.yArray().clone();
		double[] tx = new double[n], ty = new double[n];
		for (int j = 0; j < k; j++) {
			for (int f = 0; f < n; f++) {
				tx[f] = x[f * k + j];
				ty[f] = y[f * k + j];
			}
			filter(tx, ty);
			for (int f = 0; f < n; f++) {
				// a keypoint placed nowhere (NaN: out of view) stays NaN: it is not an outlier to interpolate over
				if (Float.isNaN(x[f * k + j]) || Float.isNaN(y[f * k + j])) continue;
				x[f * k + j] = (float) tx[f];
				y[f * k + j] = (float) ty[f];
			}
		}
		return new Keypoints(kp.keypointSet(), n, x, y, kp.likelihoodArray().clone());
	}

	/** Filters one keypoint's traces in place. */
	public void filter(double[] x, double[] y) {
		int n = x.length;
		if (y.length != n) throw new IllegalArgumentException("x and y traces differ in length");
		if (n == 0) return;
		boolean[] bad = new boolean[n];
		for (int i = 1; i < n; i++)
			bad[i] = Math.abs(x[i] - x[i - 1]) > maxDiff || Math.abs(y[i] - y[i - 1]) > maxDiff;
		for (int i = 0; i < n; i++)
			if (bad[i]) x[i] = y[i] = Double.NaN;
		double[] bx = nanmedianFilter(x, baselineWindow), by = nanmedianFilter(y, baselineWindow);
		for (int i = 0; i < n; i++)
			if (Math.abs(x[i] - bx[i]) > maxSpike || Math.abs(y[i] - by[i]) > maxSpike) x[i] = y[i] = Double.NaN;
		double[] fx = nanmedianFilter(x, filterWindow), fy = nanmedianFilter(y, filterWindow);
		boolean[] replace = new boolean[n];
		int good = 0;
		for (int i = 0; i < n; i++) {
			replace[i] = Double.isNaN(x[i]) || Double.isNaN(fx[i]);
			if (!replace[i]) good++;
		}
		if (good == 0) return; // nothing to interpolate from (np.interp would fail)
		int[] gi = new int[good];
		for (int i = 0, g = 0; i < n; i++)
			if (!replace[i]) gi[g++] = i;
		for (int i = 0; i < n; i++) {
			if (!replace[i]) continue;
			x[i] = interp(i, gi, fx);
			y[i] = interp(i, gi, fy);
		}
	}

	/** np.interp(i, gi, v[gi]) with gi increasing. */
	private static double interp(int i, int[] gi, double[] v) {
		if (i <= gi[0]) return v[gi[0]];
		if (i >= gi[gi.length - 1]) return v[gi[gi.length - 1]];
		int lo = 0, hi = gi.length - 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (gi[mid] <= i) lo = mid;
			else hi = mid;
		}
		double t = (double) (i - gi[lo]) / (gi[hi] - gi[lo]);
		return v[gi[lo]] + t * (v[gi[hi]] - v[gi[lo]]);
	}

	/**
	 * Centred sliding nanmedian with edge padding: output i is the median of the non-NaN values among
	 * x[i - win/2 .. i - win/2 + win - 1] (indices clamped to the ends), NaN when all are NaN.
	 */
	public static double[] nanmedianFilter(double[] x, int win) {
		int n = x.length;
		double[] out = new double[n];
		double[] buf = new double[win];
		for (int i = 0; i < n; i++) {
			int m = 0;
			for (int j = i - win / 2; j < i - win / 2 + win; j++) {
				double v = x[Math.max(0, Math.min(n - 1, j))];
				if (!Double.isNaN(v)) buf[m++] = v;
			}
			if (m == 0) {
				out[i] = Double.NaN;
				continue;
			}
			Arrays.sort(buf, 0, m);
			out[i] = (m & 1) == 1 ? buf[m / 2] : (buf[m / 2 - 1] + buf[m / 2]) / 2;
		}
		return out;
	}
}
