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
package sc.fiji.facemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;
import sc.fiji.facemap.pose.LabelSet;

/** facemap train / evaluate / select-frames end to end with a tiny network. */
class TrainingCliTest {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "../shared")).resolve("data");

	@TempDir
	Path tmp;

	final StringWriter out = new StringWriter(), err = new StringWriter();

	int run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	Path threeFrames() {
		Path src = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet s = LabelSet.read(src).subset(new int[] { 0, 50, 120 });
		Path f = tmp.resolve("three.csv");
		s.write(f, LabelSet.Format.SIMPLE_CSV);
		return f;
	}

	@Test
	void trainThenEvaluate() {
		Path labels = threeFrames();
		Path images = DATA.resolve("mouse-face-labeled");
		Path model = tmp.resolve("tiny");
		assertEquals(0, run("train", "--labels", labels.toString(), "--images", images.toString(), "--base", "none", "--channels", "4,8,8,8,8",
			"--epochs", "1", "--lr", "1e-3", "--validation", "0", "--out", model.toString()), err.toString());
		assertTrue(Files.exists(model.resolve("model.pt")) && Files.exists(model.resolve("model.json")));
		assertTrue(out.toString().contains("Model written to"), out.toString());
		out.getBuffer().setLength(0);
		assertEquals(0, run("evaluate", "--model", model.toString(), "--labels", labels.toString(), "--images",
			images.toString(), "--json"), err.toString());
		JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
		assertEquals(3, o.get("frames").getAsInt());
		JsonObject e = o.getAsJsonObject("error").getAsJsonObject("overall");
		assertEquals(36, e.get("count").getAsInt());
		assertEquals("mean_px", o.keySet().iterator().next(), "mean_px is the first key");
		assertEquals(e.get("mean").getAsDouble(), o.get("mean_px").getAsDouble(), 0);
		assertTrue(e.get("mean").getAsDouble() > 0);
		assertTrue(o.getAsJsonObject("constantGuess").getAsJsonObject("overall").get("mean").getAsDouble() > 0);
		assertTrue(o.get("constantGuessSource").getAsString().contains("metadata"));
		assertTrue(o.getAsJsonObject("error").getAsJsonObject("perKeypoint").has("eye top"));

		// a model is never replaced without being asked: refused before any training, then replaced with --overwrite
		err.getBuffer().setLength(0);
		out.getBuffer().setLength(0);
		String[] again = { "train", "--labels", labels.toString(), "--images", images.toString(), "--base", "none", "--channels", "4,8,8,8,8",
			"--epochs", "1", "--validation", "0", "--out", model.toString() };
		assertEquals(FacemapCli.EXIT_ERROR, run(again));
		assertTrue(err.toString().contains("holds a model already") && err.toString().contains("--overwrite"), err.toString());
		assertFalse(err.toString().contains("epoch") || out.toString().contains("Trained"), "refused before training: " + out);
		String[] overwrite = java.util.Arrays.copyOf(again, again.length + 1);
		overwrite[again.length] = "--overwrite";
		assertEquals(0, run(overwrite), err.toString());
		assertTrue(out.toString().contains("Model written to"), out.toString());

		// a label column that matches no keypoint of the model is named (it was left out silently)
		err.getBuffer().setLength(0);
		Path extra = tmp.resolve("extra.csv");
		java.util.List<String> rows = new java.util.ArrayList<>();
		java.util.List<String> src;
		try {
			src = Files.readAllLines(labels);
			for (int i = 0; i < src.size(); i++) rows.add(src.get(i) + (i == 0 ? ",tail x,tail y" : ",5,5"));
			Files.write(extra, rows);
		} catch (java.io.IOException x) {
			throw new java.io.UncheckedIOException(x);
		}
		// (the warnings are log lines of the job's progress, the same in every front end: read them from the core call)
		java.util.List<String> log = new java.util.ArrayList<>();
		sc.fiji.facemap.task.Progress logged = sc.fiji.facemap.task.Progress.logTo(log::add);
		sc.fiji.facemap.pose.PoseModel tiny = sc.fiji.facemap.pose.PoseModel.load(model);
		sc.fiji.facemap.pose.ModelTraining.evaluate(tiny, extra, images, sc.fiji.facemap.pose.EvaluationSettings.DEFAULTS, logged);
		assertTrue(String.join("\n", log).contains("extra.csv: label column [tail] matches no keypoint of model tiny"), log.toString());

		// weights without their model.json: the guessed keypoint names are said
		err.getBuffer().setLength(0);
		Path bare = tmp.resolve("bare.pt");
		try {
			Files.copy(model.resolve("model.pt"), bare);
		} catch (java.io.IOException x) {
			throw new java.io.UncheckedIOException(x);
		}
		sc.fiji.facemap.pose.PoseModel guessed = sc.fiji.facemap.pose.PoseModel.load(bare);
		assertTrue(guessed.warning().contains("bare.pt has no bare.json naming its keypoints") && guessed.warning().contains("keypoint1..keypoint12"), guessed.warning());
		assertEquals(null, tiny.warning());
		// here the generic names match no label: the refusal says why
		sc.fiji.facemap.FacemapException none = org.junit.jupiter.api.Assertions.assertThrows(sc.fiji.facemap.FacemapException.class,
			() -> sc.fiji.facemap.pose.ModelTraining.evaluate(guessed, labels, images, sc.fiji.facemap.pose.EvaluationSettings.DEFAULTS, logged));
		assertTrue(none.getMessage().contains("has no bare.json naming its keypoints"), none.getMessage());
	}

	@Test
	void trainRefusesAFileAsItsOutputBeforeTraining() throws Exception {
		Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
		assertEquals(FacemapCli.EXIT_ERROR, run("train", "--labels", threeFrames().toString(), "--images",
			DATA.resolve("mouse-face-labeled").toString(), "--base", "none", "--channels", "4,8,8,8,8", "--epochs", "1", "--out", file.toString()));
		assertTrue(err.toString().contains("not-a-folder") && err.toString().contains("is a file, not a model folder"), err.toString());
		assertFalse(out.toString().contains("Trained"), out.toString());
		assertEquals("x", Files.readString(file));
	}

	@Test
	void badLabelsGiveAClearError() throws Exception {
		Path bad = tmp.resolve("bad.csv");
		Files.writeString(bad, "image,nose x,nose y\nimg0051.png,1,zz\n");
		assertEquals(FacemapCli.EXIT_ERROR, run("evaluate", "--model", "x", "--labels", bad.toString()));
		assertTrue(err.toString().contains("not found") || err.toString().contains("zz"), err.toString());
		err.getBuffer().setLength(0);
		assertEquals(FacemapCli.EXIT_ERROR, run("train", "--labels", bad.toString(), "--out", tmp.resolve("m").toString()));
		assertTrue(err.toString().contains("bad.csv") && err.toString().contains("'zz' is not a number"), err.toString());
	}
}
