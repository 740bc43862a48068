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

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;

/**
 * The reference fixtures written by the real Python Facemap (scripts/reference/make_fixtures.py) are complete and
 * agree with their manifests when read by our own readers: every .npy has the shape and dtype its manifest states,
 * the real torch.save files give the values torch put in them, the decoder PNGs are the 8-bit gray frames whose md5
 * the manifest records, and Python's check of the files Java wrote passed.
 */
class ReferenceFixturesTest {

	static Path resource(String name) {
		URL u = ReferenceFixturesTest.class.getResource("/reference/" + name);
		if (u == null) throw new IllegalStateException("missing test resource reference/" + name
			+ " (run scripts/reference/make_fixtures.py)");
		try {
			return Paths.get(u.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	static JsonObject manifest(String topic) throws IOException {
		try (Reader r = Files.newBufferedReader(resource(topic + "/manifest.json"))) {
			return JsonParser.parseReader(r).getAsJsonObject();
		}
	}

	static long[] longs(JsonArray a) {
		long[] v = new long[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
		return v;
	}

	@ParameterizedTest
	@ValueSource(strings = { "pose", "training" })
	void everyNpyHasTheShapeAndDtypeOfItsManifest(String topic) throws IOException {
		JsonObject files = manifest(topic).getAsJsonObject("files");
		int n = 0;
		for (Map.Entry<String, JsonElement> e : files.entrySet()) {
			if (!e.getKey().endsWith(".npy")) continue;
			JsonObject f = e.getValue().getAsJsonObject();
			Tensor t = Npy.readTensor(resource(topic + "/" + e.getKey()));
			assertEquals(f.get("dtype").getAsString(), t.dtype(), e.getKey());
			assertArrayEquals(longs(f.getAsJsonArray("shape")), t.shape(), e.getKey());
			n++;
		}
		assertTrue(n >= 8, topic + ": only " + n + " arrays");
	}

	@Test
	void poseFixtureIsSelfConsistent() throws IOException {
		JsonObject m = manifest("pose");
		// keypoints.npy is keypoints_256.npy back-projected with the manifest's pads, crop and scale
		Tensor k256 = Npy.readTensor(resource("pose/keypoints_256.npy"));
		Tensor k = Npy.readTensor(resource("pose/keypoints.npy"));
		JsonArray bbox = m.getAsJsonArray("bbox");
		JsonArray pads = m.getAsJsonObject("pads").getAsJsonArray("values");
		JsonArray post = m.getAsJsonArray("postpad_shape");
		float[] a = k256.floats(), b = k.floats();
		for (int i = 0; i < a.length; i += 3) {
			float x = a[i] * (post.get(1).getAsFloat() / 256f) - pads.get(0).getAsInt() + bbox.get(2).getAsInt();
			float y = a[i + 1] * (post.get(0).getAsFloat() / 256f) - pads.get(2).getAsInt() + bbox.get(0).getAsInt();
			assertEquals(x, b[i], 1e-3f);
			assertEquals(y, b[i + 1], 1e-3f);
			assertEquals(a[i + 2], b[i + 2]);
		}
		// the weights: every key the manifest lists, in order, and the channel widths it states
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(resource("pose/fmnet_random.pt"));
		JsonObject pt = m.getAsJsonObject("files").getAsJsonObject("fmnet_random.pt");
		List<String> keys = new ArrayList<>();
		for (JsonElement e : pt.getAsJsonArray("state_dict_keys")) keys.add(e.getAsString());
		assertEquals(keys, List.copyOf(sd.keySet()));
		JsonArray ch = pt.getAsJsonArray("channels");
		for (int c = 0; c < 5; c++) {
			String key = "Conv.conv" + c + ".conv.conv_0." + (c == 0 ? 1 : 2) + ".weight";
			assertEquals(ch.get(c).getAsLong(), sd.get(key).shape()[0], key);
		}
		// BatchNorm buffers are not the defaults (a mis-mapped buffer must show)
		for (String key : sd.keySet()) {
			Tensor t = sd.get(key);
			if (key.endsWith("running_var")) for (float v : t.floats()) assertTrue(v != 1f && v > 0f, key + " " + v);
			if (key.endsWith("running_mean")) for (float v : t.floats()) assertTrue(v != 0f, key + " " + v);
			if (key.endsWith("num_batches_tracked")) assertTrue(t.longs()[0] >= 100, key);
		}
	}

	@Test
	void trainingLearningRateScheduleIsFacemaps() throws IOException {
		double[] lr = Npy.readTensor(resource("training/lr_schedule.npy")).doubles();
		assertEquals(36, lr.length);
		for (int e = 0; e < 36; e++)
			assertEquals(e < 30 ? 1e-4 : e < 33 ? 1e-5 : 4e-6, lr[e], 1e-12, "epoch " + e);
	}

	@Test
	void twoFacemapTrainingStepsMoveWeightsByAdamSizedStepsAndUpdateBatchNormStatistics() throws IOException {
		LinkedHashMap<String, Tensor> before = TorchStateDict.read(resource("pose/fmnet_random.pt"));
		LinkedHashMap<String, Tensor> after = TorchStateDict.read(resource("training/fmnet_after_2_steps.pt"));
		assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()));
		JsonArray steps = manifest("training").getAsJsonObject("files").getAsJsonObject("fmnet_after_2_steps.pt")
			.getAsJsonArray("steps");
		double lr = 0;
		for (JsonElement st : steps) lr += st.getAsJsonObject().get("lr").getAsDouble();
		int moved = 0;
		for (String k : before.keySet()) {
			if (k.endsWith("num_batches_tracked")) {
				assertEquals(before.get(k).longs()[0] + steps.size(), after.get(k).longs()[0], k);
				continue;
			}
			float[] a = before.get(k).floats(), b = after.get(k).floats();
			boolean stat = k.endsWith("running_mean") || k.endsWith("running_var");
			boolean changed = false;
			for (int i = 0; i < a.length; i++) {
				if (!stat) assertTrue(Math.abs(a[i] - b[i]) <= 2 * lr + 1e-6 * Math.abs(a[i]), k + "[" + i + "]");
				changed |= a[i] != b[i];
			}
			if (changed) moved++;
			if (stat) assertTrue(changed, k + " not updated in train mode");
		}
		assertTrue(moved > before.size() / 2, moved + " of " + before.size() + " tensors changed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "views.pt", "views_legacy.pt", "dtypes.pt", "module_state_dict.pt" })
	void realTorchFilesReadAsTorchWroteThem(String name) throws IOException {
		JsonObject exp = manifest("torch").getAsJsonObject("files").getAsJsonObject(name).getAsJsonObject("tensors");
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(resource("torch/" + name));
		assertEquals(List.copyOf(exp.keySet()), List.copyOf(sd.keySet()), name);
		for (Map.Entry<String, JsonElement> e : exp.entrySet()) {
			JsonObject x = e.getValue().getAsJsonObject();
			Tensor t = sd.get(e.getKey());
			String what = name + " " + e.getKey();
			assertEquals(x.get("dtype").getAsString(), t.dtype(), what);
			assertArrayEquals(longs(x.getAsJsonArray("shape")), t.shape(), what);
			assertValues(x.getAsJsonArray("values"), t, what);
		}
	}

	@Test
	void halfPrecisionIsReadOrRejectedClearly() throws IOException {
		JsonObject exp = manifest("torch").getAsJsonObject("files").getAsJsonObject("half.pt").getAsJsonObject("tensors");
		try {
			LinkedHashMap<String, Tensor> sd = TorchStateDict.read(resource("torch/half.pt"));
			for (Map.Entry<String, JsonElement> e : exp.entrySet())
				assertValues(e.getValue().getAsJsonObject().getAsJsonArray("values"), sd.get(e.getKey()), e.getKey());
		}
		catch (FacemapException e) {
			assertTrue(e.getMessage().contains("half.pt"), e.getMessage());
		}
	}

	private static void assertValues(JsonArray values, Tensor t, String what) {
		if (t.isFloating()) {
			double[] d = t.doubles();
			assertEquals(values.size(), d.length, what);
			for (int i = 0; i < d.length; i++) {
				JsonElement v = values.get(i);
				double want = v.getAsJsonPrimitive().isString() ? Double.parseDouble(v.getAsString()
					.replace("inf", "Infinity").replace("nan", "NaN")) : v.getAsDouble();
				if (Double.isNaN(want)) assertTrue(Double.isNaN(d[i]), what + "[" + i + "]");
				else assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(d[i]), what + "[" + i + "] "
					+ d[i] + " vs " + want);
			}
		}
		else {
			long[] l = t.longs();
			assertEquals(values.size(), l.length, what);
			for (int i = 0; i < l.length; i++) {
				JsonElement v = values.get(i);
				long want = v.getAsJsonPrimitive().isBoolean() ? (v.getAsBoolean() ? 1 : 0) : v.getAsLong();
				assertEquals(want, l[i], what + "[" + i + "]");
			}
		}
	}

	@Test
	void decoderFramesAreEightBitGrayWithTheRecordedMd5() throws IOException, NoSuchAlgorithmException {
		JsonObject m = manifest("decoder");
		JsonArray idx = m.getAsJsonArray("frame_indices");
		assertEquals(8, idx.size());
		List<String> md5s = Files.readAllLines(resource("decoder/gray_md5.txt"));
		assertEquals(m.get("frames_decoded_sequentially").getAsInt(), md5s.size());
		for (JsonElement e : idx) {
			String name = String.format("frame_%04d.png", e.getAsInt());
			BufferedImage im = ImageIO.read(resource("decoder/" + name).toFile());
			assertEquals(BufferedImage.TYPE_BYTE_GRAY, im.getType(), name);
			assertEquals(800, im.getWidth());
			assertEquals(480, im.getHeight());
			byte[] px = ((DataBufferByte) im.getRaster().getDataBuffer()).getData();
			byte[] md5 = MessageDigest.getInstance("MD5").digest(px);
			StringBuilder hex = new StringBuilder();
			for (byte b : md5) hex.append(String.format("%02x", b));
			String want = m.getAsJsonObject("files").getAsJsonObject(name).get("gray_md5").getAsString();
			assertEquals(want, hex.toString(), name);
			assertEquals(e.getAsInt() + " " + want, md5s.get(e.getAsInt()), name);
		}
	}

	@Test
	void pythonLoadedWhatJavaWrote() throws IOException {
		JsonObject r;
		try (Reader rd = Files.newBufferedReader(resource("from-java/python_check.json"))) {
			r = JsonParser.parseReader(rd).getAsJsonObject();
		}
		assertTrue(r.getAsJsonObject("versions").get("torch").getAsString().startsWith("2.5.1"));
		for (JsonElement c : r.getAsJsonArray("checks")) {
			JsonObject o = c.getAsJsonObject();
			if (!o.get("ok").getAsBoolean()) fail("Python check failed: " + o);
		}
		assertTrue(r.get("passed").getAsBoolean());
		// every file Java wrote was loaded by Python
		for (String f : new String[] { "state_dict.pt", "sample_FacemapPose.h5" })
			assertTrue(r.getAsJsonObject("files").has(f), f);
	}
}
