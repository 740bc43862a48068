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
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Tracks keypoints through a video with a {@link PoseModel}: frames are decoded and preprocessed on a background
 * thread (the next batch is prepared while the network runs on the current one, through a bounded queue), run
 * through FMnet in batches and decoded to full-frame coordinates. Options: batch size, device (GPU falls back to CPU
 * with a log message), frame range, bounding box, normalisation (see {@link FramePreprocessor}). Progress reports
 * frames/s; cancel stops between batches with {@link CanceledException}. A run can start part-way (resume) and hands
 * its partial results to a {@link Checkpoint} every so many frames.
 */
public final class PoseTracker {

	/** Tracking options (a plain mutable bean; defaults as in the CLI). */
	public static final class Options {
		/** Frames per network call. */
		public int batchSize = 8;
		/** "cpu" or "gpu". */
		public String device = "cpu";
		/** First frame (inclusive) and end frame (exclusive; -1 = to the end of the video). */
		public int firstFrame = 0, endFrame = -1;
		/** Bounding box [r0, r1, c0, c1] (rows y0..y1, columns x0..x1, exclusive ends), or null for the full frame. */
		public int[] bbox;
		public Normalization normalization = Normalization.PER_FRAME;
		/** Frames between checkpoint calls (0 = never). */
		public int checkpointEvery = 0;
	}

	/** Receives partial results during a run (e.g. to write a resumable side file). */
	public interface Checkpoint {
		/** {@code done} frames of the range (from its start) are in {@code partial}. */
		void save(Keypoints partial, int done);
	}

	/** What a run produced. */
	public static final class Result {
		/** One row per frame of the range ({@code firstFrame ..}). */
		public final Keypoints keypoints;
		public final int firstFrame;
		public final CropGeometry geometry;
		public final int batchSize;
		public final String device;
		/** Frames per second end to end (decode, preprocess, network, postprocess) over the frames run now. */
		public final double framesPerSecond;
		/** Frames per second of the network and postprocessing alone (Facemap's "inference speed" excludes decoding). */
		public final double inferenceFramesPerSecond;

		Result(Keypoints keypoints, int firstFrame, CropGeometry geometry, int batchSize, String device, double fps, double inferenceFps) {
			this.keypoints = keypoints;
			this.firstFrame = firstFrame;
			this.geometry = geometry;
			this.batchSize = batchSize;
			this.device = device;
			this.framesPerSecond = fps;
			this.inferenceFramesPerSecond = inferenceFps;
		}
	}

	private final PoseModel model;
	private final Options options;

	public PoseTracker(PoseModel model, Options options) {
		if (options.batchSize < 1) throw new FacemapException("batch size must be at least 1, got " + options.batchSize);
		if (model.inChannels() != 1) throw new FacemapException("model '" + model.name() + "' expects " + model.inChannels() + " input channels; only gray (1) is supported");
		this.model = model;
		this.options = options;
	}

	/** Picks the DJL device: GPU when asked for and present, else CPU (logging why). */
	public static Device device(String requested, Progress progress) {
		String d = requested == null ? "cpu" : requested.trim().toLowerCase(java.util.Locale.ROOT);
		if (d.equals("gpu") || d.equals("cuda")) {
			int n = 0;
			try {
				n = Engine.getInstance().getGpuCount();
			} catch (RuntimeException e) {
				n = 0;
			}
			if (n > 0) return Device.gpu();
			progress.log("GPU requested but none is available to PyTorch (the CPU build of libtorch is installed, or no CUDA device); using the CPU.");
			return Device.cpu();
		}
		if (!d.equals("cpu")) throw new FacemapException("device must be cpu or gpu, got '" + requested + "'");
		return Device.cpu();
	}

	/** Tracks the whole range. */
	public Result track(VideoSource video, Progress progress) {
		return track(video, progress, null, 0, null);
	}

	/**
	 * Tracks the frame range of the options.
	 *
	 * @param resume results of an earlier run of the same range (or null); frames {@code 0..done-1} are kept
	 * @param done number of frames of the range already in {@code resume}
	 * @param checkpoint called every {@link Options#checkpointEvery} frames with the partial results (or null)
	 */
	public Result track(VideoSource video, Progress progress, Keypoints resume, int done, Checkpoint checkpoint) {
		int total = video.frameCount();
		int first = options.firstFrame, end = options.endFrame < 0 ? total : options.endFrame;
		if (first < 0 || end > total || first >= end)
			throw new FacemapException(video.path(), "frame range " + first + ":" + end + " is empty or outside the video's " + total + " frames");
		int n = end - first;
		CropGeometry geom;
		try {
			geom = CropGeometry.of(video.height(), video.width(), options.bbox, model.inputSize());
		} catch (FacemapException e) {
			throw new FacemapException(video.path(), e.getMessage(), e);
		}
		Keypoints kp = resume != null ? resume : new Keypoints(model.keypoints(), n);
		if (kp.frames() != n || !kp.keypointSet().equals(model.keypoints()))
			throw new FacemapException(video.path(), "cannot resume: the partial results have " + kp.frames() + " frames of " + kp.keypointSet().names()
				+ ", this run needs " + n + " frames of " + model.keypoints().names());
		if (done < 0 || done > n) throw new FacemapException(video.path(), "cannot resume from frame " + done + " of " + n);
		Device device = device(options.device, progress);
		int bs = Math.min(options.batchSize, n);
		int size = model.inputSize();
		FramePreprocessor pre = new FramePreprocessor(geom, options.normalization);

		long t0 = System.nanoTime();
		long[] netNanos = { 0 };
		int start = done;
		if (start < n) {
			try (NDManager manager = NDManager.newBaseManager(device); FMnet net = model.createNetwork(manager)) {
				runBatches(video, progress, checkpoint, first, n, start, bs, size, pre, geom, net, manager, kp, netNanos);
			}
		}
		double secs = (System.nanoTime() - t0) / 1e9;
		int ran = n - start;
		double fps = ran == 0 ? 0 : ran / secs;
		double ifps = ran == 0 || netNanos[0] == 0 ? 0 : ran / (netNanos[0] / 1e9);
		progress.update(n, n, String.format(java.util.Locale.ROOT, "Tracked %d frames (%.1f frames/s)", n, fps));
		return new Result(kp, first, geom, bs, device.getDeviceType(), fps, ifps);
	}

	/** A batch prepared by the decode thread; {@code count == 0} marks the end. */
	private static final class Batch {
		final int start, count;
		final float[] input;
		final RuntimeException error;

		Batch(int start, int count, float[] input, RuntimeException error) {
			this.start = start;
			this.count = count;
			this.input = input;
			this.error = error;
		}
	}

	/** Keeps what a failed or canceled run finished. */
	private static void saveOnFailure(Checkpoint checkpoint, Keypoints kp, int finished, int start, int n) {
		if (checkpoint == null || finished <= start || finished >= n) return;
		try {
			checkpoint.save(kp, finished);
		} catch (RuntimeException e) {
			// the original failure matters more
		}
	}

	private void runBatches(VideoSource video, Progress progress, Checkpoint checkpoint, int first, int n, int start, int bs, int size,
		FramePreprocessor pre, CropGeometry geom, FMnet net, NDManager manager, Keypoints kp, long[] netNanos) {
		BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
		BlockingQueue<float[]> free = new ArrayBlockingQueue<>(4);
		for (int i = 0; i < 3; i++) free.add(new float[bs * size * size]);
		AtomicBoolean stop = new AtomicBoolean();
		Thread decoder = new Thread(() -> {
			int w = video.width(), h = video.height();
			byte[][] frames = new byte[bs][w * h];
			try {
				for (int s = start; s < n && !stop.get(); s += bs) {
					int c = Math.min(bs, n - s);
					for (int i = 0; i < c; i++) video.read(first + s + i, frames[i]);
					float[] buf = free.take();
					pre.process(frames, c, buf);
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
		}, "facemap-decode");
		decoder.setDaemon(true);
		decoder.start();
		long t0 = System.nanoTime();
		int sinceCheckpoint = 0;
		int finished = start;
		try {
			while (true) {
				progress.checkCanceled();
				Batch b = queue.poll(200, TimeUnit.MILLISECONDS);
				if (b == null) {
					if (!decoder.isAlive() && queue.isEmpty()) throw new FacemapException(video.path(), "frame reader stopped unexpectedly");
					continue;
				}
				if (b.error != null) throw b.error;
				if (b.count == 0) break;
				long tn = System.nanoTime();
				try (NDManager batch = manager.newSubManager()) {
					NDArray x = batch.create(java.nio.FloatBuffer.wrap(b.input, 0, b.count * size * size), new Shape(b.count, 1, size, size));
					NDList out = net.forward(x, false, false);
					Shape hs = out.get(0).getShape();
					float[] hm = out.get(0).toFloatArray(), lx = out.get(1).toFloatArray(), ly = out.get(2).toFloatArray();
					HeatmapDecoder.decode(hm, lx, ly, b.count, (int) hs.get(1), (int) hs.get(2), (int) hs.get(3), geom, kp, b.start);
				}
				netNanos[0] += System.nanoTime() - tn;
				free.offer(b.input);
				int doneNow = b.start + b.count;
				finished = doneNow;
				double secs = (System.nanoTime() - t0) / 1e9;
				progress.update(doneNow, n, String.format(java.util.Locale.ROOT, "Tracking keypoints: frame %d/%d, %.1f frames/s", doneNow, n,
					(doneNow - start) / Math.max(secs, 1e-9)));
				sinceCheckpoint += b.count;
				if (checkpoint != null && options.checkpointEvery > 0 && sinceCheckpoint >= options.checkpointEvery && doneNow < n) {
					checkpoint.save(kp, doneNow);
					sinceCheckpoint = 0;
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			saveOnFailure(checkpoint, kp, finished, start, n);
			throw new CanceledException();
		} catch (RuntimeException e) {
			saveOnFailure(checkpoint, kp, finished, start, n);
			throw e;
		} finally {
			stop.set(true);
			decoder.interrupt();
			try {
				decoder.join(10_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
