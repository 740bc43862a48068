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
package sc.fiji.facemap.ui;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.process.ByteProcessor;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.VideoPreview;
import sc.fiji.facemap.task.Progress;

/**
 * A stack of random video frames with a model's predicted keypoints drawn on them (after Refine Model). The
 * prediction is {@link VideoPreview} in {@code pose}; this class only draws it.
 */
public final class PredictionPreview {

	private PredictionPreview() {}

	/** Predicts {@code n} random frames (seed 0) of {@code video} with {@code model} and draws them; not shown. */
	public static ImagePlus open(PoseModel model, Path video, int n, Progress progress) {
		return image(VideoPreview.of(model, video, n, 0, progress), "Predictions of " + model.name());
	}

	/** The preview's frames as a stack, one circle per predicted keypoint on its slice, in the keypoint's colour. */
	public static ImagePlus image(VideoPreview p, String title) {
		ImageStack st = new ImageStack(p.width, p.height);
		Overlay o = new Overlay();
		Keypoints kp = p.keypoints;
		for (int i = 0; i < p.frames.length; i++) {
			st.addSlice("frame " + p.frames[i], new ByteProcessor(p.width, p.height, p.pixels.get(i)));
			for (int k = 0; k < kp.keypoints(); k++) {
				OvalRoi r = new OvalRoi(kp.x(i, k) - 3, kp.y(i, k) - 3, 7, 7);
				r.setStrokeColor(KeypointViews.color(kp.keypointSet().name(k)));
				r.setName(kp.keypointSet().name(k));
				r.setPosition(i + 1);
				o.add(r);
			}
		}
		ImagePlus imp = new ImagePlus(title, st);
		imp.setOverlay(o);
		return imp;
	}
}
