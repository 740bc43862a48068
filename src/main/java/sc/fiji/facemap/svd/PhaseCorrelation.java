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

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Running speed from phase correlation of consecutive frames of a ROI, the algorithm Facemap's {@code running.py}
 * intends (and its MATLAB version runs): mean-subtracted, edge-tapered frames, whitened spectra smoothed by a Gaussian
 * (sigma 2 px), correlation peak within +-0.4 of the ROI size. Facemap 1.0.8 discards its FFTs and so returns noise;
 * here the FFTs (libtorch through DJL) are used, and the peak is refined to sub-pixel precision by a 3-point Gaussian
 * fit in each axis (the correlation peak is Gaussian-shaped after the smoothing). The default mode uses a wider edge
 * taper (sigma 0.03 sqrt(Ly Lx) instead of 0.01) and a narrower smoothing (1.5 px instead of 2): with Facemap's values
 * the stationary edges of the ROI pull sub-pixel estimates toward 0 by up to 1 px (measured on the demo video; 0.15 px
 * with ours). The compatible mode keeps Facemap's values and integer shifts.
 */
public final class PhaseCorrelation implements AutoCloseable {

	private final NDManager manager;
	private final int ly, lx, lcorr;
	private final NDArray taper;
	private final NDArray gauss;
	private final boolean subpixel;
	private NDArray lastSpectrum;

	/**
	 * @param subpixel refine peaks to sub-pixel shifts (false: integer shifts, as Facemap's argmax)
	 */
	public PhaseCorrelation(NDManager parent, int height, int width, boolean subpixel) {
		this(parent, height, width, subpixel, subpixel ? TAPER : 0.01, subpixel ? SMOOTH : 2.0);
	}

	/** Relative taper width of the default mode (Facemap: 0.01). */
	static final double TAPER = 0.03;

	/** Gaussian smoothing sigma (pixels) of the correlation in the default mode (Facemap: 2). */
	static final double SMOOTH = 1.5;

	/**
	 * @param taper edge-taper sigma as a fraction of sqrt(height * width) (Facemap: 0.01)
	 */
	PhaseCorrelation(NDManager parent, int height, int width, boolean subpixel, double taperWidth, double smooth) {
		this.manager = parent.newSubManager();
		this.ly = height;
		this.lx = width;
		this.subpixel = subpixel;
		this.lcorr = Math.min((int) Math.floor(height * 0.4), (int) Math.floor(width * 0.4));
		double sigT = Math.sqrt((double) height * width) * taperWidth;
		float[] tp = new float[height * width];
		double[] gy = centeredAbs(height), gx = centeredAbs(width);
		double mY = max(gy) - 2 * sigT, mX = max(gx) - 2 * sigT;
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++)
				tp[r * width + c] = (float) (1.0 / (1.0 + Math.exp((gy[r] - mY) / sigT)) * 1.0 / (1.0 + Math.exp((gx[c] - mX)
					/ sigT)));
		taper = manager.create(tp, new Shape(height, width));
		// normalised Gaussian (sigma 2) centred, ifftshift, real part of its FFT
		double[] hg = new double[height * width];
		double sum = 0;
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) {
				double v = Math.exp(-(gy[r] / smooth) * (gy[r] / smooth) / 2) * Math.exp(-(gx[c] / smooth) * (gx[c] / smooth) / 2);
				hg[r * width + c] = v;
				sum += v;
			}
		float[] shifted = new float[height * width];
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) {
				// ifftshift: out[i] = in[(i + n/2) mod n] with n/2 = floor(n/2)
				int sr = (r + height / 2) % height, sc = (c + width / 2) % width;
				shifted[r * width + c] = (float) (hg[sr * width + sc] / sum);
			}
		try (NDArray h = manager.create(shifted, new Shape(height, width))) {
			gauss = re(h.fft2(new long[] { height, width }, new long[] { 0, 1 }));
		}
	}

	/** Real part of a complex array (DJL's real() is torch.view_as_real: a trailing [re, im] axis). */
	static NDArray re(NDArray z) {
		return z.real().get("..., 0");
	}

	private static double[] centeredAbs(int n) {
		double mean = (n - 1) / 2.0;
		double[] a = new double[n];
		for (int i = 0; i < n; i++) a[i] = Math.abs(i - mean);
		return a;
	}

	private static double max(double[] a) {
		double m = a[0];
		for (double v : a) m = Math.max(m, v);
		return m;
	}

	/**
	 * Shifts between consecutive frames. The first frame ever given has no predecessor and gets (0, 0).
	 *
	 * @param frames n crops of height x width (row-major), in time order, continuing the previous call
	 * @param dy out: n shifts in rows; {@code dx} in columns
	 */
	public void process(float[][] frames, double[] dy, double[] dx) {
		int n = frames.length;
		if (n == 0) return;
		float[] all = new float[n * ly * lx];
		for (int t = 0; t < n; t++) {
			float[] f = frames[t];
			double mean = 0;
			for (float v : f) mean += v;
			mean /= f.length;
			for (int i = 0; i < f.length; i++) all[t * ly * lx + i] = (float) (f[i] - mean);
		}
		try (NDManager m = manager.newSubManager()) {
			NDArray x = m.create(all, new Shape(n, ly, lx)).mul(taper);
			NDArray f = x.fft2(new long[] { ly, lx }, new long[] { 1, 2 });
			NDArray mag = re(f.mul(f.conj())).sqrt().add(1e-20f);
			NDArray fn = f.div(mag).mul(gauss);
			NDArray prev;
			if (lastSpectrum != null) prev = lastSpectrum.expandDims(0).concat(fn.get("0:" + (n - 1)), 0);
			else prev = fn.get("0:" + Math.max(0, n - 1));
			NDArray cur = lastSpectrum != null ? fn : fn.get("1:");
			int first = lastSpectrum != null ? 0 : 1;
			if (lastSpectrum != null) lastSpectrum.close();
			lastSpectrum = fn.get(n - 1).duplicate();
			lastSpectrum.attach(manager);
			if (first == 1) {
				dy[0] = 0;
				dx[0] = 0;
			}
			if (cur.getShape().get(0) == 0) return;
			NDArray c = re(cur.mul(prev.conj()).ifft2(new long[] { ly, lx }, new long[] { 1, 2 }));
			float[] cc = c.toFloatArray();
			int plane = ly * lx;
			for (int t = 0; t < n - first; t++) {
				double[] s = peak(cc, t * plane);
				dy[first + t] = s[0];
				dx[first + t] = s[1];
			}
		}
	}

	private float at(float[] cc, int off, int r, int c) {
		r = Math.floorMod(r, ly);
		c = Math.floorMod(c, lx);
		return cc[off + r * lx + c];
	}

	private double[] peak(float[] cc, int off) {
		float best = Float.NEGATIVE_INFINITY;
		int br = 0, bc = 0;
		// lags -lcorr..lcorr in Facemap's block order (argmax takes the first maximum in that order)
		for (int r = -lcorr; r <= lcorr; r++)
			for (int c = -lcorr; c <= lcorr; c++) {
				float v = at(cc, off, r, c);
				if (v > best) {
					best = v;
					br = r;
					bc = c;
				}
			}
		double dy = br, dx = bc;
		if (subpixel) {
			dy += refine(at(cc, off, br - 1, bc), best, at(cc, off, br + 1, bc));
			dx += refine(at(cc, off, br, bc - 1), best, at(cc, off, br, bc + 1));
		}
		return new double[] { dy, dx };
	}

	/** Offset of the maximum of a Gaussian (or, for non-positive values, a parabola) through three samples. */
	static double refine(double a, double b, double c) {
		if (a > 0 && b > 0 && c > 0) {
			double la = Math.log(a), lb = Math.log(b), lc = Math.log(c);
			double den = la - 2 * lb + lc;
			if (den < 0) return clamp(0.5 * (la - lc) / den);
		}
		double den = a - 2 * b + c;
		if (den < 0) return clamp(0.5 * (a - c) / den);
		return 0;
	}

	private static double clamp(double v) {
		return Math.max(-0.5, Math.min(0.5, v));
	}

	@Override
	public void close() {
		manager.close();
	}
}
