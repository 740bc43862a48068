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
package sc.fiji.facemap.svd;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Benchmark driver of the classic pipeline (run by scripts/bench/svd, not a test). Modes:
 * {@code demo VIDEO OUTDIR [SBIN]}: SvdJob on a video (default settings, bin 4: full-frame motion SVD, 500 components,
 * writes _proc.npy and _proc.h5); {@code hour OUTDIR [FRAMES]}: a generated recording of 90,000 frames of 128 x 96
 * (one hour at 25 frames/s). Prints one JSON line: frames, seconds, frames/s, peak heap and peak RSS.
 */
public final class SvdBench {

	private SvdBench() {}

	/** Procedural frames: a drifting texture with a moving blob and noise, no storage. */
	static final class GeneratedVideo implements VideoSource {
		final int w, h, n;
		final Path path;

		GeneratedVideo(int w, int h, int n) {
			this.w = w;
			this.h = h;
			this.n = n;
			this.path = Paths.get("generated-" + w + "x" + h + "x" + n);
		}

		@Override
		public Path path() {
			return path;
		}

		@Override
		public int frameCount() {
			return n;
		}

		@Override
		public int width() {
			return w;
		}

		@Override
		public int height() {
			return h;
		}

		@Override
		public double fps() {
			return 25;
		}

		@Override
		public String codec() {
			return "generated";
		}

		private float[] texture, blob;

		@Override
		public void read(int t, byte[] dst) {
			if (texture == null) {
				// a texture 3 widths wide (drifts 1 px every 3 frames) and a blob twice the frame's size
				texture = new float[3 * w * h];
				for (int y = 0; y < h; y++)
					for (int x = 0; x < 3 * w; x++) texture[y * 3 * w + x] = (float) (40 * Math.sin(x / 6.0) * Math.cos(y / 9.0));
				blob = new float[4 * w * h];
				for (int y = 0; y < 2 * h; y++)
					for (int x = 0; x < 2 * w; x++) blob[y * 2 * w + x] = (float) (60 * Math.exp(-((x - w) * (x - w) + (y - h)
						* (y - h)) / 60.0));
			}
			long seed = t * 0x9E3779B97F4A7C15L;
			int shift = (t / 3) % (2 * w);
			int bx = (int) (w / 4.0 * Math.sin(t / 37.0)), by = (int) (h / 4.0 * Math.cos(t / 53.0));
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					seed = seed * 6364136223846793005L + 1442695040888963407L;
					float v = 100 + texture[y * 3 * w + x + shift] + blob[(y + h / 2 - by) * 2 * w + x + w / 2 - bx]
						+ ((seed >>> 40) & 0xff) / 32f;
					dst[y * w + x] = (byte) Math.max(0, Math.min(255, (int) v));
				}
		}

		@Override
		public void close() {}
	}

	static long peakHeap() {
		long sum = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
		return sum;
	}

	static long peakRssKb() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		catch (Exception e) {
			// not Linux
		}
		return -1;
	}

	/** Logs each phase's start time to stderr. */
	static Progress phases() {
		long t0 = System.nanoTime();
		return new Progress() {
			String last = "";

			@Override
			public void update(long done, long total, String message) {
				String phase = message.replaceAll(" [0-9/]+$", "");
				if (!phase.equals(last)) {
					System.err.printf(Locale.ROOT, "%7.2f s  %s%n", (System.nanoTime() - t0) / 1e9, message);
					last = phase;
				}
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		long t0 = System.nanoTime();
		int frames;
		String what;
		if (mode.equals("demo")) {
			Path video = Paths.get(args[1]), out = Paths.get(args[2]);
			int sbin = args.length > 3 ? Integer.parseInt(args[3]) : 4;
			Files.createDirectories(out);
			ProcessingResult r = new SvdJob().run(Recording.of(video).withOutputDir(out), SvdSettings.DEFAULTS.with("sbin", sbin), phases());
			frames = r.nFrames();
			what = video.getFileName() + " sbin " + sbin + ", components " + r.fullFrame().motMask().cols();
		}
		else {
			Path out = Paths.get(args[1]);
			int n = args.length > 2 ? Integer.parseInt(args[2]) : 90_000;
			Files.createDirectories(out);
			GeneratedVideo v = new GeneratedVideo(128, 96, n);
			ProcessingResult r = SvdProcessor.process(List.of(v), List.of(List.of(v.path())), List.of(RoiSpec.of(
				RoiSpec.Kind.MOTION, 10, 10, 60, 40), RoiSpec.of(RoiSpec.Kind.PUPIL, 60, 40, 40, 30).withSaturation(200)),
				SvdSettings.DEFAULTS, phases());
			SvdJob.write(Recording.of(out.resolve("generated.avi")).withOutputDir(out), r);
			frames = n;
			what = "generated 128x96, " + n + " frames, sbin 4, full frame + motion ROI + pupil ROI, components "
				+ r.fullFrame().motMask().cols();
		}
		double s = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT,
			"{\"mode\": \"%s\", \"what\": \"%s\", \"frames\": %d, \"seconds\": %.2f, \"frames_per_s\": %.1f, "
				+ "\"peak_heap_mb\": %.0f, \"peak_rss_mb\": %.0f, \"max_heap_mb\": %.0f}%n",
			mode, what, frames, s, frames / s, peakHeap() / 1e6, peakRssKb() / 1e3, Runtime.getRuntime().maxMemory() / 1e6);
	}
}
