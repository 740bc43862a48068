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
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.process.ByteProcessor;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.TrainingPreview;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/** A stack of random video frames with a model's predicted keypoints drawn on them (after Refine Model). */
public final class PredictionPreview {

	private PredictionPreview() {}

	public static ImagePlus open(PoseModel model, Path video, int n, Progress progress) {
		try (VideoSource v = VideoSources.open(video); NDManager m = NDManager.newBaseManager();
			FMnet net = model.createNetwork(m)) {
			int w = v.width(), h = v.height();
			ImageStack st = new ImageStack(w, h);
			Overlay o = new Overlay();
			Random rng = new Random(0);
			int count = Math.min(n, v.frameCount());
			int K = model.keypoints().size();
			for (int i = 0; i < count; i++) {
				progress.update(i, count, "Predicting preview frames");
				int f = rng.nextInt(v.frameCount());
				byte[] px = v.read(f);
				float[][] p = TrainingPreview.predict(net, w, h, px);
				st.addSlice("frame " + f, new ByteProcessor(w, h, px));
				for (int k = 0; k < K; k++) {
					OvalRoi r = new OvalRoi(p[0][k] - 3, p[1][k] - 3, 7, 7);
					r.setStrokeColor(new java.awt.Color(sc.fiji.facemap.pose.AnnotationSession.colorOf(k, K)));
					r.setPosition(i + 1);
					o.add(r);
				}
			}
			ImagePlus imp = new ImagePlus("Predictions of " + model.name(), st);
			imp.setOverlay(o);
			return imp;
		}
	}
}
