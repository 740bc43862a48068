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
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;

/**
 * Writes src/test/resources/reference/neural/from-java/: a KeypointsNetwork state dict written by Java
 * ({@code keypoints_network.pt}, 30 inputs, 128 outputs, seed 3), an input {@code x.npy} (T x 30) and Java's output
 * {@code y.npy} (T x 128). Run by hand, then {@code make_neural_fixtures.py --check-java} loads the file into
 * facemap's own KeypointsNetwork and records its verdict in {@code python_check.json}.
 */
public final class WriteNeuralJavaFixtures {

	public static final Path DIR = Paths.get("src/test/resources/reference/neural/from-java");
	static final int N_IN = 30, N_OUT = 128, T = 250;

	public static void main(String[] args) throws Exception {
		Path dir = args.length > 0 ? Paths.get(args[0]) : DIR;
		Files.createDirectories(dir);
		SplittableRandom r = new SplittableRandom(11);
		float[] x = new float[T * N_IN];
		for (int i = 0; i < x.length; i++) x[i] = (float) GeneratedNeuralData.gauss(r);
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.random(m, null, N_IN, N_OUT, 3)) {
			Map<String, Tensor> sd = net.toStateDict();
			TorchStateDict.write(dir.resolve("keypoints_network.pt"), sd);
			NDArray y = net.forward(m.create(x, new Shape(T, N_IN)), null).get(0);
			Npy.write(dir.resolve("x.npy"), Tensor.ofFloats(new long[] { T, N_IN }, x));
			Npy.write(dir.resolve("y.npy"), Tensor.ofFloats(new long[] { T, N_OUT }, y.toFloatArray()));
		}
		AtomicFiles.writeString(dir.resolve("manifest.json"), "{\n  \"written_by\": \"sc.fiji.facemap.neural.WriteNeuralJavaFixtures\",\n"
			+ "  \"n_in\": " + N_IN + ",\n  \"n_out\": " + N_OUT + ",\n  \"seed\": 3,\n  \"T\": " + T + ",\n"
			+ "  \"files\": {\"keypoints_network.pt\": \"KeypointsNetwork.random(30, 128, seed 3).toStateDict() via io.TorchStateDict\", "
			+ "\"x.npy\": \"input (T, 30)\", \"y.npy\": \"Java's forward output (T, 128), all frames\"}\n}\n");
		System.out.println("wrote " + dir.toAbsolutePath());
	}
}
