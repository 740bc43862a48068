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
package sc.fiji.facemap.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts decoded still images (javax.imageio) to 8-bit gray, for {@link TiffStackSource} and
 * {@link ImageFolderSource}.
 * <ul>
 * <li>8-bit gray: the samples as they are (never through Java's colour management, which would apply a gamma).</li>
 * <li>Gray deeper than 8 bits (16-bit, 32-bit int or float): linear scaling of a fixed range [lo, hi] chosen once per
 * source ({@link #range}): gray = round(255 (v - lo) / (hi - lo)), clamped to 0..255. The same range is used for every
 * frame, so frames stay comparable (no per-frame contrast stretch).</li>
 * <li>RGB(A) with 8-bit channels: OpenCV's integer formula Y = (1868 B + 9617 G + 4899 R + 8192) &gt;&gt; 14. Deeper
 * colour channels are first reduced to 8 bits by the same linear range; palette images go through their palette.</li>
 * </ul>
 */
final class ImageFrames {

	private ImageFrames() {}

	/** Whether the image needs a value range (gray or colour deeper than 8 bits). */
	static boolean isDeep(BufferedImage img) {
		if (img.getColorModel() instanceof IndexColorModel) return false;
		int t = img.getRaster().getDataBuffer().getDataType();
		return t != DataBuffer.TYPE_BYTE;
	}

	/** Min and max sample value over the colour bands (alpha excluded). */
	static double[] range(BufferedImage img) {
		Raster r = img.getRaster();
		int bands = Math.min(r.getNumBands(), r.getNumBands() >= 3 ? 3 : 1);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		double[] row = new double[r.getWidth()];
		for (int b = 0; b < bands; b++)
			for (int y = 0; y < r.getHeight(); y++) {
				r.getSamples(0, y, r.getWidth(), 1, b, row);
				for (double v : row) {
					if (!Double.isFinite(v)) continue;
					if (v < lo) lo = v;
					if (v > hi) hi = v;
				}
			}
		return new double[] { lo, hi };
	}

	/**
	 * Writes {@code img} as gray into {@code dst} (width*height bytes).
	 *
	 * @param lo low end of the range for deep images (ignored for 8-bit ones)
	 * @param hi high end of the range for deep images
	 */
	static void toGray(BufferedImage img, byte[] dst, double lo, double hi) {
		int w = img.getWidth(), h = img.getHeight();
		Raster r = img.getRaster();
		if (img.getColorModel() instanceof IndexColorModel) {
			int[] argb = new int[w];
			for (int y = 0; y < h; y++) {
				img.getRGB(0, y, w, 1, argb, 0, w);
				for (int x = 0; x < w; x++) {
					int c = argb[x];
					dst[y * w + x] = (byte) bgrToGray(c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
				}
			}
			return;
		}
		boolean deep = isDeep(img);
		double scale = hi > lo ? 255.0 / (hi - lo) : 0;
		if (r.getNumBands() < 3) {
			if (!deep) {
				int[] row = new int[w];
				for (int y = 0; y < h; y++) {
					r.getSamples(0, y, w, 1, 0, row);
					for (int x = 0; x < w; x++)
						dst[y * w + x] = (byte) row[x];
				}
			}
			else {
				double[] row = new double[w];
				for (int y = 0; y < h; y++) {
					r.getSamples(0, y, w, 1, 0, row);
					for (int x = 0; x < w; x++)
						dst[y * w + x] = (byte) scaled(row[x], lo, scale);
				}
			}
			return;
		}
		double[] rr = new double[w], gg = new double[w], bb = new double[w];
		for (int y = 0; y < h; y++) {
			r.getSamples(0, y, w, 1, 0, rr);
			r.getSamples(0, y, w, 1, 1, gg);
			r.getSamples(0, y, w, 1, 2, bb);
			for (int x = 0; x < w; x++) {
				int R = deep ? scaled(rr[x], lo, scale) : (int) rr[x];
				int G = deep ? scaled(gg[x], lo, scale) : (int) gg[x];
				int B = deep ? scaled(bb[x], lo, scale) : (int) bb[x];
				dst[y * w + x] = (byte) bgrToGray(B, G, R);
			}
		}
	}

	private static int scaled(double v, double lo, double scale) {
		if (Double.isNaN(v)) return 0;
		long g = Math.round((v - lo) * scale);
		return (int) Math.max(0, Math.min(255, g));
	}

	/** OpenCV COLOR_BGR2GRAY on 8-bit values. */
	static int bgrToGray(int b, int g, int r) {
		return (1868 * b + 9617 * g + 4899 * r + 8192) >> 14;
	}
}
