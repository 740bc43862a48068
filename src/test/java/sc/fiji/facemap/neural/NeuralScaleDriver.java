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

import java.util.Locale;
import java.util.SplittableRandom;

import sc.fiji.facemap.task.Progress;

/**
 * Scale driver (not a unit test): 50,000 neurons x 30,000 neural samples at 3 Hz with a 50 Hz camera stream of 30
 * features (500,000 frames), generated: 64 rectified, lagged drivers of the behaviour, each neuron a sparse mix of 3
 * drivers plus noise. Fits network (128 PCs) and the baselines, printing time per stage. Run with
 * {@code /usr/bin/time -v java -Xmx11g ... NeuralScaleDriver [--epochs 300] [--neurons 50000] [--samples 30000]}
 * (measured: 444 s fit with one epoch, 18.9 GB peak resident; -Xmx16g let garbage grow past the machine's 24 GB).
 */
public final class NeuralScaleDriver {

	public static void main(String[] args) {
		int neurons = 50_000, samples = 30_000, features = 30, epochs = 300;
		double camRate = 50, neuralRate = 3;
		for (int i = 0; i < args.length; i += 2) {
			switch (args[i]) {
				case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
				case "--neurons" -> neurons = Integer.parseInt(args[i + 1]);
				case "--samples" -> samples = Integer.parseInt(args[i + 1]);
				default -> throw new IllegalArgumentException(args[i]);
			}
		}
		long t0 = System.nanoTime();
		int frames = (int) Math.round(samples * camRate / neuralRate);
		SplittableRandom r = new SplittableRandom(1);
		float[][] x = new float[frames][features];
		double a = 0.98, e = Math.sqrt(1 - a * a);
		double[] st = new double[features];
		for (int t = 0; t < frames; t++) for (int j = 0; j < features; j++) x[t][j] = (float) (st[j] = a * st[j] + e * GeneratedNeuralData.gauss(r));
		double[] tc = new double[frames], tn = new double[samples];
		for (int t = 0; t < frames; t++) tc[t] = t / camRate;
		for (int s = 0; s < samples; s++) tn[s] = 0.02 + s / neuralRate;
		int K = 64;
		float[][] drv = new float[K][samples];
		for (int k = 0; k < K; k++) {
			double[] w = new double[features];
			for (int j = 0; j < features; j++) w[j] = GeneratedNeuralData.gauss(r) / Math.sqrt(features);
			int lag = 5 + r.nextInt(60);
			for (int s = 0; s < samples; s++) {
				int f = Math.max(0, (int) Math.round(tn[s] * camRate) - lag);
				double u = 0;
				for (int j = 0; j < features; j++) u += w[j] * x[f][j];
				drv[k][s] = (float) Math.max(u, 0);
			}
		}
		float[][] y = new float[neurons][];
		for (int i = 0; i < neurons; i++) {
			int k1 = r.nextInt(K), k2 = r.nextInt(K), k3 = r.nextInt(K);
			float w1 = (float) r.nextDouble(), w2 = (float) r.nextDouble(), w3 = (float) r.nextDouble();
			float[] row = new float[samples];
			float[] d1 = drv[k1], d2 = drv[k2], d3 = drv[k3];
			long h = r.nextLong();
			for (int s = 0; s < samples; s++) {
				h = h * 6364136223846793005L + 1442695040888963407L; // cheap uniform noise
				float noise = ((h >>> 40) / (float) (1L << 24) - 0.5f) * 1.5f;
				row[s] = w1 * d1[s] + w2 * d2[s] + w3 * d3[s] + noise;
			}
			y[i] = row;
		}
		System.out.printf(Locale.ROOT, "generated %d neurons x %d samples, %d frames x %d features in %.1f s%n", neurons, samples, frames,
			features, (System.nanoTime() - t0) / 1e9);
		long t1 = System.nanoTime();
		long[] last = { System.nanoTime() };
		String[] stage = { "" };
		Progress p = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				String st = message.split(" ")[0];
				if (!st.equals(stage[0])) {
					System.out.printf(Locale.ROOT, "  [%.1f s] %s%n", (System.nanoTime() - t1) / 1e9, message);
					stage[0] = st;
				}
			}

			@Override
			public boolean isCanceled() {
				return false;
			}

			@Override
			public void log(String line) {
				System.out.printf(Locale.ROOT, "  [%.1f s] %s%n", (System.nanoTime() - t1) / 1e9, line);
			}
		};
		NeuralInputs in = new NeuralInputs(x, tc, y, tn, null, null, null);
		NeuralResult res = NeuralEncoder.fit(in, NeuralSettings.DEFAULTS.with("epochs", epochs), p);
		double secs = (System.nanoTime() - t1) / 1e9;
		for (ModelScore m : res.scores()) System.out.println(m);
		double epochSecs = 0;
		for (EpochRecord er : res.history()) epochSecs += er.seconds();
		System.out.printf(Locale.ROOT, "fit: %.1f s (network %d epochs, %.2f s per epoch); latents %d x %d; max heap used %.1f GB%n", secs, epochs,
			epochSecs / Math.max(1, res.history().size()), res.latents().length, res.latents()[0].length,
			(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e9);
	}
}
