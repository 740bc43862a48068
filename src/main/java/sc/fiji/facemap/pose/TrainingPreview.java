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


/** Single-frame prediction for previews, through the {@link Predictor} (the tracker's preprocessing, full frame). */
public final class TrainingPreview {

	private TrainingPreview() {}

	/** Predicts one 8-bit gray frame: {x[k], y[k], likelihood[k]} in full-frame pixels. */
	public static float[][] predict(FMnet net, int width, int height, byte[] gray) {
		return Predictor.of(net, FramePreprocessor.Normalization.PER_FRAME).predict(width, height, gray);
	}
}
