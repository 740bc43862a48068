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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.neural.NeuralSettings.Model;

/**
 * The neural outputs Java writes load in Python: {@code from-java-neural/} holds a network run's files as
 * {@link NeuralOutputs} writes them (30 inputs, 6 neurons, 240 samples, seeded); the reference script
 * {@code scripts/reference/check_neural_from_java.py} loads them as Facemap's neural window does and into facemap's
 * {@code KeypointsNetwork}, and records its verdict in {@code python_check.json}. Regenerate the files with
 * {@code -Dfacemap.writeReference=true}, then rerun the script.
 */
class NeuralJavaFixturesTest {

	static final Path DIR = Paths.get("src/test/resources/reference/from-java-neural");

	static NeuralOutputs.Written write(Path dir) {
		NeuralInputs in = FakeResults.inputs(240, 30, 6, 11);
		NeuralResult r = FakeResults.result(in, Model.NETWORK, 0.25, true, 12);
		return NeuralOutputs.write(dir, null, NeuralOutputsTest.loaded(in), r);
	}

	@Test
	void committedFilesAreWhatJavaWritesAndPythonLoadsThem(@TempDir Path tmp) throws Exception {
		if (Boolean.getBoolean("facemap.writeReference")) write(DIR);
		NeuralOutputs.Written now = write(tmp);
		for (String f : new String[] { "neural_predictions.npy", "neural_predictions_encoder.pt", "neural_predictions_latents.npy" })
			assertArrayEquals(Files.readAllBytes(tmp.resolve(f)), Files.readAllBytes(DIR.resolve(f)), f + " is stale: rerun with -Dfacemap.writeReference=true and the Python check");
		assertTrue(now.h5() != null);
		JsonObject check = JsonParser.parseString(Files.readString(DIR.resolve("python_check.json"))).getAsJsonObject();
		JsonObject checks = check.getAsJsonObject("checks");
		assertTrue(checks.size() >= 5, checks.toString());
		for (java.util.Map.Entry<String, JsonElement> e : checks.entrySet())
			assertTrue(e.getValue().getAsJsonObject().get("ok").getAsBoolean(), e.getKey() + ": " + e.getValue());
		assertEquals("1.0.8", check.get("facemap").getAsString());
	}
}
