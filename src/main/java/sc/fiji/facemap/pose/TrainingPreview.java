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

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Single-frame prediction with Facemap's inference preprocessing, for previews and frame suggestion. */
public final class TrainingPreview {

	private TrainingPreview() {}

	/** Predicts one 8-bit gray frame: {x[k], y[k], likelihood[k]} in full-frame pixels. */
	public static float[][] predict(FMnet net, int width, int height, byte[] gray) {
		TrainingImages.Prepared p = TrainingImages.prepareInference(GrayImage.ofBytes(width, height, gray), null, null);
		int S = TrainingImages.SIZE, K = net.keypoints(), GG = TrainingTargets.GRID * TrainingTargets.GRID;
		float[][] out = new float[3][K];
		try (NDManager m = net.getManager().newSubManager()) {
			NDList o = net.forward(m.create(p.image, new Shape(1, 1, S, S)), false);
			float[] hm = o.get(0).toFloatArray(), lx = o.get(1).toFloatArray(), ly = o.get(2).toFloatArray();
			float[] d = new float[3];
			for (int k = 0; k < K; k++) {
				HeatmapDecoder.decodeOne(hm, lx, ly, k * GG, TrainingTargets.GRID, TrainingTargets.GRID, (float) FMnet.N_FACTOR, d);
				out[0][k] = p.frameX(d[0]);
				out[1][k] = p.frameY(d[1]);
				out[2][k] = d[2];
			}
		}
		return out;
	}
}
