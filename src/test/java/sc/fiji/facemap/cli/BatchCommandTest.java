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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.TaskState;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.testutil.TestData;

/**
 * {@code facemap batch plan|run|status|retry} with the local executor: worker processes (the same task command
 * SLURM runs), never more libtorch threads than cores, a corrupt video failing alone with a non-zero exit status,
 * and a retry that runs only the failed task.
 */
class BatchCommandTest {

	private StringWriter out, err;

	@BeforeEach
	void classpath() {
		System.setProperty("facemap.batch.classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
	}

	@AfterEach
	void clear() {
		System.clearProperty("facemap.batch.classpath");
	}

	private int run(String... args) {
		out = new StringWriter();
		err = new StringWriter();
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	@Test
	void localWorkersRunTheTasksAndACorruptVideoFailsAlone(@TempDir Path tmp) throws Exception {
		Path corrupt = tmp.resolve("corrupt.mp4");
		Files.write(corrupt, new byte[] { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'j', 'u', 'n', 'k' });
		Path dir = tmp.resolve("run");
		assertEquals(0, run("batch", "plan", "--videos", TestData.demoVideo().toString(), corrupt.toString(), "--frames", "0:32", "--chunk-frames", "16",
			"--out", dir.toString()), err.toString());
		assertTrue(out.toString().contains("Planned 3 tasks for 2 recordings (1 split into chunks)"), out.toString());
		assertTrue(out.toString().contains("corrupt.mp4"), "plan warns about the unreadable video: " + out);

		int rc = run("batch", "run", dir.toString(), "--executor", "local", "--workers", "2", "--java-options", "-Xmx1g");
		String o = out.toString();
		assertEquals(FacemapCli.EXIT_ERROR, rc, o + err);
		assertTrue(o.contains("3 tasks: 2 done, 1 failed") && o.contains("Failed tasks:") && o.contains("2 " + corrupt), o);

		int cores = Runtime.getRuntime().availableProcessors(), workers = Math.min(2, cores);
		assertTrue(o.contains("with " + workers + " worker(s) x " + Math.max(1, cores / workers) + " thread(s)"), o);
		BatchRun b = BatchRun.open(dir);
		List<String> started = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			TaskState s = b.state(i);
			assertEquals(TaskState.DONE, s.state(), s.message());
			assertTrue(s.threads() >= 1 && s.threads() * workers <= cores, s.threads() + " libtorch threads x " + workers + " workers on " + cores + " cores");
			started.add(s.started());
		}
		assertEquals(32, PoseH5.read(dir.resolve("sample_video/sample_video_FacemapPose.h5")).frames());
		assertTrue(Files.readString(b.logFile(2)).contains("corrupt.mp4"), "the failure is in the task's own log");

		assertEquals(0, run("batch", "status", dir.toString()), err.toString());
		String table = out.toString();
		assertTrue(table.contains("failed") && table.contains("corrupt.mp4") && table.contains("3 tasks: 2 done, 1 failed"), table);

		// retry runs only the failed task (the done ones keep their state)
		assertEquals(FacemapCli.EXIT_ERROR, run("batch", "retry", dir.toString()));
		assertTrue(out.toString().contains("Retrying 1 task: 2"), out.toString());
		for (int i = 0; i < 2; i++)
			assertEquals(started.get(i), b.state(i).started(), "task " + i + " was not run again");
	}
}
