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

/**
 * Heatmaps and offsets to keypoints, as Facemap's {@code predict} and {@code adjust_keypoints} (reference 1.3, 1.4):
 * the argmax of each heatmap (first maximum in row-major order) refined by the offset maps,
 * {@code row = i_row - 6*locx}, {@code col = i_col - 6*locy}, times 4 (input pixels per heatmap cell), then back to
 * full-frame pixels through the {@link CropGeometry}. The likelihood is the maximum of sigmoid(heatmap), in [0.5, 1)
 * for the ReLU'd heatmaps. Float32 arithmetic in Facemap's order. One difference: an all-zero heatmap (the keypoint
 * is nowhere in view) gives NaN coordinates instead of the first cell's position.
 */
public final class HeatmapDecoder {

	/** 2*SIGMA with SIGMA = 3 (reference 1.3). */
	public static final float OFFSET_SCALE = 6f;

	private HeatmapDecoder() {}

	/**
	 * Decodes a batch.
	 *
	 * @param hm heatmaps (B, K, gh, gw) flattened
	 * @param locx row offsets, same layout
	 * @param locy column offsets, same layout
	 * @param geom the crop the frames went through (null: coordinates stay in network-input pixels)
	 * @param dst receives x, y, likelihood for frames {@code firstFrame .. firstFrame+B-1}
	 */
	public static void decode(float[] hm, float[] locx, float[] locy, int batch, int keypoints, int gh, int gw, CropGeometry geom,
		Keypoints dst, int firstFrame) {
		int plane = gh * gw;
		float factor = geom == null ? (float) FMnet.N_FACTOR : (float) geom.size / gh;
		float[] d = new float[3];
		for (int b = 0; b < batch; b++) {
			for (int k = 0; k < keypoints; k++) {
				decodeOne(hm, locx, locy, (b * keypoints + k) * plane, gh, gw, factor, d);
				float x = geom == null ? d[0] : geom.toFrameX(d[0]);
				float y = geom == null ? d[1] : geom.toFrameY(d[1]);
				dst.set(firstFrame + b, k, x, y, d[2]);
			}
		}
	}

	/**
	 * Decodes one (gh x gw) heatmap at {@code base} into {@code out} = {x, y, likelihood}, x and y in network-input
	 * pixels (cells times {@code factor}); an all-zero map (after the ReLU: the keypoint is nowhere in view) gives
	 * NaN x and y, where Facemap reports the first cell's position.
	 */
	public static void decodeOne(float[] hm, float[] locx, float[] locy, int base, int gh, int gw, float factor,
		float[] out) {
		int plane = gh * gw;
		int imax = 0;
		float max = hm[base];
		for (int i = 1; i < plane; i++) {
			float v = hm[base + i];
			if (v > max || (Float.isNaN(v) && !Float.isNaN(max))) {
				max = v;
				imax = i;
			}
			if (Float.isNaN(max)) break;
		}
		int iRow = imax / gw, iCol = imax % gw;
		float row = locx[base + imax] * -OFFSET_SCALE + iRow;
		float col = locy[base + imax] * -OFFSET_SCALE + iCol;
		boolean nowhere = max <= 0;
		out[0] = nowhere ? Float.NaN : col * factor;
		out[1] = nowhere ? Float.NaN : row * factor;
		out[2] = sigmoid(max);
	}

	static float sigmoid(float v) {
		return (float) (1.0 / (1.0 + Math.exp(-(double) v)));
	}
}
