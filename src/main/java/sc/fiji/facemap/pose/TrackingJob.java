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

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.DlcCsv;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * One tracking run with its files, shared by the command, the CLI and scripts: runs {@link PoseTracker} and writes
 * {@code <video>_FacemapPose.h5} (Facemap's layout; all 15 groups when the model's keypoints are Facemap names),
 * {@code <video>_FacemapPose_metadata.pkl} and optionally a DeepLabCut-style {@code <video>_FacemapPose.csv}. Every
 * file is written atomically and the h5 last, so an interrupted run never leaves a truncated result.
 * <p>
 * Resumable: every {@link Request#checkpointEvery} frames (and when a run fails or is canceled) the finished frames go
 * to hidden side files {@code .<video>_FacemapPose.partial.npy} (frames x keypoints x {x, y, likelihood}) and
 * {@code .partial.json} (settings and frame count). With {@link Request#resume} a run whose settings match continues
 * from there; the side files are deleted when the run completes.
 */
public final class TrackingJob {

	/** What to run and where to write. */
	public static final class Request {
		public PoseTracker.Options options = new PoseTracker.Options();
		/** Output folder (null: beside the video). */
		public Path outDir;
		/** Apply Facemap's outlier filter to the traces before writing. */
		public boolean filterOutliers;
		/** Also write a DeepLabCut-style CSV. */
		public boolean csv;
		/** Continue from the side files of an interrupted run with the same settings. */
		public boolean resume;
		/** Frames between side-file updates (0 = only on failure or cancel). */
		public int checkpointEvery = 500;
	}

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

	private TrackingJob() {}

	/** The DeepLabCut-style CSV beside a keypoints file: {@code x_FacemapPose.h5} -> {@code x_FacemapPose.csv}. */
	public static Path csvPathFor(Path h5) {
		String n = h5.getFileName().toString();
		return h5.resolveSibling((n.endsWith(".h5") ? n.substring(0, n.length() - 3) : n) + ".csv");
	}

	/** The h5 path for a video. */
	public static Path h5Path(Path video, Path outDir) {
		return PoseH5.pathFor(video, outDir);
	}

	/** The hidden side file holding partial results for {@code h5}. */
	public static Path partialPath(Path h5) {
		String n = h5.getFileName().toString();
		if (n.endsWith(".h5")) n = n.substring(0, n.length() - 3);
		return h5.resolveSibling("." + n + ".partial.npy");
	}

	static Path partialInfoPath(Path h5) {
		String n = partialPath(h5).getFileName().toString();
		return h5.resolveSibling(n.substring(0, n.length() - 4) + ".json");
	}

	/**
	 * Tracks {@code video} (opened by the caller, who closes it) with {@code model} and writes the files.
	 *
	 * @param videoPath names the outputs (usually {@code video.path()})
	 */
	public static Outcome run(VideoSource video, Path videoPath, PoseModel model, Request req, Progress progress) {
		Path h5 = h5Path(videoPath, req.outDir);
		if (req.outDir != null) {
			try {
				Files.createDirectories(req.outDir);
			} catch (IOException e) {
				throw new FacemapException(req.outDir, "cannot create output folder (" + e.getMessage() + ")", e);
			}
		}
		Path partial = partialPath(h5), info = partialInfoPath(h5);
		PoseTracker.Options o = req.options;
		int end = o.endFrame < 0 ? video.frameCount() : o.endFrame;
		int n = end - o.firstFrame;
		CropGeometry geom;
		try {
			geom = CropGeometry.of(video.height(), video.width(), o.bbox, model.inputSize());
		} catch (FacemapException e) {
			throw new FacemapException(videoPath, e.getMessage(), e);
		}
		JsonObject settings = settings(videoPath, model, o, geom, end);

		Keypoints resume = null;
		int done = 0;
		if (req.resume && Files.isRegularFile(partial) && Files.isRegularFile(info)) {
			JsonObject saved;
			try {
				saved = JsonParser.parseString(Files.readString(info, StandardCharsets.UTF_8)).getAsJsonObject();
			} catch (IOException | RuntimeException e) {
				throw new FacemapException(info, "cannot read the partial-run record (" + e.getMessage() + "); delete it to start again", e);
			}
			int savedDone = saved.has("done") ? saved.get("done").getAsInt() : 0;
			saved.remove("done");
			if (!saved.equals(settings))
				throw new FacemapException(partial, "cannot resume: the interrupted run used other settings (" + saved + ") than this one ("
					+ settings + "); run without --resume to start again");
			resume = readPartial(partial, model.keypoints(), n);
			done = savedDone;
			progress.log("Resuming " + videoPath.getFileName() + " from frame " + (o.firstFrame + done) + " (" + done + " of " + n + " frames done)");
		} else if (req.resume) {
			progress.log("No interrupted run to resume for " + videoPath.getFileName() + "; starting from the first frame.");
		}

		PoseTracker.Options runOpts = copy(o);
		runOpts.checkpointEvery = req.checkpointEvery;
		PoseTracker.Checkpoint cp = (kp, d) -> writePartial(partial, info, settings, kp, d);
		PoseTracker.Result r = new PoseTracker(model, runOpts).track(video, progress, resume, done, cp);

		Keypoints out = req.filterOutliers ? new OutlierFilter().apply(r.keypoints) : r.keypoints;
		PoseMetadata meta = new PoseMetadata();
		meta.batchSize = r.batchSize;
		meta.ly.add(video.height());
		meta.lx.add(video.width());
		meta.bbox = geom.bbox();
		meta.totalFrames = n;
		meta.bodyparts = writtenNames(model.keypoints());
		meta.inferenceSpeed = r.inferenceFramesPerSecond;
		meta.extra().put("model", model.name());
		meta.extra().put("keypoints", new ArrayList<>(model.keypoints().names()));
		meta.extra().put("first_frame", (long) o.firstFrame);
		meta.extra().put("normalization", o.normalization.label());
		meta.extra().put("device", r.device);
		meta.extra().put("end_to_end_speed", r.framesPerSecond);
		meta.extra().put("outliers_filtered", req.filterOutliers);
		meta.extra().put("software", "Facemap for Fiji");
		Path metaPath = PoseMetadata.pathFor(videoPath, req.outDir);
		meta.write(metaPath);
		Path csv = null;
		if (req.csv) {
			csv = csvPathFor(h5);
			writeCsv(csv, out, o.firstFrame);
		}
		PoseH5.write(h5, out);
		try {
			Files.deleteIfExists(partial);
			Files.deleteIfExists(info);
		} catch (IOException e) {
			progress.log("Could not delete " + partial + ": " + e.getMessage());
		}
		return new Outcome(h5, metaPath, csv, r, out, done);
	}

	/** The names the h5 holds: Facemap's 15 when every keypoint maps onto a distinct Facemap name. */
	static List<String> writtenNames(KeypointSet set) {
		int[] fm = set.facemapIndices();
		boolean facemap = Arrays.stream(fm).allMatch(i -> i >= 0) && Arrays.stream(fm).distinct().count() == fm.length;
		return new ArrayList<>(facemap ? KeypointSet.FACEMAP : set.names());
	}

	/** DeepLabCut-style CSV with the video's frame numbers as index. */
	public static void writeCsv(Path csv, Keypoints kp, int firstFrame) {
		int n = kp.frames(), k = kp.keypoints();
		List<String> index = new ArrayList<>();
		float[][] x = new float[n][k], y = new float[n][k], l = new float[n][k];
		for (int f = 0; f < n; f++) {
			index.add(Integer.toString(firstFrame + f));
			for (int j = 0; j < k; j++) {
				x[f][j] = kp.x(f, j);
				y[f][j] = kp.y(f, j);
				l[f][j] = kp.likelihood(f, j);
			}
		}
		DlcCsv.write(csv, "Facemap", kp.keypointSet().names(), index, x, y, l);
	}

	private static PoseTracker.Options copy(PoseTracker.Options o) {
		PoseTracker.Options c = new PoseTracker.Options();
		c.batchSize = o.batchSize;
		c.device = o.device;
		c.firstFrame = o.firstFrame;
		c.endFrame = o.endFrame;
		c.bbox = o.bbox == null ? null : o.bbox.clone();
		c.normalization = o.normalization;
		c.checkpointEvery = o.checkpointEvery;
		return c;
	}

	private static JsonObject settings(Path video, PoseModel model, PoseTracker.Options o, CropGeometry g, int end) {
		JsonObject s = new JsonObject();
		s.addProperty("video", video.getFileName().toString());
		s.addProperty("model", model.name());
		s.addProperty("keypoints", String.join(",", model.keypoints().names()));
		s.addProperty("firstFrame", o.firstFrame);
		s.addProperty("endFrame", end);
		s.addProperty("bbox", Arrays.toString(g.bbox()));
		s.addProperty("normalization", o.normalization.label());
		return s;
	}

	private static void writePartial(Path partial, Path info, JsonObject settings, Keypoints kp, int done) {
		int n = kp.frames(), k = kp.keypoints();
		float[] data = new float[n * k * 3];
		for (int i = 0; i < n * k; i++) {
			data[3 * i] = kp.xArray()[i];
			data[3 * i + 1] = kp.yArray()[i];
			data[3 * i + 2] = kp.likelihoodArray()[i];
		}
		Npy.write(partial, Tensor.ofFloats(new long[] { n, k, 3 }, data));
		JsonObject s = settings.deepCopy();
		s.addProperty("done", done);
		Gson g = new GsonBuilder().setPrettyPrinting().create();
		AtomicFiles.writeString(info, g.toJson(s) + "\n");
	}

	private static Keypoints readPartial(Path partial, KeypointSet set, int n) {
		Tensor t = Npy.readTensor(partial);
		long[] s = t.shape();
		if (s.length != 3 || s[0] != n || s[1] != set.size() || s[2] != 3)
			throw new FacemapException(partial, "partial results have shape " + Arrays.toString(s) + ", expected [" + n + ", " + set.size() + ", 3]");
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
