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
package sc.fiji.facemap.neural;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;

/**
 * Benchmark for scripts/bench/neural: one epoch of KeypointsNetwork training (Facemap's train_model with n_iter = 1:
 * 10 segments, one step each, plus the test evaluation of epoch 0) and the RRR fit (rank 32 with the test figure of
 * every rank, as rrr_prediction) on generated data, which it also writes as .npy so that the Python reference times
 * the same arrays. Prints one JSON object.
 *
 * Usage: NeuralBench --out DIR [--samples 16000] [--ratio 5] [--features 30] [--targets 128] [--reps 2]
 */
public final class NeuralBench {

	public static void main(String[] args) throws Exception {
		int samples = 16000, ratio = 5, features = 30, targets = 128, reps = 2;
		Path out = Paths.get("target/bench-neural");
		for (int i = 0; i < args.length; i += 2) {
			String v = args[i + 1];
			switch (args[i]) {
				case "--samples" -> samples = Integer.parseInt(v);
				case "--ratio" -> ratio = Integer.parseInt(v);
				case "--features" -> features = Integer.parseInt(v);
				case "--targets" -> targets = Integer.parseInt(v);
				case "--reps" -> reps = Integer.parseInt(v);
				case "--out" -> out = Paths.get(v);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		Files.createDirectories(out);
		GeneratedNeuralData d = GeneratedNeuralData.lagged(samples, ratio, features, targets, 0.1, 1);
		float[][] y = NeuralEncoderTest.transpose(d.neural); // [samples][targets]
		int frames = d.behavior.length;
		float[][] xn = Resampling.nearestFrame(d.behavior, d.tcam, d.tneural);
		Npy.write(out.resolve("X.npy"), Tensor.ofFloats(new long[] { frames, features }, Projection.flatten(d.behavior, 0, frames)));
		Npy.write(out.resolve("Y.npy"), Tensor.ofFloats(new long[] { samples, targets }, Projection.flatten(y, 0, samples)));
		Npy.write(out.resolve("Xn.npy"), Tensor.ofFloats(new long[] { samples, features }, Projection.flatten(xn, 0, samples)));
		Npy.write(out.resolve("tcam.npy"), Tensor.ofDoubles(new long[] { frames }, d.tcam));
		Npy.write(out.resolve("tneural.npy"), Tensor.ofDoubles(new long[] { samples }, d.tneural));

		NeuralSettings s = NeuralSettings.DEFAULTS.with("epochs", 1).with("facemap_compatible", true);
		NeuralSplit split = NeuralSplits.interleaved(samples, -1, true);
		double epoch = Double.POSITIVE_INFINITY, rrr = Double.POSITIVE_INFINITY;
		for (int r = 0; r < reps; r++) {
			try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.random(m, null, features, targets, r)) {
				long t0 = System.nanoTime();
				new NetworkTrainer(s, null, Progress.NONE, TrainingListener.NONE).train(net, new NetworkTrainer.Data(d.behavior, d.tcam, d.tneural, y, split));
				epoch = Math.min(epoch, (System.nanoTime() - t0) / 1e9);
			}
			NeuralSplit s0 = NeuralSplits.interleaved(samples, 0, true);
			int[] tr = s0.trainIndices(), te = s0.testIndices();
			long t0 = System.nanoTime();
			try (NDManager m = NDManager.newBaseManager()) {
				NDArray[] ab = LinearModels.rrr(Projection.create(m, NeuralFixturesTest.pick(xn, tr)),
					Projection.create(m, NeuralFixturesTest.pick(y, tr)), 32, 1e-6, true);
				float[][][] pr = LinearModels.perRankPredictions(Projection.create(m, NeuralFixturesTest.pick(xn, te)), ab[0], ab[1]);
				float[][] yte = NeuralFixturesTest.pick(y, te);
				double last = 0;
				for (float[][] p : pr) last = Varexp.pooled(yte, p, false, null);
				if (Double.isNaN(last)) throw new IllegalStateException();
			}
			rrr = Math.min(rrr, (System.nanoTime() - t0) / 1e9);
		}
		String json = String.format(Locale.ROOT, "{\"impl\": \"java\", \"samples\": %d, \"frames\": %d, \"features\": %d, \"targets\": %d, "
			+ "\"epoch_seconds\": %.4f, \"rrr_seconds\": %.4f, \"torch_threads\": %d, \"reps\": %d}", samples, frames, features, targets, epoch, rrr,
			ai.djl.pytorch.jni.JniUtils.getNumThreads(), reps);
		AtomicFiles.writeString(out.resolve("java.json"), json + "\n");
		System.out.println(json);
	}
}
