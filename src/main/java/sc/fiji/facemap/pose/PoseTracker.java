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

import ai.djl.Device;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.nn.Devices;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.video.FramePrefetcher;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Tracks keypoints through a video with a {@link PoseModel}: frames are decoded and preprocessed on a background
 * thread (the next batch is prepared while the network runs on the current one, through a bounded queue), run
 * through the network in batches (on the engine of the settings: {@link PoseNetworks#open}) and decoded to full-frame coordinates by the {@link Predictor} (the one inference path). Settings ({@link TrackingSettings}): batch size,
 * device (GPU falls back to CPU with a log message), frame range, bounding box, normalisation (see
 * {@link FramePreprocessor}). Frames are read ahead by a {@link FramePrefetcher}. Progress reports
 * frames/s; cancel stops between batches with {@link CanceledException}. A run can start part-way (resume) and hands
 * its partial results to a {@link Checkpoint} every so many frames.
 */
public final class PoseTracker {

	/** Receives partial results during a run (e.g. to write a resumable side file). */
	public interface Checkpoint {
		/** {@code done} frames of the range (from its start) are in {@code partial}. */
		void save(Keypoints partial, int done);
	}

	/** What a run will do on a given video: the frame range and the crop, computed once for the tracker and its job. */
	public record Plan(int firstFrame, int endFrame, CropGeometry geometry) {
		public int frames() {
			return endFrame - firstFrame;
		}
	}

	/** What a run produced. */
	public static final class Result {
		/** One row per frame of the range ({@code firstFrame ..}). */
		public final Keypoints keypoints;
		public final int firstFrame;
		public final CropGeometry geometry;
		public final int batchSize;
		public final sc.fiji.facemap.job.Device device;
		/** The engine that ran the network (null when no frame was left to run). */
		public final NetworkEngine engine;
		/** Frames per second end to end (decode, preprocess, network, postprocess) over the frames run now. */
		public final double framesPerSecond;
		/** Frames per second of the network and postprocessing alone (Facemap's "inference speed" excludes decoding). */
		public final double inferenceFramesPerSecond;

		Result(Keypoints keypoints, int firstFrame, CropGeometry geometry, int batchSize, sc.fiji.facemap.job.Device device, NetworkEngine engine, double fps,
			double inferenceFps) {
			this.keypoints = keypoints;
			this.firstFrame = firstFrame;
			this.geometry = geometry;
			this.batchSize = batchSize;
			this.device = device;
			this.engine = engine;
			this.framesPerSecond = fps;
			this.inferenceFramesPerSecond = inferenceFps;
		}
	}

	private final PoseModel model;
	private final TrackingSettings settings;

	public PoseTracker(PoseModel model, TrackingSettings settings) {
		if (model.inChannels() != 1) throw new FacemapException("model '" + model.name() + "' expects " + model.inChannels() + " input channels; only gray (1) is supported");
		this.model = model;
		this.settings = settings;
		checkBatchMemory(model, settings.batchSize(), physicalMemory());
	}

	/** Memory one frame of a batch takes in the network: about 33 MB at Facemap's full width (16..200 channels), measured. */
	static long bytesPerFrame(PoseModel model) {
		int[] c = model.channels();
		double width = c.length > 0 ? c[0] / 16.0 : 1;
		double size = model.inputSize() / 256.0;
		return (long) (33e6 * width * size * size);
	}

	/** Refuses a batch that cannot fit in this machine's memory (instead of a raw allocator failure mid-run). */
	static void checkBatchMemory(PoseModel model, int batchSize, long physical) {
		long per = bytesPerFrame(model);
		if (physical <= 0) return;
		long budget = physical / 2;
		if ((double) per * batchSize > budget) {
			long most = Math.max(1, budget / per);
			throw new FacemapException(String.format(java.util.Locale.ROOT,
				"batch_size %d needs about %.1f GB of memory with model '%s' (about %.0f MB per frame); this machine has %.1f GB: use a batch size of at most %d",
				batchSize, per * (double) batchSize / 1e9, model.name(), per / 1e6, physical / 1e9, most));
		}
	}

	private static long physicalMemory() {
		try {
			java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
			if (os instanceof com.sun.management.OperatingSystemMXBean) return ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
		} catch (RuntimeException | LinkageError e) {
			// unknown: no check
		}
		return -1;
	}

	/** Picks the DJL device (see {@link Devices#choose}). */
	public static Device device(sc.fiji.facemap.job.Device requested, Progress progress) {
		return Devices.choose(requested, progress);
	}

	/** {@link Devices#choose(String, Progress)}. */
	public static Device device(String requested, Progress progress) {
		return Devices.choose(requested, progress);
	}

	/** The frame range and crop this tracker uses on {@code video} (errors name the video). */
	public Plan plan(VideoSource video) {
		int total = video.frameCount();
		FrameRange r = settings.frames();
		int first = r.start(), end = r.endIn(total);
		if (first < 0 || end > total || first >= end)
			throw new FacemapException(video.path(), "frame range " + first + ":" + end + " is empty or outside the video's " + total + " frames");
		try {
			return new Plan(first, end, CropGeometry.of(video.height(), video.width(), settings.bbox() == null ? null : settings.bbox().toArray(), model.inputSize()));
		} catch (FacemapException e) {
			throw new FacemapException(video.path(), e.getMessage(), e);
		}
	}

	/** Tracks the whole range. */
	public Result track(VideoSource video, Progress progress) {
		return track(video, progress, null, 0, null);
	}

	/**
	 * Tracks the frame range of the settings.
	 *
	 * @param resume results of an earlier run of the same range (or null); frames {@code 0..done-1} are kept
	 * @param done number of frames of the range already in {@code resume}
	 * @param checkpoint called every {@link TrackingSettings#checkpointEvery} frames with the partial results (or null)
	 */
	public Result track(VideoSource video, Progress progress, Keypoints resume, int done, Checkpoint checkpoint) {
		Plan plan = plan(video);
		int first = plan.firstFrame(), n = plan.frames();
		CropGeometry geom = plan.geometry();
		Keypoints kp = resume != null ? resume : new Keypoints(model.keypoints(), n);
		if (kp.frames() != n || !kp.keypointSet().equals(model.keypoints()))
			throw new FacemapException(video.path(), "cannot resume: the partial results have " + kp.frames() + " frames of " + kp.keypointSet().names()
				+ ", this run needs " + n + " frames of " + model.keypoints().names());
		if (done < 0 || done > n) throw new FacemapException(video.path(), "cannot resume from frame " + done + " of " + n);
		int bs = Math.min(settings.batchSize(), n);

		long t0 = System.nanoTime();
		long netNanos = 0;
		sc.fiji.facemap.job.Device used = settings.device();
		NetworkEngine engine = null;
		if (done < n) {
			try (Predictor predictor = openPredictor(video, plan, progress)) {
				used = predictor.device();
				engine = predictor.engine();
				Batches run = new Batches(video, plan, bs, predictor, kp, checkpoint, progress);
				netNanos = run.run(done);
			}
		}
		double secs = (System.nanoTime() - t0) / 1e9;
		int ran = n - done;
		double fps = ran == 0 ? 0 : ran / secs;
		double ifps = ran == 0 || netNanos == 0 ? 0 : ran / (netNanos / 1e9);
		progress.update(n, n, String.format(java.util.Locale.ROOT, "Tracked %d frames (%.1f frames/s)", n, fps));
		return new Result(kp, first, geom, bs, used, engine, fps, ifps);
	}

	/** Frames used to calibrate the int8 network: spread evenly over the range. */
	static final int CALIBRATION_FRAMES = 16;

	/** The predictor of this run: float32 on the settings' engine, or int8 calibrated on frames of this video's range. */
	private Predictor openPredictor(VideoSource video, Plan plan, Progress progress) {
		if (settings.precision() != Precision.INT8)
			return Predictor.open(model, settings.engine(), settings.device(), settings.normalization(), progress);
		int n = Math.min(CALIBRATION_FRAMES, plan.frames()), size = model.inputSize();
		byte[][] frames = new byte[n][];
		for (int i = 0; i < n; i++) frames[i] = video.read(plan.firstFrame() + (int) ((long) i * plan.frames() / n));
		float[] input = new float[n * size * size];
		new FramePreprocessor(plan.geometry(), settings.normalization()).process(frames, n, input);
		progress.log("int8: calibrating on " + n + " frames of " + video.path().getFileName());
		return Predictor.owning(PoseNetworks.openInt8(model, settings.engine(), settings.device(), input, n, progress), model, settings.normalization());
	}

	/** A batch prepared by the preprocessing thread; {@code count == 0} marks the end. */
	private record Batch(int start, int count, float[] input, RuntimeException error) {
	}

	/**
	 * One run's batch loop: a {@link FramePrefetcher} decodes ahead, a preprocessing thread turns frames into network
	 * input batches (through a bounded queue with recycled buffers), and the calling thread runs the network.
	 */
	private final class Batches {
		private final VideoSource video;
		private final Plan plan;
		private final int bs, size;
		private final FramePreprocessor pre;
		private final Predictor predictor;
		private final Keypoints kp;
		private final Checkpoint checkpoint;
		private final Progress progress;

		Batches(VideoSource video, Plan plan, int bs, Predictor predictor, Keypoints kp, Checkpoint checkpoint, Progress progress) {
			this.video = video;
			this.plan = plan;
			this.bs = bs;
			this.size = predictor.inputSize();
			this.predictor = predictor;
			this.pre = predictor.preprocessor(plan.geometry());
			this.kp = kp;
			this.checkpoint = checkpoint;
			this.progress = progress;
		}

		/** Runs frames {@code start..} of the range; returns the nanoseconds spent in the network. */
		long run(int start) {
			int n = plan.frames(), first = plan.firstFrame();
			BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
			BlockingQueue<float[]> free = new ArrayBlockingQueue<>(4);
			for (int i = 0; i < 3; i++)
				free.add(new float[bs * size * size]);
			AtomicBoolean stop = new AtomicBoolean();
			FramePrefetcher frames = new FramePrefetcher(video, first + start, first + n, 1, 2 * bs);
			Thread preparer = new Thread(() -> {
				byte[][] batch = new byte[bs][];
				try {
					for (int s = start; s < n && !stop.get(); s += bs) {
						int c = Math.min(bs, n - s);
						for (int i = 0; i < c; i++)
							batch[i] = frames.next();
						float[] buf = free.take();
						pre.process(batch, c, buf);
						queue.put(new Batch(s, c, buf, null));
					}
					queue.put(new Batch(n, 0, null, null));
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				} catch (RuntimeException e) {
					try {
						queue.put(new Batch(0, 0, null, e));
					} catch (InterruptedException ie) {
						Thread.currentThread().interrupt();
					}
				}
			}, "facemap-preprocess");
			preparer.setDaemon(true);
			preparer.start();
			long netNanos = 0;
			int sinceCheckpoint = 0, finished = start;
			try {
				while (true) {
					progress.checkCanceled();
					Batch b = queue.poll(200, TimeUnit.MILLISECONDS);
					if (b == null) {
						if (!preparer.isAlive() && queue.isEmpty()) throw new FacemapException(video.path(), "frame reader stopped unexpectedly");
						continue;
					}
					if (b.error != null) throw b.error;
					if (b.count == 0) break;
					long tn = System.nanoTime();
					predictor.run(b.input, b.count, plan.geometry(), kp, b.start);
					netNanos += System.nanoTime() - tn;
					free.offer(b.input);
					int doneNow = b.start + b.count;
					finished = doneNow;
					progress.update(doneNow, n, "Tracking keypoints");
					sinceCheckpoint += b.count;
					if (checkpoint != null && settings.checkpointEvery() > 0 && sinceCheckpoint >= settings.checkpointEvery() && doneNow < n) {
						checkpoint.save(kp, doneNow);
						sinceCheckpoint = 0;
					}
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				saveOnFailure(finished, start, n);
				throw new CanceledException();
			} catch (RuntimeException e) {
				saveOnFailure(finished, start, n);
				throw e;
			} finally {
				stop.set(true);
				preparer.interrupt();
				try {
					preparer.join(10_000);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				frames.close();
			}
			return netNanos;
		}

		/** Keeps what a failed or canceled run finished. */
		private void saveOnFailure(int finished, int start, int n) {
			if (checkpoint == null || finished <= start || finished >= n) return;
			try {
				checkpoint.save(kp, finished);
			} catch (RuntimeException e) {
				// the original failure matters more
			}
		}
	}
}
