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
package sc.fiji.facemap.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.cli.FacemapCli;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.SyntheticVideo;
import sc.fiji.facemap.testutil.TempFiles;
import sc.fiji.facemap.testutil.TestData;

/** Tracking never mixes inputs on resume, never lets outputs collide, checks before work and bounds memory. */
class TrackingSafetyTest {

	/** A progress that cancels after {@code batches} updates. */
	static Progress cancelAfter(int batches) {
		return new Progress() {
			int n;

			@Override
			public void update(long done, long total, String message) {
				n++;
			}

			@Override
			public boolean isCanceled() {
				return n >= batches;
			}
		};
	}

	@Test
	void resumeRefusesAnotherVideoOfTheSameNameOrARetrainedModel(@TempDir Path tmp) throws Exception {
		Path v = tmp.resolve("v.mp4");
		Files.copy(TestData.demoVideo(), v);
		PoseModel model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 5), KeypointSet.facemap(), null, null, null);
		TrackingSettings s = TrackingSettings.DEFAULTS.with("batch_size", 2).with("frames", new FrameRange(0, 12)).with("checkpoint_every", 2);
		Recording rec = Recording.of(v).withOutputDir(tmp.resolve("out"));
		CanceledException c = assertThrows(CanceledException.class, () -> TrackingJob.run(rec, rec.open(), model, s, cancelAfter(2)));
		assertTrue(c.getMessage().contains("saved in") && c.getMessage().contains("resume"), c.getMessage());
		Path h5 = rec.outputs().poseH5();
		assertTrue(Files.exists(OutputLayout.partial(h5, ".npy")));
		assertFalse(Files.exists(h5));
		TrackingSettings resume = s.with("resume", true);
		// a retrained model (other weights, same name) is refused
		PoseModel retrained = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 6), KeypointSet.facemap(), null, null, null);
		FacemapException e = assertThrows(FacemapException.class, () -> TrackingJob.run(rec, rec.open(), retrained, resume, Progress.NONE));
		assertTrue(e.getMessage().contains("cannot resume") && e.getMessage().contains("model (was"), e.getMessage());
		// another video under the same name (here the mirror-mouse clip) is refused, saying the video changed
		Files.copy(TestData.shared().resolve("data/mirror-mouse/videos/test_vid.mp4"), v, StandardCopyOption.REPLACE_EXISTING);
		e = assertThrows(FacemapException.class, () -> TrackingJob.run(rec, rec.open(), model, resume, Progress.NONE));
		assertTrue(e.getMessage().contains("cannot resume") && e.getMessage().contains("video (was"), e.getMessage());
		assertFalse(Files.exists(h5));
		// the same video again resumes
		Files.copy(TestData.demoVideo(), v, StandardCopyOption.REPLACE_EXISTING);
		TrackingJob.Outcome o = TrackingJob.run(rec, rec.open(), model, resume, Progress.NONE);
		assertTrue(o.resumedFrames > 0, "resumed " + o.resumedFrames);
		assertEquals(12, o.keypoints.frames());
	}

	@Test
	void sameNamedVideosIntoOneFolderAreRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
		Path a = tmp.resolve("a/v.mp4"), b = tmp.resolve("b/v.mp4");
		Files.createDirectories(a.getParent());
		Files.createDirectories(b.getParent());
		Files.copy(TestData.demoVideo(), a);
		Files.copy(TestData.demoVideo(), b);
		java.io.StringWriter err = new java.io.StringWriter();
		picocli.CommandLine cl = FacemapCli.commandLine();
		cl.setErr(new java.io.PrintWriter(err));
		int rc = cl.execute("track", "--out", tmp.resolve("out").toString(), a.toString(), b.toString());
		assertEquals(FacemapCli.EXIT_ERROR, rc);
		assertTrue(err.toString().contains("would write the same v_FacemapPose.h5"), err.toString());
		assertFalse(Files.exists(tmp.resolve("out/v_FacemapPose.h5")));
	}

	@Test
	void anOutputFolderThatCannotBeWrittenIsRefusedBeforeAnyFrameIsRead(@TempDir Path tmp) throws Exception {
		SyntheticVideo v = new SyntheticVideo(64, 48, 6, 1);
		PoseModel model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 5), null, null, null, null);
		Path notAFolder = tmp.resolve("out");
		Files.writeString(notAFolder, "a file where the output folder should be");
		FacemapException e = assertThrows(FacemapException.class,
			() -> TrackingJob.run(Recording.of(tmp.resolve("v.avi")).withOutputDir(notAFolder), v, model, TrackingSettings.DEFAULTS, Progress.NONE));
		assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
		assertEquals(0, v.reads.get());
	}

	@Test
	void aFailedWriteLeavesNoMismatchedPair(@TempDir Path tmp) throws Exception {
		SyntheticVideo v = new SyntheticVideo(64, 48, 4, 1);
		PoseModel model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 5), null, null, null, null);
		Recording rec = Recording.of(tmp.resolve("v.avi")).withOutputDir(tmp);
		// a folder in the way of the h5: the metadata must not be put in place either
		Files.createDirectories(rec.outputs().poseH5());
		Files.writeString(rec.outputs().poseH5().resolve("keep"), "x");
		assertThrows(FacemapException.class, () -> TrackingJob.run(rec, v, model, TrackingSettings.DEFAULTS, Progress.NONE));
		assertFalse(Files.exists(rec.outputs().poseMetadata()));
		TempFiles.assertNoneIn(tmp);
	}

	@Test
	void batchesThatCannotFitInMemoryAreRefusedWithTheLargestThatFits() {
		PoseModel model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 5), null, null, null, null);
		long gb24 = 24L << 30;
		FacemapException e = assertThrows(FacemapException.class, () -> PoseTracker.checkBatchMemory(model, 100_000, gb24));
		assertTrue(e.getMessage().contains("batch_size 100000") && e.getMessage().contains("at most"), e.getMessage());
		PoseTracker.checkBatchMemory(model, 8, gb24); // fits
	}
}
