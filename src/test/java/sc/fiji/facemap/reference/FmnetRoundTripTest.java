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
package sc.fiji.facemap.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;

/**
 * The full FMnet round trip Python -> Java -> Python: Java reads the FMnet state dict written by real torch
 * (reference/pose/fmnet_random.pt) and writes it again (reference/from-java-fmnet/fmnet_random.pt); the reference
 * script loads that with torch.load and facemap's FMnet.load_state_dict(strict=True), finds every tensor identical and
 * reproduces the pose fixture's network outputs with it (from-java-fmnet/python_check.json).
 * <p>
 * To regenerate after the pose fixture changed: {@code mvn test -Dtest=FmnetRoundTripTest
 * -Dfacemap.writeReference=true}, then {@code make_fixtures.py --check-java}.
 */
class FmnetRoundTripTest {

	static final Path DIR = Paths.get("src/test/resources/reference/from-java-fmnet");

	@Test
	void committedJavaRewriteIsWhatJavaWritesToday() throws IOException {
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(ReferenceFixturesTest.resource("pose/fmnet_random.pt"));
		ByteArrayOutputStream now = new ByteArrayOutputStream();
		TorchStateDict.write(now, sd);
		Path committed = DIR.resolve("fmnet_random.pt");
		if (Boolean.getBoolean("facemap.writeReference")) {
			Files.createDirectories(DIR);
			TorchStateDict.write(committed, sd);
		}
		assertTrue(Files.exists(committed), committed + " is missing: run with -Dfacemap.writeReference=true");
		assertArrayEquals(now.toByteArray(), Files.readAllBytes(committed),
			committed + " is stale: rerun with -Dfacemap.writeReference=true and make_fixtures.py --check-java");
		// and what we wrote reads back to the same tensors
		LinkedHashMap<String, Tensor> back = TorchStateDict.read(committed);
		assertEquals(sd.keySet(), back.keySet());
		for (String k : sd.keySet()) {
			assertEquals(sd.get(k).dtype(), back.get(k).dtype(), k);
			assertArrayEquals(sd.get(k).shape(), back.get(k).shape(), k);
			if (sd.get(k).isFloating()) assertArrayEquals(sd.get(k).floats(), back.get(k).floats(), k);
			else assertArrayEquals(sd.get(k).longs(), back.get(k).longs(), k);
		}
	}

	@Test
	void pythonFacemapLoadedTheJavaRewrite() throws IOException {
		JsonObject r;
		try (Reader rd = Files.newBufferedReader(DIR.resolve("python_check.json"))) {
			r = JsonParser.parseReader(rd).getAsJsonObject();
		}
		assertTrue(r.getAsJsonObject("versions").get("facemap").getAsString().equals("1.0.8"));
		boolean loaded = false, same = false, forward = false;
		for (JsonElement c : r.getAsJsonArray("checks")) {
			JsonObject o = c.getAsJsonObject();
			if (!o.get("ok").getAsBoolean()) fail("Python check failed: " + o);
			String what = o.get("check").getAsString();
			loaded |= what.startsWith("facemap FMnet(channels=") && what.contains("load_state_dict(strict=True)");
			same |= what.startsWith("every tensor identical to ../pose/fmnet_random.pt");
			forward |= what.startsWith("FMnet forward on pose/input_256.npy reproduces");
		}
		assertTrue(loaded && same && forward, "python_check.json lacks a check: " + loaded + same + forward);
		assertTrue(r.get("passed").getAsBoolean());
	}
}
