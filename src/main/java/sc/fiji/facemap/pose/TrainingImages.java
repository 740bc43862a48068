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
 * Preprocessing of training images as Facemap's {@code FacemapDataset} does it (reference 2.2): per-image
 * normalize99 (1st and 99th percentile, linear interpolation, no clipping), pad to a square with zeros (crop = whole
 * frame), bilinear resize to 256x256 with align_corners=True, keypoints scaled by 256 / padded size.
 * <p>
 * QUIRK fixed: Facemap's {@code pad_keypoints} adds the row padding to x and the column padding to y (the names are
 * swapped); here the row padding shifts y and the column padding shifts x, so labels stay on the pixels they mark.
 */
public final class TrainingImages {

	public static final int SIZE = 256;

	private TrainingImages() {}

	/** A preprocessed image with its keypoints in 256-space and the geometry to map back to the frame. */
	public static final class Prepared {
		/** SIZE*SIZE normalised pixels. */
		public final float[] image;
		/** Keypoints in 256-space; NaN = missing. */
		public final float[] x, y;
		/** Padded square size and padding before rows / columns (full-frame pixels). */
		public final int padded, padTop, padLeft;

		Prepared(float[] image, float[] x, float[] y, int padded, int padTop, int padLeft) {
			this.image = image;
			this.x = x;
			this.y = y;
			this.padded = padded;
			this.padTop = padTop;
			this.padLeft = padLeft;
		}

		/** Full-frame x of a 256-space x (Facemap's back-projection: scale, then remove the padding). */
		public float frameX(float x256) {
			return x256 * padded / (float) SIZE - padLeft;
		}

		public float frameY(float y256) {
			return y256 * padded / (float) SIZE - padTop;
		}
	}

	/** numpy-style percentile (linear interpolation) of the non-NaN values. */
	public static double percentile(float[] v, double p) {
		float[] s = v.clone();
		Arrays.sort(s); // NaNs sort last
		int n = s.length;
		while (n > 0 && Float.isNaN(s[n - 1])) n--;
		if (n == 0) return Double.NaN;
		double pos = p / 100.0 * (n - 1);
		int lo = (int) Math.floor(pos);
		int hi = Math.min(n - 1, lo + 1);
		return s[lo] + (pos - lo) * ((double) s[hi] - s[lo]);
	}

	/** (X - p1) / (p99 - p1); a flat image (p99 == p1) becomes zeros instead of Facemap's division by zero. */
	public static float[] normalize99(float[] img) {
		double p1 = percentile(img, 1), p99 = percentile(img, 99);
		double d = p99 - p1;
		float[] out = new float[img.length];
		if (!(d > 0)) return out;
		for (int i = 0; i < img.length; i++) out[i] = (float) ((img[i] - p1) / d);
		return out;
	}

	/**
	 * Pads (zero) to a square, Facemap's way: L = max(h, w), +1 when the difference is odd; the smaller side gets
	 * floor(d/2) before and the rest after
	 * (the larger side, when L was incremented, gets 0 before and 1 after). This is reference 1.4's square padding.
	 *
	 * @return {L, padTop, padLeft}
	 */
	public static int[] squarePadding(int h, int w) {
		if (h == w) return new int[] { h, 0, 0 };
		int L = Math.max(h, w) + (Math.abs(h - w) % 2 == 0 ? 0 : 1);
		int padRows = L - h, padCols = L - w, size = L;
		return new int[] { size, padRows / 2, padCols / 2 };
	}

	/** Bilinear resize of a square (n x n) image to (m x m), align_corners=True. */
	public static float[] resizeAlignCorners(float[] img, int n, int m) {
		float[] out = new float[m * m];
		double scale = m > 1 ? (n - 1) / (double) (m - 1) : 0;
		int[] i0 = new int[m];
		float[] f = new float[m];
		for (int d = 0; d < m; d++) {
			double s = d * scale;
			int a = Math.min((int) Math.floor(s), n - 1);
			i0[d] = a;
			f[d] = (float) (s - a);
		}
		for (int r = 0; r < m; r++) {
			int r0 = i0[r], r1 = Math.min(r0 + 1, n - 1);
			float fr = f[r];
			for (int c = 0; c < m; c++) {
				int c0 = i0[c], c1 = Math.min(c0 + 1, n - 1);
				float fc = f[c];
				float top = img[r0 * n + c0] * (1 - fc) + img[r0 * n + c1] * fc;
				float bot = img[r1 * n + c0] * (1 - fc) + img[r1 * n + c1] * fc;
				out[r * m + c] = top * (1 - fr) + bot * fr;
			}
		}
		return out;
	}


	/** Bilinear resize of a square (n x n) image to (m x m), align_corners=False (half-pixel centres, no antialias). */
	public static float[] resizeHalfPixel(float[] img, int n, int m) {
		float[] out = new float[m * m];
		double scale = n / (double) m;
		int[] i0 = new int[m], i1 = new int[m];
		float[] f = new float[m];
		for (int d = 0; d < m; d++) {
			double s = Math.max(0, (d + 0.5) * scale - 0.5);
			int a = Math.min((int) Math.floor(s), n - 1);
			i0[d] = a;
			i1[d] = Math.min(a + 1, n - 1);
			f[d] = (float) (s - a);
		}
		for (int r = 0; r < m; r++) {
			float fr = f[r];
			for (int c = 0; c < m; c++) {
				float fc = f[c];
				float top = img[i0[r] * n + i0[c]] * (1 - fc) + img[i0[r] * n + i1[c]] * fc;
				float bot = img[i1[r] * n + i0[c]] * (1 - fc) + img[i1[r] * n + i1[c]] * fc;
				out[r * m + c] = top * (1 - fr) + bot * fr;
			}
		}
		return out;
	}

	/**
	 * Facemap's inference preprocessing of one frame (reference 1.4, batch of one, full-frame bbox): normalize99,
	 * pad to square, bilinear resize with align_corners=False. Keypoints (may be null) map as in {@link #prepare}.
	 */
	public static Prepared prepareInference(GrayImage frame, float[] kx, float[] ky) {
		return prepare(frame, kx, ky, false);
	}

	/** Facemap's training preprocessing of one frame and its keypoints (full-frame pixels). */
	public static Prepared prepare(GrayImage frame, float[] kx, float[] ky) {
		return prepare(frame, kx, ky, true);
	}

	private static Prepared prepare(GrayImage frame, float[] kx, float[] ky, boolean alignCorners) {
		int h = frame.height(), w = frame.width();
		float[] norm = normalize99(frame.pixels());
		int[] pad = squarePadding(h, w);
		int L = pad[0], top = pad[1], left = pad[2];
		float[] sq;
		if (L == h && L == w) sq = norm;
		else {
			sq = new float[L * L];
			for (int r = 0; r < h; r++) System.arraycopy(norm, r * w, sq, (r + top) * L + left, w);
		}
		float[] img = L == SIZE ? sq : alignCorners ? resizeAlignCorners(sq, L, SIZE) : resizeHalfPixel(sq, L, SIZE);
		if (kx == null) return new Prepared(img, new float[0], new float[0], L, top, left);
		float[] x = new float[kx.length], y = new float[ky.length];
		float s = SIZE / (float) L;
		for (int k = 0; k < kx.length; k++) {
			x[k] = (kx[k] + left) * s;
			y[k] = (ky[k] + top) * s;
		}
		return new Prepared(img, x, y, L, top, left);
	}
}
