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

import com.google.gson.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.DlcCsv;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.Checkpoint;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.Identity;
import sc.fiji.facemap.job.Job;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.job.OutputSet;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * The tracking job, shared by the command, the CLI, batch runs and scripts: runs {@link PoseTracker} on a recording
 * and writes {@code <video>_FacemapPose.h5} (Facemap's layout; all 15 groups when the model's keypoints are Facemap
 * names), {@code <video>_FacemapPose_metadata.pkl} and optionally a DeepLabCut-style {@code <video>_FacemapPose.csv}
 * as one {@link OutputSet}: every file goes to a temporary name and all are renamed together once all were
 * written, so a failed run leaves no mismatched pair.
 * <p>
 * Resumable through the shared {@link Checkpoint}: every {@link TrackingSettings#checkpointEvery} frames (and when a
 * run fails or is canceled) the finished frames go to hidden side files {@code .<video>_FacemapPose.partial.npy}
 * (frames x keypoints x {x, y, likelihood}) and {@code .partial.json}. With {@link TrackingSettings#resume} a run
 * continues from there only when the video's content, the model's weights and the settings are the same.
 */
public final class TrackingJob implements Job<TrackingSettings, TrackingJob.Outcome> {

	/** The files written and the run's figures. */
	public static final class Outcome {
		public final Path h5, metadata, csv;
		public final PoseTracker.Result result;
		/** The keypoints as written (filtered when asked). */
		public final Keypoints keypoints;
		/** Frames taken over from an earlier run (resume). */
		public final int resumedFrames;

		Outcome(Path h5, Path metadata, Path csv, PoseTracker.Result result, Keypoints keypoints, int resumedFrames) {
			this.h5 = h5;
			this.metadata = metadata;
			this.csv = csv;
			this.result = result;
			this.keypoints = keypoints;
			this.resumedFrames = resumedFrames;
		}
	}

	/** The job instance (stateless). */
	public static final TrackingJob INSTANCE = new TrackingJob();

	private TrackingJob() {}

	@Override
	public String name() {
		return "track";
	}

	@Override
	public Class<TrackingSettings> settingsType() {
		return TrackingSettings.class;
	}

	/** The hidden side file holding partial results for {@code h5}. */
	public static Path partialPath(Path h5) {
		return OutputLayout.partial(h5, ".npy");
	}

	/** Opens the recording, finds the model named by the settings, tracks and writes the files. */
	@Override
	public Outcome run(Recording recording, TrackingSettings settings, Progress progress) {
		PoseModel model = PoseModels.find(settings.model());
		try (VideoSource video = recording.open()) {
			return run(recording, video, model, settings, progress);
		}
	}

	/** Tracks a single video file (opened here) with {@code model}; outputs in {@code outDir} (null = beside it). */
	public static Outcome run(Path video, Path outDir, PoseModel model, TrackingSettings settings, Progress progress) {
		Recording r = Recording.of(video).withOutputDir(outDir);
		try (VideoSource src = r.open()) {
			return run(r, src, model, settings, progress);
		}
	}

	/**
	 * Tracks {@code video} (the recording's frames, opened by the caller, who closes it) with {@code model} and
	 * writes the recording's outputs.
	 */
	public static Outcome run(Recording recording, VideoSource video, PoseModel model, TrackingSettings settings, Progress progress) {
		return run(recording, video, model, settings, progress, false);
	}

	/**
	 * As {@link #run(Recording, VideoSource, PoseModel, TrackingSettings, Progress)}; with {@code part} the run is one
	 * chunk of a longer video (a batch task): it writes only the raw keypoints of its frames and their metadata, to
	 * {@link OutputLayout#posePart} and {@link OutputLayout#posePartMetadata} (checkpointed beside them), for
	 * {@link TrackingParts#merge} to join into the recording's {@code _FacemapPose.h5}.
	 */
	static Outcome run(Recording recording, VideoSource video, PoseModel model, TrackingSettings settings, Progress progress, boolean part) {
		OutputLayout layout = recording.outputs();
		OutputSet.checkWritable(layout.folder());
		TrackingSettings s = effective(recording, video, settings, progress);
		PoseTracker tracker = new PoseTracker(model, s);
		PoseTracker.Plan plan = tracker.plan(video);
		int n = plan.frames();
		Path h5 = part ? layout.posePart(plan.firstFrame(), plan.endFrame()) : layout.poseH5();
		Checkpoint cp = Checkpoint.beside(h5, identity(recording, video, model, s, plan));

		Keypoints resumed = null;
		int done = 0;
		if (s.resume()) {
			Optional<Checkpoint.Saved> saved = cp.resume();
			if (saved.isPresent()) {
				resumed = fromTensor(saved.get().state(), model.keypoints(), n, cp.dataFile());
				done = (int) saved.get().done();
				progress.log("Resuming " + recording.primaryVideo().getFileName() + " from frame " + (plan.firstFrame() + done) + " (" + done + " of " + n + " frames done)");
			} else progress.log("No interrupted run to resume for " + recording.primaryVideo().getFileName() + "; starting from the first frame.");
		}

		int[] saved = { done };
		PoseTracker.Result r;
		try {
			r = tracker.track(video, progress, resumed, done, (kp, d) -> {
				cp.save(toTensor(kp), d);
				saved[0] = d;
			});
		} catch (CanceledException e) {
			throw new CanceledException(saved[0] > 0 && cp.exists()
				? saved[0] + " of " + n + " frames of " + recording.primaryVideo().getFileName() + " are saved in " + cp.dataFile().getFileName()
					+ "; run the same command again with resume (--resume, or tick 'Resume') to continue from frame " + (plan.firstFrame() + saved[0])
				: "no frames of " + recording.primaryVideo().getFileName() + " were finished; nothing was written");
		}

		Outcome o;
		if (part) {
			Path metaPath = layout.posePartMetadata(plan.firstFrame(), plan.endFrame());
			PoseMetadata meta = metadata(video, model, s, r, plan, r.keypoints);
			try (OutputSet outputs = new OutputSet()) {
				outputs.write(h5, tmp -> sc.fiji.facemap.io.Npy.write(tmp, toTensor(r.keypoints)));
				outputs.write(metaPath, meta::write);
				outputs.commit();
			}
			o = new Outcome(h5, metaPath, null, r, r.keypoints, done);
		} else o = write(layout, video, model, s, r, plan, done);
		try {
			cp.clear();
		} catch (FacemapException e) {
			progress.log(e.getMessage());
		}
		return o;
	}

	/** Writes a whole run's outputs ({@code _FacemapPose.h5}, metadata, CSV) as one {@link OutputSet}. */
	static Outcome write(OutputLayout layout, VideoSource video, PoseModel model, TrackingSettings s, PoseTracker.Result r, PoseTracker.Plan plan, int resumedFrames) {
		Keypoints out = s.filterOutliers() ? new OutlierFilter().apply(r.keypoints) : r.keypoints;
		PoseMetadata meta = metadata(video, model, s, r, plan, out);
		Path h5 = layout.poseH5(), metaPath = layout.poseMetadata(), csv = s.csv() ? layout.poseCsv() : null;
		try (OutputSet outputs = new OutputSet()) {
			outputs.write(h5, tmp -> PoseH5.write(tmp, out));
			outputs.write(metaPath, meta::write);
			if (csv != null) outputs.write(csv, tmp -> writeCsv(tmp, out, plan.firstFrame()));
			outputs.commit();
		}
		return new Outcome(h5, metaPath, csv, r, out, resumedFrames);
	}

	/** The settings with the recording's face box (unless the settings override it) and the range clipped to the video. */
	static TrackingSettings effective(Recording recording, VideoSource video, TrackingSettings s, Progress progress) {
		if (s.bbox() == null && recording.faceBox() != null) s = s.with("bbox", Box.of(recording.faceBox()));
		FrameRange f = s.frames();
		if (f.exceeds(video.frameCount()) && f.start() < video.frameCount()) {
			FrameRange c = f.clip(video.frameCount());
			progress.log("Frames " + f + " run past the end of " + video.path().getFileName() + " (" + video.frameCount() + " frames); tracking " + c + ".");
			s = s.with("frames", c);
		}
		return s;
	}

	/** What a resumed run must match: the video's content, the model's weights, the settings that change results. */
	static JsonObject identity(Recording recording, VideoSource video, PoseModel model, TrackingSettings s, PoseTracker.Plan plan) {
		JsonObject id = TrackingSettings.schema().identity(s);
		id.addProperty("frames", plan.firstFrame() + ":" + plan.endFrame());
		id.addProperty("bbox", Arrays.toString(plan.geometry().bbox()));
		id.remove("model");
		id.addProperty("model", model.name() + " " + model.digest());
		id.addProperty("keypoints", String.join(",", model.keypoints().names()));
		List<String> files = new ArrayList<>();
		for (Path p : recording.files())
			files.add(p.getFileName() + " " + (java.nio.file.Files.exists(p) ? Identity.of(p) : "(no file)"));
		id.addProperty("video", String.join("; ", files));
		id.addProperty("video_size", video.width() + "x" + video.height() + ", " + video.frameCount() + " frames");
		return id;
	}

	private static PoseMetadata metadata(VideoSource video, PoseModel model, TrackingSettings s, PoseTracker.Result r, PoseTracker.Plan plan, Keypoints out) {
		PoseMetadata meta = new PoseMetadata();
		meta.batchSize = r.batchSize;
		meta.ly.add(video.height());
		meta.lx.add(video.width());
		meta.bbox = plan.geometry().bbox();
		meta.totalFrames = plan.frames();
		meta.bodyparts = writtenNames(model.keypoints());
		meta.inferenceSpeed = r.inferenceFramesPerSecond;
		meta.extra().put("model", model.name());
		meta.extra().put("keypoints", new ArrayList<>(model.keypoints().names()));
		meta.extra().put("first_frame", (long) plan.firstFrame());
		meta.extra().put("normalization", s.normalization().label());
		meta.extra().put("device", r.device.toString());
		if (r.engine != null) meta.extra().put("engine", r.engine.toString());
		meta.extra().put("precision", s.precision().toString());
		meta.extra().put("end_to_end_speed", r.framesPerSecond);
		meta.extra().put("outliers_filtered", s.filterOutliers());
		meta.extra().put("software", "Facemap for Fiji");
		return meta;
	}

	/** The names the h5 holds: Facemap's 15 when every keypoint maps onto a distinct Facemap name. */
	static List<String> writtenNames(KeypointSet set) {
		int[] fm = set.facemapIndices();
		boolean facemap = Arrays.stream(fm).allMatch(i -> i >= 0) && Arrays.stream(fm).distinct().count() == fm.length;
		return new ArrayList<>(facemap ? KeypointSet.FACEMAP : set.names());
	}

	/** DeepLabCut-style CSV with the video's frame numbers as index. */
	public static void writeCsv(Path csv, Keypoints kp, int firstFrame) {
		DlcCsv.writeKeypoints(csv, kp, "Facemap", firstFrame);
	}

	static Tensor toTensor(Keypoints kp) {
		int n = kp.frames(), k = kp.keypoints();
		float[] data = new float[n * k * 3];
		for (int i = 0; i < n * k; i++) {
			data[3 * i] = kp.xArray()[i];
			data[3 * i + 1] = kp.yArray()[i];
			data[3 * i + 2] = kp.likelihoodArray()[i];
		}
		return Tensor.ofFloats(new long[] { n, k, 3 }, data);
	}

	static Keypoints fromTensor(Tensor t, KeypointSet set, int n, Path file) {
		long[] s = t.shape();
		if (s.length != 3 || s[0] != n || s[1] != set.size() || s[2] != 3)
			throw new FacemapException(file, "partial results have shape " + Arrays.toString(s) + ", expected [" + n + ", " + set.size() + ", 3]");
		float[] d = t.floats();
		Keypoints kp = new Keypoints(set, n);
		for (int i = 0; i < n * set.size(); i++) {
			kp.xArray()[i] = d[3 * i];
			kp.yArray()[i] = d[3 * i + 1];
			kp.likelihoodArray()[i] = d[3 * i + 2];
		}
		return kp;
	}
}
