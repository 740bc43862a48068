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
package sc.fiji.facemap.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TempFiles;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.VideoSource;

/**
 * Tasks run in this JVM (what a worker runs): chunks of the demo video merge into exactly a single run's files,
 * done tasks are skipped, an interrupted chunk resumes, a corrupt video fails only its own task.
 */
class BatchTasksTest {

	/** Frames 0:64 of the demo video, chunk_frames 12 -> 16 (2 batches of 8): 4 chunks, filtered, with CSV. */
	private static final TrackingSettings TRACK = TrackingSettings.DEFAULTS.with("frames", "0:64").with("batch_size", 8).with("filter_outliers", true)
		.with("csv", true).with("checkpoint_every", 8);

	@Test
	void chunksMergeIntoExactlyASingleRunsOutputsAndRerunsAreSkipped(@TempDir Path tmp) throws Exception {
		Path corrupt = BatchFixtures.corruptVideo(tmp.resolve("corrupt.mp4"));
		BatchRun run = BatchRun.plan(List.of(TestData.demoVideo(), corrupt), BatchSettings.DEFAULTS.with("chunk_frames", 12), TRACK, SvdSettings.DEFAULTS,
			List.of(), tmp.resolve("run"), Progress.NONE);
		assertEquals(5, run.tasks().size());
		assertEquals(4, run.chunksOf(0).size());
		Path merged = run.recording(0).outputs().poseH5();

		// chunks in a shuffled order; the merge happens when the last one finishes
		for (int i : new int[] { 2, 0, 3 }) {
			TaskState s = BatchTasks.run(run, i, Progress.NONE);
			assertEquals(TaskState.DONE, s.state());
			assertFalse(s.message().contains("merged"), s.message());
		}
		assertFalse(Files.exists(merged), "no merge before every chunk is done");
		TaskState last = BatchTasks.run(run, 1, Progress.NONE);
		assertTrue(last.message().contains("merged 4 chunks"), last.message());

		// the single run of the same frames, in this JVM (same libtorch threads)
		Path single = tmp.resolve("single");
		try (VideoSource v = Recording.of(TestData.demoVideo()).open()) {
			TrackingJob.run(Recording.of(TestData.demoVideo()).withOutputDir(single), v, PoseModels.find("default"), TRACK, Progress.NONE);
		}
		BatchFixtures.assertSameKeypoints(single.resolve("sample_video_FacemapPose.h5"), merged);
		assertEquals(Files.readString(single.resolve("sample_video_FacemapPose.csv")), Files.readString(run.recording(0).outputs().poseCsv()),
			"the filtered CSV of the merge is the single run's");
		TempFiles.assertNoneIn(run.recording(0).outputs().folder());

		// a task that is done is skipped, and the merge is not redone
		long before = Files.getLastModifiedTime(merged).toMillis();
		StringBuilder log = new StringBuilder();
		TaskState again = BatchTasks.run(run, 2, Progress.logTo(l -> log.append(l).append("\n")));
		assertTrue(again.message().startsWith("skipped") && again.message().contains("merged earlier"), again.message() + "\n" + log);
		assertEquals(before, Files.getLastModifiedTime(merged).toMillis());

		// the corrupt video fails only its own task, with the reader's message, and status shows it
		FacemapException e = assertThrows(FacemapException.class, () -> BatchTasks.run(run, 4, Progress.NONE));
		assertTrue(e.getMessage().contains("corrupt.mp4"), e.getMessage());
		List<BatchStatus.Row> rows = BatchStatus.of(run);
		assertEquals(BatchStatus.State.FAILED, rows.get(4).state());
		assertEquals(e.getMessage(), rows.get(4).message());
		for (int i = 0; i < 4; i++)
			assertEquals(BatchStatus.State.DONE, rows.get(i).state());
		assertEquals(List.of(4), BatchRunner.toRetry(run));
		assertTrue(BatchStatus.table(rows).contains("5 tasks: 4 done, 1 failed"), BatchStatus.table(rows));
	}

	@Test
	void anInterruptedChunkResumesFromItsCheckpoint(@TempDir Path tmp) {
		BatchRun run = BatchRun.plan(List.of(TestData.demoVideo()), BatchSettings.DEFAULTS.with("chunk_frames", 16), TRACK.with("frames", "0:32"),
			SvdSettings.DEFAULTS, List.of(), tmp.resolve("run"), Progress.NONE);
		assertEquals(2, run.tasks().size());
		AtomicInteger updates = new AtomicInteger();
		Progress stopAfterOneBatch = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				updates.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return updates.get() >= 1;
			}
		};
		assertThrows(CanceledException.class, () -> BatchTasks.run(run, 0, stopAfterOneBatch));
		assertEquals(TaskState.FAILED, run.state(0).state());
		assertTrue(run.state(0).message().startsWith("interrupted"), run.state(0).message());
		assertEquals(List.of(0, 1), BatchRunner.toRetry(run));

		StringBuilder log = new StringBuilder();
		TaskState resumed = BatchTasks.run(run, 0, Progress.logTo(l -> log.append(l).append('\n')));
		assertTrue(resumed.message().contains("resumed after 8"), resumed.message() + "\n" + log);
		BatchTasks.run(run, 1, Progress.NONE);

		Path single = tmp.resolve("single");
		try (VideoSource v = Recording.of(TestData.demoVideo()).open()) {
			TrackingJob.run(Recording.of(TestData.demoVideo()).withOutputDir(single), v, PoseModels.find("default"), TRACK.with("frames", "0:32"), Progress.NONE);
		}
		BatchFixtures.assertSameKeypoints(single.resolve("sample_video_FacemapPose.h5"), run.recording(0).outputs().poseH5());
	}
}
