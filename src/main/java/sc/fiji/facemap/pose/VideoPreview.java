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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * A model's predictions on a few frames of a video drawn at random with a seed (shown after Refine Model): the frames'
 * pixels and one row of {@link Keypoints} per frame. UI-free; the views only draw it.
 */
public final class VideoPreview {

	/** The video frames predicted (0-based, in the order drawn). */
	public final int[] frames;
	/** Their 8-bit gray pixels, width x height each. */
	public final List<byte[]> pixels;
	public final int width, height;
	/** Row i = the prediction on {@code frames[i]}, in full-frame pixels, with the likelihoods. */
	public final Keypoints keypoints;

	private VideoPreview(int[] frames, List<byte[]> pixels, int width, int height, Keypoints keypoints) {
		this.frames = frames;
		this.pixels = Collections.unmodifiableList(pixels);
		this.width = width;
		this.height = height;
		this.keypoints = keypoints;
	}

	/** Predicts up to {@code n} frames of {@code video} drawn at random with {@code seed}. */
	public static VideoPreview of(PoseModel model, Path video, int n, long seed, Progress progress) {
		try (VideoSource v = VideoSources.open(video); NDManager m = NDManager.newBaseManager();
			FMnet net = model.createNetwork(m)) {
			int w = v.width(), h = v.height();
			Random rng = new Random(seed);
			int count = Math.max(0, Math.min(n, v.frameCount()));
			int K = model.keypoints().size();
			int[] frames = new int[count];
			List<byte[]> pixels = new ArrayList<>(count);
			Keypoints kp = new Keypoints(model.keypoints(), count);
			for (int i = 0; i < count; i++) {
				progress.checkCanceled();
				progress.update(i, count, "Predicting preview frames");
				frames[i] = rng.nextInt(v.frameCount());
				byte[] px = v.read(frames[i]);
				pixels.add(px);
				float[][] p = TrainingPreview.predict(net, w, h, px);
				for (int k = 0; k < K; k++) kp.set(i, k, p[0][k], p[1][k], p[2][k]);
			}
			progress.update(count, count, "Predicting preview frames");
			return new VideoPreview(frames, pixels, w, h, kp);
		}
	}
}
