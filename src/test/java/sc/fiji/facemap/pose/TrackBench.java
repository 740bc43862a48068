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
import ai.djl.ndarray.NDArray;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * Benchmark behind {@code scripts/bench/track} (a main, not a test). One run measures, on the demo video:
 * <ul>
 * <li>the machine's peak: a float32 4096 x 4096 matrix product in libtorch on all cores (best of 5; the figure every
 * fraction below is taken of), an FMA loop in registers ({@code --fma BINARY}, built by the script) and the nominal
 * peak from /proc/cpuinfo, for reference;</li>
 * <li>the network alone on preprocessed batches, per model (Facemap's full width 16..200 with random weights, and the
 * bundled model), engine (DJL/libtorch, ONNX Runtime) and batch size: frames/s, GFLOP/s, fraction of the peak (median
 * of {@code --reps} rounds, engines alternating within a round so that a shared machine's load hits both alike);</li>
 * <li>batch-1 latency per frame (preprocess + network + decode, one frame at a time): median and 99th percentile;</li>
 * <li>end to end (the tracking job: decode + preprocess + network + decode + writing the h5 and metadata);</li>
 * <li>Python Facemap on the same frames, batch sizes and channels when the reference venv exists
 * (scripts/reference/bench_facemap.py), and the ratios;</li>
 * <li>reduced precision: none is offered (fp32 only), which the output says.</li>
 * </ul>
 * The last line is {@code network batch 8: <F> of measured peak (<G> GFLOP/s, <R> frames/s)} for the full-width
 * network on the default CPU engine. The load average is printed at the start and the end.
 * <p>
 * Options: --frames N (64), --batch-sizes 1,8,32, --channels 16,32,64,128,200, --bbox r0,r1,c0,c1 (full frame),
 * --video PATH, --python PATH (default ~/.cache/facemap-reference/venv/bin/python; "none" to skip), --reps R (3),
 * --latency-frames N (100), --fma BINARY (none: skipped), --model NAME (default: the bundled model; "none" to skip).
 */
public final class TrackBench {

	/** The configurations measured: engine, and "int8" for ONNX Runtime's opt-in int8 network. */
	static final String[] ENGINES = { "djl", "onnxruntime", "ort-int8" };
	static final String DEFAULT_ENGINE = "onnxruntime";

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		int nFrames = Integer.parseInt(a.getOrDefault("frames", "64"));
		int[] batchSizes = ints(a.getOrDefault("batch-sizes", "1,8,32"));
		int[] channels = ints(a.getOrDefault("channels", "16,32,64,128,200"));
		int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
		int latencyFrames = Integer.parseInt(a.getOrDefault("latency-frames", "100"));
		Path video = Paths.get(a.getOrDefault("video", "../shared/data/mouse-face-video/sample_video.mp4"));
		int[] bbox = a.containsKey("bbox") ? ints(a.get("bbox")) : null;
		String python = a.getOrDefault("python", System.getProperty("user.home") + "/.cache/facemap-reference/venv/bin/python");
		String fma = a.getOrDefault("fma", "none");
		String bundled = a.getOrDefault("model", "default");
		Path labels = Paths.get(a.getOrDefault("labels", "test-images/sample_video_labels.csv"));
		int keypoints = 15;

		System.out.println("== Facemap for Fiji keypoint tracking benchmark");
		System.out.println("load average at start (1/5/15 min): " + loadAverage());
		Cpu cpu = Cpu.read();
		System.out.println("CPU: " + cpu.describe());

		// ---- peak
		double peak = matmulPeak();
		System.out.printf(Locale.ROOT, "measured peak: %.1f GFLOP/s (float32 4096x4096 matrix product in libtorch, %d threads, best of 5)%n", peak / 1e9,
			torchThreads());
		double[] fmaPeak = fmaPeak(fma, cpu.cores);
		if (fmaPeak != null)
			System.out.printf(Locale.ROOT, "FMA loop: %.1f GFLOP/s (%d-bit FMA in registers, %d threads, best of 5; reference only)%n", fmaPeak[0], (int) fmaPeak[1],
				cpu.cores);
		else System.out.println("FMA loop: skipped (no binary; scripts/bench/track builds it with a C compiler)");
		System.out.printf(Locale.ROOT, "nominal peak from /proc/cpuinfo: %.1f GFLOP/s (reference only)%n", cpu.peakFlops() / 1e9);

		// ---- frames, decoded once for the network-only runs
		byte[][] frames;
		int w, h;
		try (VideoSource src = VideoSources.open(video)) {
			w = src.width();
			h = src.height();
			nFrames = Math.min(nFrames, src.frameCount());
			frames = new byte[Math.max(nFrames, Math.min(latencyFrames, src.frameCount()))][];
			for (int f = 0; f < frames.length; f++) frames[f] = src.read(f);
		}
		CropGeometry geom = CropGeometry.of(h, w, bbox, 256);
		Path tmp = Files.createTempDirectory("facemap-bench");
		List<PoseModel> models = new ArrayList<>();
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, channels, keypoints, 1)) {
			models.add(PoseModel.of("full-width", net.toStateDict(), null, "benchmark", "random weights", null));
		}
		if (!bundled.equals("none")) models.add(PoseModels.find(bundled));
		System.out.println("video: " + video + ", first " + nFrames + " frames (" + w + "x" + h + "), bbox " + (bbox == null ? "full frame" : Arrays.toString(bbox)));
		for (PoseModel pm : models)
			System.out.printf(Locale.ROOT, "model %-12s channels %-22s %2d keypoints, %.3f GFLOP per frame (convolutions %.3f; multiply-add = 2)%n", pm.name(),
				Arrays.toString(pm.channels()), pm.keypoints().size(), flops(pm) / 1e9, convFlops(pm.channels(), pm.keypoints().size()) / 1e9);

		// ---- network alone
		System.out.println();
		System.out.printf(Locale.ROOT, "network alone (median of %d rounds; the fraction of the peak is printed at the end)%n", reps);
		System.out.printf(Locale.ROOT, "%-12s %-12s %5s %10s %9s%n", "model", "engine", "batch", "frames/s", "GFLOP/s");
		Map<String, Double> net = new LinkedHashMap<>();
		for (PoseModel pm : models) {
			double fl = flops(pm);
			for (int bs : batchSizes) {
				Map<String, List<Double>> runs = new LinkedHashMap<>();
				for (int r = 0; r < reps; r++)
					for (String e : ENGINES) runs.computeIfAbsent(e, k -> new ArrayList<>()).add(networkFps(pm, e, frames, nFrames, geom, bs));
				for (String e : ENGINES) {
					double fps = median(runs.get(e));
					net.put(pm.name() + "/" + e + "/" + bs, fps);
					System.out.printf(Locale.ROOT, "%-12s %-12s %5d %10.2f %9.1f%n", pm.name(), e, bs, fps, fps * fl / 1e9);
				}
			}
		}

		// ---- batch-1 latency
		System.out.println();
		System.out.println("batch-1 latency per frame (preprocess + network + decode, " + Math.min(latencyFrames, frames.length) + " frames one at a time)");
		System.out.printf(Locale.ROOT, "%-12s %-12s %9s %9s%n", "model", "engine", "p50 ms", "p99 ms");
		for (PoseModel pm : models)
			for (String e : ENGINES) {
				double[] l = latency(pm, e, frames, Math.min(latencyFrames, frames.length), geom);
				System.out.printf(Locale.ROOT, "%-12s %-12s %9.1f %9.1f%n", pm.name(), e, l[0], l[1]);
			}

		// ---- end to end, Java and Python alternating per batch size (full width)
		boolean withPython = !python.equals("none") && Files.isExecutable(Paths.get(python));
		System.out.println();
		if (!withPython) System.out.println("Python Facemap: skipped (no venv at " + python + "; scripts/reference/setup_venv.sh makes it)");
		System.out.println("end to end (tracking job: decode + preprocess + network + decode + writing the h5), frames/s; ort-int8 includes its "
			+ "calibration on 16 frames, which a run of only " + nFrames + " frames does not amortise");
		System.out.printf(Locale.ROOT, "%-12s %-12s %5s %10s%n", "model", "engine", "batch", "frames/s");
		Map<String, Double> e2e = new LinkedHashMap<>();
		JsonArray pyResults = new JsonArray();
		JsonObject py = null;
		for (PoseModel pm : models)
			for (int bs : batchSizes) {
				for (String e : ENGINES) {
					double fps = endToEndFps(pm, e, video, nFrames, bbox, bs, tmp);
					e2e.put(pm.name() + "/" + e + "/" + bs, fps);
					System.out.printf(Locale.ROOT, "%-12s %-12s %5d %10.2f%n", pm.name(), e, bs, fps);
				}
				if (withPython && pm == models.get(0)) {
					JsonObject one = runPython(python, video, nFrames, new int[] { bs }, channels, bbox);
					if (one != null) {
						py = one;
						for (JsonElement el : one.getAsJsonArray("results")) pyResults.add(el);
					}
				}
			}
		if (py != null) {
			System.out.println();
			System.out.println("Python Facemap 1.0.8 (same frames, full width; default engine " + DEFAULT_ENGINE + " on the Java side)");
			System.out.printf(Locale.ROOT, "%-6s %14s %14s %8s   %14s %14s %8s%n", "batch", "Java net f/s", "Python net f/s", "ratio", "Java e2e f/s",
				"Python e2e f/s", "ratio");
			for (JsonElement el : pyResults) {
				JsonObject o = el.getAsJsonObject();
				int bs = o.get("batch_size").getAsInt();
				Double jn = net.get(models.get(0).name() + "/" + DEFAULT_ENGINE + "/" + bs), je = e2e.get(models.get(0).name() + "/" + DEFAULT_ENGINE + "/" + bs);
				if (jn == null || je == null) continue;
				double pn = o.get("network_fps").getAsDouble(), pe = o.get("end_to_end_fps").getAsDouble();
				System.out.printf(Locale.ROOT, "%-6d %14.2f %14.2f %7.2fx   %14.2f %14.2f %7.2fx%n", bs, jn, pn, jn / pn, je, pe, je / pe);
			}
			System.out.println("(Python end to end = Facemap's Pose.predict_landmarks: OpenCV decode + preprocess + network + back-projection, no file "
				+ "writing; Java end to end also writes the h5 and metadata. Goal: Java >= 3x.)");
		}

		System.out.println();
		reducedPrecision(models, video, labels, geom);
		// the peak again: on a shared machine the load changes during the run, so the better of the two is the peak
		double peakEnd = matmulPeak();
		System.out.printf(Locale.ROOT, "%nmeasured peak again at the end: %.1f GFLOP/s; peak used: %.1f GFLOP/s (the better of start and end)%n", peakEnd / 1e9,
			Math.max(peak, peakEnd) / 1e9);
		peak = Math.max(peak, peakEnd);
		System.out.println("load average at end (1/5/15 min): " + loadAverage() + String.format(Locale.ROOT, "; benchmark took %.1f min",
			(System.nanoTime() - started) / 6e10));
		System.out.println();
		System.out.printf(Locale.ROOT, "summary, network alone: fraction of the measured peak (%.1f GFLOP/s)%n", peak / 1e9);
		System.out.printf(Locale.ROOT, "%-12s %-12s %5s %10s %9s %8s %12s%n", "model", "engine", "batch", "frames/s", "GFLOP/s", "of peak", "end to end");
		for (PoseModel pm : models)
			for (int bs : batchSizes)
				for (String e : ENGINES) {
					String key = pm.name() + "/" + e + "/" + bs;
					Double fps = net.get(key), ee = e2e.get(key);
					if (fps == null) continue;
					System.out.printf(Locale.ROOT, "%-12s %-12s %5d %10.2f %9.1f %8.3f %12s%n", pm.name(), e, bs, fps, fps * flops(pm) / 1e9, fps * flops(pm) / peak,
						ee == null ? "" : String.format(Locale.ROOT, "%.2f f/s", ee));
				}
		boolean above = false;
		for (Map.Entry<String, Double> en : net.entrySet())
			above |= en.getValue() * flops(models.get(en.getKey().startsWith(models.get(0).name() + "/") ? 0 : models.size() - 1)) > peak;
		if (above)
			System.out.println("(fractions above 1: the peak was measured while the machine was busier than during those runs; the figures are not "
				+ "reliable on a shared machine: re-run on a quiet one)");
		double fl = flops(models.get(0));
		Double b8 = net.get(models.get(0).name() + "/" + DEFAULT_ENGINE + "/8");
		if (b8 == null) b8 = networkFps(models.get(0), DEFAULT_ENGINE, frames, nFrames, geom, 8);
		System.out.printf(Locale.ROOT, "network batch 8: %.3f of measured peak (%.1f GFLOP/s, %.2f frames/s)%n", b8 * fl / peak, b8 * fl / 1e9, b8);
	}

	/**
	 * The int8 network's accuracy cost: on the labelled frames of the demo video (test-images/sample_video_labels.csv),
	 * for the bundled model, the error against the labels in fp32 and int8 and how far int8 moves each labelled
	 * keypoint from its fp32 position (median, 95th percentile, max px); int8 calibrated on 16 frames spread over the
	 * video, as the tracker does. bf16 is not offered (no engine here runs it faster than fp32).
	 */
	static void reducedPrecision(List<PoseModel> models, Path video, Path labels, CropGeometry geom) throws IOException {
		System.out.println("reduced precision: int8 (opt-in: --precision int8, ONNX Runtime) against fp32; bf16 not offered");
		PoseModel pm = models.size() > 1 ? models.get(1) : null;
		if (pm == null || !Files.isRegularFile(labels)) {
			System.out.println("  accuracy: skipped (needs the bundled model and " + labels + ")");
			return;
		}
		List<String> lines = Files.readAllLines(labels, StandardCharsets.UTF_8);
		List<String> head = Arrays.asList(lines.get(0).split(",", -1));
		int fi = head.indexOf("frame_index");
		List<int[]> rows = new ArrayList<>();
		List<float[]> truth = new ArrayList<>();
		int K = pm.keypoints().size();
		for (String line : lines.subList(1, lines.size())) {
			String[] c = line.split(",", -1);
			float[] t = new float[2 * K];
			for (int k = 0; k < K; k++) {
				int xi = head.indexOf(pm.keypoints().names().get(k) + " x"), yi = head.indexOf(pm.keypoints().names().get(k) + " y");
				float x = xi < 0 || c[xi].isEmpty() ? -1 : Float.parseFloat(c[xi]), y = yi < 0 || c[yi].isEmpty() ? -1 : Float.parseFloat(c[yi]);
				t[2 * k] = x < 0 || y < 0 ? Float.NaN : x;
				t[2 * k + 1] = x < 0 || y < 0 ? Float.NaN : y;
			}
			rows.add(new int[] { Integer.parseInt(c[fi]) });
			truth.add(t);
		}
		byte[][] frames = new byte[rows.size()][], cal = new byte[16][];
		try (VideoSource src = VideoSources.open(video)) {
			for (int i = 0; i < frames.length; i++) frames[i] = src.read(rows.get(i)[0]);
			for (int i = 0; i < cal.length; i++) cal[i] = src.read((int) ((long) i * src.frameCount() / cal.length));
		}
		int size = pm.inputSize(), n = frames.length;
		float[] in = preprocess(frames, geom, size);
		Keypoints fp = new Keypoints(pm.keypoints(), n), q = new Keypoints(pm.keypoints(), n);
		try (Predictor p = Predictor.owning(openNetwork(pm, "onnxruntime", null, 0), pm, Normalization.PER_FRAME);
			Predictor p8 = Predictor.owning(openNetwork(pm, "ort-int8", preprocess(cal, geom, size), cal.length), pm, Normalization.PER_FRAME)) {
			p.run(in, n, geom, fp, 0);
			p8.run(in, n, geom, q, 0);
		}
		List<Double> eFp = new ArrayList<>(), eQ = new ArrayList<>(), shift = new ArrayList<>();
		int missed = 0;
		for (int i = 0; i < n; i++)
			for (int k = 0; k < K; k++) {
				float tx = truth.get(i)[2 * k], ty = truth.get(i)[2 * k + 1];
				if (Float.isNaN(tx)) continue;
				if (Float.isNaN(fp.x(i, k)) || Float.isNaN(q.x(i, k))) {
					missed++;
					continue;
				}
				eFp.add(Math.hypot(fp.x(i, k) - tx, fp.y(i, k) - ty));
				eQ.add(Math.hypot(q.x(i, k) - tx, q.y(i, k) - ty));
				shift.add(Math.hypot(fp.x(i, k) - q.x(i, k), fp.y(i, k) - q.y(i, k)));
			}
		System.out.printf(Locale.ROOT, "  %s on %d labelled frames of the demo video (%d labelled keypoints): error against the labels fp32 median %.2f px "
			+ "(mean %.2f), int8 median %.2f px (mean %.2f)%n", pm.name(), n, eFp.size(), median(eFp), mean(eFp), median(eQ), mean(eQ));
		java.util.Collections.sort(shift);
		System.out.printf(Locale.ROOT, "  int8 moves the labelled keypoints from their fp32 positions by median %.2f px, 95th percentile %.2f px, max %.2f px%n",
			median(shift), shift.get((int) Math.floor(0.95 * (shift.size() - 1))), shift.get(shift.size() - 1));
		if (missed > 0) System.out.println("  (" + missed + " labelled keypoints predicted nowhere in view by one of them, left out)");
	}

	static double mean(List<Double> v) {
		return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	static double flops(PoseModel pm) {
		return FMnet.flopsPerFrame(1, pm.channels(), pm.keypoints().size(), pm.inputSize());
	}

	static String loadAverage() {
		try {
			String[] p = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
			return p[0] + " " + p[1] + " " + p[2];
		} catch (IOException | RuntimeException e) {
			return "unknown";
		}
	}

	static int torchThreads() {
		String p = System.getProperty("ai.djl.pytorch.num_threads");
		return p != null ? Integer.parseInt(p) : Runtime.getRuntime().availableProcessors();
	}

	/** Best of 5 float32 4096x4096 matrix products in libtorch, FLOP/s (2 n^3 per product). */
	static double matmulPeak() {
		int n = 4096;
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray x = m.randomUniform(-1f, 1f, new Shape(n, n)), y = m.randomUniform(-1f, 1f, new Shape(n, n));
			x.matMul(y).close();
			double best = Double.MAX_VALUE;
			for (int r = 0; r < 5; r++) {
				long t0 = System.nanoTime();
				NDArray z = x.matMul(y);
				z.getFloat(0, 0); // the product is complete
				best = Math.min(best, (System.nanoTime() - t0) / 1e9);
				z.close();
			}
			return 2.0 * n * n * n / best;
		}
	}

	/** {GFLOP/s, vector bits} from the FMA-loop binary, or null. */
	static double[] fmaPeak(String binary, int threads) {
		if (binary == null || binary.equals("none") || !Files.isExecutable(Paths.get(binary))) return null;
		try {
			Process p = new ProcessBuilder(binary, Integer.toString(threads)).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) return null;
			String[] v = out.split("\\s+");
			return new double[] { Double.parseDouble(v[0]), Double.parseDouble(v[1]) };
		} catch (IOException | InterruptedException | RuntimeException e) {
			return null;
		}
	}

	static double median(List<Double> v) {
		List<Double> s = new ArrayList<>(v);
		java.util.Collections.sort(s);
		int n = s.size();
		return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
	}

	/** Network alone on the first {@code n} frames, preprocessed beforehand, after one warm-up batch: frames/s. */
	static double networkFps(PoseModel model, String engine, byte[][] frames, int n, CropGeometry geom, int bs) {
		FramePreprocessor pre = new FramePreprocessor(geom, Normalization.PER_FRAME);
		int size = model.inputSize();
		List<float[]> inputs = new ArrayList<>();
		for (int s = 0; s < n; s += bs) {
			int c = Math.min(bs, n - s);
			byte[][] b = Arrays.copyOfRange(frames, s, s + c);
			float[] in = new float[c * size * size];
			pre.process(b, c, in);
			inputs.add(in);
		}
		byte[][] cal = Arrays.copyOfRange(frames, 0, Math.min(16, frames.length));
		try (PoseNetwork net = openNetwork(model, engine, preprocess(cal, geom, size), cal.length)) {
			float[] first = inputs.get(0);
			net.forward(first, first.length / (size * size), size); // warm-up
			long t0 = System.nanoTime();
			for (float[] in : inputs) net.forward(in, in.length / (size * size), size);
			return n / ((System.nanoTime() - t0) / 1e9);
		}
	}

	/** The network of a configuration; int8 is calibrated on {@code frames} preprocessed frames of {@code calibration}. */
	static PoseNetwork openNetwork(PoseModel model, String config, float[] calibration, int frames) {
		if (config.equals("ort-int8")) return PoseNetworks.openInt8(model, NetworkEngine.ONNXRUNTIME, Device.CPU, calibration, frames, Progress.NONE);
		return PoseNetworks.open(model, NetworkEngine.parse(config), Device.CPU, Progress.NONE);
	}

	/** Preprocessed input of {@code frames}. */
	static float[] preprocess(byte[][] frames, CropGeometry geom, int size) {
		float[] in = new float[frames.length * size * size];
		new FramePreprocessor(geom, Normalization.PER_FRAME).process(frames, frames.length, in);
		return in;
	}

	/** {p50, p99} milliseconds per frame: preprocess + network + decode of one frame at a time. */
	static double[] latency(PoseModel model, String engine, byte[][] frames, int n, CropGeometry geom) {
		byte[][] cal = Arrays.copyOfRange(frames, 0, Math.min(16, frames.length));
		try (Predictor p = Predictor.owning(openNetwork(model, engine, preprocess(cal, geom, model.inputSize()), cal.length), model, Normalization.PER_FRAME)) {
			FramePreprocessor pre = p.preprocessor(geom);
			float[] in = new float[model.inputSize() * model.inputSize()];
			Keypoints kp = new Keypoints(model.keypoints(), 1);
			double[] ms = new double[n];
			for (int i = -5; i < n; i++) {
				long t0 = System.nanoTime();
				pre.process(new byte[][] { frames[Math.max(i, 0)] }, 1, in);
				p.run(in, 1, geom, kp, 0);
				if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
			}
			Arrays.sort(ms);
			return new double[] { ms[(int) Math.floor(0.5 * (n - 1))], ms[(int) Math.ceil(0.99 * (n - 1))] };
		}
	}

	static double endToEndFps(PoseModel model, String engine, Path video, int n, int[] bbox, int bs, Path tmp) {
		TrackingSettings req = TrackingSettings.DEFAULTS.with("batch_size", bs).with("frames", new FrameRange(0, n)).with("bbox", Box.of(bbox));
		req = engine.equals("ort-int8") ? req.with("engine", "onnxruntime").with("precision", "int8") : req.with("engine", engine);
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
