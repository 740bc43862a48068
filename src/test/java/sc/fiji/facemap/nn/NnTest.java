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
package sc.fiji.facemap.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.task.Progress;

class NnTest {

	@Test
	void facemapScheduleSteps() {
		double[] want = new double[10];
		for (int e = 0; e < 10; e++) want[e] = e < 4 ? 1e-3 : e < 7 ? 1e-4 : 4e-5;
		for (int e = 0; e < 10; e++) assertEquals(want[e], LearningRateSchedule.facemap(1e-3, e, 10), 1e-15, "epoch " + e);
		assertEquals(1e-3 / 25, LearningRateSchedule.facemap(1e-3, 0, 2), 1e-15); // short runs: the last phase wins
		assertThrows(IndexOutOfBoundsException.class, () -> LearningRateSchedule.facemap(1e-3, 10, 10));
	}

	@Test
	void stateDictRoundTripKeepsValuesAndIntegers() {
		Map<String, Tensor> sd = new LinkedHashMap<>();
		sd.put("w", Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6.5f }));
		sd.put("n", Tensor.ofLongs("int64", new long[0], new long[] { 7 }));
		try (NDManager m = NDManager.newBaseManager()) {
			LinkedHashMap<String, NDArray> arrays = new LinkedHashMap<>();
			for (Map.Entry<String, Tensor> e : sd.entrySet()) arrays.put(e.getKey(), StateDicts.toArray(m, e.getKey(), e.getValue()));
			Map<String, Tensor> back = StateDicts.toStateDict(arrays);
			assertArrayEquals(sd.get("w").floats(), back.get("w").floats());
			assertArrayEquals(new long[] { 2, 3 }, back.get("w").shape());
			assertEquals(7, back.get("n").longs()[0]);
			assertEquals("int64", back.get("n").dtype());

			Map<String, Tensor> other = new LinkedHashMap<>();
			other.put("w", Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 0, 0, 0, 0, 0, 1 }));
			other.put("n", Tensor.ofDoubles(new long[0], new double[] { 9 }));
			StateDicts.loadState(arrays, other, m, "test");
			assertEquals(1f, arrays.get("w").toFloatArray()[5]);
			assertEquals(9, arrays.get("n").toLongArray()[0]);
			Map<String, Tensor> wrong = new LinkedHashMap<>(other);
			wrong.put("w", Tensor.ofFloats(new long[] { 3, 2 }, new float[6]));
			FacemapException ex = assertThrows(FacemapException.class, () -> StateDicts.loadState(arrays, wrong, m, "test"));
			assertTrue(ex.getMessage().contains("test: w has shape"), ex.getMessage());
			wrong.remove("w");
			assertThrows(FacemapException.class, () -> StateDicts.loadState(arrays, wrong, m, "test"));
		}
	}

	@Test
	void tensorBlocksRoundTrip() throws Exception {
		Map<String, Tensor> sd = new LinkedHashMap<>();
		sd.put("a.weight", Tensor.ofFloats(new long[] { 3 }, new float[] { -1, 0.25f, 3 }));
		sd.put("a.count", Tensor.ofLongs("int64", new long[] { 2 }, new long[] { 5, -6 }));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream d = new DataOutputStream(bytes)) {
			TensorBlocks.write(d, sd);
		}
		Map<String, Tensor> back = TensorBlocks.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
		assertEquals(List.copyOf(sd.keySet()), List.copyOf(back.keySet()));
		assertArrayEquals(sd.get("a.weight").floats(), back.get("a.weight").floats());
		assertArrayEquals(sd.get("a.count").longs(), back.get("a.count").longs());
	}

	@Test
	void adamFirstStepClipsAndRestores() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray p = m.create(new float[] { 1f, -2f });
			p.setRequiresGradient(true);
			Map<String, NDArray> params = new LinkedHashMap<>();
			params.put("p", p);
			try (AdamW adam = new AdamW(params, m, 0).clipGradientNorm(1)) {
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					gc.backward(p.mul(p).sum()); // gradient 2p = (2, -4), norm sqrt(20) > 1: clipped to norm 1
				}
				adam.step(0.1);
				// a first Adam step moves each parameter by lr * sign(gradient) (up to eps), clipped or not
				assertArrayEquals(new float[] { 0.9f, -1.9f }, p.toFloatArray(), 1e-5f);
				assertEquals(1, adam.steps());
				float s = (float) (1 / (Math.sqrt(20) + 1e-6));
				Map<String, Tensor> m1 = adam.moments(false), m2 = adam.moments(true);
				assertArrayEquals(new float[] { 0.1f * 2 * s, -0.1f * 4 * s }, m1.get("p").floats(), 1e-6f);
				assertArrayEquals(new float[] { 0.001f * 4 * s * s, 0.001f * 16 * s * s }, m2.get("p").floats(), 1e-7f);
				try (AdamW again = new AdamW(params, m, 0)) {
					again.restore(m1, m2, 1);
					assertEquals(1, again.steps());
					assertArrayEquals(m2.get("p").floats(), again.moments(true).get("p").floats());
				}
			}
			assertThrows(IllegalArgumentException.class, () -> new AdamW(params, m, 0).clipGradientNorm(-1));
		}
	}

	@Test
	void gpuFallsBackToCpuWithALogLine() {
		List<String> log = new ArrayList<>();
		Progress p = Progress.logTo(log::add);
		assertEquals("cpu", Devices.choose(Device.CPU, p).getDeviceType());
		ai.djl.Device d = Devices.choose(Device.GPU, p);
		if (d.isGpu()) assertTrue(log.isEmpty());
		else assertEquals(1, log.size());
		assertEquals(d.isGpu() ? Device.GPU : Device.CPU, Devices.of(d));
		assertThrows(FacemapException.class, () -> Devices.choose("tpu", p));
	}
}
