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

import sc.fiji.facemap.keypoints.KeypointSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;

/**
 * Command-line driver for benchmarks and the base-model runs (scripts/bench/training.sh); not a test.
 * Usage: TrainingDriver bench | split | run key=value...
 */
public final class TrainingDriver {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "/work/shared")).resolve("data");

	public static void main(String[] a) throws Exception {
		Map<String, String> o = new java.util.LinkedHashMap<>();
		for (int i = 1; i < a.length; i++) {
			String[] kv = a[i].split("=", 2);
			o.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		switch (a[0]) {
			case "bench": bench(o); break;
			case "run": run(o); break;
			case "prof": prof(o); break;
			case "de": dataEfficiency(o); break;
			case "anchor": anchor(o); break;
			case "demo": {
				Path video = DATA.resolve("mouse-face-video/sample_video.mp4");
				try (sc.fiji.facemap.video.VideoSource v = sc.fiji.facemap.video.VideoSources.open(video);
					NDManager m = NDManager.newBaseManager(); FMnet net = PoseModel.load(Path.of(o.get("model"))).createNetwork(m)) {
					int n = Integer.parseInt(o.getOrDefault("frames", "20")), K = net.keypoints(), out = 0;
					double[][] sx = new double[K][n], sy = new double[K][n];
					for (int i = 0; i < n; i++) {
						int f = (int) ((long) i * v.frameCount() / n);
						float[][] p = TrainingPreview.predict(net, v.width(), v.height(), v.read(f));
						for (int k = 0; k < K; k++) {
							sx[k][i] = p[0][k];
							sy[k][i] = p[1][k];
							if (p[0][k] < 0 || p[1][k] < 0 || p[0][k] >= v.width() || p[1][k] >= v.height()) out++;
						}
					}
					KeypointSet names = PoseModel.load(Path.of(o.get("model"))).keypoints();
					for (int k = 0; k < K; k++) {
						double mx = Arrays.stream(sx[k]).average().orElse(0), my = Arrays.stream(sy[k]).average().orElse(0);
						double dx = Math.sqrt(Arrays.stream(sx[k]).map(z -> (z - mx) * (z - mx)).average().orElse(0));
						double dy = Math.sqrt(Arrays.stream(sy[k]).map(z -> (z - my) * (z - my)).average().orElse(0));
						System.out.printf(Locale.ROOT, "%-14s x %6.1f +- %5.1f  y %6.1f +- %5.1f%n", names.name(k), mx, dx, my, dy);
					}
					System.out.println("out of frame: " + out + " of " + n * K);
					// the eye of this head-fixed mouse does not move: corners read off zoomed frames 10/100/300/500/740
					Map<String, float[]> eye = Map.of("eye(top)", new float[] { 350, 252 }, "eye(bottom)", new float[] { 342, 310 },
						"eye(back)", new float[] { 283, 297 }, "eye(front)", new float[] { 405, 284 });
					double se = 0;
					int ne = 0;
					for (int k = 0; k < K; k++) {
						float[] e = eye.get(names.name(k));
						if (e == null) continue;
						for (int i = 0; i < n; i++, ne++) se += Math.hypot(sx[k][i] - e[0], sy[k][i] - e[1]);
					}
					System.out.printf(Locale.ROOT, "eye points: mean distance to the eye corners %.1f px over %d points%n", se / Math.max(1, ne), ne);
				}
				break;
			}
			case "bias": {
				Path file = DATA.resolve("mouse-face-labeled/labels.csv");
				LabelSet raw = LabelSet.read(file);
				int[][] split = mouseFaceSplit(raw);
				LabelSet labels = raw.mappedTo(faceKeypoints(raw));
				boolean inf = !o.containsKey("trainprep");
				TrainingSet set = TrainingSet.load(labels, o.containsKey("train") ? Arrays.copyOf(split[0], 30) : split[1], null, file, inf, Progress.NONE);
				try (NDManager m = NDManager.newBaseManager(); FMnet net = PoseModel.load(Path.of(o.get("model"))).createNetwork(m)) {
					float[][][] p = Evaluation.predict(net, set);
					for (int k = 0; k < labels.keypointCount(); k++) {
						double dx = 0, dy = 0;
						for (int f = 0; f < set.size(); f++) {
							dx += p[0][f][k] - set.frameX(f)[k];
							dy += p[1][f][k] - set.frameY(f)[k];
						}
						System.out.printf(Locale.ROOT, "%-14s bias dx %.2f dy %.2f%n", labels.keypointSet().name(k), dx / set.size(), dy / set.size());
					}
					System.out.println(Evaluation.compare(set, p[0], p[1]).overall);
				}
				break;
			}
			case "export": {
				Path file = DATA.resolve("mouse-face-labeled/labels.csv");
				LabelSet raw = LabelSet.read(file);
				PoseModel.of(o.get("name"), new java.util.LinkedHashMap<>(PoseTrainer.checkpointWeights(Path.of(o.get("checkpoint")), true)),
					faceKeypoints(raw), "checkpoint export", "Facemap for Fiji training", null).save(Path.of(o.get("out")));
				break;
			}
			default: throw new IllegalArgumentException(a[0]);
		}
	}

	static int[] ints(String s) {
		return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
	}

	/** Mouse-face split: validation = cam1_G7c1_1 batch 6 + cam1_G7c1_2 batch 2; training = the rest. */
	static int[][] mouseFaceSplit(LabelSet labels) {
		List<Integer> tr = new ArrayList<>(), va = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			String key = labels.meta(i, "video") + "/" + labels.meta(i, "batch");
			if (key.equals("cam1_G7c1_1/6") || key.equals("cam1_G7c1_2/2")) va.add(i);
			else tr.add(i);
		}
		return new int[][] { tr.stream().mapToInt(Integer::intValue).toArray(), va.stream().mapToInt(Integer::intValue).toArray() };
	}

	/** The mouse-face keypoints under their Facemap names, in Facemap's order. */
	static KeypointSet faceKeypoints(LabelSet raw) {
		List<String> names = new ArrayList<>();
		java.util.Set<String> have = new java.util.HashSet<>();
		for (String n : raw.keypointSet().names()) have.add(KeypointSet.toFacemapName(n));
		for (String f : KeypointSet.FACEMAP) if (have.contains(f)) names.add(f);
		return new KeypointSet(names);
	}

	static void bench(Map<String, String> o) {
		Path file = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet labels = LabelSet.read(file);
		int[] rows = Arrays.copyOf(mouseFaceSplit(labels)[0], 8);
		TrainingSet train = TrainingSet.load(labels, rows, null, file, false, Progress.NONE);
		int steps = Integer.parseInt(o.getOrDefault("steps", "6"));
		for (String ch : o.getOrDefault("channels", "16,32,64,128,200;8,16,32,64,100").split(";")) {
			for (String bs : o.getOrDefault("batch", "1").split(",")) {
				try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, ints(ch), labels.keypointCount(), 1)) {
					PoseTrainer.Config c = new PoseTrainer.Config();
					c.batchSize = Integer.parseInt(bs);
					c.epochs = 100;
					c.maxSteps = 2;
					new PoseTrainer(net, c).train(train, null, Progress.NONE); // warm-up
					c.maxSteps = steps;
					PoseTrainer t = new PoseTrainer(net, c);
					long t0 = System.nanoTime();
					PoseTrainer.Result r = t.train(train, null, Progress.NONE);
					double s = (System.nanoTime() - t0) / 1e9 / r.steps;
					System.out.printf(Locale.ROOT, "channels %s batch %s params %d: %.3f s/step, %.3f s/image%n", ch, bs,
						net.parameterCount(), s, s / c.batchSize);
				}
			}
		}
	}

	/**
	 * One data-efficiency run: dataset=face (mouse-face, validation = the base model's 55 frames) or mirror
	 * (mirror-mouse, train on ntrain of img01-img45, validate on img46-img90); from scratch or base=MODELDIR
	 * (trunk reused, new heads); epochs chosen so that about budget steps run, Facemap's LR schedule included.
	 */
	static void dataEfficiency(Map<String, String> o) {
		boolean mirror = o.getOrDefault("dataset", "face").equals("mirror");
		boolean demo = o.getOrDefault("dataset", "face").equals("demo");
		Path file;
		LabelSet labels;
		int[] trAll, va;
		if (demo) {
			// the demo video (another rig, the same keypoints): the 10 split=train frames, checked on the 3 split=check
			file = Path.of(o.getOrDefault("labels", "test-images/sample_video_labels.csv"));
			LabelSet face = LabelSet.read(DATA.resolve("mouse-face-labeled/labels.csv"));
			labels = videoLabels(file, faceKeypoints(face));
			trAll = rowsWhere(labels, "split", "train");
			va = rowsWhere(labels, "split", "check");
		}
		else if (mirror) {
			file = DATA.resolve("mirror-mouse/CollectedData.csv");
			labels = LabelSet.read(file);
			List<Integer> tr = new ArrayList<>(), v = new ArrayList<>();
			for (int i = 0; i < labels.size(); i++) {
				int num = Integer.parseInt(labels.imagePath(i).replaceAll("\\D", ""));
				(num <= 45 ? tr : v).add(i);
			}
			trAll = tr.stream().mapToInt(Integer::intValue).toArray();
			va = v.stream().mapToInt(Integer::intValue).toArray();
		}
		else {
			file = DATA.resolve("mouse-face-labeled/labels.csv");
			LabelSet raw = LabelSet.read(file);
			int[][] split = mouseFaceSplit(raw);
			labels = raw.mappedTo(faceKeypoints(raw));
			trAll = split[0];
			va = split[1];
		}
		int nTrain = Integer.parseInt(o.getOrDefault("ntrain", "0"));
		int[] trRows = trAll;
		if (nTrain > 0 && nTrain < trAll.length) {
			trRows = new int[nTrain];
			for (int i = 0; i < nTrain; i++) trRows[i] = trAll[(int) ((long) i * trAll.length / nTrain)];
		}
		TrainingSet train = TrainingSet.load(labels, trRows, null, file, false, Progress.NONE);
		TrainingSet val = TrainingSet.load(labels, va, null, file, true, Progress.NONE);
		PoseTrainer.Config c = new PoseTrainer.Config();
		c.batchSize = Integer.parseInt(o.getOrDefault("batch", "4"));
		c.learningRate = Double.parseDouble(o.getOrDefault("lr", "1e-3"));
		c.seed = Long.parseLong(o.getOrDefault("seed", "0"));
		int perEpoch = (train.size() + c.batchSize - 1) / c.batchSize;
		int budget = Integer.parseInt(o.getOrDefault("budget", "80"));
		c.epochs = Integer.parseInt(o.getOrDefault("epochs", Integer.toString(Math.max(1, Math.round(budget / (float) perEpoch)))));
		float[][] mean = Evaluation.meanPositions(train);
		Evaluation.Report cg = Evaluation.constantGuess(mean, val);
		try (NDManager m = NDManager.newBaseManager()) {
			FMnet net;
			String how;
			if (o.containsKey("base")) {
				PoseModel base = PoseModel.load(Path.of(o.get("base")));
				net = PoseTrainer.fineTuneNetwork(m, base.stateDict(), labels.keypointCount(), demo, c.seed);
				how = "fine-tune " + base.name();
			}
			else {
				net = FMnet.random(m, ints(o.getOrDefault("channels", "8,16,32,64,100")), labels.keypointCount(), c.seed);
				how = "scratch";
			}
			long t0 = System.nanoTime();
			// no per-epoch validation (and no choice of epoch on it) unless select=true: the last state is evaluated
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train, o.containsKey("select") ? val : null,
				Progress.logTo(System.out::println));
			net.load(r.best);
			Evaluation.Report rep = Evaluation.evaluate(net, val);
			System.out.printf(Locale.ROOT, "RESULT dataset=%s frames=%d how=%s epochs=%d steps=%d seconds=%.0f val_mean=%.2f val_median=%.2f val_p90=%.2f pck5=%.3f pck10=%.3f guess_mean=%.2f best_epoch=%d%n",
				demo ? "demo" : mirror ? "mirror" : "face", train.size(), how, c.epochs, r.steps, (System.nanoTime() - t0) / 1e9, rep.overall.mean,
				rep.overall.median, rep.overall.p90, rep.overall.pck5, rep.overall.pck10, cg.overall.mean, r.bestEpoch + 1);
			net.close();
		}
	}

	/** Java side of the Python anchor: same frames (first N of labels.csv), FMnet 16..200, batch 1, Facemap augmentation. */
	static void anchor(Map<String, String> o) {
		Path file = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet raw = LabelSet.read(file);
		int n = Integer.parseInt(o.getOrDefault("frames", "10"));
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) rows[i] = i;
		TrainingSet train = TrainingSet.load(raw, rows, null, file, false, Progress.NONE);
		PoseTrainer.Config c = new PoseTrainer.Config();
		c.epochs = Integer.parseInt(o.getOrDefault("epochs", "3"));
		c.batchSize = 1;
		c.augmentation = Augmentation.Config.facemap();
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, ints(o.getOrDefault("channels", "16,32,64,128,200")), raw.keypointCount(), 0)) {
			long t0 = System.nanoTime();
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train.head(n), null, Progress.NONE);
			double s = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "{\"java\": true, \"frames\": %d, \"epochs\": %d, \"steps\": %d, \"seconds\": %.2f, \"seconds_per_step\": %.4f, \"fine_tune_36_epochs_seconds\": %.1f}%n",
				n, c.epochs, r.steps, s, s / r.steps, s / r.steps * n * 36);
		}
	}

	static void prof(Map<String, String> o) {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, ints(o.getOrDefault("channels", "16,32,64,128,200")), 12, 1)) {
			int b = Integer.parseInt(o.getOrDefault("batch", "1"));
			ai.djl.ndarray.NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(b, 1, 256, 256));
			for (int rep = 0; rep < 4; rep++) {
				long t0 = System.nanoTime();
				try (NDManager sm = m.newSubManager()) {
					ai.djl.ndarray.NDArray xx = x.duplicate(); xx.attach(sm);
					ai.djl.ndarray.NDList out = net.forward(xx, false);
					out.get(0).toFloatArray();
				}
				long t1 = System.nanoTime();
				net.requireGradients(true);
				try (NDManager sm = m.newSubManager(); ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
					ai.djl.ndarray.NDArray xx = x.duplicate(); xx.attach(sm);
					ai.djl.ndarray.NDList out = net.forward(xx, true);
					long t2 = System.nanoTime();
					ai.djl.ndarray.NDArray loss = out.get(0).sum().add(out.get(1).sum()).add(out.get(2).sum());
					gc.backward(loss);
					long t3 = System.nanoTime();
					System.out.printf(Locale.ROOT, "eval fwd %.3f, train fwd %.3f, bwd %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
				}
				net.requireGradients(false);
			}
			System.out.println("threads " + Runtime.getRuntime().availableProcessors());
		}
	}

	/** Per-run overrides of the augmentation: aff, smin, smax, rot, trans, gp, gmax, inv. */
	static void overrideAugmentation(Augmentation.Config a, Map<String, String> o) {
		if (o.containsKey("aff")) a.affineProbability = Double.parseDouble(o.get("aff"));
		if (o.containsKey("smin")) a.scaleMin = Double.parseDouble(o.get("smin"));
		if (o.containsKey("smax")) a.scaleMax = Double.parseDouble(o.get("smax"));
		if (o.containsKey("rot")) a.rotationDegrees = Double.parseDouble(o.get("rot"));
		if (o.containsKey("trans")) a.translation = Double.parseDouble(o.get("trans"));
		if (o.containsKey("gp")) a.gammaProbability = Double.parseDouble(o.get("gp"));
		if (o.containsKey("gmax")) a.gammaMax = Double.parseDouble(o.get("gmax"));
		if (o.containsKey("inv")) a.invertProbability = Double.parseDouble(o.get("inv"));
	}

	/** A label file of video frames (columns video, frame_index), mapped to {@code keypoints}, frames decoded. */
	static LabelSet videoLabels(Path file, KeypointSet keypoints) {
		LabelSet l = LabelSet.read(file).mappedTo(keypoints);
		List<GrayImage> imgs = new ArrayList<>();
		Map<String, sc.fiji.facemap.video.VideoSource> open = new java.util.HashMap<>(); // each video opened once
		try {
			for (int i = 0; i < l.size(); i++) {
				sc.fiji.facemap.video.VideoSource v = open.computeIfAbsent(l.meta(i, "video"),
					name -> sc.fiji.facemap.video.VideoSources.open(file.resolveSibling(name)));
				imgs.add(GrayImage.ofBytes(v.width(), v.height(), v.read(Integer.parseInt(l.meta(i, "frame_index")))));
			}
		}
		finally {
			for (sc.fiji.facemap.video.VideoSource v : open.values()) v.close();
		}
		l.setImages(imgs);
		return l;
	}

	static int[] rowsWhere(LabelSet l, String column, String value) {
		return java.util.stream.IntStream.range(0, l.size()).filter(i -> value.equals(l.meta(i, column))).toArray();
	}

	static void run(Map<String, String> o) {
		Path file = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet raw = LabelSet.read(file);
		int[][] split = mouseFaceSplit(raw);
		LabelSet labels = raw.mappedTo(faceKeypoints(raw));
		int nTrain = Integer.parseInt(o.getOrDefault("ntrain", "0"));
		int[] trRows = split[0];
		if (nTrain > 0) {
			// evenly spaced subset over the training frames (deterministic)
			int[] sub = new int[nTrain];
			for (int i = 0; i < nTrain; i++) sub[i] = trRows[(int) ((long) i * trRows.length / nTrain)];
			trRows = sub;
		}
		TrainingSet train = TrainingSet.load(labels, trRows, null, file, false, Progress.NONE);
		TrainingSet val = TrainingSet.load(labels, split[1], null, file, true, Progress.NONE);
		PoseTrainer.Config c = new PoseTrainer.Config();
		c.epochs = Integer.parseInt(o.getOrDefault("epochs", "36"));
		c.batchSize = Integer.parseInt(o.getOrDefault("batch", "1"));
		c.learningRate = Double.parseDouble(o.getOrDefault("lr", "1e-4"));
		c.maxSteps = Long.parseLong(o.getOrDefault("steps", "0"));
		c.seed = Long.parseLong(o.getOrDefault("seed", "0"));
		if (o.containsKey("checkpoint")) c.checkpoint = Path.of(o.get("checkpoint"));
		if (o.getOrDefault("aug", "full").equals("facemap")) c.augmentation = Augmentation.Config.facemap();
		if (o.getOrDefault("aug", "full").equals("strong")) c.augmentation = Augmentation.Config.strong();
		overrideAugmentation(c.augmentation, o);
		float[][] mean = Evaluation.meanPositions(train);
		TrainingSet demoCheck = null;
		if (o.containsKey("extra")) {
			// labelled frames of another rig (test-images/sample_video_labels.csv): split=train rows join the
			// training set rep times; split=check rows are reported after training
			LabelSet extra = videoLabels(Path.of(o.get("extra")), labels.keypointSet());
			List<TrainingSet> parts = new ArrayList<>(List.of(train));
			TrainingSet ex = TrainingSet.load(extra, rowsWhere(extra, "split", "train"), null, Path.of(o.get("extra")), false, Progress.NONE);
			for (int r = 0; r < Integer.parseInt(o.getOrDefault("rep", "1")); r++) parts.add(ex);
			train = TrainingSet.concat(parts);
			demoCheck = TrainingSet.load(extra, rowsWhere(extra, "split", "check"), null, Path.of(o.get("extra")), true, Progress.NONE);
		}
		System.out.println("train " + train.size() + " val " + val.size() + "; constant guess on val: " +
			Evaluation.constantGuess(mean, val).overall);
		try (NDManager m = NDManager.newBaseManager();
			FMnet net = o.containsKey("init") ? PoseModel.load(Path.of(o.get("init"))).createNetwork(m)
				: FMnet.random(m, ints(o.getOrDefault("channels", "16,32,64,128,200")), labels.keypointCount(), c.seed)) {
			Progress p = new Progress() {
				long last;

				@Override
				public void update(long done, long total, String message) {
					if (System.currentTimeMillis() - last > 60000) {
						last = System.currentTimeMillis();
						System.out.println(done + "/" + total + " " + message);
					}
				}

				@Override
				public boolean isCanceled() {
					return false;
				}

				@Override
				public void log(String line) {
					System.out.println(line);
				}
			};
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train, val, p);
			System.out.printf(Locale.ROOT, "stop %s after %d steps, %.0f s; best epoch %d val %.2f px%n", r.stop, r.steps,
				r.seconds, r.bestEpoch + 1, r.bestValidationError);
			net.load(r.best);
			Evaluation.Report rep = Evaluation.evaluate(net, val);
			Evaluation.Report cg = Evaluation.constantGuess(mean, val);
			System.out.println("val: " + rep.overall);
			if (demoCheck != null) System.out.println("demo check frames: " + Evaluation.evaluate(net, demoCheck).overall);
			if (o.containsKey("out")) {
				com.google.gson.JsonObject extra = new com.google.gson.JsonObject();
				com.google.gson.Gson g = new com.google.gson.Gson();
				Map<String, Object> tr = new java.util.LinkedHashMap<>();
				tr.put("data", "shared/data/mouse-face-labeled/labels.csv (" + train.size() + " frames: all but cam1_G7c1_1 batch 6 and cam1_G7c1_2 batch 2)");
				tr.put("epochs", c.epochs);
				tr.put("batchSize", c.batchSize);
				tr.put("learningRate", c.learningRate);
				tr.put("schedule", "Facemap: lr, lr/10 for epochs [n-6, n-3), lr/25 for the last 3");
				tr.put("optimizer", "Adam, weight decay " + c.weightDecay + ", gradient-norm clip " + c.clipNorm);
				tr.put("augmentation", o.getOrDefault("aug", "full").equals("facemap") ? "flip + contrast" : "flip (255-x) + contrast + affine (scale +-15%, rotation +-15 deg, translation +-16 px, p=0.5)");
				tr.put("seed", c.seed);
				tr.put("steps", r.steps);
				tr.put("seconds", Math.round(r.seconds));
				tr.put("bestEpoch", r.bestEpoch + 1);
				tr.put("meanPositions", Map.of("x", mean[0], "y", mean[1]));
				List<Object> hist = new ArrayList<>();
				for (PoseTrainer.Epoch e : r.history) hist.add(Map.of("epoch", e.epoch + 1, "trainLoss", Math.round(e.trainLoss * 1000) / 1000.0, "validationMeanPx", Math.round(e.validationError * 100) / 100.0));
				tr.put("history", hist);
				extra.add("training", g.toJsonTree(tr));
				Map<String, Object> va = new java.util.LinkedHashMap<>();
				va.put("frames", "cam1_G7c1_1 batch 6 + cam1_G7c1_2 batch 2 (" + val.size() + " frames)");
				va.put("model", rep.toMap());
				va.put("constantGuess", cg.toMap());
				extra.add("validation", g.toJsonTree(va));
				PoseModel pm = PoseModel.of(Path.of(o.get("out")).getFileName().toString(), new java.util.LinkedHashMap<>(r.best), labels.keypointSet(),
					"FMnet " + Arrays.toString(net.channels()) + " trained from scratch on side-view mouse-face frames (12 Facemap keypoints)",
					"Facemap for Fiji training (PoseTrainer), " + java.time.LocalDate.now(), extra);
				pm.save(Path.of(o.get("out")));
				System.out.println("saved " + o.get("out"));
			}
		}
	}
}
