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

import java.util.Arrays;

import sc.fiji.facemap.FacemapException;

/**
 * Where the network looks in a frame: the bounding box {@code [r0, r1, c0, c1]} (rows r0..r1-1, columns c0..c1-1;
 * Facemap's order and exclusive ends), the zero padding that makes it square and the resize to the network's input
 * size. It maps network coordinates back to full-frame pixels exactly as Facemap does (reference 1.4).
 * <p>
 * Padding (Facemap's {@code pad_img_to_square}): L = max(h, w), plus one when the smaller side differs from L by an
 * odd amount; the smaller side gets floor(d/2) before and the rest after; when L was incremented the larger side gets
 * 0 before and 1 after.
 */
public final class CropGeometry {

	public final int frameHeight, frameWidth;
	public final int r0, r1, c0, c1;
	public final int rowsBefore, rowsAfter, colsBefore, colsAfter;
	/** Network input size (square). */
	public final int size;

	private CropGeometry(int frameHeight, int frameWidth, int[] bbox, int size) {
		this.frameHeight = frameHeight;
		this.frameWidth = frameWidth;
		this.r0 = bbox[0];
		this.r1 = bbox[1];
		this.c0 = bbox[2];
		this.c1 = bbox[3];
		this.size = size;
		int h = r1 - r0, w = c1 - c0;
		int[] pads = squarePads(h, w);
		this.colsBefore = pads[0];
		this.colsAfter = pads[1];
		this.rowsBefore = pads[2];
		this.rowsAfter = pads[3];
	}

	/**
	 * @param bbox {@code [r0, r1, c0, c1]}, or null for the full frame
	 * @throws FacemapException when the box is empty or not inside the frame
	 */
	public static CropGeometry of(int frameHeight, int frameWidth, int[] bbox, int size) {
		int[] b = bbox == null ? new int[] { 0, frameHeight, 0, frameWidth } : bbox.clone();
		if (b.length != 4) throw new FacemapException("bounding box needs 4 values y0,y1,x0,x1, got " + Arrays.toString(b));
		if (b[0] < 0 || b[2] < 0 || b[1] > frameHeight || b[3] > frameWidth || b[0] >= b[1] || b[2] >= b[3])
			throw new FacemapException("bounding box [y0,y1,x0,x1] = " + Arrays.toString(b) + " is empty or not inside the "
				+ frameWidth + "x" + frameHeight + " frame (rows 0.." + frameHeight + ", columns 0.." + frameWidth + ")");
		return new CropGeometry(frameHeight, frameWidth, b, size);
	}

	/**
	 * Facemap's padding of an h x w crop to a square, as (cols_before, cols_after, rows_before, rows_after) (the order
	 * Facemap returns, whose variable names say the opposite).
	 */
	public static int[] squarePads(int h, int w) {
		if (h == w) return new int[4];
		int largest = Math.max(h, w);
		if ((h < largest && (largest - h) % 2 != 0) || (w < largest && (largest - w) % 2 != 0)) largest++;
		int rb = 0, ra = 0, cb = 0, ca = 0;
		if (h < largest) {
			rb = (largest - h) / 2;
			ra = largest - h - rb;
		}
		if (w < largest) {
			cb = (largest - w) / 2;
			ca = largest - w - cb;
		}
		return new int[] { cb, ca, rb, ra };
	}

	public int[] bbox() {
		return new int[] { r0, r1, c0, c1 };
	}

	public int cropHeight() {
		return r1 - r0;
	}

	public int cropWidth() {
		return c1 - c0;
	}

	public int paddedHeight() {
		return cropHeight() + rowsBefore + rowsAfter;
	}

	public int paddedWidth() {
		return cropWidth() + colsBefore + colsAfter;
	}

	/** Column in the frame for column {@code x} of the network input (Facemap's float32 arithmetic, no half-pixel shift). */
	public float toFrameX(float x) {
		float v = x * (float) ((double) paddedWidth() / size);
		v -= colsBefore;
		return v + c0;
	}

	/** Row in the frame for row {@code y} of the network input. */
	public float toFrameY(float y) {
		float v = y * (float) ((double) paddedHeight() / size);
		v -= rowsBefore;
		return v + r0;
	}

	@Override
	public String toString() {
		return "bbox " + Arrays.toString(bbox()) + " padded to " + paddedHeight() + "x" + paddedWidth() + " -> " + size;
	}
}
