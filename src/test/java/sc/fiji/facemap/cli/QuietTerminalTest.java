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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.testutil.CliProcess;
import sc.fiji.facemap.testutil.TestData;

/**
 * Issue 12, item 12: a user's terminal shows our messages only. Native libraries write to the process's own
 * standard error (libtorch's C++ warnings, FFmpeg's log), which only a child process can observe.
 */
class QuietTerminalTest {

	@TempDir
	Path tmp;

	private String run(String... args) throws Exception {
		Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
		Process p = CliProcess.start(out, err, args);
		assertTrue(p.waitFor(240, TimeUnit.SECONDS), "facemap " + String.join(" ", args) + " did not finish");
		String e = Files.readString(err, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), e);
		return e;
	}

	private static void assertOurs(String stderr) {
		for (String noise : new String[] { "SLF4J", "AutoNonVariableTypeMode", "LegacyTypeDispatch", "[W", "[swscaler", "[h264", "[mov," })
			assertFalse(stderr.contains(noise), "library noise '" + noise + "' on the terminal:\n" + stderr);
	}

	@Test
	void theNeuralEncoderPrintsNoLibraryWarnings() throws Exception {
		// the network's weights are loaded back at the end of training: DJL's NDArray.set(Buffer) printed a
		// deprecated-guard warning of libtorch there
		int T = 800, F = 4, N = 6;
		Random r = new Random(3);
		float[] x = new float[T * F], y = new float[N * T];
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
		for (int n = 0; n < N; n++)
			for (int t = 0; t < T; t++) y[n * T + t] = x[t * F + n % F] + 0.1f * (float) r.nextGaussian();
		Path b = tmp.resolve("behavior.npy"), s = tmp.resolve("spks.npy");
		Npy.write(b, Tensor.ofFloats(new long[] { T, F }, x));
		Npy.write(s, Tensor.ofFloats(new long[] { N, T }, y));
		assertOurs(run("neural", "--behavior", b.toString(), "--neural", s.toString(), "--epochs", "2", "--out", tmp.resolve("n").toString()));
	}

	@Test
	void trackingPrintsNoLibraryWarnings() throws Exception {
		assertOurs(run("track", TestData.demoVideo().toString(), "--frames", "0:4", "--batch-size", "2", "--out", tmp.resolve("t").toString()));
	}
}
