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

import java.util.Locale;

/**
 * Turns 8-bit gray frames into network input, as Facemap's {@code preprocess_img} (reference 1.4): normalise so that
 * the 1st percentile maps to 0 and the 99th to 1 (no clipping), crop to the bounding box, zero-pad to a square and
 * resize bilinearly to the input size (PyTorch {@code F.interpolate(mode="bilinear", align_corners=False)}, no
 * antialiasing).
 * <p>
 * Normalisation statistics are taken over the whole frame, before cropping, as in Facemap. Two modes:
 * <ul>
 * <li>{@link Normalization#PER_FRAME} (default): each frame's own percentiles. Results do not depend on the batch size
 * or on which frames share a batch. A constant frame (99th = 1st percentile) becomes all zeros.</li>
 * <li>{@link Normalization#BATCH}: Facemap's behaviour, one pair of percentiles over all pixels of all frames of the
 * batch, so a keypoint can move when the batch size changes. Use it to reproduce Facemap's numbers. A constant batch
 * gives NaN, as in Facemap.</li>
 * </ul>
 * Percentiles follow {@code torch.quantile} (linear interpolation between sorted values at rank q*(n-1), computed in
 * float32), found exactly from a 256-bin histogram.
 */
public final class FramePreprocessor {

	/** How intensities are normalised before the network. */
	public enum Normalization {
		/** Percentiles of each frame (default; independent of the batch). */
		PER_FRAME,
		/** Percentiles of the whole batch (Facemap's behaviour; depends on the batch size). */
		BATCH;

		/** Parses "per-frame" or "batch" (case-insensitive; "per_frame", "frame" also accepted). */
		public static Normalization parse(String s) {
			String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
			switch (n) {
				case "per-frame": case "frame": case "perframe": return PER_FRAME;
				case "batch": return BATCH;
				default: throw new IllegalArgumentException("normalization must be per-frame or batch, got '" + s + "'");
			}
		}

		public String label() {
			return this == PER_FRAME ? "per-frame" : "batch";
		}
	}

	private final CropGeometry geom;
	private final Normalization normalization;
	// bilinear sampling tables (rows and columns of the padded crop)
	private final int[] ry0, ry1, cx0, cx1;
	private final float[] rl0, rl1, cl0, cl1;
	// per-frame work buffers, reused (a preprocessor serves one thread: the tracker's decode thread). Only the crop
	// area of pad is ever written, so its zero padding stays zero from frame to frame.
	private final float[] lut = new float[256];
	private final float[] pad;

	/** A preprocessor for one geometry. Not thread-safe: it reuses its work buffers; use one per thread. */
	public FramePreprocessor(CropGeometry geom, Normalization normalization) {
		this.geom = geom;
		this.normalization = normalization;
		int n = geom.size;
		ry0 = new int[n];
		ry1 = new int[n];
		rl0 = new float[n];
		rl1 = new float[n];
		cx0 = new int[n];
		cx1 = new int[n];
		cl0 = new float[n];
		cl1 = new float[n];
		table(geom.paddedHeight(), n, ry0, ry1, rl0, rl1);
		table(geom.paddedWidth(), n, cx0, cx1, cl0, cl1);
		pad = new float[geom.paddedHeight() * geom.paddedWidth()];
	}

	public CropGeometry geometry() {
		return geom;
	}

	public Normalization normalization() {
		return normalization;
	}

	/** PyTorch's bilinear source indices and weights for one axis (align_corners=False, size given). */
	static void table(int in, int out, int[] i0, int[] i1, float[] l0, float[] l1) {
		float scale = (float) in / (float) out;
		for (int d = 0; d < out; d++) {
			float src = scale * (d + 0.5f) - 0.5f;
			if (src < 0) src = 0;
			int a = (int) src;
			int off = a < in - 1 ? 1 : 0;
			float lambda = src - a;
			i0[d] = a;
			i1[d] = a + off;
			l1[d] = lambda;
			l0[d] = 1f - lambda;
		}
	}

	/**
	 * Preprocesses {@code count} frames (each width*height bytes, row-major) into {@code out}
	 * ({@code count * size * size} floats, frame after frame).
	 */
	public void process(byte[][] frames, int count, float[] out) {
		int pixels = geom.frameWidth * geom.frameHeight;
		if (normalization == Normalization.BATCH) {
			long[] hist = new long[256];
			for (int f = 0; f < count; f++) histogram(frames[f], pixels, hist);
			float[] p = percentiles(hist, (long) count * pixels);
			for (int f = 0; f < count; f++) frame(frames[f], p[0], p[1], false, out, f * geom.size * geom.size);
		} else {
			long[] hist = new long[256];
			for (int f = 0; f < count; f++) {
				java.util.Arrays.fill(hist, 0);
				histogram(frames[f], pixels, hist);
				float[] p = percentiles(hist, pixels);
				frame(frames[f], p[0], p[1], true, out, f * geom.size * geom.size);
			}
		}
	}

	private static void histogram(byte[] frame, int pixels, long[] hist) {
		for (int i = 0; i < pixels; i++) hist[frame[i] & 0xff]++;
	}

	/** The 1st and 99th percentiles of the values counted in {@code hist}, as torch.quantile (float32). */
	public static float[] percentiles(long[] hist, long n) {
		return new float[] { quantile(hist, n, 0.01f), quantile(hist, n, 0.99f) };
	}

	/** torch.quantile(x, q) with linear interpolation for 8-bit data given as a histogram of n values. */
	public static float quantile(long[] hist, long n, float q) {
		float rank = q * (float) (n - 1);
		long below = (long) rank;
		long above = (long) Math.ceil(rank);
		float weight = rank - below;
		float a = sortedValue(hist, below), b = sortedValue(hist, above);
		// torch.lerp
		return weight < 0.5f ? a + weight * (b - a) : b - (b - a) * (1f - weight);
	}

	private static float sortedValue(long[] hist, long index) {
		long c = 0;
		for (int v = 0; v < hist.length; v++) {
			c += hist[v];
			if (c > index) return v;
		}
		return hist.length - 1;
	}

	private void frame(byte[] src, float x01, float x99, boolean guardConstant, float[] out, int offset) {
		int s = geom.size;
		int w = geom.frameWidth;
		int ph = geom.paddedHeight(), pw = geom.paddedWidth();
		float range = x99 - x01;
		if (guardConstant && range == 0f) range = Float.POSITIVE_INFINITY; // constant frame -> 0
		// normalised, zero-padded crop
		for (int v = 0; v < 256; v++) lut[v] = range == Float.POSITIVE_INFINITY ? 0f : ((float) v - x01) / range;
		for (int r = 0; r < geom.cropHeight(); r++) {
			int srow = (geom.r0 + r) * w + geom.c0;
			int drow = (r + geom.rowsBefore) * pw + geom.colsBefore;
			for (int c = 0; c < geom.cropWidth(); c++) pad[drow + c] = lut[src[srow + c] & 0xff];
		}
		if (ph == s && pw == s) {
			System.arraycopy(pad, 0, out, offset, s * s);
			return;
		}
		for (int y = 0; y < s; y++) {
			int a = ry0[y] * pw, b = ry1[y] * pw;
			float la = rl0[y], lb = rl1[y];
			int o = offset + y * s;
			for (int x = 0; x < s; x++) {
				int c0 = cx0[x], c1 = cx1[x];
				float w0 = cl0[x], w1 = cl1[x];
				out[o + x] = la * (w0 * pad[a + c0] + w1 * pad[a + c1]) + lb * (w0 * pad[b + c0] + w1 * pad[b + c1]);
			}
		}
	}
}
