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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.H5Arrays;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;
import sc.fiji.facemap.neural.NeuralSettings.Model;

/** The output files of a run: Facemap's neural_predictions.npy dict, the .h5, the encoder .pt, the latents. */
class NeuralOutputsTest {

	static NeuralFiles.Loaded loaded(NeuralInputs in) {
		int[] idx = new int[in.neurons()];
		for (int i = 0; i < idx.length; i++) idx[i] = i;
		return new NeuralFiles.Loaded(in, idx, in.neurons(), List.of("no timestamps: test"), "matrix");
	}

	@Test
	void networkOutputs(@TempDir Path tmp) throws Exception {
		NeuralInputs in = FakeResults.inputs(400, 3, 5, 1);
		NeuralResult r = FakeResults.result(in, Model.NETWORK, 0.2, true, 2);
		Path out = tmp.resolve("new/folder");
		NeuralOutputs.Written w = NeuralOutputs.write(out, null, loaded(in), r);
		assertEquals(out.resolve("neural_predictions.npy").toAbsolutePath(), w.npy());
		Map<String, Object> d = Npy.readDict(w.npy());
		assertEquals(List.of("predictions", "test_indices", "variance_explained", "plot_extent"), List.copyOf(d.keySet()));
		Tensor p = (Tensor) d.get("predictions");
		assertArrayEquals(new long[] { 5, 400 }, p.shape());
		assertEquals("float32", p.dtype());
		assertEquals(r.predictionRow(2)[17], p.floats()[2 * 400 + 17], 1e-6);
		Tensor ti = (Tensor) d.get("test_indices");
		assertEquals(2, ti.rank());
		assertEquals(10, ti.shape()[0], "n_t = 400: 10 segments");
		assertEquals(r.testSegments()[3][0], ti.longs()[3 * (int) ti.shape()[1]]);
		assertEquals(r.targetVarexp(), ((Number) d.get("variance_explained")).doubleValue(), 0);
		Tensor ext = (Tensor) d.get("plot_extent");
		assertArrayEquals(new long[] { 0, 0, 399, 5 }, ext.longs());
		// .h5
		assertArrayEquals(p.floats(), H5Arrays.read(w.h5(), "predictions").floats(), 0);
		assertArrayEquals(r.varexpPerNeuron(), H5Arrays.read(w.h5(), "varexp_per_neuron").floats(), 0);
		assertEquals(40, H5Arrays.read(w.h5(), "history/train_loss").size());
		// encoder and latents
		Map<String, Tensor> sd = TorchStateDict.read(w.encoder());
		assertEquals(r.stateDict().keySet(), sd.keySet());
		assertArrayEquals(r.stateDict().get(KeypointsNetwork.READOUT_W).floats(), sd.get(KeypointsNetwork.READOUT_W).floats(), 0);
		assertArrayEquals(new long[] { 400, 256 }, Npy.readTensor(w.latents()).shape());
		// the summary: first key varexp
		JsonObject j = JsonParser.parseString(Files.readString(w.json())).getAsJsonObject();
		assertEquals("varexp", j.keySet().iterator().next());
		assertEquals(r.varexp(), j.get("varexp").getAsDouble(), 1e-12);
		assertEquals(3, j.getAsJsonObject("models").size());
		try (Stream<Path> s = Files.list(out)) {
			assertEquals(5, s.filter(f -> !f.getFileName().toString().startsWith(".")).count());
		}
		try (Stream<Path> s = Files.list(out)) {
			assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file is left");
		}
	}

	@Test
	void rrrWritesThePerRankArrayAndNoEncoder(@TempDir Path tmp) {
		NeuralInputs in = FakeResults.inputs(300, 2, 4, 3);
		NeuralResult r = FakeResults.result(in, Model.RRR, 0.3, false, 4);
		NeuralOutputs.Written w = NeuralOutputs.write(tmp, "rrr", loaded(in), r);
		assertNull(w.encoder());
		assertNull(w.latents());
		Map<String, Object> d = Npy.readDict(w.npy());
		assertArrayEquals(r.varexpPerRank(), ((Tensor) d.get("variance_explained")).doubles(), 0);
		assertTrue(Files.isRegularFile(tmp.resolve("rrr.h5")));
	}

	@Test
	void unequalSegmentsAreAListOfLists() {
		Object o = NeuralOutputs.testIndices(new int[][] { { 1, 2, 3 }, { 7, 8 } });
		assertTrue(o instanceof List);
		assertEquals(List.of(7L, 8L), ((List<?>) o).get(1));
	}

	@Test
	void aFailedWriteLeavesNoNewFile(@TempDir Path tmp) throws Exception {
		NeuralInputs in = FakeResults.inputs(200, 2, 3, 5);
		NeuralResult ok = FakeResults.result(in, Model.RIDGE, 0.3, false, 6);
		// an empty per-neuron array makes the .h5 (the second file) fail after the .npy was written
		NeuralResult r = new NeuralResult(ok.settings(), ok.model(), ok.scores(), new float[0], ok.varexpPerRank(), ok.split(), ok.testPredictions(),
			ok.predictedTargets(), ok.basis(), ok.neuronMean(), ok.neuronScale(), ok.latents(), ok.stateDict(), ok.history(), ok.bestEpoch(), ok.ceiling(),
			ok.ceilingPerNeuron(), ok.keptFeatures(), ok.canceled(), ok.device(), ok.notices());
		FacemapException e = assertThrows(FacemapException.class, () -> NeuralOutputs.write(tmp, null, loaded(in), r));
		assertTrue(e.getMessage().contains("neural_predictions.h5") && e.getMessage().contains("no output of this run was written"), e.getMessage());
		assertFalse(Files.exists(tmp.resolve("neural_predictions.npy")));
		assertFalse(Files.exists(tmp.resolve("neural_predictions.h5")));
		try (Stream<Path> s = Files.list(tmp)) {
			assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".part")));
		}
	}
}
