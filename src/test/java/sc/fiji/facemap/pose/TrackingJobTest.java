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

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.io.DlcCsv;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.task.Progress;

/** Output files of a tracking run, resume after a failure, and Facemap's 15 groups for a subset model. */
class TrackingJobTest {

	@Test
	void writesFilesAndResumesAfterAFailure(@TempDir Path tmp) {
		PoseModel model = PoseModel.of("tiny", PoseModelTest.randomWeights(15, 5), null, null, null, null);
		SyntheticVideo v = new SyntheticVideo(64, 48, 10, 8);
		Path video = tmp.resolve("mouse.avi");
		TrackingSettings req = TrackingSettings.DEFAULTS.with("batch_size", 2).with("frames", new FrameRange(1, -1)).with("filter_outliers", false).with("csv", true);
		Recording rec = Recording.of(video).withOutputDir(tmp.resolve("out"));
		TrackingJob.Outcome full = TrackingJob.run(rec, v, model, req, Progress.NONE);
		assertEquals(tmp.resolve("out/mouse_FacemapPose.h5"), full.h5);
		Keypoints back = PoseH5.read(full.h5);
		assertEquals(9, back.frames());
		assertEquals(KeypointSet.facemap(), back.keypointSet());
		assertArrayEquals(full.keypoints.xArray(), back.xArray());
		PoseMetadata meta = PoseMetadata.read(full.metadata);
		assertEquals(9, meta.totalFrames);
		assertArrayEquals(new int[] { 0, 48, 0, 64 }, meta.bbox);
		assertEquals(2, meta.batchSize);
		assertEquals(KeypointSet.FACEMAP, meta.bodyparts);
		assertTrue(Files.isRegularFile(full.csv));
		assertEquals(9, DlcCsv.readKeypoints(full.csv).frames());

		// an interrupted run keeps what it finished in the side files and writes no h5
		Path out2 = tmp.resolve("out2");
		Recording rec2 = rec.withOutputDir(out2);
		TrackingSettings req2 = req.with("checkpoint_every", 2);
		v.failAt = 7;
		assertThrows(FacemapException.class, () -> TrackingJob.run(rec2, v, model, req2, Progress.NONE));
		Path h5 = out2.resolve("mouse_FacemapPose.h5");
		assertFalse(Files.exists(h5));
		assertTrue(Files.isRegularFile(TrackingJob.partialPath(h5)));
		// resuming with other settings is refused
		v.failAt = -1;
		TrackingSettings other = req2.with("resume", true).with("frames", new FrameRange(0, -1));
		FacemapException e = assertThrows(FacemapException.class, () -> TrackingJob.run(rec2, v, model, other, Progress.NONE));
		assertTrue(e.getMessage().contains("other settings"), e.getMessage());
		TrackingSettings same = req2.with("resume", true);
		v.reads.set(0);
		TrackingJob.Outcome resumed = TrackingJob.run(rec2, v, model, same, Progress.NONE);
		assertEquals(6, resumed.resumedFrames); // frames 1..6 were done before frame 7 failed
		assertEquals(3, v.reads.get());
		assertArrayEquals(full.keypoints.xArray(), PoseH5.read(h5).xArray(), 1e-4f);
		assertFalse(Files.exists(TrackingJob.partialPath(h5)));
	}

	@Test
	void subsetModelStillWritesAllFifteenGroups(@TempDir Path tmp) {
		KeypointSet three = new KeypointSet(List.of("eye(top)", "nose(tip)", "paw"));
		PoseModel model = PoseModel.of("three", PoseModelTest.randomWeights(3, 6), three, null, null, null);
		SyntheticVideo v = new SyntheticVideo(64, 48, 3, 9);
		TrackingSettings req = TrackingSettings.DEFAULTS.with("filter_outliers", true).with("csv", false);
		TrackingJob.Outcome o = TrackingJob.run(Recording.of(tmp.resolve("clip.avi")), v, model, req, Progress.NONE);
		Keypoints back = PoseH5.read(o.h5);
		assertEquals(15, back.keypoints());
		assertEquals(KeypointSet.facemap(), back.keypointSet());
		int tip = KeypointSet.FACEMAP.indexOf("nose(tip)");
		assertEquals(o.keypoints.x(2, 1), back.x(2, tip));
		assertTrue(Float.isNaN(back.x(0, KeypointSet.FACEMAP.indexOf("mouth"))));
		assertEquals(KeypointSet.FACEMAP, PoseMetadata.read(o.metadata).bodyparts);
	}
}
