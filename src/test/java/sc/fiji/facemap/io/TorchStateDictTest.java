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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

class TorchStateDictTest {

	@TempDir
	Path tmp;

	static LinkedHashMap<String, Tensor> sample() {
		Random r = new Random(42);
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		float[] w = new float[16 * 1 * 3 * 3];
		for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
		sd.put("Conv.conv0.conv.conv_0.0.weight", Tensor.ofFloats(new long[] { 1 }, new float[] { 0.5f }));
		sd.put("Conv.conv0.conv.conv_0.0.running_var", Tensor.ofFloats(new long[] { 1 }, new float[] { 1.25f }));
		sd.put("Conv.conv0.conv.conv_0.0.num_batches_tracked", Tensor.ofLongs("int64", new long[0], new long[] { 1234567890123L }));
		sd.put("Conv.conv0.conv.conv_0.1.weight", Tensor.ofFloats(new long[] { 16, 1, 3, 3 }, w));
		sd.put("double", Tensor.ofDoubles(new long[] { 2, 2 }, new double[] { Math.PI, -1e300, Double.NaN, 0 }));
		sd.put("empty", Tensor.ofFloats(new long[] { 0, 3 }, new float[0]));
		sd.put("a.int32", Tensor.ofLongs("int32", new long[] { 3 }, new long[] { -1, 0, Integer.MAX_VALUE }));
		sd.put("a.uint8", Tensor.ofLongs("uint8", new long[] { 2 }, new long[] { 0, 255 }));
		sd.put("a.bool", Tensor.ofLongs("bool", new long[] { 2 }, new long[] { 1, 0 }));
		return sd;
	}

	static void assertSameTensors(LinkedHashMap<String, Tensor> a, LinkedHashMap<String, Tensor> b) {
		assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()), "key order");
		for (String k : a.keySet()) {
			Tensor x = a.get(k), y = b.get(k);
			assertEquals(x.dtype(), y.dtype(), k);
			assertArrayEquals(x.shape(), y.shape(), k);
			if (x.isFloating()) assertArrayEquals(x.doubles(), y.doubles(), 0.0, k);
			else assertArrayEquals(x.longs(), y.longs(), k);
		}
	}

	@Test
	void roundTripKeepsKeysOrderDtypesAndValues() {
		Path f = tmp.resolve("model.pt");
		LinkedHashMap<String, Tensor> sd = sample();
		TorchStateDict.write(f, sd);
		assertSameTensors(sd, TorchStateDict.read(f));
		sc.fiji.facemap.testutil.TempFiles.assertNoneBeside(f);
	}

	@Test
	void layoutIsWhatTorchWrites() throws IOException {
		byte[] bytes = TorchStateDict.toBytes(sample());
		List<String> names = new ArrayList<>();
		try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				names.add(e.getName());
				assertEquals(ZipEntry.STORED, e.getMethod());
				if (e.getName().equals("archive/version")) assertEquals("3\n", new String(z.readAllBytes(), StandardCharsets.US_ASCII));
				if (e.getName().equals("archive/byteorder")) assertEquals("little", new String(z.readAllBytes(), StandardCharsets.US_ASCII));
			}
		}
		assertEquals("archive/data.pkl", names.get(0), "torch takes the archive name from the first entry");
		assertTrue(names.contains("archive/data/0") && names.contains("archive/data/8"));
		// every storage starts 64-byte aligned (torch's mmap loading relies on it)
		for (int i = 0; i <= 8; i++) {
			byte[] name = ("archive/data/" + i).getBytes(StandardCharsets.US_ASCII);
			int at = indexOf(bytes, name);
			int nameLen = (bytes[at - 4] & 0xff) | (bytes[at - 3] & 0xff) << 8;
			int extraLen = (bytes[at - 2] & 0xff) | (bytes[at - 1] & 0xff) << 8;
			assertEquals(name.length, nameLen);
			assertEquals(0, (at + nameLen + extraLen) % 64, "data/" + i + " alignment");
		}
		// same input, same bytes
		assertArrayEquals(bytes, TorchStateDict.toBytes(sample()));
	}

	static int indexOf(byte[] hay, byte[] needle) {
		outer:
		for (int i = 0; i + needle.length <= hay.length; i++) {
			for (int j = 0; j < needle.length; j++)
				if (hay[i + j] != needle[j]) continue outer;
			return i;
		}
		return -1;
	}

	@Test
	void nestedStateDictIsFound() {
		// {"epoch": 3, "state_dict": {...}}, as training checkpoints often hold
		Path f = tmp.resolve("ckpt.pt");
		LinkedHashMap<Object, Object> ckpt = new LinkedHashMap<>();
		ckpt.put("epoch", 3L);
		ckpt.put("state_dict", sample());
		AtomicFiles.writeStream(f, os -> TorchStateDict.writeObject(os, ckpt));
		assertSameTensors(sample(), TorchStateDict.read(f));
		Object o = TorchStateDict.load(f);
		assertEquals(3L, ((java.util.Map<?, ?>) o).get("epoch"));
	}

	@Test
	void dictWithoutTensorsIsRejectedWithItsKeys() {
		Path f = tmp.resolve("params.pth");
		LinkedHashMap<Object, Object> params = new LinkedHashMap<>();
		params.put("params", java.util.Map.of("channels", List.of(16L, 32L, 64L, 128L, 200L)));
		AtomicFiles.writeStream(f, os -> TorchStateDict.writeObject(os, params));
		assertRejected(f, "a dict with keys [params]");
		assertEquals(List.of(16L, 32L, 64L, 128L, 200L), ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) TorchStateDict.load(f)).get("params")).get("channels"));
	}

	private void assertRejected(Path f, String... fragments) {
		FacemapException e = assertThrows(FacemapException.class, () -> TorchStateDict.read(f));
		String m = e.getMessage();
		assertTrue(m.startsWith(f.toString()), m);
		assertTrue(m.contains("expected a PyTorch state-dict file (.pt) written by torch.save"), m);
		for (String s : fragments) assertTrue(m.contains(s), m);
	}

	@Test
	void rejectsTextHdf5EmptyAndMissingFiles() throws IOException {
		Path text = tmp.resolve("labels.pt");
		Files.writeString(text, "scorer,rick,rick\nbodyparts,a,a\n");
		assertRejected(text, "text file");
		Path h5 = tmp.resolve("pose.pt");
		Files.write(h5, new byte[] { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0 });
		assertRejected(h5, "HDF5");
		Path empty = tmp.resolve("empty.pt");
		Files.write(empty, new byte[0]);
		assertRejected(empty, "empty");
		Path missing = tmp.resolve("missing.pt");
		FacemapException e = assertThrows(FacemapException.class, () -> TorchStateDict.read(missing));
		assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
	}

	@Test
	void rejectsZipWithoutDataPkl() throws IOException {
		Path f = tmp.resolve("other.zip.pt");
		try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
			z.putNextEntry(new ZipEntry("readme.txt"));
			z.write("hello".getBytes(StandardCharsets.US_ASCII));
			z.closeEntry();
		}
		assertRejected(f, "no data.pkl");
	}

	@Test
	void rejectsTruncatedFile() throws IOException {
		byte[] b = TorchStateDict.toBytes(sample());
		Path f = tmp.resolve("cut.pt");
		Files.write(f, Arrays.copyOf(b, b.length / 2));
		assertRejected(f, "damaged");
	}

	@Test
	void rejectsTruncatedStorage() throws IOException {
		// rewrite the archive with one storage cut short
		byte[] b = TorchStateDict.toBytes(sample());
		Path f = tmp.resolve("short.pt");
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(b));
			OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				byte[] data = in.readAllBytes();
				if (e.getName().equals("archive/data/3")) data = Arrays.copyOf(data, 100);
				z.putNextEntry(new ZipEntry(e.getName()));
				z.write(data);
				z.closeEntry();
			}
		}
		assertRejected(f, "data/3", "truncated", "576 bytes", "found 100");
	}

	@Test
	void rejectsNonTensorContent() {
		// a torch-style zip whose data.pkl holds a list of numbers
		Path f = tmp.resolve("list.pt");
		AtomicFiles.writeStream(f, os -> {
			ZipOutputStream z = new ZipOutputStream(os);
			z.putNextEntry(new ZipEntry("archive/data.pkl"));
			z.write(new PickleWriter(2).toBytes(List.of(1L, 2L)));
			z.closeEntry();
			z.putNextEntry(new ZipEntry("archive/version"));
			z.write("3\n".getBytes(StandardCharsets.US_ASCII));
			z.closeEntry();
			z.finish();
		});
		assertRejected(f, "holds a list");
	}

	@Test
	void damagedPickleIsReported() throws IOException {
		byte[] b = TorchStateDict.toBytes(sample());
		Path f = tmp.resolve("bad.pt");
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(b));
			OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				byte[] data = in.readAllBytes();
				if (e.getName().equals("archive/data.pkl")) data = Arrays.copyOf(data, data.length - 40);
				z.putNextEntry(new ZipEntry(e.getName()));
				z.write(data);
				z.closeEntry();
			}
		}
		assertRejected(f, "pickle");
	}
}
