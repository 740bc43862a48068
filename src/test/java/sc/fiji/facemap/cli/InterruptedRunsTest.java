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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModelTestAccess;
import sc.fiji.facemap.testutil.CliProcess;
import sc.fiji.facemap.testutil.TempFiles;
import sc.fiji.facemap.testutil.TestData;

/**
 * Interrupted tracking runs in a child process: Ctrl-C saves a checkpoint and says how to resume; kill -9 at
 * random moments never leaves a mismatched or half-written result, and resuming gives the uninterrupted result.
 */
class InterruptedRunsTest {

	@TempDir
	static Path tmp;
	static Path model;
	static final String FRAMES = "0:64";

	@BeforeAll
	static void tinyModel() {
		model = tmp.resolve("tiny");
		PoseModel.of("tiny", PoseModelTestAccess.randomWeights(15, 3), KeypointSet.facemap(), "test", "random", null).save(model);
	}

	static String[] track(Path out, String... extra) {
		String[] base = { "track", TestData.demoVideo().toString(), "--model", model.toString(), "--frames", FRAMES, "--batch-size", "4",
			"--checkpoint-every", "8", "--out", out.toString() };
		String[] all = new String[base.length + extra.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(extra, 0, all, base.length, extra.length);
		return all;
	}

	static int run(Path dir, String... args) throws Exception {
		Process p = CliProcess.start(dir.resolve("out.txt"), dir.resolve("err.txt"), args);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		return p.exitValue();
	}

	@Test
	void ctrlCSavesACheckpointSaysHowToResumeAndResumeFinishes() throws Exception {
		Path out = tmp.resolve("sigint");
		Files.createDirectories(out);
		Path reference = tmp.resolve("sigint-ref");
		Files.createDirectories(reference);
		assertEquals(0, run(reference, track(reference)));
		Path h5 = OutputLayout.of(TestData.demoVideo(), out).poseH5();
		Process p = CliProcess.start(out.resolve("out.txt"), out.resolve("err.txt"), track(out));
		// wait until the first checkpoint exists, then press Ctrl-C
		Path partial = OutputLayout.partial(h5, ".npy");
		long t0 = System.nanoTime();
		while (!Files.exists(partial) && p.isAlive() && System.nanoTime() - t0 < 120e9)
			Thread.sleep(20);
		CliProcess.signal(p, "INT");
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		String err = Files.readString(out.resolve("err.txt"));
		if (p.exitValue() == 0) return; // finished before the signal arrived (nothing to check)
		assertEquals(130, p.exitValue(), err);
		assertTrue(err.contains("interrupted") && err.contains("--resume") && err.contains("saved in"), err);
		assertFalse(Files.exists(h5));
		assertTrue(Files.exists(partial));
		assertEquals(0, run(out, track(out, "--resume")), Files.readString(out.resolve("err.txt")));
		assertTrue(Files.readString(out.resolve("err.txt")).contains("Resuming"));
		assertSame(PoseH5.read(OutputLayout.of(TestData.demoVideo(), reference).poseH5()), PoseH5.read(h5));
		assertFalse(Files.exists(partial));
	}

	@Test
	void killMinus9AtRandomMomentsThenResumeAlwaysGivesTheUninterruptedResult() throws Exception {
		Path reference = tmp.resolve("kill-ref");
		Files.createDirectories(reference);
		long t0 = System.nanoTime();
		assertEquals(0, run(reference, track(reference, "--csv")));
		double seconds = (System.nanoTime() - t0) / 1e9;
		Keypoints expect = PoseH5.read(OutputLayout.of(TestData.demoVideo(), reference).poseH5());
		Random random = new Random(20261202);
		int moments = 20;
		for (int i = 0; i < moments; i++) {
			Path out = tmp.resolve("kill-" + i);
			Files.createDirectories(out);
			long at = (long) (1000 * seconds * (0.2 + 0.8 * random.nextDouble()));
			Process p = CliProcess.start(out.resolve("out.txt"), out.resolve("err.txt"), track(out, "--csv"));
			boolean ended = p.waitFor(at, TimeUnit.MILLISECONDS);
			if (!ended) {
				CliProcess.signal(p, "KILL");
				p.waitFor();
			}
			Path h5 = OutputLayout.of(TestData.demoVideo(), out).poseH5();
			Path meta = OutputLayout.of(TestData.demoVideo(), out).poseMetadata();
			Path csv = OutputLayout.of(TestData.demoVideo(), out).poseCsv();
			// never a mismatched set of outputs: all three or none
			assertEquals(Files.exists(h5), Files.exists(meta), "moment " + i + " (" + at + " ms)");
			assertEquals(Files.exists(h5), Files.exists(csv), "moment " + i + " (" + at + " ms)");
			if (Files.exists(h5)) assertSame(expect, PoseH5.read(h5));
			assertEquals(0, run(out, track(out, "--csv", "--resume")), "moment " + i + ": " + Files.readString(out.resolve("err.txt")));
			assertSame(expect, PoseH5.read(h5));
			assertTrue(Files.exists(meta) && Files.exists(csv));
			TempFiles.assertNoneIn(out);
			assertFalse(Files.exists(OutputLayout.partial(h5, ".npy")));
		}
	}

	static void assertSame(Keypoints a, Keypoints b) {
		assertEquals(a.frames(), b.frames());
		assertArrayEquals(a.xArray(), b.xArray());
		assertArrayEquals(a.yArray(), b.yArray());
		assertArrayEquals(a.likelihoodArray(), b.likelihoodArray());
	}

}
