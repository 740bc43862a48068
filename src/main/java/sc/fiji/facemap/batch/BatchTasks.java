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

import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.batch.BatchRun.Kind;
import sc.fiji.facemap.batch.BatchRun.Task;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.Identity;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.nn.Threads;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingParts;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdBatch;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Runs one task of a batch in this JVM: what {@code facemap batch task RUN_DIR --index I} does on a worker or a
 * SLURM node. Idempotent: a task whose output exists and whose state says it was made from the same settings,
 * model and video is skipped; an interrupted tracking task resumes from its checkpoint; outputs are written
 * atomically by the jobs. The task records {@code running}, then {@code done} or {@code failed} with its message, in
 * its state file; a chunk task that finds all chunks of its video done merges them.
 */
public final class BatchTasks {

	private BatchTasks() {}

	/**
	 * Runs task {@code index} and returns its final state ({@code done}).
	 *
	 * @throws FacemapException when the task fails (its state says why)
	 * @throws CanceledException when it was canceled (its state says so; rerunning resumes)
	 */
	public static TaskState run(BatchRun run, int index, Progress progress) {
		Task t = run.task(index);
		TaskState prior = run.state(index);
		String started = Instant.now().toString();
		long t0 = System.nanoTime();
		String host = host(), slurm = slurmJob();
		long pid = ProcessHandle.current().pid();
		run.writeState(index, new TaskState(TaskState.RUNNING, null, host, pid, slurm, started, null, 0, 0, null));
		progress.log("Task " + index + " (" + BatchRun.describeStep(t) + ", frames " + BatchRun.framesText(t) + ") of " + run.video(t) + " on " + host);
		try {
			JsonObject id = identity(run, t);
			boolean same = prior != null && TaskState.DONE.equals(prior.state()) && id.equals(prior.identity());
			if (prior != null && TaskState.DONE.equals(prior.state()) && !same)
				progress.log("Task " + index + " was done with other inputs or settings (" + changes(prior.identity(), id) + "); running it again");
			String msg = switch (t.kind()) {
				case TRACK -> track(run, t, same, progress);
				case TRACK_CHUNK -> trackChunk(run, t, same, progress);
				case SVD -> svd(run, t, progress);
			};
			int threads = threadsUsed();
			TaskState done = new TaskState(TaskState.DONE, msg, host, pid, slurm, started, Instant.now().toString(), (System.nanoTime() - t0) / 1e9, threads, id);
			run.writeState(index, done);
			progress.log("Task " + index + " done: " + msg);
			return done;
		} catch (CanceledException e) {
			String msg = "interrupted" + (e.getMessage() != null && !e.getMessage().equals(new CanceledException().getMessage()) ? ": " + e.getMessage() : "")
				+ "; facemap batch retry continues it";
			run.writeState(index, new TaskState(TaskState.FAILED, msg, host, pid, slurm, started, Instant.now().toString(), (System.nanoTime() - t0) / 1e9, 0, null));
			throw e;
		} catch (RuntimeException e) {
			String msg = e instanceof FacemapException ? e.getMessage() : "internal error: " + e;
			run.writeState(index, new TaskState(TaskState.FAILED, msg, host, pid, slurm, started, Instant.now().toString(), (System.nanoTime() - t0) / 1e9, 0, null));
			throw e instanceof FacemapException ? e : new FacemapException(run.video(t), msg, e);
		}
	}

	private static String track(BatchRun run, Task t, boolean same, Progress progress) {
		Recording r = run.recording(t.recording());
		Path h5 = r.outputs().poseH5();
		if (same && Files.isRegularFile(h5)) return "skipped: " + run.dir().relativize(h5) + " is already made from these settings, model and video";
		PoseModel model = run.model();
		try (VideoSource video = r.open()) {
			TrackingJob.Outcome o = TrackingJob.run(r, video, model, run.trackingSettings(), progress);
			return String.format(Locale.ROOT, "tracked %d frames (%.1f frames/s)%s -> %s", o.keypoints.frames(), o.result.framesPerSecond,
				o.resumedFrames > 0 ? ", resumed after " + o.resumedFrames : "", run.dir().relativize(o.h5));
		}
	}

	private static String trackChunk(BatchRun run, Task t, boolean same, Progress progress) {
		Recording r = run.recording(t.recording());
		String msg;
		if (same && TrackingParts.chunkDone(r, t.frames())) msg = "skipped: chunk " + t.frames() + " is already tracked";
		else {
			TrackingJob.Outcome o = TrackingParts.trackChunk(r, run.model(), run.trackingSettings(), t.frames(), progress);
			msg = String.format(Locale.ROOT, "tracked frames %s (%.1f frames/s)%s", t.frames(), o.result.framesPerSecond,
				o.resumedFrames > 0 ? ", resumed after " + o.resumedFrames : "");
		}
		String merged = mergeIfComplete(run, t.recording(), progress);
		return merged == null ? msg : msg + "; " + merged;
	}

	/**
	 * Merges a recording's chunks into its {@code _FacemapPose.h5} when all are done and the merge is missing or older
	 * than a part. Returns what it did, or null when chunks are still missing.
	 */
	public static String mergeIfComplete(BatchRun run, int recording, Progress progress) {
		Recording r = run.recording(recording);
		List<Task> chunks = run.chunksOf(recording);
		List<FrameRange> ranges = new ArrayList<>();
		FileTime newest = FileTime.fromMillis(0);
		try {
			for (Task c : chunks) {
				if (!TrackingParts.chunkDone(r, c.frames())) return null;
				ranges.add(c.frames());
				FileTime m = Files.getLastModifiedTime(r.outputs().posePart(c.frames().start(), c.frames().end()));
				if (m.compareTo(newest) > 0) newest = m;
			}
			Path h5 = r.outputs().poseH5();
			if (Files.isRegularFile(h5) && Files.getLastModifiedTime(h5).compareTo(newest) >= 0) return "merged earlier into " + run.dir().relativize(h5);
		} catch (IOException e) {
			throw new FacemapException(r.outputs().folder(), "cannot read the chunk files (" + e.getMessage() + ")", e);
		}
		TrackingJob.Outcome o = TrackingParts.merge(r, run.model(), run.trackingSettings(), ranges, progress);
		return "merged " + chunks.size() + " chunks into " + run.dir().relativize(o.h5);
	}

	private static String svd(BatchRun run, Task t, Progress progress) {
		SvdSettings s = run.svdSettings();
		SvdBatch.Item it = new SvdBatch(s, run.svdRois()).runOne(run.recording(t.recording()), progress);
		return (it.status() == SvdBatch.Status.SKIPPED ? "skipped: " : "processed: ") + it.message();
	}

	/** What the task's output is made from: the step and frames, the settings, the model's weights, the video's content. */
	static JsonObject identity(BatchRun run, Task t) {
		JsonObject id = new JsonObject();
		id.addProperty("step", BatchRun.describeStep(t));
		id.addProperty("frames", BatchRun.framesText(t));
		Path v = run.video(t);
		String video;
		try {
			video = Identity.of(v);
		} catch (RuntimeException e) {
			video = "(unreadable)";
		}
		id.addProperty("video", v.getFileName() + " " + video);
		if (t.kind() == Kind.SVD) id.add("svd", SettingsSchema.of(SvdSettings.class).identity(run.svdSettings()));
		else {
			TrackingSettings s = run.trackingSettings();
			id.add("track", TrackingSettings.schema().identity(s));
			if (t.kind() == Kind.TRACK) {
				id.addProperty("filter_outliers", s.filterOutliers());
				id.addProperty("csv", s.csv());
			}
			id.addProperty("model", run.modelDigest());
		}
		// as the state file holds it (no null members), so that a saved identity compares equal
		return com.google.gson.JsonParser.parseString(BatchRun.gson().toJson(id)).getAsJsonObject();
	}

	private static String changes(JsonObject was, JsonObject now) {
		List<String> out = new ArrayList<>();
		if (was == null) return "no record of them";
		for (String k : now.keySet())
			if (!now.get(k).equals(was.get(k))) out.add(k + " was " + was.get(k) + ", now " + now.get(k));
		return String.join("; ", out);
	}

	private static int threadsUsed() {
		try {
			return Threads.current();
		} catch (RuntimeException | LinkageError e) {
			return 0;
		}
	}

	static String host() {
		String h = System.getenv("SLURMD_NODENAME");
		if (h != null && !h.isBlank()) return h;
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		} catch (IOException e) {
			String env = System.getenv("HOSTNAME");
			return env != null ? env : "localhost";
		}
	}

	static String slurmJob() {
		String a = System.getenv("SLURM_ARRAY_JOB_ID"), i = System.getenv("SLURM_ARRAY_TASK_ID");
		if (a != null && i != null) return a + "_" + i;
		return System.getenv("SLURM_JOB_ID");
	}
}
