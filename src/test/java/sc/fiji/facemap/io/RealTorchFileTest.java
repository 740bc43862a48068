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
package sc.fiji.facemap.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;

/** A state dict written by real torch 2.5.1 (reference/pose/fmnet_random.pt, made by scripts/reference/make_fixtures.py). */
class RealTorchFileTest {

	@TempDir
	Path tmp;

	static final Path PT = Path.of("src/test/resources/reference/pose/fmnet_random.pt");

	@SuppressWarnings("unchecked")
	private static Map<String, Object> manifest() throws IOException {
		Map<String, Object> m = new Gson().fromJson(Files.readString(PT.resolveSibling("manifest.json")), Map.class);
		return (Map<String, Object>) ((Map<String, Object>) m.get("files")).get("fmnet_random.pt");
	}

	@Test
	void readsTorchWrittenStateDict() throws IOException {
		Map<String, Object> man = manifest();
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(PT);
		assertEquals(man.get("state_dict_keys"), new ArrayList<>(sd.keySet()), "keys in torch's order");
		long params = 0;
		for (Map.Entry<String, Tensor> e : sd.entrySet()) {
			String k = e.getKey();
			Tensor t = e.getValue();
			if (k.endsWith("num_batches_tracked")) {
				assertEquals("int64", t.dtype(), k);
				assertEquals(0, t.rank(), k);
				assertTrue(t.longs()[0] >= 0, k);
			}
			else {
				assertEquals("float32", t.dtype(), k);
				for (float v : t.floats()) assertTrue(Float.isFinite(v), k);
			}
			if (!k.contains("running_") && !k.endsWith("num_batches_tracked")) params += t.size();
		}
		assertEquals(((Number) man.get("n_parameters")).longValue(), params);
		List<?> ch = (List<?>) man.get("channels");
		assertArrayEquals(new long[] { ((Number) ch.get(0)).longValue(), 1, 3, 3 }, sd.get("Conv.conv0.conv.conv_0.1.weight").shape());
		for (Tensor t : sd.values())
			if (t.dtype().equals("float32") && t.rank() == 1 && t.size() > 1) {
				// random running statistics differ between channels (default buffers would be all 0 or 1)
				float[] f = t.floats();
				assertTrue(f[0] != f[1] || f.length < 2);
			}
	}

	@Test
	void javaRewriteOfTorchFileReadsBackIdentically() {
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(PT);
		Path f = tmp.resolve("rewritten.pt");
		TorchStateDict.write(f, sd);
		TorchStateDictTest.assertSameTensors(sd, TorchStateDict.read(f));
	}
}
