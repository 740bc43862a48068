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

import java.util.Arrays;

/**
 * Facemap's pupil measurement ({@code pupil.py}): an iterative 2-D Gaussian fit to the dark (or bright) pixels of an
 * elliptic ROI, with corneal-reflection pixels treated as missing, and the median-filter smoothing of the traces.
 */
public final class PupilFit {

	private PupilFit() {}

	/** One frame's fit; every field NaN when the fit failed. */
	public record Fit(double comRow, double comCol, double area, double[] axlen, double[] axdir) {
		static Fit failed() {
			return new Fit(Double.NaN, Double.NaN, Double.NaN, new double[] { Double.NaN, Double.NaN },
				new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN });
		}
	}

	/**
	 * Thresholded contrast of a ROI crop: dark pupil max(0, sat - gray), bright pupil max(0, gray - (255 - sat));
	 * pixels outside {@code inside} are 0.
	 *
	 * @param gray ROI crop, row-major w x h, unsigned bytes
	 */
	public static double[] contrast(byte[] gray, boolean[] inside, double saturation, boolean bright) {
		double[] im = new double[gray.length];
		for (int i = 0; i < gray.length; i++) {
			if (!inside[i]) continue;
			int g = gray[i] & 0xff;
			// float32 arithmetic as Facemap (255 - img - (255 - sat))
			double v = bright ? g - (255.0 - saturation) : (255.0 - g) - (255.0 - saturation);
			im[i] = Math.max(0, v);
		}
		return im;
	}

	/**
	 * Facemap's {@code fit_gaussian} on a contrast image (row-major, w x h).
	 *
	 * @param missing reflector mask (same layout) or null
	 */
	public static Fit fit(double[] im, int w, int h, double sigma, boolean[] missing) {
		int n0 = 0;
		for (int i = 0; i < im.length; i++) if (im[i] != 0 && (missing == null || !missing[i])) n0++;
		int nm = 0;
		if (missing != null) for (boolean b : missing) if (b) nm++;
		if (n0 < 3) return Fit.failed();
		double[] ix = new double[n0 + nm], iy = new double[n0 + nm], lam0 = new double[n0];
		int j = 0;
		for (int i = 0; i < im.length; i++) {
			if (im[i] != 0 && (missing == null || !missing[i])) {
				ix[j] = i / w;
				iy[j] = i % w;
				lam0[j] = im[i];
				j++;
			}
		}
		if (nm > 0) {
			int q = n0;
			for (int i = 0; i < missing.length; i++)
				if (missing[i]) {
					ix[q] = i / w;
					iy[q] = i % w;
					q++;
				}
		}
		int n = n0; // points in the current fit
		double[] lam = Arrays.copyOf(lam0, n0 + nm);
		double[] mu = new double[2];
		double[] sig = new double[3]; // s00, s01, s11
		moments(ix, iy, lam, n, mu, sig);
		double s2 = sigma * sigma;
		for (int it = 0; it < 5; it++) {
			double det = sig[0] * sig[2] - sig[1] * sig[1];
			if (!(det > 0) || !Double.isFinite(det)) return Fit.failed();
			double i00 = sig[2] / det, i01 = -sig[1] / det, i11 = sig[0] / det;
			double[] d = new double[n0];
			for (int p = 0; p < n0; p++) {
				double a = ix[p] - mu[0], b = iy[p] - mu[1];
				d[p] = a * a * i00 + 2 * a * b * i01 + b * b * i11;
				if (d[p] > 2 * s2) lam0[p] = 0;
			}
			int cnt = 0;
			double[] med = new double[n0];
			for (int p = 0; p < n0; p++) if (d[p] <= s2) med[cnt++] = lam0[p];
			double immed0 = median(med, cnt);
			System.arraycopy(lam0, 0, lam, 0, n0);
			n = n0;
			if (nm > 0) {
				for (int p = n0; p < n0 + nm; p++) {
					double a = ix[p] - mu[0], b = iy[p] - mu[1];
					double dd = a * a * i00 + 2 * a * b * i01 + b * b * i11;
					lam[p] = dd <= 1.15 * s2 ? (double) (float) (immed0 * 1.1) : 0;
				}
				n = n0 + nm;
			}
			moments(ix, iy, lam, n, mu, sig);
			if (!Double.isFinite(mu[0])) return Fit.failed();
		}
		// eigen-decomposition of sigma^2 * sig (symmetric 2x2), major axis first
		double a = s2 * sig[0], b = s2 * sig[1], c = s2 * sig[2];
		double tr = a + c, dif = Math.sqrt((a - c) * (a - c) / 4 + b * b);
		double l1 = tr / 2 + dif, l2 = tr / 2 - dif;
		double[] v1;
		if (Math.abs(b) > 1e-300) v1 = new double[] { l1 - c, b };
		else v1 = a >= c ? new double[] { 1, 0 } : new double[] { 0, 1 };
		double nv = Math.hypot(v1[0], v1[1]);
		v1[0] /= nv;
		v1[1] /= nv;
		double minSv = Math.min(l1, l2);
		if (!(minSv > 0)) return Fit.failed();
		double sv1 = minSv * Math.min(4, l1 / minSv), sv2 = minSv * Math.min(4, l2 / minSv);
		double area = Math.PI * Math.sqrt(sv1 * sv2);
		// axdir: columns = [major, minor] directions in (row, col)
		double[] axdir = { v1[0], -v1[1], v1[1], v1[0] };
		return new Fit(mu[0], mu[1], area, new double[] { sv1, sv2 }, axdir);
	}

	private static void moments(double[] ix, double[] iy, double[] lam, int n, double[] mu, double[] sig) {
		double sum = 0;
		for (int p = 0; p < n; p++) sum += lam[p];
		double m0 = 0, m1 = 0;
		for (int p = 0; p < n; p++) {
			m0 += lam[p] / sum * ix[p];
			m1 += lam[p] / sum * iy[p];
		}
		double s00 = 0, s01 = 0, s11 = 0;
		for (int p = 0; p < n; p++) {
			double wgt = lam[p] / sum;
			double a = ix[p] - m0, b = iy[p] - m1;
			s00 += wgt * a * a;
			s01 += wgt * a * b;
			s11 += wgt * b * b;
		}
		mu[0] = m0;
		mu[1] = m1;
		sig[0] = s00 + 0.01;
		sig[1] = s01;
		sig[2] = s11 + 0.01;
	}

	private static double median(double[] v, int n) {
		if (n == 0) return Double.NaN;
		double[] c = Arrays.copyOf(v, n);
		Arrays.sort(c);
		return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
	}

	/**
	 * Facemap's {@code pupil.smooth}: a running nan-median over {@code win} shifted copies (shifts -win/2 .. win/2-1),
	 * NaNs filled by linear interpolation of that median, values more than std/2 from it replaced by it.
	 *
	 * @param zeroEdges fill the shifted-out edges with 0 as Facemap does (biases the median toward 0 in the first and
	 *        last win/2 frames); false fills them with NaN (ignored by the median)
	 * @return the smoothed copy
	 */
	public static double[] smooth(double[] x, int win, boolean zeroEdges) {
		int nt = x.length;
		double[] area = x.clone();
		double[] marea = new double[nt];
		int half = win / 2;
		double[] buf = new double[win];
		for (int t = 0; t < nt; t++) {
			int cnt = 0;
			for (int k = -half; k < win - half; k++) {
				// row k: marea[k, t] = area[t + ... ]: Facemap's k<0 row holds area[t - k], k>0 row area[t - k]
				int src = t - k;
				double v;
				if (src < 0 || src >= nt) v = zeroEdges ? 0 : Double.NaN;
				else v = x[src];
				if (!Double.isNaN(v)) buf[cnt++] = v;
			}
			marea[t] = median(buf, cnt);
		}
		int[] good = new int[nt];
		int ng = 0;
		for (int t = 0; t < nt; t++) if (!Double.isNaN(area[t]) && !Double.isNaN(marea[t])) good[ng++] = t;
		for (int t = 0; t < nt; t++) {
			if (Double.isNaN(area[t]) || Double.isNaN(marea[t])) {
				area[t] = ng == 0 ? 0 : interp(t, good, ng, marea);
				marea[t] = area[t];
			}
		}
		double mean = 0;
		for (double v : area) mean += v;
		mean /= Math.max(1, nt);
		double var = 0;
		for (double v : area) var += (v - mean) * (v - mean);
		double thres = Math.sqrt(var / Math.max(1, nt)) / 2;
		for (int t = 0; t < nt; t++) if (Math.abs(area[t] - marea[t]) > thres) area[t] = marea[t];
		return area;
	}

	private static double interp(int t, int[] xs, int n, double[] ys) {
		if (t <= xs[0]) return ys[xs[0]];
		if (t >= xs[n - 1]) return ys[xs[n - 1]];
		int lo = 0, hi = n - 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (xs[mid] <= t) lo = mid;
			else hi = mid;
		}
		double f = (t - xs[lo]) / (double) (xs[hi] - xs[lo]);
		return ys[xs[lo]] + f * (ys[xs[hi]] - ys[xs[lo]]);
	}
}
