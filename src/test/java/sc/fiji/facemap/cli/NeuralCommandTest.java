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
package sc.fiji.facemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.neural.FakeResults;
import sc.fiji.facemap.neural.NeuralInputs;

/** facemap neural: options from the settings schemas, --json purity, errors. */
class NeuralCommandTest {

	@TempDir
	Path tmp;

	final StringWriter out = new StringWriter(), err = new StringWriter();

	int run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	/** behaviour (frames x features) and neural (neurons x samples) .npy files from seeded generated data. */
	Path[] files(int T, int f, int n) {
		NeuralInputs in = FakeResults.inputs(T, f, n, 7);
		float[] b = new float[T * f], y = new float[n * T];
		for (int t = 0; t < T; t++) System.arraycopy(in.behavior()[t], 0, b, t * f, f);
		for (int i = 0; i < n; i++) System.arraycopy(in.neural()[i], 0, y, i * T, T);
		Path bp = tmp.resolve("beh.npy"), np = tmp.resolve("spks.npy");
		Npy.write(bp, Tensor.ofFloats(new long[] { T, f }, b));
		Npy.write(np, Tensor.ofFloats(new long[] { n, T }, y));
		return new Path[] { bp, np };
	}

	@Test
	void helpListsTheIssueOptions() {
		assertEquals(0, run("neural", "--help"));
		String h = out.toString();
		for (String o : new String[] { "--behavior", "--neural", "--behavior-times", "--neural-times", "--positions", "--model", "--pcs", "--epochs",
			"--device", "--out", "--json", "--neural-layout", "--exclude-paw" })
			assertTrue(h.contains(o), o + " missing in:\n" + h);
	}

	@Test
	void jsonCarriesOnlyOneObjectWithVarexpFirst() throws Exception {
		Path[] f = files(600, 3, 6);
		Path outDir = tmp.resolve("made/by/cli");
		assertEquals(0, run("neural", "--behavior", f[0].toString(), "--neural", f[1].toString(), "--model", "ridge", "--no-baselines", "--no-latents", "--out", outDir.toString(), "--json"),
			err.toString());
		JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject(); // the whole stdout is one object
		assertEquals("varexp", o.keySet().iterator().next());
		double v = o.get("varexp").getAsDouble();
		assertTrue(v > 0.3 && v <= 1, "ridge explains the linearly driven neurons: " + v);
		assertEquals("ridge", o.get("model").getAsString());
		assertEquals(1, o.getAsJsonObject("models").size(), "--no-baselines fits only the chosen model");
		assertTrue(Files.isRegularFile(outDir.resolve("neural_predictions.npy")));
		assertTrue(o.get("notices").toString().contains("span the same time"), o.toString());
	}

	@Test
	void badInputsExitWithTheirMessage() throws Exception {
		Path[] f = files(100, 2, 3);
		Path tb = tmp.resolve("tb.npy");
		Npy.write(tb, Tensor.ofDoubles(new long[] { 3 }, new double[] { 0, 2, 1 }));
		assertEquals(FacemapCli.EXIT_ERROR, run("neural", "--behavior", f[0].toString(), "--neural", f[1].toString(), "--behavior-times", tb.toString(),
			"--neural-times", tb.toString(), "--out", tmp.toString()));
		assertTrue(err.toString().contains("tb.npy") && err.toString().contains("not strictly increasing"), err.toString());
		assertEquals("", out.toString());
		err.getBuffer().setLength(0);
		assertEquals(FacemapCli.EXIT_ERROR, run("neural", "--behavior", f[0].toString(), "--neural", tmp.resolve("none.npy").toString(), "--out", tmp.toString()));
		assertTrue(err.toString().contains("none.npy: no such file"), err.toString());
		err.getBuffer().setLength(0);
		assertEquals(FacemapCli.EXIT_ERROR, run("neural", "--behavior", f[0].toString(), "--neural", f[1].toString(), "--model", "lasso", "--out", tmp.toString()));
		assertTrue(err.toString().contains("model") && err.toString().contains("network, ridge, rrr"), err.toString());
	}
}
