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

import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.FrameRange;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * Benchmark behind {@code scripts/bench/track} (a main, not a test): FMnet frames/s at several batch sizes (network
 * alone) and end to end (decode + preprocess + network + postprocess + writing the h5 and metadata) on the demo
 * video; FLOPs per frame and the fraction of the CPU's nominal peak; and, when the reference venv exists, Python
 * Facemap on the same frames, batch sizes and channels in the same run (scripts/reference/bench_facemap.py).
 * <p>
 * Options: --frames N (64), --batch-sizes 1,8,32, --channels 16,32,64,128,200, --bbox r0,r1,c0,c1 (full frame),
 * --video PATH, --python PATH (default ~/.cache/facemap-reference/venv/bin/python; "none" to skip), --reps R (1).
 */
public final class TrackBench {

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		int nFrames = Integer.parseInt(a.getOrDefault("frames", "64"));
		int[] batchSizes = ints(a.getOrDefault("batch-sizes", "1,8,32"));
		int[] channels = ints(a.getOrDefault("channels", "16,32,64,128,200"));
		int reps = Integer.parseInt(a.getOrDefault("reps", "1"));
		Path video = Paths.get(a.getOrDefault("video", "../shared/data/mouse-face-video/sample_video.mp4"));
		int[] bbox = a.containsKey("bbox") ? ints(a.get("bbox")) : null;
		String python = a.getOrDefault("python", System.getProperty("user.home") + "/.cache/facemap-reference/venv/bin/python");
		int keypoints = 15;

		System.out.println("== Facemap for Fiji keypoint tracking benchmark");
		System.out.println("video: " + video + ", first " + nFrames + " frames; channels " + java.util.Arrays.toString(channels)
			+ ", " + keypoints + " keypoints, random weights; bbox " + (bbox == null ? "full frame" : java.util.Arrays.toString(bbox)));
		double flops = FMnet.flopsPerFrame(1, channels, keypoints, 256);
		double convFlops = convFlops(channels, keypoints);
		Cpu cpu = Cpu.read();
		System.out.printf(Locale.ROOT, "FLOPs per frame: %.3f GFLOP total (convolutions %.3f GFLOP; multiply-add = 2)%n", flops / 1e9, convFlops / 1e9);
		System.out.println("CPU: " + cpu.describe());

		// frames, decoded once for the network-only runs
		byte[][] frames;
		int w, h;
		try (VideoSource src = VideoSources.open(video)) {
			w = src.width();
			h = src.height();
			nFrames = Math.min(nFrames, src.frameCount());
			frames = new byte[nFrames][w * h];
			for (int f = 0; f < nFrames; f++) src.read(f, frames[f]);
		}
		CropGeometry geom = CropGeometry.of(h, w, bbox, 256);
		Path tmp = Files.createTempDirectory("facemap-bench");
		PoseModel model;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, channels, keypoints, 1)) {
			model = PoseModel.of("bench", net.toStateDict(), null, "benchmark", "random weights", null);
		}

		// Java and Python alternate per batch size, so that the load of a shared machine hits both alike
		boolean withPython = !python.equals("none") && Files.isExecutable(Paths.get(python));
		if (!withPython) System.out.println("Python Facemap: skipped (no venv at " + python + "; see scripts/reference/README.md)");
		List<double[]> java = new ArrayList<>(); // batch, network fps, e2e fps
		JsonArray pyResults = new JsonArray();
		JsonObject py = null;
		for (int bs : batchSizes) {
			double netFps = 0, e2eFps = 0;
			for (int r = 0; r < reps; r++) {
				netFps = Math.max(netFps, networkFps(model, frames, geom, bs));
				e2eFps = Math.max(e2eFps, endToEndFps(model, video, nFrames, bbox, bs, tmp));
			}
			java.add(new double[] { bs, netFps, e2eFps });
			System.out.printf(Locale.ROOT, "Java  batch %3d: network %7.2f frames/s (%5.1f GFLOP/s, %4.1f%% of peak), end to end %7.2f frames/s%n", bs,
				netFps, netFps * flops / 1e9, 100 * netFps * flops / cpu.peakFlops(), e2eFps);
			if (withPython) {
				JsonObject one = runPython(python, video, nFrames, new int[] { bs }, channels, bbox);
				if (one != null) {
					py = one;
					for (JsonElement e : one.getAsJsonArray("results")) pyResults.add(e);
				}
			}
		}
		if (py != null) py.add("results", pyResults);
		if (py != null) {
			System.out.println();
			System.out.printf(Locale.ROOT, "%-6s %14s %14s %8s   %14s %14s %8s%n", "batch", "Java net f/s", "Python net f/s", "ratio", "Java e2e f/s",
				"Python e2e f/s", "ratio");
			JsonArray res = py.getAsJsonArray("results");
			for (double[] j : java) {
				for (JsonElement e : res) {
					JsonObject o = e.getAsJsonObject();
					if (o.get("batch_size").getAsInt() != (int) j[0]) continue;
					double pn = o.get("network_fps").getAsDouble(), pe = o.get("end_to_end_fps").getAsDouble();
					System.out.printf(Locale.ROOT, "%-6d %14.2f %14.2f %7.2fx   %14.2f %14.2f %7.2fx%n", (int) j[0], j[1], pn, j[1] / pn, j[2], pe, j[2] / pe);
				}
			}
			System.out.println("(Python end to end = Facemap's Pose.predict_landmarks: OpenCV decode + preprocess + network + "
				+ "back-projection, no file writing; Java end to end also writes the h5 and metadata. Goal: Java >= 1.5x.)");
			if (py.has("conv_gflop_per_frame"))
				System.out.printf(Locale.ROOT, "Python's count of convolution GFLOP per frame: %.3f (ours %.3f)%n", py.get("conv_gflop_per_frame").getAsDouble(),
					convFlops / 1e9);
		}
	}

	static double networkFps(PoseModel model, byte[][] frames, CropGeometry geom, int bs) {
		int n = frames.length;
		FramePreprocessor pre = new FramePreprocessor(geom, Normalization.PER_FRAME);
		List<float[]> inputs = new ArrayList<>();
		for (int s = 0; s < n; s += bs) {
			int c = Math.min(bs, n - s);
			byte[][] b = new byte[c][];
			for (int i = 0; i < c; i++) b[i] = frames[s + i];
			float[] in = new float[c * 256 * 256];
			pre.process(b, c, in);
			inputs.add(in);
		}
		try (NDManager m = NDManager.newBaseManager(); FMnet net = model.createNetwork(m)) {
			run(net, m, inputs.get(0)); // warm-up
			long t0 = System.nanoTime();
			for (float[] in : inputs) run(net, m, in);
			return n / ((System.nanoTime() - t0) / 1e9);
		}
	}

	private static void run(FMnet net, NDManager m, float[] in) {
		try (NDManager b = m.newSubManager()) {
			NDList out = net.forward(b.create(in, new Shape(in.length / (256 * 256), 1, 256, 256)), false);
			for (int i = 0; i < 3; i++) out.get(i).toFloatArray();
		}
	}

	static double endToEndFps(PoseModel model, Path video, int n, int[] bbox, int bs, Path tmp) {
		TrackingSettings req = TrackingSettings.DEFAULTS.with("batch_size", bs).with("frames", new FrameRange(0, n)).with("bbox", Box.of(bbox));
		// warm-up on one batch
		TrackingJob.run(video, tmp, model, req.with("frames", new FrameRange(0, Math.min(bs, n))), Progress.NONE);
		long t0 = System.nanoTime();
		TrackingJob.run(video, tmp, model, req, Progress.NONE);
		return n / ((System.nanoTime() - t0) / 1e9);
	}

	/** Convolution FLOPs alone (2 per multiply-add), comparable with bench_facemap.py's conv_gflop_per_frame. */
	static double convFlops(int[] c, int k) {
		int n = c.length;
		double f = 0;
		for (int l = 0; l < n; l++) {
			double px = Math.pow(256 >> l, 2);
			int cin = l == 0 ? 1 : c[l - 1];
			f += px * 2 * 9 * ((double) cin * c[l] + (double) c[l] * c[l]);
		}
		for (int u = 0; u < 2; u++) {
			double px = Math.pow(256 >> (n - 2 - u), 2);
			int cin = c[n - 1 - u] + c[n - 2 - u], cout = c[n - 2 - u];
			f += px * 2 * 9 * ((double) cin * cout + (double) cout * cout);
		}
		f += Math.pow(256 >> (n - 3), 2) * 2 * 3 * k * c[n - 3];
		return f;
	}

	static JsonObject runPython(String python, Path video, int n, int[] bs, int[] channels, int[] bbox) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(python, "scripts/reference/bench_facemap.py", "--frames", Integer.toString(n), "--batch-sizes",
			join(bs), "--channels", join(channels), "--video", video.toAbsolutePath().toString(), "--threads",
			Integer.toString(Runtime.getRuntime().availableProcessors())));
		if (bbox != null) cmd.addAll(List.of("--bbox", join(bbox)));
		System.out.println("Python Facemap: " + String.join(" ", cmd));
		Path outFile = Files.createTempFile("bench-facemap", ".json");
		Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
			System.out.println("Python Facemap: failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
			p.destroy();
			return null;
		}
		String s = Files.readString(outFile, StandardCharsets.UTF_8);
		int brace = s.indexOf('{');
		return JsonParser.parseString(s.substring(brace)).getAsJsonObject();
	}

	static String join(int[] v) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
		return sb.toString();
	}

	static int[] ints(String s) {
		String[] p = s.split(",");
		int[] v = new int[p.length];
		for (int i = 0; i < p.length; i++) v[i] = Integer.parseInt(p[i].trim());
		return v;
	}

	/** Nominal single-precision peak from /proc/cpuinfo: cores x GHz x FLOPs per cycle (from the SIMD flags). */
	static final class Cpu {
		String model = "unknown";
		double ghz = Double.NaN;
		int cores = Runtime.getRuntime().availableProcessors();
		int flopsPerCycle = 8;
		String simd = "SSE";

		static Cpu read() {
			Cpu c = new Cpu();
			try {
				for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
					int colon = line.indexOf(':');
					if (colon < 0) continue;
					String k = line.substring(0, colon).trim(), v = line.substring(colon + 1).trim();
					if (k.equals("model name") && c.model.equals("unknown")) {
						c.model = v;
						java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)\\s*GHz").matcher(v);
						if (m.find()) c.ghz = Double.parseDouble(m.group(1));
					}
					if (k.equals("cpu MHz") && Double.isNaN(c.ghz)) c.ghz = Double.parseDouble(v) / 1000;
					if (k.equals("flags")) {
						List<String> f = List.of(v.split("\\s+"));
						if (f.contains("avx512f")) {
							c.flopsPerCycle = 64;
							c.simd = "AVX-512 with FMA, 2 FMA units assumed: 2 x 16 x 2";
						} else if (f.contains("avx2") && f.contains("fma")) {
							c.flopsPerCycle = 32;
							c.simd = "AVX2 + FMA, 2 FMA units: 2 x 8 x 2";
						} else if (f.contains("avx")) {
							c.flopsPerCycle = 16;
							c.simd = "AVX: 8 add + 8 mul";
						}
					}
				}
			} catch (IOException | RuntimeException e) {
				// keep defaults
			}
			if (Double.isNaN(c.ghz)) c.ghz = 2.0;
			return c;
		}

		double peakFlops() {
			return cores * ghz * 1e9 * flopsPerCycle;
		}

		String describe() {
			return String.format(Locale.ROOT, "%s; %d cores visible x %.2f GHz x %d FLOP/cycle (%s) = %.1f GFLOP/s nominal FP32 peak", model, cores,
				ghz, flopsPerCycle, simd, peakFlops() / 1e9);
		}
	}
}
