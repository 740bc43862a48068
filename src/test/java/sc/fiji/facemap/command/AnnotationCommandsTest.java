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
package sc.fiji.facemap.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import sc.fiji.facemap.pose.AnnotationSession;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;
import sc.fiji.facemap.pose.PoseModel;

/**
 * Annotate Keypoints and Refine Model run headless on real frames, beyond the run-every-command check: model
 * predictions as starting points (not written as labels), a new label file from a folder of frames, the refined
 * model's error table and its preview on the frames that have no labels.
 */
class AnnotationCommandsTest {

	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context();
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	private static <C extends org.scijava.command.Command> Object run(Class<C> command, Map<String, Object> inputs) throws Exception {
		CommandModule m = context.service(CommandService.class).run(command, true, inputs).get();
		return m.getDelegateObject();
	}

	@Test
	void annotateAFolderWithModelStartingPoints() throws Exception {
		Path dir = AnnotationCommandCases.temp("annotate");
		Path frames = Files.createDirectories(dir.resolve("frames"));
		for (String n : new String[] { "img0051.png", "img0067.png", "img0076.png" })
			Files.copy(AnnotationCommandCases.labeledData().resolve(n), frames.resolve(n));
		Path csv = dir.resolve("labels/mine.csv");
		AnnotateKeypointsCommand c = (AnnotateKeypointsCommand) run(AnnotateKeypointsCommand.class, Map.of("images",
			frames.toFile(), "labels", csv.toFile(), "model", AnnotationCommandCases.tinyModel(dir).toString(),
			"keypoints", ""));
		AnnotationSession s = c.getSession();
		assertEquals(3, s.frameCount());
		assertEquals(0, s.frame());
		for (int k = 0; k < 15; k++) assertTrue(s.isSuggested(0, k), "predictions shown on unlabelled frames");
		LabelSet l = LabelSet.read(csv);
		assertEquals(KeypointSet.FACEMAP, l.keypointSet().names(), "the model's keypoints");
		assertEquals(3, l.size());
		for (int i = 0; i < 3; i++)
			for (int k = 0; k < 15; k++) assertTrue(l.isMissing(i, k), "predictions are not labels until confirmed");
		assertTrue(Files.isRegularFile(s.sessionFile()));
	}

	@Test
	void refineShowsErrorsAndPredictsTheUnlabelledFrames() throws Exception {
		Path dir = AnnotationCommandCases.temp("refine");
		Path frames = Files.createDirectories(dir.resolve("frames"));
		// 3 labelled frames in two batches (the second held out: 2 steps = one epoch), 2 frames without labels
		Path csv = AnnotationCommandCases.labelledFolder(frames, new int[] { 0, 1, 19 }, new int[] { 3, 4 });
		Path out = dir.resolve("models/refined_test");
		RefineModelCommand c = (RefineModelCommand) run(RefineModelCommand.class, Map.ofEntries(Map.entry("labels",
			csv.toFile()), Map.entry("base", AnnotationCommandCases.tinyModel(dir).toString()), Map.entry("epochs", 1),
			Map.entry("steps", 2L), Map.entry("output", out.toFile()), Map.entry("preview_frames", 5), Map.entry(
				"validation", 0.2), Map.entry("batch_size", 1), Map.entry("learning_rate", 1e-4), Map.entry("seed", 0L),
			Map.entry("channels", "16,32,64,128,200")));
		PoseModel m = PoseModel.load(out);
		assertEquals(12, m.keypoints().size(), "the 12 labelled keypoints (new heads on the base trunk)");
		JsonObject j = JsonParser.parseString(Files.readString(out.resolve("model.json"))).getAsJsonObject();
		assertEquals(2, j.getAsJsonObject("training").get("steps").getAsInt());
		assertEquals(1, j.getAsJsonObject("validation").get("frames").getAsInt());

		ResultsTable t = c.getTable();
		assertEquals(13, t.size(), "12 keypoints and ALL");
		assertEquals("ALL", t.getStringValue("keypoint", 12));
		double mean = t.getValue("mean error", 12), guess = t.getValue("constant guess mean", 12);
		assertTrue(mean > 0 && Double.isFinite(mean), "model error " + mean);
		assertTrue(guess > 0 && Double.isFinite(guess), "constant guess " + guess);
		assertEquals(c.getOutcome().validation.overall.mean, mean, 1e-9);

		ImagePlus preview = c.getPreviewImage();
		assertNotNull(preview);
		assertEquals(2, preview.getStackSize(), "only the two frames without labels");
		LabelSet all = LabelSet.read(AnnotationCommandCases.labeledData().resolve("labels.csv"));
		assertEquals(all.imagePath(3), preview.getStack().getSliceLabel(1));
		assertEquals(all.imagePath(4), preview.getStack().getSliceLabel(2));
		// a named point per keypoint and frame that the model placed (new heads after 2 steps may see a keypoint
		// nowhere: an empty heatmap is NaN and not drawn)
		sc.fiji.facemap.pose.RefinementPreview again = sc.fiji.facemap.pose.RefinementPreview.of(c.getOutcome().model, csv,
			frames, 5, 0, sc.fiji.facemap.task.Progress.NONE);
		int placed = 0;
		for (float[] row : again.x)
			for (float v : row) if (!Float.isNaN(v)) placed++;
		assertTrue(placed > 0, "some keypoints placed");
		assertEquals(placed, preview.getOverlay().size() / 2, "a named point per placed keypoint and frame");
		assertTrue(c.getOutcome().trainFrames == 2);
	}

	/** Issue 11: frames chosen with a model open for annotation with its predictions pre-placed. */
	@org.junit.jupiter.api.Test
	void suggestedFramesOpenWithThePredictionsPlaced() throws Exception {
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("facemap-suggest-model").resolve("frames");
		sc.fiji.facemap.pose.PoseModel m = sc.fiji.facemap.pose.PoseModels.find(AllCommandsHeadlessTest.tinyPoseModel()
			.toString());
		sc.fiji.facemap.pose.FrameSelectionSettings o = sc.fiji.facemap.pose.FrameSelectionSettings.DEFAULTS.<sc.fiji.facemap.pose.FrameSelectionSettings>with(
			"n", 2).with("pool", 4);
		java.nio.file.Path labels;
		try (sc.fiji.facemap.video.VideoSource v = sc.fiji.facemap.video.VideoSources.open(sc.fiji.facemap.testutil.TestData.demoVideo())) {
			java.util.List<sc.fiji.facemap.pose.FrameSelection.Pick> picks = sc.fiji.facemap.pose.FrameSelection.select(v,
				m, o, sc.fiji.facemap.task.Progress.NONE);
			labels = sc.fiji.facemap.pose.FrameSelection.write(v, picks, m.keypoints(), dir,
				sc.fiji.facemap.task.Progress.NONE);
		}
		sc.fiji.facemap.pose.AnnotationSession s = SuggestFramesCommand.annotationSession(dir, labels, m,
			sc.fiji.facemap.task.Progress.NONE);
		int suggested = 0;
		for (int f = 0; f < s.frameCount(); f++)
			for (int k = 0; k < s.keypointCount(); k++) if (s.isSuggested(f, k)) suggested++;
		org.junit.jupiter.api.Assertions.assertTrue(suggested > 0, "predictions pre-placed");
	}
}
