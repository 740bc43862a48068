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

import sc.fiji.facemap.task.Progress;

/** Hand-run driver for tuning the generated-data test: java ... NeuralTryout samples epochs. */
public final class NeuralTryout {
	public static void main(String[] a) {
		int n = Integer.parseInt(a[0]), ep = Integer.parseInt(a[1]);
		GeneratedNeuralData d = GeneratedNeuralData.lagged(n, 3, 6, 20, 0.1, 1, Boolean.getBoolean("gen.linear"));
		long t0 = System.nanoTime();
		NeuralSettings s = NeuralSettings.DEFAULTS.withEpochs(ep).withTestEvery(10).withLatents(false);
		if (a.length > 2) s = s.withLearningRate(Double.parseDouble(a[2]), 1e-4);
		NeuralResult r = NeuralEncoder.fit(d.inputs(), s, Progress.logTo(System.out::println));
		for (ModelScore m : r.scores()) System.out.println(m);
		System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
	}
}
