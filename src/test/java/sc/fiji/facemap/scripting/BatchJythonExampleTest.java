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
package sc.fiji.facemap.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.util.PythonInterpreter;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.pose.PoseModel;

/** {@code scripts/Batch_Process.py} in Jython: a 16-frame clip in 2 chunks, one local worker, merged into one h5. */
class BatchJythonExampleTest {

	@Test
	void batchExamplePlansRunsAndPrintsTheStatus(@TempDir Path tmp) throws Exception {
		Path model = tmp.resolve("tiny");
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 7)) {
			PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random weights", null).save(model);
		}
		System.setProperty("facemap.batch.classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Path run = tmp.resolve("run");
		try (PythonInterpreter py = new PythonInterpreter()) {
			py.setOut(out);
			py.set("videos", Paths.get("src/test/resources/video/formats/clip_mjpeg.avi").toAbsolutePath().toString());
			py.set("run_dir", run.toFile());
			py.set("steps", "track");
			py.set("chunk_frames", 8);
			py.set("model", model.toString());
			py.set("batch_size", 4);
			py.set("executor", "local");
			py.set("workers", 1);
			py.execfile("scripts/Batch_Process.py");
			py.getSystemState().stdout.invoke("flush");
		} finally {
			System.clearProperty("facemap.batch.classpath");
		}
		String printed = new String(out.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(printed.contains("planned 2 tasks for 1 recordings"), printed);
		assertTrue(printed.contains("2 tasks: 2 done"), printed);
		assertTrue(printed.contains("merged 2 chunks"), printed);
		assertEquals(16, PoseH5.read(run.resolve("clip_mjpeg/clip_mjpeg_FacemapPose.h5")).frames());
	}
}
