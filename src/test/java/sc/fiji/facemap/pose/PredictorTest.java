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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.SyntheticVideo;

/** One inference path: the tracker, evaluation, previews and frame selection give a frame the same keypoints. */
class PredictorTest {

	static PoseModel model;

	@TempDir
	Path tmp;

	@BeforeAll
	static void makeModel() {
		model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 21), null, null, null, null);
	}

	@Test
	void trackerEvaluationPreviewAndFrameSelectionAgree() throws Exception {
		SyntheticVideo v = new SyntheticVideo(96, 72, 5, 3);
		Keypoints tracked = new PoseTracker(model, TrackingSettings.DEFAULTS.with("batch_size", 2)).track(v, Progress.NONE).keypoints;

		// evaluation: the frames as labelled PNG images, predicted through a TrainingSet
		LabelSet labels = new LabelSet(model.keypoints());
		for (int f = 0; f < 5; f++) {
			Path png = tmp.resolve("img" + f + ".png");
			GrayImage.ofBytes(v.w, v.h, v.frames[f]).writePng(png);
			labels.addImage(png.toString());
		}
		TrainingSet set = TrainingSet.load(labels, new int[] { 0, 1, 2, 3, 4 }, null, null, true, Progress.NONE);
		float[][][] eval;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = model.createNetwork(m)) {
			eval = Evaluation.predict(net, set);
			for (int f = 0; f < 5; f++) {
				float[][] preview = TrainingPreview.predict(net, v.w, v.h, v.frames[f]);
				for (int k = 0; k < 15; k++) {
					assertEquals(tracked.x(f, k), eval[0][f][k], 1e-3f, "evaluation x, frame " + f + " keypoint " + k);
					assertEquals(tracked.y(f, k), eval[1][f][k], 1e-3f, "evaluation y");
					assertEquals(tracked.likelihood(f, k), eval[2][f][k], 1e-5f, "evaluation likelihood");
					assertEquals(tracked.x(f, k), preview[0][k], 1e-3f, "preview x");
					assertEquals(tracked.y(f, k), preview[1][k], 1e-3f, "preview y");
				}
			}
		}
		try (Predictor p = Predictor.open(model, Device.CPU, Normalization.PER_FRAME, Progress.NONE)) {
			for (int f = 0; f < 5; f++) {
				double mean = 0;
				for (int k = 0; k < 15; k++) mean += tracked.likelihood(f, k);
				assertEquals(mean / 15, FrameSelection.meanLikelihood(p, v.w, v.h, v.frames[f]), 1e-5, "frame selection's score, frame " + f);
			}
			// images of different sizes in one call: each group gets its own geometry
			List<GrayImage> mixed = new ArrayList<>();
			mixed.add(GrayImage.ofBytes(v.w, v.h, v.frames[0]));
			SyntheticVideo small = new SyntheticVideo(64, 48, 1, 9);
			mixed.add(GrayImage.ofBytes(small.w, small.h, small.frames[0]));
			mixed.add(GrayImage.ofBytes(v.w, v.h, v.frames[4]));
			Keypoints kp = p.predict(mixed, null, 8);
			float[][] alone = p.predict(small.w, small.h, small.frames[0]);
			for (int k = 0; k < 15; k++) {
				assertEquals(tracked.x(0, k), kp.x(0, k), 1e-3f);
				assertEquals(alone[0][k], kp.x(1, k), 1e-3f);
				assertEquals(tracked.y(4, k), kp.y(2, k), 1e-3f);
			}
		}
		assertEquals(5, Files.list(tmp).count());
	}

	@Test
	void aTrainingSetKeepsItsFramesForEvaluation() throws Exception {
		SyntheticVideo v = new SyntheticVideo(40, 30, 1, 2);
		Path png = tmp.resolve("a.png");
		GrayImage.ofBytes(v.w, v.h, v.frames[0]).writePng(png);
		LabelSet labels = new LabelSet(model.keypoints());
		labels.addImage(png.toString());
		TrainingSet train = TrainingSet.load(labels, new int[] { 0 }, null, null, false, Progress.NONE);
		TrainingSet eval = TrainingSet.load(labels, new int[] { 0 }, null, null, true, Progress.NONE);
		assertEquals(256 * 256, train.item(0).image.length);
		assertEquals(v.w, train.frame(0).width());
		assertEquals(v.frames[0][7] & 0xff, (int) eval.frame(0).get(7, 0));
		assertThrows(IllegalStateException.class, () -> eval.item(0));
	}
}
