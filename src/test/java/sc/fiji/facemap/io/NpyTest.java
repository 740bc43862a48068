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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;

class NpyTest {

	@TempDir
	Path tmp;

	private static Tensor t(String name) {
		return Npy.readTensor(IoFixtures.file(name));
	}

	@Test
	void numericFilesWrittenByNumpy() {
		float[] quarter = { 0, 0.25f, 0.5f, 0.75f, 1, 1.25f };
		for (String n : new String[] { "f4_c.npy", "f4_v2.npy", "f4_v3.npy" }) {
			Tensor a = t(n);
			assertEquals("float32", a.dtype(), n);
			assertArrayEquals(new long[] { 2, 3 }, a.shape(), n);
			assertArrayEquals(quarter, a.floats(), n);
		}
		Tensor f = t("f8_fortran.npy"); // arange(6).reshape(3,2) - 2.5 stored in Fortran order
		assertEquals("float64", f.dtype());
		assertArrayEquals(new long[] { 3, 2 }, f.shape());
		assertArrayEquals(new double[] { -2.5, -1.5, -0.5, 0.5, 1.5, 2.5 }, f.doubles());
		assertArrayEquals(new long[] { -(1L << 40), 0, 7 }, t("i8.npy").longs());
		Tensor i4 = t("i4_3d.npy");
		assertEquals("int32", i4.dtype());
		assertArrayEquals(new long[] { 2, 3, 4 }, i4.shape());
		assertEquals(-12, i4.longs()[0]);
		assertEquals(11, i4.longs()[23]);
		assertArrayEquals(new long[] { 0, 128, 255 }, t("u1.npy").longs());
		assertEquals("bool", t("b1.npy").dtype());
		assertArrayEquals(new long[] { 1, 0, 1 }, t("b1.npy").longs());
		float[] be = t("f4_bigendian.npy").floats();
		assertEquals(1.5f, be[0]);
		assertEquals(-2f, be[1]);
		assertTrue(Float.isNaN(be[2]));
		assertArrayEquals(new float[] { 0.5f, -2f, 65504f }, t("f2.npy").floats());
		Tensor s = t("f4_scalar.npy");
		assertEquals(0, s.rank());
		assertEquals(3.25f, s.floats()[0]);
		assertEquals(List.of("eye(back)", "whisker(I)"), Npy.read(IoFixtures.file("str.npy")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void facemapRefinedDataLoadsAsDict(String tag) {
		Map<String, Object> d = Npy.readDict(IoFixtures.file("refined_" + tag + "_Facemap_refined_data.npy"));
		assertEquals(List.of("imgs", "keypoints", "bbox", "bodyparts", "frame_ind", "video_path"), List.copyOf(d.keySet()));
		Tensor img = (Tensor) ((List<?>) d.get("imgs")).get(0);
		assertArrayEquals(new long[] { 2, 4, 5 }, img.shape());
		assertEquals(0f, img.floats()[0]);
		assertEquals(1f, img.floats()[39]);
		Tensor kp = (Tensor) ((List<?>) d.get("keypoints")).get(0);
		assertArrayEquals(new long[] { 2, 15, 3 }, kp.shape());
		assertTrue(Float.isNaN(kp.floats()[11 * 3]), "paw of frame 0 is NaN");
		assertTrue(kp.floats()[0] >= 0 && kp.floats()[0] < 100);
		assertEquals(KeypointSet.FACEMAP, d.get("bodyparts"));
		assertArrayEquals(new long[] { 3, 17 }, ((Tensor) ((List<?>) d.get("frame_ind")).get(0)).longs());
		assertEquals(List.of(List.of(0L, 480L, 0L, 640L)), d.get("bbox"));
		assertEquals("/data/cam1.mp4", d.get("video_path"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void facemapProcLoadsAsDict(String tag) {
		Map<String, Object> d = Npy.readDict(IoFixtures.file("proc_" + tag + "_proc.npy"));
		assertEquals(List.of(List.of("/data/cam1.mp4")), d.get("filenames"));
		assertNull(d.get("save_path"));
		assertEquals(4L, d.get("sbin"));
		assertEquals(Boolean.TRUE, d.get("fullSVD"));
		assertEquals("int32", ((Tensor) d.get("Lybin")).dtype());
		Tensor mot = (Tensor) ((List<?>) d.get("motSVD")).get(0);
		assertArrayEquals(new long[] { 3, 2 }, mot.shape());
		Map<?, ?> roi = (Map<?, ?>) ((List<?>) d.get("rois")).get(0);
		assertEquals("motion SVD", roi.get("rtype"));
		assertArrayEquals(new long[] { 2, 3, 4 }, ((Tensor) roi.get("yrange")).longs());
		assertEquals(PyTuple.of(255.0, 0.0, 0.0), roi.get("color"));
		assertArrayEquals(new long[] { 1, 0, 0, 1 }, ((Tensor) roi.get("ellipse")).longs());
		assertEquals(List.of(), d.get("running"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void objectArraysBecomeNestedLists(String tag) {
		assertEquals(List.of(List.of("a", 1L), Arrays.asList(null, 2.5)), Npy.read(IoFixtures.file("objects_2d_" + tag + ".npy")));
	}

	@Test
	void numericRoundTrip() {
		Tensor[] ts = { Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, Float.NaN }),
			Tensor.ofDoubles(new long[] { 4 }, new double[] { 1e-300, -2, 3, 4 }), Tensor.ofFloats(new long[0], new float[] { 7 }),
			Tensor.ofLongs("int64", new long[] { 1, 2 }, new long[] { Long.MIN_VALUE, Long.MAX_VALUE }),
			Tensor.ofLongs("uint8", new long[] { 2 }, new long[] { 0, 255 }), Tensor.ofLongs("bool", new long[] { 1 }, new long[] { 1 }),
			Tensor.ofFloats(new long[] { 0 }, new float[0]) };
		for (Tensor a : ts) {
			Path f = tmp.resolve("a.npy");
			Npy.write(f, a);
			byte[] bytes = Npy.toBytes(a);
			int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
			assertEquals(0, (10 + headerLen) % 64, "data is 64-byte aligned like numpy writes it");
			Tensor b = Npy.readTensor(f);
			assertEquals(a.dtype(), b.dtype());
			assertArrayEquals(a.shape(), b.shape());
			if (a.isFloating()) assertArrayEquals(a.doubles(), b.doubles());
			else assertArrayEquals(a.longs(), b.longs());
		}
	}

	@Test
	void dictRoundTrip() {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("imgs", List.of(Tensor.ofFloats(new long[] { 1, 2, 2 }, new float[] { 0, 0.5f, 1, Float.NaN })));
		d.put("bodyparts", KeypointSet.FACEMAP);
		d.put("video_path", "/v.mp4");
		d.put("size", PyTuple.of(List.of(480L), List.of(640L)));
		Path f = tmp.resolve("x_Facemap_refined_data.npy");
		Npy.writeObject(f, d);
		Map<String, Object> r = Npy.readDict(f);
		assertEquals(d.keySet(), r.keySet());
		assertArrayEquals(((Tensor) ((List<?>) d.get("imgs")).get(0)).floats(), ((Tensor) ((List<?>) r.get("imgs")).get(0)).floats());
		assertEquals(KeypointSet.FACEMAP, r.get("bodyparts"));
		assertInstanceOf(PyTuple.class, r.get("size"));
	}

	@Test
	void badFilesAreRejected() throws IOException {
		Path text = tmp.resolve("t.npy");
		Files.writeString(text, "just some text that is long enough");
		FacemapException e = assertThrows(FacemapException.class, () -> Npy.read(text));
		assertTrue(e.getMessage().startsWith(text.toString()) && e.getMessage().contains("expected a numpy .npy file"), e.getMessage());
		byte[] good = Npy.toBytes(Tensor.ofFloats(new long[] { 100 }, new float[100]));
		Path cut = tmp.resolve("cut.npy");
		Files.write(cut, Arrays.copyOf(good, good.length - 8));
		e = assertThrows(FacemapException.class, () -> Npy.read(cut));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
		Path numeric = tmp.resolve("n.npy");
		Files.write(numeric, good);
		e = assertThrows(FacemapException.class, () -> Npy.readDict(numeric));
		assertTrue(e.getMessage().contains("expected a numpy file holding a dict"), e.getMessage());
		byte[] structured = good.clone();
		String h = new String(structured, 10, 20, java.nio.charset.StandardCharsets.ISO_8859_1);
		assertTrue(h.startsWith("{'descr': '<f4'"));
		byte[] c8 = "{'descr': '<c8'".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		System.arraycopy(c8, 0, structured, 10, c8.length);
		Path complex = tmp.resolve("c.npy");
		Files.write(complex, structured);
		e = assertThrows(FacemapException.class, () -> Npy.read(complex));
		assertTrue(e.getMessage().contains("unsupported numpy dtype '<c8'"), e.getMessage());
	}
}
