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
package sc.fiji.facemap.scripting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.util.PythonInterpreter;

import sc.fiji.facemap.io.Npy;

/** Runs scripts/Predict_Neural_Activity.py in Jython on the real neural-s1 data (RRR: no training). */
class NeuralJythonExampleTest {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "../shared")).resolve("data");

	@Test
	void predictNeuralActivityOnS1(@TempDir Path tmp) throws Exception {
		Path f = DATA.resolve("neural-s1/s1_data.mat");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (PythonInterpreter py = new PythonInterpreter()) {
			py.setOut(out);
			py.set("behavior", f + ":vel,pos");
			py.set("neural", f + ":spikes");
			py.set("model", "rrr");
			py.set("epochs", 1);
			py.set("out_dir", tmp.toFile());
			py.execfile(Paths.get("scripts", "Predict_Neural_Activity.py").toString());
			py.getSystemState().stdout.invoke("flush");
		}
		String printed = new String(out.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(printed.contains("35129 frames x 4 features"), printed);
		assertTrue(printed.contains("rrr      held-out variance explained"), printed);
		assertTrue(printed.contains("wrote " + tmp.resolve("neural_predictions.npy").toAbsolutePath()), printed);
		assertTrue(Npy.readDict(tmp.resolve("neural_predictions.npy")).containsKey("predictions"));
		assertTrue(Files.isRegularFile(tmp.resolve("neural_predictions.h5")));
	}
}
