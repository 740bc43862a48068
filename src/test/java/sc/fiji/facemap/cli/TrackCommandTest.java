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

import ai.djl.ndarray.NDManager;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.testutil.TestData;

/** {@code facemap track} and {@code facemap keypoints} on the demo video with a small random model. */
class TrackCommandTest {

	@TempDir
	static Path tmp;
	static Path model;

	@BeforeAll
	static void makeModel() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 1)) {
			model = tmp.resolve("tiny");
			PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random", null).save(model);
		}
	}

	static String[] run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		StringWriter out = new StringWriter(), err = new StringWriter();
		cl.setOut(new PrintWriter(out));
		cl.setErr(new PrintWriter(err));
		int rc = cl.execute(args);
		return new String[] { Integer.toString(rc), out.toString(), err.toString() };
	}

	@Test
	void tracksAFrameRangeAndSummarises() throws Exception {
		Path out = tmp.resolve("out");
		String video = TestData.demoVideo().toString();
		String[] r = run("track", video, "--model", model.toString(), "--frames", "10:15", "--batch-size", "2", "--bbox", "30,430,100,701",
			"--out", out.toString(), "--csv", "--normalization", "batch");
		assertEquals("0", r[0], r[2]);
		Path h5 = out.resolve("sample_video_FacemapPose.h5");
		assertTrue(r[1].contains(h5.toString()), r[1]);
		Keypoints kp = PoseH5.read(h5);
		assertEquals(5, kp.frames());
		for (int i = 0; i < kp.xArray().length; i++) // random weights: only finite values and sigmoid likelihoods
			assertTrue(Float.isFinite(kp.xArray()[i]) && kp.likelihoodArray()[i] >= 0.5f && kp.likelihoodArray()[i] < 1f);
		assertTrue(Files.isRegularFile(out.resolve("sample_video_FacemapPose_metadata.pkl")));
		assertTrue(Files.readString(out.resolve("sample_video_FacemapPose.csv")).contains("\n10,"));

		r = run("keypoints", h5.toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("frames:    5") && r[1].contains("whisker(III)"), r[1]);
		Path csv = tmp.resolve("k.csv");
		r = run("keypoints", h5.toString(), "--csv", "--out", csv.toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(Files.readString(csv).startsWith("scorer"));
		// --out alone writes the CSV (it was ignored: the summary was printed instead), numbered from the run's
		// first frame (10), as the metadata beside the h5 says (it was numbered from 0)
		Path alone = tmp.resolve("alone.csv");
		r = run("keypoints", h5.toString(), "--out", alone.toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(Files.isRegularFile(alone), r[1]);
		assertTrue(Files.readString(alone).contains("\n10,") && !Files.readString(alone).contains("\n0,"), Files.readString(alone));
	}

	@Test
	void badInputsGiveClearErrorsAndNoOutput() throws Exception {
		Path out = tmp.resolve("bad");
		String video = TestData.demoVideo().toString();
		Path txt = tmp.resolve("model.txt");
		Files.writeString(txt, "not a model");
		String[] r = run("track", video, "--model", txt.toString(), "--out", out.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("model.txt") && r[2].contains("PyTorch"), r[2]);

		r = run("track", video, "--model", model.toString(), "--bbox", "0,500,0,100", "--out", out.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("sample_video.mp4") && r[2].contains("bounding box") && r[2].contains("800x480"), r[2]);

		Path broken = tmp.resolve("broken.mp4");
		Files.write(broken, new byte[] { 0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3 });
		r = run("track", broken.toString(), "--model", model.toString(), "--out", out.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("broken.mp4"), r[2]);

		r = run("track", video, "--model", model.toString(), "--frames", "5:2");
		assertEquals("1", r[0]);
		r = run("track", video, "--model", model.toString(), "--normalization", "global");
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("per-frame or batch"), r[2]);
		if (Files.exists(out)) try (Stream<Path> s = Files.list(out)) {
			assertFalse(s.anyMatch(p -> p.toString().endsWith(".h5")));
		}
	}
}
