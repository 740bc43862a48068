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

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.Version;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.TrackingParts;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * A batch run folder: the plan (which recordings, which steps, the exact settings, model and version) and, as tasks
 * run, each task's state and log. Everything is plain JSON or text a person can read:
 *
 * <pre>
 * RUN_DIR/plan.json          settings of every step, the model (name and weights digest), version, recordings, tasks
 * RUN_DIR/tasks.tsv          one line per task: index, step, video, frames, output
 * RUN_DIR/svd_rois.json      the SVD step's ROIs (when it has any)
 * RUN_DIR/state/NNNN.json    written by task NNNN: running | done | failed, its message, host, SLURM ids, seconds
 * RUN_DIR/logs/NNNN.log      the task's own output (local workers and SLURM both write here)
 * RUN_DIR/slurm/             the job array script and the submitted job ids
 * RUN_DIR/&lt;recording&gt;/       the recording's outputs (chunk parts and the merged &lt;video&gt;_FacemapPose.h5)
 * </pre>
 *
 * Task indices are the SLURM array indices.
 */
public final class BatchRun {

	public static final String PLAN = "plan.json", TASKS = "tasks.tsv", ROIS = "svd_rois.json";

	/** What a task does. */
	public enum Kind {
		/** Tracks a whole recording (or its frame range) into its {@code _FacemapPose.h5}. */
		TRACK,
		/** Tracks one chunk into its part files; the task that finds every chunk done merges them. */
		TRACK_CHUNK,
		/** Facemap's classic processing of the recording. */
		SVD;

		String label() {
			return this == SVD ? "svd" : "track";
		}
	}

	/** One task: one SLURM array index. {@code frames} is the chunk for {@link Kind#TRACK_CHUNK}. */
	public record Task(int index, Kind kind, int recording, FrameRange frames, int chunk, int chunks) {}

	/**
	 * One recording of the plan.
	 *
	 * @param name its output folder's name inside the run folder
	 * @param frames its frame count, -1 when it could not be read at planning time
	 * @param problem the reader's message when it could not be read (the task then fails with the same message)
	 */
	public record Entry(String name, Path video, int frames, String problem) {}

	private final Path dir;
	private final JsonObject plan;
	private final BatchSettings batch;
	private final TrackingSettings track;
	private final SvdSettings svd;
	private final List<Entry> recordings;
	private final List<Task> tasks;

	private BatchRun(Path dir, JsonObject plan) {
		this.dir = dir;
		this.plan = plan;
		JsonObject settings = plan.getAsJsonObject("settings");
		this.batch = BatchSettings.schema().fromJson(settings.getAsJsonObject("batch"));
		this.track = settings.has("track") ? TrackingSettings.schema().fromJson(settings.getAsJsonObject("track")) : null;
		this.svd = settings.has("svd") ? SettingsSchema.of(SvdSettings.class).fromJson(settings.getAsJsonObject("svd")) : null;
		List<Entry> recs = new ArrayList<>();
		for (JsonElement e : plan.getAsJsonArray("recordings")) {
			JsonObject o = e.getAsJsonObject();
			recs.add(new Entry(o.get("name").getAsString(), Paths.get(o.get("video").getAsString()), o.get("frames").getAsInt(),
				o.has("problem") ? o.get("problem").getAsString() : null));
		}
		this.recordings = Collections.unmodifiableList(recs);
		List<Task> ts = new ArrayList<>();
		for (JsonElement e : plan.getAsJsonArray("tasks")) {
			JsonObject o = e.getAsJsonObject();
			ts.add(new Task(o.get("index").getAsInt(), Kind.valueOf(o.get("kind").getAsString().toUpperCase(Locale.ROOT)), o.get("recording").getAsInt(),
				o.has("frames") ? FrameRange.parse(o.get("frames").getAsString()) : FrameRange.ALL, o.has("chunk") ? o.get("chunk").getAsInt() : 0,
				o.has("chunks") ? o.get("chunks").getAsInt() : 1));
		}
		this.tasks = Collections.unmodifiableList(ts);
	}

	/** Reads the run folder {@code dir} (its {@code plan.json}). */
	public static BatchRun open(Path dir) {
		Path f = dir.resolve(PLAN);
		if (!Files.isRegularFile(f)) throw new FacemapException(dir, "is not a batch run folder (no " + PLAN + "); make one with facemap batch plan");
		try {
			return new BatchRun(dir.toAbsolutePath().normalize(), JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject());
		} catch (IOException e) {
			throw new FacemapException(f, "cannot read (" + AtomicFiles.describe(e) + ")", e);
		} catch (FacemapException e) {
			throw new FacemapException(f, e.getMessage(), e);
		} catch (RuntimeException e) {
			throw new FacemapException(f, "is not a valid batch plan (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Plans a batch into {@code dir} (created; it must not hold a plan yet) and returns it. A video that cannot be
	 * read does not stop the plan: it gets one task per step, which fails at run time with the reader's message, and
	 * {@code progress} logs a warning.
	 *
	 * @param track the tracking settings (used when the steps include track)
	 * @param svd the SVD settings (used when the steps include svd)
	 * @param rois the SVD step's ROIs (may be empty: full frame only)
	 */
	public static BatchRun plan(List<Path> videos, BatchSettings batch, TrackingSettings track, SvdSettings svd, List<RoiSpec> rois, Path dir, Progress progress) {
		if (videos.isEmpty()) throw new FacemapException("no videos to plan: give video files, a folder, a glob or a list file");
		Path abs = dir.toAbsolutePath().normalize();
		if (Files.exists(abs.resolve(PLAN)))
			throw new FacemapException(abs, "already holds a batch plan (" + PLAN + "); run it with facemap batch run, or plan into another folder");
		List<BatchSettings.Step> steps = batch.stepList();
		boolean tracking = steps.contains(BatchSettings.Step.TRACK), svdStep = steps.contains(BatchSettings.Step.SVD);
		JsonObject plan = new JsonObject();
		plan.addProperty("facemap_fiji", Version.get());
		plan.addProperty("created", Instant.now().toString());
		JsonObject settings = new JsonObject();
		settings.add("batch", BatchSettings.schema().toJsonObject(batch));
		if (tracking) {
			PoseModel model = PoseModels.find(track.model());
			String m = track.model();
			Path p = Paths.get(m);
			if (!m.equals("default") && Files.exists(p)) track = track.with("model", p.toAbsolutePath().normalize().toString());
			// resume is how an interrupted task continues; filter/csv are applied by the merge
			track = track.with("resume", true);
			settings.add("track", TrackingSettings.schema().toJsonObject(track));
			JsonObject mo = new JsonObject();
			mo.addProperty("name", model.name());
			mo.addProperty("digest", model.digest());
			mo.addProperty("keypoints", String.join(",", model.keypoints().names()));
			if (model.source() != null) mo.addProperty("source", model.source().toString());
			plan.add("model", mo);
		}
		if (svdStep) {
			settings.add("svd", SettingsSchema.of(SvdSettings.class).toJsonObject(svd));
			plan.addProperty("svd_rois", rois.size());
		}
		plan.add("settings", settings);

		JsonArray recs = new JsonArray(), tasks = new JsonArray();
		Set<String> names = new HashSet<>();
		int index = 0;
		for (int r = 0; r < videos.size(); r++) {
			Path v = videos.get(r).toAbsolutePath().normalize();
			String name = uniqueName(sc.fiji.facemap.job.OutputLayout.baseName(v), names);
			int frames = -1;
			String problem = null;
			try (VideoSource src = Recording.of(v).open()) {
				frames = src.frameCount();
			} catch (RuntimeException e) {
				problem = e.getMessage() == null ? e.toString() : e.getMessage();
				progress.log("Warning: " + problem + " (its task will fail with this message; the other recordings run)");
			}
			JsonObject ro = new JsonObject();
			ro.addProperty("name", name);
			ro.addProperty("video", v.toString());
			ro.addProperty("frames", frames);
			if (problem != null) ro.addProperty("problem", problem);
			recs.add(ro);
			if (tracking) {
				List<FrameRange> chunks = frames < 0 ? List.of() : chunks(track, batch.chunkFrames(), frames);
				if (chunks.size() <= 1) tasks.add(task(index++, Kind.TRACK, r, null, 0, 1));
				else for (int c = 0; c < chunks.size(); c++)
					tasks.add(task(index++, Kind.TRACK_CHUNK, r, chunks.get(c), c, chunks.size()));
			}
			if (svdStep) tasks.add(task(index++, Kind.SVD, r, null, 0, 1));
		}
		plan.add("recordings", recs);
		plan.add("tasks", tasks);
		try {
			Files.createDirectories(abs.resolve("state"));
			Files.createDirectories(abs.resolve("logs"));
		} catch (IOException e) {
			throw new FacemapException(abs, "cannot create the run folder (" + AtomicFiles.describe(e) + ")", e);
		}
		if (svdStep && !rois.isEmpty()) SvdRois.write(abs.resolve(ROIS), rois);
		AtomicFiles.writeString(abs.resolve(PLAN), gson().toJson(plan) + "\n");
		BatchRun run = new BatchRun(abs, plan);
		AtomicFiles.writeString(abs.resolve(TASKS), run.tasksTable());
		return run;
	}

	/**
	 * The chunks of a video of {@code total} frames for these tracking settings: the settings' frame range (clipped
	 * to the video) cut into pieces of {@code chunkFrames} rounded up to a multiple of the batch size, so that every
	 * network batch holds the frames it holds in a single run. One chunk (the whole range) when the range is not
	 * longer than that, or when {@code chunkFrames} is 0.
	 */
	public static List<FrameRange> chunks(TrackingSettings track, int chunkFrames, int total) {
		FrameRange f = track.frames();
		int first = f.start(), end = Math.min(f.endIn(total), total);
		if (first >= end) return List.of(f);
		int bs = track.batchSize();
		int len = chunkFrames <= 0 ? end - first : (int) Math.min(Integer.MAX_VALUE, ((long) chunkFrames + bs - 1) / bs * bs);
		if (end - first <= len) return List.of(new FrameRange(first, end));
		return TrackingParts.chunks(first, end, len);
	}

	private static JsonObject task(int index, Kind kind, int recording, FrameRange frames, int chunk, int chunks) {
		JsonObject o = new JsonObject();
		o.addProperty("index", index);
		o.addProperty("kind", kind.name().toLowerCase(Locale.ROOT));
		o.addProperty("recording", recording);
		if (frames != null) {
			o.addProperty("frames", frames.toString());
			o.addProperty("chunk", chunk);
			o.addProperty("chunks", chunks);
		}
		return o;
	}

	private static String uniqueName(String base, Set<String> taken) {
		String n = base;
		for (int i = 2; !taken.add(n); i++)
			n = base + "-" + i;
		return n;
	}

	static Gson gson() {
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
	}

	private String tasksTable() {
		StringBuilder b = new StringBuilder("# index\tstep\tvideo\tframes\toutput\n");
		for (Task t : tasks)
			b.append(String.format(Locale.ROOT, "%d\t%s\t%s\t%s\t%s%n", t.index(), describeStep(t), video(t), framesText(t), dir.relativize(output(t))));
		return b.toString();
	}

	// ---- reading ----

	public Path dir() {
		return dir;
	}

	/** The plan as written (settings, model, version, recordings, tasks). */
	public JsonObject planJson() {
		return plan.deepCopy();
	}

	public BatchSettings batchSettings() {
		return batch;
	}

	/** The tracking settings (null when the plan does not track). */
	public TrackingSettings trackingSettings() {
		return track;
	}

	/** The SVD settings (null when the plan has no svd step). */
	public SvdSettings svdSettings() {
		return svd;
	}

	/** The SVD step's ROIs (empty: full frame only). */
	public List<RoiSpec> svdRois() {
		Path f = dir.resolve(ROIS);
		return Files.isRegularFile(f) ? SvdRois.read(f) : List.of();
	}

	/** The model's weights digest recorded by the plan (null when it does not track). */
	public String modelDigest() {
		return plan.has("model") ? plan.getAsJsonObject("model").get("digest").getAsString() : null;
	}

	/** The model named by the plan; refused when its weights are no longer those the plan recorded. */
	public PoseModel model() {
		PoseModel m = PoseModels.find(track.model());
		String want = modelDigest();
		if (want != null && !want.equals(m.digest()))
			throw new FacemapException(m.source() != null ? m.source() : dir.resolve(PLAN), "model '" + track.model() + "' has changed since the plan was made (weights digest "
				+ want + " then, " + m.digest() + " now); make a new plan");
		return m;
	}

	public List<Entry> recordings() {
		return recordings;
	}

	public List<Task> tasks() {
		return tasks;
	}

	public Task task(int index) {
		if (index < 0 || index >= tasks.size())
			throw new FacemapException(dir.resolve(PLAN), "has no task " + index + " (tasks 0.." + (tasks.size() - 1) + ")");
		return tasks.get(index);
	}

	/** The recording of an entry, with its outputs in its folder inside the run folder. */
	public Recording recording(int entry) {
		Entry e = recordings.get(entry);
		return Recording.of(e.video()).withOutputDir(dir.resolve(e.name()));
	}

	/** The video a task reads. */
	public Path video(Task t) {
		return recordings.get(t.recording()).video();
	}

	/** The chunk tasks of a recording, in frame order. */
	public List<Task> chunksOf(int recording) {
		List<Task> out = new ArrayList<>();
		for (Task t : tasks)
			if (t.recording() == recording && t.kind() == Kind.TRACK_CHUNK) out.add(t);
		return out;
	}

	/** The file a task's success leaves: the part, or the recording's {@code _FacemapPose.h5} / {@code _proc.npy}. */
	public Path output(Task t) {
		Recording r = recording(t.recording());
		return switch (t.kind()) {
			case TRACK -> r.outputs().poseH5();
			case TRACK_CHUNK -> r.outputs().posePart(t.frames().start(), t.frames().end());
			case SVD -> r.outputs().procNpy();
		};
	}

	static String describeStep(Task t) {
		return t.kind() == Kind.TRACK_CHUNK ? "track chunk " + (t.chunk() + 1) + "/" + t.chunks() : t.kind().label();
	}

	static String framesText(Task t) {
		return t.kind() == Kind.TRACK_CHUNK ? t.frames().toString() : "all";
	}

	public Path stateFile(int index) {
		return dir.resolve("state").resolve(String.format(Locale.ROOT, "%04d.json", index));
	}

	public Path logFile(int index) {
		return dir.resolve("logs").resolve(String.format(Locale.ROOT, "%04d.log", index));
	}

	/** The state a task last wrote, or null when it never started. */
	public TaskState state(int index) {
		Path f = stateFile(index);
		if (!Files.isRegularFile(f)) return null;
		try {
			return TaskState.fromJson(JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject());
		} catch (IOException | RuntimeException e) {
			return new TaskState(TaskState.FAILED, "unreadable state file " + f.getFileName() + " (" + e.getMessage() + ")", null, 0, null, null, null, 0, 0, null);
		}
	}

	void writeState(int index, TaskState s) {
		AtomicFiles.writeString(stateFile(index), gson().toJson(s.toJson()) + "\n");
	}
}
