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

import java.nio.file.Paths;
import java.util.Locale;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;

/**
 * Hand-run driver for real data already converted to .npy: behaviour [frames][features] (z-scored here) and neural
 * [neurons][samples], no timestamps. Usage: RealDataDriver BEHAVIOR.npy NEURAL.npy [epochs] [pcs]
 */
public final class RealDataDriver {
	public static void main(String[] a) {
		Tensor b = Npy.readTensor(Paths.get(a[0])), n = Npy.readTensor(Paths.get(a[1]));
		float[][] x = NeuralFixturesTest.matrix(b), y = NeuralFixturesTest.matrix(n);
		int F = x[0].length;
		for (int j = 0; j < F; j++) {
			double m = 0, s = 0;
			for (float[] r : x) m += r[j];
			m /= x.length;
			for (float[] r : x) s += (r[j] - m) * (r[j] - m);
			s = Math.sqrt(s / x.length);
			for (float[] r : x) r[j] = (float) ((r[j] - m) / s);
		}
		int epochs = a.length > 2 ? Integer.parseInt(a[2]) : 300;
		int pcs = a.length > 3 ? Integer.parseInt(a[3]) : 128;
		long t0 = System.nanoTime();
		NeuralResult r = NeuralEncoder.fit(NeuralInputs.of(x, y), NeuralSettings.DEFAULTS.with("epochs", epochs).with("pcs", pcs).with("latents", false),
			Progress.logTo(System.out::println));
		for (ModelScore m : r.scores()) System.out.println(m);
		System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - t0) / 1e9);
	}
}
