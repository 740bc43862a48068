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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;

/** Planning: chunks on batch boundaries, the readable run folder, unreadable videos, executor settings. No tracking. */
class BatchPlanTest {

	@Test
	void chunksAreRoundedUpToTheBatchSizeAndCoverTheRange() {
		TrackingSettings s = TrackingSettings.DEFAULTS.with("batch_size", 8);
		// 188 frames -> 192 (24 batches): the demo video's 749 frames in 4 chunks, the last one 173 frames
		assertEquals(List.of(new FrameRange(0, 192), new FrameRange(192, 384), new FrameRange(384, 576), new FrameRange(576, 749)),
			BatchRun.chunks(s, 188, 749));
		// a frame range: chunks start at its first frame, so batches fall where a single run's do
		TrackingSettings r = s.with("frames", "100:500");
		List<FrameRange> c = BatchRun.chunks(r, 150, 749);
		assertEquals(List.of(new FrameRange(100, 252), new FrameRange(252, 404), new FrameRange(404, 500)), c);
		for (FrameRange f : c)
			assertEquals(0, (f.start() - 100) % 8);
		// the range runs past the end of the video: clipped
		assertEquals(new FrameRange(704, 749), BatchRun.chunks(s.with("frames", "600:900"), 100, 749).get(1), "100 -> 104 frames");
		// not longer than one chunk, or no chunking: one task
		assertEquals(List.of(new FrameRange(0, 749)), BatchRun.chunks(s, 0, 749));
		assertEquals(List.of(new FrameRange(0, 749)), BatchRun.chunks(s, 749, 749));
		assertEquals(1, BatchRun.chunks(s.with("batch_size", 32), 740, 749).size(), "740 rounds up to 768 >= 749");
	}

	@Test
	void planWritesAReadableRunFolderAndKeepsUnreadableVideosAsFailingTasks(@TempDir Path tmp) throws Exception {
		Path corrupt = BatchFixtures.corruptVideo(tmp.resolve("corrupt.mp4"));
		Path missing = tmp.resolve("missing.mp4");
		Path dir = tmp.resolve("run");
		StringBuilder log = new StringBuilder();
		BatchRun run = BatchRun.plan(List.of(TestData.demoVideo(), corrupt, missing), BatchSettings.DEFAULTS.with("steps", "track,svd").with("chunk_frames", 188),
			TrackingSettings.DEFAULTS.with("filter_outliers", true), SvdSettings.DEFAULTS, List.of(), dir, Progress.logTo(l -> log.append(l).append('\n')));
		// demo: 4 chunks + svd; corrupt and missing: track + svd each
		assertEquals(9, run.tasks().size());
		assertEquals(BatchRun.Kind.TRACK_CHUNK, run.task(3).kind());
		assertEquals(new FrameRange(576, 749), run.task(3).frames());
		assertEquals(BatchRun.Kind.SVD, run.task(4).kind());
		assertEquals(BatchRun.Kind.TRACK, run.task(5).kind());
		assertTrue(log.toString().contains("corrupt.mp4") && log.toString().contains("missing.mp4"), log.toString());
		assertNotNull(run.recordings().get(1).problem());
		assertEquals(-1, run.recordings().get(2).frames());

		String plan = Files.readString(dir.resolve(BatchRun.PLAN));
		assertTrue(plan.contains("\"batch_size\": 8") && plan.contains("\"digest\"") && plan.contains("\"facemap_fiji\""), plan);
		String tsv = Files.readString(dir.resolve(BatchRun.TASKS));
		assertTrue(tsv.contains("track chunk 4/4\t" + TestData.demoVideo() + "\t576:749\tsample_video/sample_video_FacemapPose_part0000576-0000749.npy"), tsv);
		assertTrue(tsv.contains("corrupt/corrupt_FacemapPose.h5"), tsv);
		// only the merge is called _FacemapPose.h5
		for (BatchRun.Task t : run.chunksOf(0))
			assertTrue(!run.output(t).getFileName().toString().endsWith("_FacemapPose.h5"));

		// reopened from the folder: the same plan
		BatchRun again = BatchRun.open(dir);
		assertEquals(run.tasks(), again.tasks());
		assertEquals(run.trackingSettings(), again.trackingSettings());
		assertTrue(again.trackingSettings().filterOutliers());
		assertNull(again.state(0));
		assertEquals(BatchStatus.State.MISSING, BatchStatus.of(again).get(0).state());

		FacemapException twice = assertThrows(FacemapException.class, () -> BatchRun.plan(List.of(TestData.demoVideo()), BatchSettings.DEFAULTS,
			TrackingSettings.DEFAULTS, SvdSettings.DEFAULTS, List.of(), dir, Progress.NONE));
		assertTrue(twice.getMessage().contains("already holds a batch plan"), twice.getMessage());
		FacemapException notRun = assertThrows(FacemapException.class, () -> BatchRun.open(tmp));
		assertTrue(notRun.getMessage().contains("not a batch run folder"), notRun.getMessage());
	}

	@Test
	void stepsAndExecutorSettingsAreValidatedWithTheirKeys() {
		FacemapException neural = assertThrows(FacemapException.class, () -> BatchSettings.DEFAULTS.with("steps", "track,neural"));
		assertTrue(neural.getMessage().contains("neural"), neural.getMessage());
		assertThrows(FacemapException.class, () -> BatchSettings.DEFAULTS.with("steps", "tracking"));
		assertEquals(List.of(BatchSettings.Step.SVD, BatchSettings.Step.TRACK), BatchSettings.DEFAULTS.<BatchSettings>with("steps", "svd, track,svd").stepList());
		FacemapException time = assertThrows(FacemapException.class, () -> ExecutorSettings.DEFAULTS.with("time", "two hours"));
		assertTrue(time.getMessage().contains("time"), time.getMessage());
		assertThrows(FacemapException.class, () -> ExecutorSettings.DEFAULTS.with("mem", "8 gigabytes"));
		assertThrows(FacemapException.class, () -> ExecutorSettings.DEFAULTS.with("cpus_per_task", 0));
		assertEquals("01:30:00", ExecutorSettings.DEFAULTS.<ExecutorSettings>with("time", "01:30:00").time());
	}

	@Test
	void localWorkersNeverOversubscribeTheCores() {
		for (int cores = 1; cores <= 64; cores++)
			for (int asked = 0; asked <= 2 * cores + 1; asked++) {
				int w = ExecutorSettings.DEFAULTS.<ExecutorSettings>with("workers", asked).localWorkers(cores);
				int t = ExecutorSettings.threadsPerWorker(w, cores);
				assertTrue(w >= 1 && t >= 1 && w * t <= cores, cores + " cores, " + asked + " asked: " + w + " workers x " + t + " threads");
			}
		assertEquals(4, ExecutorSettings.threadsPerWorker(4, 16));
		assertEquals(2, ExecutorSettings.DEFAULTS.<ExecutorSettings>with("workers", 5).localWorkers(2));
	}

	@Test
	void slurmArrayAndScript(@TempDir Path tmp) {
		assertEquals("0-3,7,9-10", SlurmExecutor.arraySpec(List.of(9, 0, 1, 2, 3, 7, 10, 2)));
		assertEquals("5", SlurmExecutor.arraySpec(List.of(5)));
		BatchRun run = BatchRun.plan(List.of(TestData.demoVideo()), BatchSettings.DEFAULTS, TrackingSettings.DEFAULTS, SvdSettings.DEFAULTS, List.of(),
			tmp.resolve("run 1"), Progress.NONE);
		ExecutorSettings s = ExecutorSettings.DEFAULTS.with("executor", "slurm").with("partition", "gpu").with("gpus", 1).with("cpus_per_task", 4)
			.with("time", "02:00:00").with("mem", "16G");
		String script = SlurmExecutor.script(run, s);
		for (String want : new String[] { "#SBATCH --partition=gpu", "#SBATCH --gpus-per-task=1", "#SBATCH --cpus-per-task=4", "#SBATCH --time=02:00:00",
			"#SBATCH --mem=16G", "#SBATCH --output=" + run.dir().resolve("logs") + "/%4a.log", "batch task '" + run.dir() + "' --index \"$SLURM_ARRAY_TASK_ID\"",
			"sc.fiji.facemap.cli.FacemapCli" })
			assertTrue(script.contains(want), want + " missing in\n" + script);
	}

	@Test
	void videoListsFromGlobsFoldersAndListFiles(@TempDir Path tmp) throws Exception {
		Files.createDirectories(tmp.resolve("s1"));
		Files.createDirectories(tmp.resolve("s2"));
		Files.write(tmp.resolve("s1/cam0.mp4"), new byte[1]);
		Files.write(tmp.resolve("s2/cam0.mp4"), new byte[1]);
		Files.write(tmp.resolve("s2/cam1.avi"), new byte[1]);
		Files.write(tmp.resolve("s2/notes.txt"), new byte[1]);
		assertEquals(List.of(tmp.resolve("s1/cam0.mp4"), tmp.resolve("s2/cam0.mp4")), VideoList.expand(tmp + "/*/cam0.mp4"));
		assertEquals(3, VideoList.expand(tmp + "/**.{mp4,avi}").size());
		assertEquals(List.of(tmp.resolve("s2/cam0.mp4"), tmp.resolve("s2/cam1.avi")), VideoList.expand(tmp.resolve("s2").toString()));
		Files.writeString(tmp.resolve("list.txt"), "# sessions\ns1/cam0.mp4\n\n" + tmp.resolve("s2/cam1.avi") + "\n");
		assertEquals(List.of(tmp.resolve("s1/cam0.mp4"), tmp.resolve("s2/cam1.avi")), VideoList.expand(tmp.resolve("list.txt").toString()));
		assertThrows(FacemapException.class, () -> VideoList.expand(tmp + "/*/cam9.mp4"));
	}
}
