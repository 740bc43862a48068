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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.measure.ResultsTable;

import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.BatchSettings;
import sc.fiji.facemap.batch.BatchStatus;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;

/** The batch status table: one row per task with its state, step, frames, video and message. */
class BatchStatusViewTest {

	@Test
	void oneRowPerTaskWithItsStateAndMessage(@TempDir Path tmp) throws Exception {
		Path missing = tmp.resolve("gone.mp4");
		BatchRun run = BatchRun.plan(List.of(TestData.demoVideo(), missing), BatchSettings.DEFAULTS.with("chunk_frames", 400), TrackingSettings.DEFAULTS,
			SvdSettings.DEFAULTS, List.of(), tmp.resolve("run"), Progress.NONE);
		// a task that recorded its failure, as a worker does
		Files.writeString(run.stateFile(2), "{\"state\": \"failed\", \"message\": \"" + missing + ": file not found\", \"host\": \"node7\", \"seconds\": 0.4}\n");
		ResultsTable rt = BatchStatusView.table(BatchStatus.of(run));
		assertEquals(3, rt.size());
		assertEquals("track chunk 1/2", rt.getStringValue("step", 0));
		assertEquals("0:400", rt.getStringValue("frames", 0));
		assertEquals("missing", rt.getStringValue("state", 0));
		assertEquals("sample_video.mp4", rt.getStringValue("video", 1));
		assertEquals("failed", rt.getStringValue("state", 2));
		assertEquals(missing + ": file not found", rt.getStringValue("message", 2));
		assertEquals("node7", rt.getStringValue("where", 2));
		assertEquals("Batch status: run", BatchStatusView.title(run));
	}
}
