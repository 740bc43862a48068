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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.BatchStatus;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.TestData;

/**
 * The batch on a real one-node SLURM cluster (started here with {@code scripts/ci/slurm-single-node} when none
 * answers and we are root; {@code .ci/run} starts it for CI): the demo video in 4 chunks plus two short videos and a
 * corrupt one as one job array; one chunk canceled with {@code scancel} mid-way and finished by {@code batch retry};
 * the merged h5 equal to a single {@code facemap track} run with the same libtorch thread count, bit for bit; the
 * corrupt video failing only its task, with its message in {@code batch status}.
 */
class SlurmBatchTest {

	private static boolean startedHere;

	@BeforeAll
	static void cluster() throws Exception {
		assumeTrue(onPath("sbatch"), "SLURM (sbatch) is not installed on this machine: SlurmBatchTest is skipped. .ci/run installs and starts a one-node cluster "
			+ "(scripts/ci/slurm-single-node start, as root).");
		if (!answers()) {
			Path script = Paths.get("scripts/ci/slurm-single-node");
			assumeTrue(Files.isExecutable(script) && "root".equals(System.getProperty("user.name")),
				"sbatch is installed but no SLURM controller answers, and only root can start one here (scripts/ci/slurm-single-node start)");
			assertEquals(0, new ProcessBuilder(script.toString(), "start").inheritIO().start().waitFor(), "starting the one-node SLURM cluster");
			startedHere = true;
		}
		assertTrue(answers(), "the SLURM controller does not answer (sinfo)");
	}

	@AfterAll
	static void stop() throws Exception {
		if (startedHere) new ProcessBuilder("scripts/ci/slurm-single-node", "stop").inheritIO().start().waitFor();
	}

	private static boolean onPath(String cmd) {
		for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			if (Files.isExecutable(Paths.get(d, cmd))) return true;
		return false;
	}

	private static boolean answers() throws IOException, InterruptedException {
		Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
		String o = new String(p.getInputStream().readAllBytes());
		return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && (o.contains("idle") || o.contains("mixed") || o.contains("alloc"));
	}

	private StringWriter out, err;

	private int run(String... args) {
		out = new StringWriter();
		err = new StringWriter();
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	private static String classpath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	@Test
	void jobArrayWithCancelAndRetryEqualsASingleRun(@TempDir Path tmp) throws Exception {
		long t0 = System.nanoTime();
		System.setProperty("facemap.batch.classpath", classpath());
		try {
			Path a = sc.fiji.facemap.batch.BatchFixturesAccess.shortTiff(tmp.resolve("short_a.tif"), 100, 40);
			Path b = sc.fiji.facemap.batch.BatchFixturesAccess.shortTiff(tmp.resolve("short_b.tif"), 300, 24);
			Path corrupt = sc.fiji.facemap.batch.BatchFixturesAccess.corruptVideo(tmp.resolve("corrupt.mp4"));
			Path dir = tmp.resolve("run");
			assertEquals(0, run("batch", "plan", "--videos", TestData.demoVideo().toString(), a.toString(), b.toString(), corrupt.toString(), "--steps", "track",
				"--chunk-frames", "188", "--batch-size", "8", "--checkpoint-every", "32", "--out", dir.toString()), err.toString());
			assertTrue(out.toString().contains("Planned 7 tasks for 4 recordings (1 split into chunks)"), out.toString());

			assertEquals(0, run("batch", "run", dir.toString(), "--executor", "slurm", "--cpus-per-task", "1", "--max-parallel", "2", "--java-options", "-Xmx1g"),
				err.toString());
			Matcher m = Pattern.compile("Submitted batch job (\\d+)").matcher(out.toString());
			assertTrue(m.find(), out.toString());
			String job = m.group(1);
			assertTrue(Files.readString(dir.resolve("slurm/array.sh")).contains("#SBATCH --cpus-per-task=1"));

			// cancel chunk 2 (task 1) once it has saved a checkpoint
			Path cp = dir.resolve("sample_video/.sample_video_FacemapPose_part0000192-0000384.partial.json");
			long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
			while (!Files.exists(cp) && System.nanoTime() < until)
				Thread.sleep(200);
			assertTrue(Files.exists(cp), "task 1 saved no checkpoint; its log: " + readOr(dir.resolve("logs/0001.log")));
			Process sc = new ProcessBuilder("scancel", job + "_1").redirectErrorStream(true).start();
			assertEquals(0, sc.waitFor(), new String(sc.getInputStream().readAllBytes()));

			assertEquals(FacemapCli.EXIT_ERROR, run("batch", "status", dir.toString(), "--wait"), "status --wait fails while tasks failed: " + out);
			String table = out.toString();
			List<BatchStatus.Row> rows = BatchStatus.of(BatchRun.open(dir));
			assertEquals(BatchStatus.State.FAILED, rows.get(1).state(), table);
			assertTrue(rows.get(1).message().contains("interrupted") || rows.get(1).message().contains("CANCELLED"), table);
			assertEquals(BatchStatus.State.FAILED, rows.get(6).state(), table);
			assertTrue(rows.get(6).message().contains("corrupt.mp4") && table.contains(rows.get(6).message()), table);
			for (int i : new int[] { 0, 2, 3, 4, 5 })
				assertEquals(BatchStatus.State.DONE, rows.get(i).state(), table);
			assertTrue(!Files.exists(dir.resolve("sample_video/sample_video_FacemapPose.h5")), "no merge while a chunk is missing");

			assertEquals(0, run("batch", "retry", dir.toString()), err.toString());
			assertTrue(out.toString().contains("Retrying 2 tasks: 1,6") && out.toString().contains("Submitted batch job"), out.toString());
			assertEquals(FacemapCli.EXIT_ERROR, run("batch", "status", dir.toString(), "--wait"));
			rows = BatchStatus.of(BatchRun.open(dir));
			for (int i = 0; i < 6; i++)
				assertEquals(BatchStatus.State.DONE, rows.get(i).state(), out.toString());
			assertTrue(rows.get(1).message().contains("resumed after"), rows.get(1).message());
			assertTrue(rows.get(3).message().contains("merged") || rows.get(1).message().contains("merged"), out.toString());
			assertEquals(BatchStatus.State.FAILED, rows.get(6).state());
			assertEquals(40, PoseH5.read(dir.resolve("short_a/short_a_FacemapPose.h5")).frames());
			assertEquals(24, PoseH5.read(dir.resolve("short_b/short_b_FacemapPose.h5")).frames());
			double slurmSeconds = (System.nanoTime() - t0) / 1e9;

			// the single run, in one process with the tasks' thread count (1, as --cpus-per-task)
			Path ref = tmp.resolve("single");
			List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Dai.djl.offline=true",
				"-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-cp", classpath(), "sc.fiji.facemap.cli.FacemapCli", "track",
				TestData.demoVideo().toString(), "--batch-size", "8", "--out", ref.toString()));
			ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("single.log").toFile());
			pb.environment().put("OMP_NUM_THREADS", "1");
			assertEquals(0, pb.start().waitFor(), readOr(tmp.resolve("single.log")));
			Keypoints want = PoseH5.read(ref.resolve("sample_video_FacemapPose.h5")), got = PoseH5.read(dir.resolve("sample_video/sample_video_FacemapPose.h5"));
			assertEquals(749, got.frames());
			assertArrayEquals(want.xArray(), got.xArray(), 0f);
			assertArrayEquals(want.yArray(), got.yArray(), 0f);
			assertArrayEquals(want.likelihoodArray(), got.likelihoodArray(), 0f);
			System.out.printf(java.util.Locale.ROOT, "SlurmBatchTest: SLURM part %.1f s, whole test %.1f s%n", slurmSeconds, (System.nanoTime() - t0) / 1e9);
		} finally {
			System.clearProperty("facemap.batch.classpath");
		}
	}

	private static String readOr(Path f) {
		try {
			return Files.readString(f);
		} catch (IOException e) {
			return "(no " + f + ")";
		}
	}
}
