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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Tracking a long video in chunks (one batch task each) and joining them into the one {@code _FacemapPose.h5} a
 * single run writes. A chunk is an ordinary {@link TrackingJob} run on a frame range, checkpointed and resumable,
 * whose raw keypoints go to {@link OutputLayout#posePart} (never the final name). Outlier filtering and the CSV
 * need the whole trace, so they are applied once, by {@link #merge}. With per-frame normalisation and chunk starts
 * on multiples of the batch size, every network batch holds the same frames as in a single run, so the merged
 * keypoints are those of a single run (bit-identical at the same libtorch thread count).
 */
public final class TrackingParts {

	private TrackingParts() {}

	/** The chunk's settings: its frame range, no filtering, no CSV (both are the merge's), resumable. */
	public static TrackingSettings chunkSettings(TrackingSettings whole, FrameRange chunk) {
		return whole.with("frames", chunk).with("filter_outliers", false).with("csv", false).with("resume", true);
	}

	/** Tracks frames {@code chunk} of the recording into its part files (resuming an interrupted chunk). */
	public static TrackingJob.Outcome trackChunk(Recording recording, PoseModel model, TrackingSettings whole, FrameRange chunk, Progress progress) {
		try (VideoSource video = recording.open()) {
			return TrackingJob.run(recording, video, model, chunkSettings(whole, chunk), progress, true);
		}
	}

	/** Whether both part files of a chunk exist (written together, atomically). */
	public static boolean chunkDone(Recording recording, FrameRange chunk) {
		OutputLayout l = recording.outputs();
		return Files.isRegularFile(l.posePart(chunk.start(), chunk.end())) && Files.isRegularFile(l.posePartMetadata(chunk.start(), chunk.end()));
	}

	/**
	 * Joins the chunks (contiguous, in order, covering the settings' frame range) into the recording's
	 * {@code _FacemapPose.h5}, metadata and optional CSV, applying the outlier filter when asked, as a single run
	 * does. The parts stay (a rerun of any chunk task is then a skip).
	 */
	public static TrackingJob.Outcome merge(Recording recording, PoseModel model, TrackingSettings whole, List<FrameRange> chunks, Progress progress) {
		try (VideoSource video = recording.open()) {
			TrackingSettings s = TrackingJob.effective(recording, video, whole.with("resume", false), Progress.NONE);
			PoseTracker.Plan plan = new PoseTracker(model, s).plan(video);
			OutputLayout layout = recording.outputs();
			int n = plan.frames(), k = model.keypoints().size();
			Keypoints kp = new Keypoints(model.keypoints(), n);
			int at = plan.firstFrame();
			double netSeconds = 0, seconds = 0;
			String device = null, engine = null;
			for (FrameRange c : chunks) {
				Path npy = layout.posePart(c.start(), c.end()), meta = layout.posePartMetadata(c.start(), c.end());
				if (c.start() != at) throw new FacemapException(npy, "chunks do not follow each other: expected one starting at frame " + at + ", got " + c);
				if (!chunkDone(recording, c)) throw new FacemapException(npy, "is missing: chunk " + c + " has not finished");
				int len = c.end() - c.start();
				Keypoints part = TrackingJob.fromTensor(Npy.readTensor(npy), model.keypoints(), len, npy);
				int off = (c.start() - plan.firstFrame()) * k;
				System.arraycopy(part.xArray(), 0, kp.xArray(), off, len * k);
				System.arraycopy(part.yArray(), 0, kp.yArray(), off, len * k);
				System.arraycopy(part.likelihoodArray(), 0, kp.likelihoodArray(), off, len * k);
				PoseMetadata m = PoseMetadata.read(meta);
				if (m.inferenceSpeed > 0) netSeconds += len / m.inferenceSpeed;
				Object e2e = m.extra().get("end_to_end_speed");
				if (e2e instanceof Number && ((Number) e2e).doubleValue() > 0) seconds += len / ((Number) e2e).doubleValue();
				if (device == null && m.extra().get("device") != null) device = m.extra().get("device").toString();
				if (engine == null && m.extra().get("engine") != null) engine = m.extra().get("engine").toString();
				at = c.end();
			}
			if (at != plan.endFrame())
				throw new FacemapException(recording.primaryVideo(), "the chunks end at frame " + at + " but the run covers frames " + plan.firstFrame() + ":" + plan.endFrame());
			PoseTracker.Result r = new PoseTracker.Result(kp, plan.firstFrame(), plan.geometry(), Math.min(s.batchSize(), n),
				device == null ? s.device() : Device.parse(device), engine == null ? null : NetworkEngine.parse(engine), seconds > 0 ? n / seconds : 0, netSeconds > 0 ? n / netSeconds : 0);
			progress.log("Merged " + chunks.size() + " chunks of " + recording.primaryVideo().getFileName() + " (" + n + " frames) into " + layout.poseH5().getFileName());
			return TrackingJob.write(layout, video, model, s, r, plan, 0);
		}
	}

	/** The chunks of {@code [first, end)}: {@code length} frames each (the last one shorter). */
	public static List<FrameRange> chunks(int first, int end, int length) {
		if (length <= 0) throw new IllegalArgumentException("chunk length must be positive, got " + length);
		List<FrameRange> out = new ArrayList<>();
		for (int a = first; a < end; a += length)
			out.add(new FrameRange(a, Math.min(end, a + length)));
		return out;
	}
}
