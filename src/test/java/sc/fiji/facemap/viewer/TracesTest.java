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
package sc.fiji.facemap.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.svd.ProcNpy;

/**
 * Issue 11 (plots): one axes per keypoint group, x and y in separate axes, never an all-NaN series, one colour per
 * keypoint name whatever the other keypoints; and the processing and neural rows of the Facemap window.
 */
class TracesTest {

	/** Facemap's 15 keypoints over 20 frames; nose(r), nosebridge and paw all NaN (as the bundled model writes). */
	static Keypoints facemap15() {
		Keypoints kp = new Keypoints(KeypointSet.facemap(), 20);
		for (int f = 0; f < 20; f++)
			for (int k = 0; k < 15; k++) {
				String n = KeypointSet.FACEMAP.get(k);
				if (n.equals("nose(r)") || n.equals("nosebridge") || n.equals("paw")) continue;
				kp.set(f, k, 100 + k + f, 300 + k, 0.9f);
			}
		return kp;
	}

	@Test
	void oneAxesPerGroupAndCoordinateWithoutAllNanSeries() {
		List<TraceRow> rows = Traces.keypointRows(facemap15(), 0, Traces.Coordinates.BOTH, k -> true);
		List<String> titles = new ArrayList<>();
		for (TraceRow r : rows) titles.add(r.title());
		assertEquals(List.of("eye x", "eye y", "nose x", "nose y", "whiskers x", "whiskers y", "mouth x", "mouth y"),
			titles, "the paw has no data: no paw rows");
		for (TraceRow r : rows) {
			assertEquals("px", r.unit());
			assertTrue(r.traces().size() <= 4, r.title() + " has at most a group's keypoints");
			for (Trace t : r.traces()) {
				assertTrue(t.hasData(), t.name());
				assertFalse(List.of("nose(r)", "nosebridge", "paw").contains(t.name()), "all-NaN " + t.name() + " listed");
				assertEquals(KeypointPalette.rgb(t.name()), t.rgb());
				assertTrue(KeypointPalette.luminance(t.rgb()) <= KeypointPalette.MAX_LUMINANCE, "readable on white");
			}
		}
		TraceRow eyeX = rows.get(0), eyeY = rows.get(1);
		assertEquals(101, eyeX.traces().get(1).at(0), 0f, "x values in the x axes");
		assertEquals(301, eyeY.traces().get(1).at(0), 0f, "y values in the y axes");
	}

	@Test
	void theColourOfAKeypointDoesNotDependOnTheOtherKeypoints() {
		Keypoints two = new Keypoints(new KeypointSet(List.of("whisker(I)", "eye(top)")), 5);
		for (int f = 0; f < 5; f++) {
			two.set(f, 0, 1, 2, 1);
			two.set(f, 1, 3, 4, 1);
		}
		int alone = Traces.keypointRows(two, 0, Traces.Coordinates.X, k -> true).get(0).traces().get(0).rgb();
		int inFifteen = -1;
		for (TraceRow r : Traces.keypointRows(facemap15(), 0, Traces.Coordinates.X, k -> true))
			for (Trace t : r.traces()) if (t.name().equals("eye(top)")) inFifteen = t.rgb();
		assertEquals(inFifteen, alone);
	}

	@Test
	void hiddenTracesAndCoordinatesAreLeftOut() {
		Keypoints kp = facemap15();
		List<TraceRow> x = Traces.keypointRows(kp, 0, Traces.Coordinates.X, k -> !KeypointSet.FACEMAP.get(k).startsWith(
			"eye"));
		assertEquals(List.of("nose x", "whiskers x", "mouth x"), x.stream().map(TraceRow::title).toList());
	}

	@Test
	void groups() {
		assertEquals(KeypointGroup.EYE, KeypointGroup.of("eye(back)"));
		assertEquals(KeypointGroup.NOSE, KeypointGroup.of("nosebridge"));
		assertEquals(KeypointGroup.WHISKERS, KeypointGroup.of("whisker(III)"));
		assertEquals(KeypointGroup.MOUTH, KeypointGroup.of("lowerlip"));
		assertEquals(KeypointGroup.PAW, KeypointGroup.of("paw"));
		assertEquals(KeypointGroup.OTHER, KeypointGroup.of("tail"));
	}

	@Test
	void processingRows() {
		Map<String, Object> d = new HashMap<>();
		int n = 30;
		float[] svd = new float[n * 4];
		for (int i = 0; i < svd.length; i++) svd[i] = i;
		d.put("motSVD", List.of(Tensor.ofFloats(new long[] { n, 4 }, svd)));
		d.put("motion", List.of(Tensor.ofFloats(new long[] { n }, new float[n])));
		Map<String, Object> pupil = new HashMap<>();
		double[] area = new double[n];
		java.util.Arrays.fill(area, 12.5);
		pupil.put("area", Tensor.ofDoubles(new long[] { n }, area));
		d.put("pupil", List.of(pupil));
		double[] run = new double[2 * n];
		run[2 * 3] = 1.5;
		run[2 * 3 + 1] = -2;
		d.put("running", List.of(Tensor.ofDoubles(new long[] { n, 2 }, run)));
		List<TraceRow> rows = Traces.procRows(new ProcNpy.Contents(Path.of("x_proc.npy"), d));
		assertEquals(List.of("motion SVD", "motion energy", "pupil", "running"), rows.stream().map(TraceRow::title)
			.toList());
		assertEquals(Traces.SVD_COMPONENTS, rows.get(0).traces().size());
		assertEquals(4 * 5 + 1, rows.get(0).traces().get(1).at(5), 0f, "component 2 of frame 5");
		assertEquals(12.5, rows.get(2).traces().get(0).at(7), 1e-6);
		assertEquals("px²", rows.get(2).unit());
		assertEquals(1.5, rows.get(3).traces().get(0).at(3), 1e-6, "dy");
		assertEquals(-2, rows.get(3).traces().get(1).at(3), 1e-6, "dx");
	}

	@Test
	void neuralPredictionsArePlacedOnVideoFrames() {
		Map<String, Object> d = new HashMap<>();
		// 2 neurons x 5 samples spanning frames 0..40
		d.put("predictions", Tensor.ofFloats(new long[] { 2, 5 }, new float[] { 0, 1, 2, 3, 4, 2, 3, 4, 5, 6 }));
		d.put("plot_extent", Tensor.ofLongs("int64", new long[] { 4 }, new long[] { 0, 0, 40, 2 }));
		List<TraceRow> rows = Traces.neuralRows(d);
		Trace t = rows.get(0).traces().get(0);
		assertEquals(41, t.values().length);
		assertEquals(1, t.at(0), 1e-6, "mean of sample 0");
		assertEquals(3, t.at(20), 1e-6, "frame 20 = sample 2");
		assertEquals(5, t.at(40), 1e-6);
	}

	@Test
	void resultsBesideTheVideoLoadWithTheirFirstFrameAndFaceBox(@TempDir Path dir) throws Exception {
		Path video = dir.resolve("clip.mp4");
		java.nio.file.Files.writeString(video, "not read");
		assertEquals(null, Results.beside(video).keypoints(), "nothing beside it yet");
		Keypoints kp = facemap15();
		PoseH5.write(dir.resolve("clip_FacemapPose.h5"), kp);
		PoseMetadata m = new PoseMetadata();
		m.batchSize = 1;
		m.ly.add(480);
		m.lx.add(800);
		m.totalFrames = 20;
		m.bodyparts.addAll(KeypointSet.FACEMAP);
		m.bbox = new int[] { 10, 110, 20, 220 };
		m.extra().put("first_frame", 300L);
		m.write(dir.resolve("clip_FacemapPose_metadata.pkl"));
		java.nio.file.Files.writeString(dir.resolve("clip_proc.npy"), "garbage");
		List<String> problems = new ArrayList<>();
		Results r = Results.beside(video, problems);
		assertEquals(20, r.keypoints().frames());
		assertEquals(300, r.firstFrame());
		assertEquals(1, problems.size(), "the unreadable _proc.npy is reported");
		assertTrue(problems.get(0).contains("clip_proc.npy"), problems.get(0));
		Results.Region face = r.regions().get(0);
		assertEquals(new Results.Region("face box", 20, 10, 200, 100, false), face);
		assertEquals(301, Traces.rows(r, Traces.Coordinates.X, k -> true).get(0).traces().get(0).firstFrame() + 1);
	}
}
