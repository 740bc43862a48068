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

import sc.fiji.facemap.job.Device;

/**
 * The keypoint network at inference, whichever engine runs it ({@link DjlPoseNetwork}: FMnet on DJL/libtorch, CPU or
 * GPU; {@link OrtPoseNetwork}: the same weights as an ONNX graph on ONNX Runtime, CPU). The {@link Predictor} and
 * so the tracker, evaluation, frame selection and previews only see this interface. Made by
 * {@link PoseNetworks#open}; not thread-safe; close it when done.
 */
public interface PoseNetwork extends AutoCloseable {

	/** The network's outputs for {@code count} frames, each (count, keypoints, height, width) row-major. */
	record Heatmaps(float[] hm, float[] locx, float[] locy, int count, int keypoints, int height, int width) {
	}

	int inChannels();

	int keypoints();

	/** The engine that runs (never {@link NetworkEngine#AUTO}). */
	NetworkEngine engine();

	/** Where it runs. */
	Device device();

	/**
	 * Eval-mode forward pass of {@code count} preprocessed frames ({@code count * inChannels * size * size} floats of
	 * {@code input}, from index 0): the heatmaps after the ReLU (not normalised) and the two offset maps.
	 */
	Heatmaps forward(float[] input, int count, int size);

	@Override
	void close();
}
