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

import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.FacemapException;

/**
 * The train/test split of reference 6.4 ({@code split_traintest}, {@code split_batches}, {@code split_data}) and the
 * whole-trial split, plus the camera windows of each segment.
 */
public final class NeuralSplits {

	private NeuralSplits() {}

	public static final int PAD = 3;
	public static final double TEST_FRACTION = 0.25;

	/**
	 * Camera frames of the segments: segment i covers frames min(start[i] + k, frames - 1), k &lt; length[i], and its
	 * neural sample j sits at row rows[i][j] of that window (the frame nearest the sample's time).
	 */
	public record CameraWindows(int[] start, int[] length, int[][] rows, int frames) {

		/** Frame index of row k of window i (clipped to the last frame, as Facemap). */
		public int frame(int i, int k) {
			return Math.min(frames - 1, start[i] + k);
		}
	}

	/**
	 * Facemap's {@code split_traintest(n_t)} with n_segs segments: {starts of training segments, l_train, starts of
	 * test segments, l_test}; l_test may be &lt;= 0 (Facemap then has no test samples).
	 */
	static int[][] facemapSegments(int nT, int nSegs) {
		int nLen = (int) Math.floor((double) nT / nSegs);
		int[] s = linspaceInt(0, nT - nLen - 5, nSegs);
		int lTrain = (int) Math.floor(nLen * (1 - TEST_FRACTION));
		int lTest = Integer.MAX_VALUE;
		// min over consecutive differences of (s0, s0 + l, s1, s1 + l, ...)
		for (int i = 0; i < nSegs; i++) {
			lTest = Math.min(lTest, lTrain);
			if (i + 1 < nSegs) lTest = Math.min(lTest, s[i + 1] - s[i] - lTrain);
		}
		lTest -= PAD;
		int[] t = new int[nSegs];
		for (int i = 0; i < nSegs; i++) t[i] = s[i] + lTrain + PAD;
		return new int[][] { s, { lTrain }, t, { lTest } };
	}

	/** Facemap's number of segments: int(min(10, n_t / 4)). */
	static int facemapSegmentCount(int nT) {
		return (int) Math.min(10, nT / 4.0);
	}

	/** numpy's linspace(a, b, n).astype(int) (truncation toward zero). */
	static int[] linspaceInt(double a, double b, int n) {
		int[] r = new int[n];
		if (n == 1) {
			r[0] = (int) a;
			return r;
		}
		double step = (b - a) / (n - 1);
		for (int i = 0; i < n; i++) r[i] = (int) (i == n - 1 ? b : a + i * step);
		return r;
	}

	/**
	 * Interleaved segments on n_t neural samples (reference 6.4). When Facemap's formula leaves no test samples (short
	 * recordings, e.g. n_t = 100) fewer segments are used, down to 1; {@code facemapCompatible} then fails as Facemap.
	 */
	public static NeuralSplit interleaved(int nT, int delay, boolean facemapCompatible) {
		int nSegs = facemapSegmentCount(nT);
		if (nSegs < 1) throw new FacemapException("neural activity: " + nT + " samples are too few for a train/test split (at least 8)");
		int[][] f = facemapSegments(nT, nSegs);
		if (f[3][0] < 1) {
			if (facemapCompatible)
				throw new FacemapException("neural activity: " + nT + " samples are too few for Facemap's train/test split (its test segments would be empty; turn facemap_compatible off to use fewer segments)");
			while (nSegs > 1 && f[3][0] < 1) f = facemapSegments(nT, --nSegs);
			if (f[3][0] < 1) throw new FacemapException("neural activity: " + nT + " samples are too few for a train/test split");
		}
		int lTrain = f[1][0], lTest = f[3][0];
		int[][] train = new int[nSegs][], test = new int[nSegs][];
		for (int i = 0; i < nSegs; i++) {
			train[i] = range(f[0][i], lTrain);
			test[i] = range(f[2][i], lTest);
		}
		return new NeuralSplit(train, test, delay, false);
	}

	/**
	 * Whole trials held out: trials are runs of equal ids; every 4th trial (the 4th, 8th, ...) is a test segment,
	 * the others are training segments. With delay d &lt; 0 the last |d| samples of each trial are left out (their
	 * delayed target lies in the next trial).
	 */
	public static NeuralSplit byTrial(int[] trialIds, int delay) {
		List<int[]> runs = new ArrayList<>();
		int start = 0;
		for (int t = 1; t <= trialIds.length; t++)
			if (t == trialIds.length || trialIds[t] != trialIds[t - 1]) {
				runs.add(new int[] { start, t });
				start = t;
			}
		if (runs.size() < 2) throw new FacemapException("trial ids: " + runs.size() + " trial found; holding out whole trials needs at least 2");
		List<int[]> train = new ArrayList<>(), test = new ArrayList<>();
		int cut = Math.max(0, -delay), lead = Math.max(0, delay);
		for (int k = 0; k < runs.size(); k++) {
			int a = runs.get(k)[0] + lead, b = runs.get(k)[1] - cut;
			if (b <= a) continue;
			boolean isTest = runs.size() < 4 ? k == runs.size() - 1 : k % 4 == 3;
			(isTest ? test : train).add(range(a, b - a));
		}
		if (train.isEmpty() || test.isEmpty()) throw new FacemapException("trial ids: trials are too short to hold out whole trials");
		return new NeuralSplit(train.toArray(new int[0][]), test.toArray(new int[0][]), delay, true);
	}

	static int[] range(int from, int n) {
		int[] r = new int[Math.max(0, n)];
		for (int i = 0; i < r.length; i++) r[i] = from + i;
		return r;
	}

	/**
	 * scipy's {@code interp1d(t, arange(len(t)), kind="nearest", fill_value="extrapolate")} at v: the index of the
	 * nearest time (a tie goes to the earlier one), clipped to the ends.
	 */
	public static int nearest(double[] t, double v) {
		// number of midpoints (t[i] + t[i+1]) / 2 strictly below v
		int lo = 0, hi = t.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			double m = (t[mid] + t[mid + 1]) / 2.0;
			if (m < v) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	static double meanDiff(double[] t) {
		if (t.length < 2) return 1;
		double s = 0;
		for (int i = 1; i < t.length; i++) s += t[i] - t[i - 1];
		return s / (t.length - 1);
	}

	/**
	 * The camera windows of {@code segments} (Facemap's {@code split_batches}): a window starts at the frame nearest
	 * the segment's first sample and has ceil(mean dt_neural / mean dt_camera * length) frames.
	 */
	public static CameraWindows windows(int[][] segments, double[] tcam, double[] tneural) {
		return windows(segments, tcam, tneural, true);
	}

	/**
	 * As {@link #windows(int[][], double[], double[])}; with {@code extend} a window is lengthened when the frame of
	 * its last sample lies beyond it (irregular timestamps), where Facemap loses that sample (and then fails).
	 */
	public static CameraWindows windows(int[][] segments, double[] tcam, double[] tneural, boolean extend) {
		double ratio = meanDiff(tneural) / meanDiff(tcam);
		int n = segments.length;
		int[] start = new int[n], length = new int[n];
		int[][] rows = new int[n][];
		for (int i = 0; i < n; i++) {
			int[] seg = segments[i];
			start[i] = nearest(tcam, tneural[seg[0]]);
			length[i] = Math.max(1, (int) Math.ceil(ratio * seg.length));
			if (extend) length[i] = Math.max(length[i], nearest(tcam, tneural[seg[seg.length - 1]]) - start[i] + 1);
			rows[i] = new int[seg.length];
			for (int j = 0; j < seg.length; j++) {
				int r = nearest(tcam, tneural[seg[j]]) - start[i];
				rows[i][j] = Math.max(0, Math.min(length[i] - 1, r));
			}
		}
		return new CameraWindows(start, length, rows, tcam.length);
	}

	/** The delayed target row index of sample t: Ys[t] = Y[clip(t - delay)] (delay -1: Y[t + 1], last row repeated). */
	static int delayed(int t, int delay, int nT) {
		return Math.max(0, Math.min(nT - 1, t - delay));
	}
}
