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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;

import sc.fiji.facemap.task.Progress;

/**
 * Held-out variance explained of the network, ridge and RRR on the real data sets (neural-s1, neural-v1-park), for
 * the README. Not a test (it trains the network): run by hand,
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) sc.fiji.facemap.neural.RealDataFigures [epochs]},
 * and prints one JSON object.
 */
public final class RealDataFigures {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "/work/shared")).resolve("data");

	public static void main(String[] args) {
		int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		Map<String, Object> out = new LinkedHashMap<>();
		Path s1 = DATA.resolve("neural-s1/s1_data.mat");
		out.put("neural-s1", run(NeuralSources.of(s1 + ":vel,pos", s1 + ":spikes"), epochs));
		for (String f : new String[] { "230804_mrcuts26_fov5_grat-000_data.mat", "230803_mrcuts24_fov1_grat-000_data.mat" }) {
			Path p = DATA.resolve("neural-v1-park").resolve(f);
			out.put("neural-v1-park/" + f, run(NeuralSources.of(p + ":D.pupil_zscore,D.speed", p + ":D.neuron*"), epochs));
		}
		System.out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(out));
	}

	static Map<String, Object> run(NeuralSources src, int epochs) {
		long t0 = System.nanoTime();
		NeuralFiles.Loaded in = NeuralFiles.load(src, Progress.NONE);
		NeuralSettings s = NeuralSettings.DEFAULTS.with("epochs", epochs);
		NeuralResult r = NeuralEncoder.fit(in.inputs(), s, Progress.logTo(l -> System.err.println(l)));
		Map<String, Object> m = new LinkedHashMap<>(NeuralOutputs.summary(in, r));
		m.put("seconds", (System.nanoTime() - t0) / 1e9);
		System.err.printf(Locale.ROOT, "%s: %s in %.0f s%n", src.neural(), m.get("models"), m.get("seconds"));
		return m;
	}
}
