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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import sc.fiji.facemap.pose.Evaluation;
import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.RefinementPreview;
import sc.fiji.facemap.pose.TrainingSet;
import sc.fiji.facemap.task.Progress;

/** Refine Model's views: the unlabelled-frame preview (real predictions of a tiny model) and the error table. */
class RefinementViewsTest {

	@TempDir
	Path dir;

	private static final KeypointSet AB = new KeypointSet(List.of("a", "b"));

	private Path setUp() throws Exception {
		Random r = new Random(11);
		for (int i = 1; i <= 4; i++) {
			byte[] px = new byte[40 * 30];
			r.nextBytes(px);
			GrayImage.ofBytes(40, 30, px).writePng(dir.resolve("img" + i + ".png"));
		}
		Files.writeString(dir.resolve("notes.txt"), "not an image");
		LabelSet l = new LabelSet(AB);
		l.addImage("img1.png");
		l.set(0, 0, 10, 12);
		l.set(0, 1, 20, 5);
		l.addImage("img2.png"); // listed but not labelled yet
		l.addImage("img3.png");
		l.set(2, 1, 30, 25);
		Path csv = dir.resolve("labels.csv");
		l.write(csv);
		return csv;
	}

	@Test
	void previewPredictsOnlyUnlabelledFrames() throws Exception {
		Path csv = setUp();
		List<String> names = new ArrayList<>();
		for (Path p : RefinementPreview.unlabelledImages(csv, dir)) names.add(p.getFileName().toString());
		assertEquals(List.of("img2.png", "img4.png"), names);

		PoseModel model;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 2, 9)) {
			model = PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), AB, "test", "random", null);
		}
		RefinementPreview p = RefinementPreview.of(model, csv, dir, 5, 1, Progress.NONE);
		assertEquals(2, p.files.size());
		for (int i = 0; i < 2; i++)
			for (int k = 0; k < 2; k++) {
				// the 40x30 frame is padded to 40x40 (5 rows above): predictions fall in the padded square
				assertTrue(p.x[i][k] >= -1 && p.x[i][k] <= 41, "x " + p.x[i][k]);
				assertTrue(p.y[i][k] >= -6 && p.y[i][k] <= 36, "y " + p.y[i][k]);
				assertTrue(p.likelihood[i][k] >= 0 && p.likelihood[i][k] <= 1, "likelihood " + p.likelihood[i][k]);
			}
		ImagePlus imp = RefinementViews.previewImage(p, "tiny");
		assertEquals(2, imp.getStackSize());
		int dots = 0;
		for (Roi roi : imp.getOverlay().toArray())
			if (roi instanceof OvalRoi) {
				dots++;
				int slice = roi.getPosition();
				int k = AB.indexOf(roi.getName());
				java.awt.geom.Rectangle2D.Double b = roi.getFloatBounds();
				assertEquals(p.x[slice - 1][k], b.x + b.width / 2, 0.5);
				assertEquals(p.y[slice - 1][k], b.y + b.height / 2, 0.5);
			}
		assertEquals(4, dots, "one point per keypoint and frame, each on its slice");
		assertEquals(1, RefinementPreview.of(model, csv, dir, 1, 1, Progress.NONE).files.size());
		assertNull(RefinementViews.previewImage(RefinementPreview.of(model, csv, dir, 0, 1, Progress.NONE), "x"));
	}

	@Test
	void errorTableHasTheModelBesideTheConstantGuess() throws Exception {
		Path csv = setUp();
		LabelSet l = LabelSet.read(csv);
		TrainingSet set = TrainingSet.load(l, new int[] { 0, 2 }, dir, csv, true, Progress.NONE);
		float[][] px = new float[2][2], py = new float[2][2];
		for (int f = 0; f < 2; f++)
			for (int k = 0; k < 2; k++) {
				px[f][k] = set.frameX(f)[k] + 3;
				py[f][k] = set.frameY(f)[k] + 4;
			}
		ModelTraining.Outcome o = new ModelTraining.Outcome();
		o.validation = Evaluation.compare(set, px, py);
		o.constantGuess = Evaluation.constantGuess(new float[][] { { 0, 0 }, { 0, 0 } }, set);
		ResultsTable t = RefinementViews.errorTable(o);
		assertEquals(3, t.size());
		assertEquals("a", t.getStringValue("keypoint", 0));
		assertEquals("ALL", t.getStringValue("keypoint", 2));
		assertEquals(5, t.getValue("mean error", 2), 1e-4);
		assertEquals(3, t.getValue("points", 2), 1e-9, "three labelled points");
		assertEquals(Math.hypot(10, 12), t.getValue("constant guess mean", 0), 1e-4, "a: one point at (10,12)");

		ModelTraining.Outcome none = new ModelTraining.Outcome();
		none.trainFrames = 2;
		ResultsTable t2 = RefinementViews.errorTable(none);
		assertEquals(1, t2.size());
		assertTrue(t2.getStringValue("note", 0).contains("no validation frames"));
	}
}
