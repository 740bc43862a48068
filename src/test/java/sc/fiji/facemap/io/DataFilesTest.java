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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

/** The neural-input readers: MATLAB v5 and v7.3, HDF5 datasets, CSV matrices, FILE:var references. */
class DataFilesTest {

	static final Path FIX = Paths.get("src/test/resources/reference/neural-inputs");

	@Test
	void readsMatV5WrittenByScipy() {
		Map<String, Object> vars = MatFiles.read(FIX.resolve("v5_struct.mat"));
		assertEquals(List.of("spikes", "t", "D"), List.copyOf(vars.keySet()));
		Tensor spikes = (Tensor) vars.get("spikes");
		assertArrayEquals(new long[] { 6, 3 }, spikes.shape());
		// row-major with MATLAB's dimensions: spikes[i][j] = (3 i + j) % 7
		for (int i = 0; i < 6; i++)
			for (int j = 0; j < 3; j++) assertEquals((3 * i + j) % 7, spikes.doubles()[i * 3 + j], 0);
		assertArrayEquals(new long[] { 1, 4 }, ((Tensor) vars.get("t")).shape());
		List<?> trials = (List<?>) MatFiles.read(FIX.resolve("v5_struct.mat"), "D.neuron2");
		assertEquals(3, trials.size());
		assertArrayEquals(new double[] { 120, 121, 122, 123 }, ((Tensor) trials.get(2)).doubles(), 0);
	}

	@Test
	void readsMatV73AsMatlabWritesIt() {
		Path f = FIX.resolve("v73.mat");
		assertTrue(MatFiles.isMatFile(f));
		assertTrue(MatFiles.isV73(f));
		Tensor x = (Tensor) MatFiles.read(f, "X");
		assertArrayEquals(new long[] { 5, 3 }, x.shape());
		for (int i = 0; i < 15; i++) assertEquals(0.5 * i, x.doubles()[i], 0);
		Tensor a = (Tensor) MatFiles.read(f, "S.a");
		assertArrayEquals(new long[] { 1, 4 }, a.shape());
		assertArrayEquals(new double[] { 1, 2, 3, 4 }, a.doubles(), 0);
		List<?> c = (List<?>) MatFiles.read(f, "C");
		assertEquals(2, c.size());
		assertArrayEquals(new double[] { 7, 8, 9 }, ((Tensor) c.get(0)).doubles(), 0);
		assertArrayEquals(new double[] { 5, 6 }, ((Tensor) c.get(1)).doubles(), 0);
		assertEquals(java.util.Set.of("X", "S", "C"), MatFiles.read(f).keySet(), "#refs# is not a variable");
	}

	@Test
	void matWriteReadsBack(@TempDir Path tmp) {
		Path f = tmp.resolve("w.mat");
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("m", Tensor.ofDoubles(new long[] { 2, 3 }, new double[] { 1, 2, 3, 4, 5, 6 }));
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("speed", List.of(Tensor.ofDoubles(new long[] { 2, 1 }, new double[] { 9, 8 })));
		s.put("name", "abc");
		vars.put("S", s);
		MatFiles.write(f, vars);
		Map<String, Object> back = MatFiles.read(f);
		assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, ((Tensor) back.get("m")).doubles(), 0);
		assertArrayEquals(new long[] { 2, 3 }, ((Tensor) back.get("m")).shape());
		assertEquals("abc", MatFiles.read(f, "S.name"));
		assertArrayEquals(new double[] { 9, 8 }, ((Tensor) ((List<?>) MatFiles.read(f, "S.speed")).get(0)).doubles(), 0);
	}

	@Test
	void matErrorsNameWhatExists(@TempDir Path tmp) throws Exception {
		Path f = FIX.resolve("v5_struct.mat");
		FacemapException e = assertThrows(FacemapException.class, () -> MatFiles.read(f, "spks"));
		assertTrue(e.getMessage().contains("no variable 'spks'") && e.getMessage().contains("spikes, t, D"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> MatFiles.read(f, "D.neuron9"));
		assertTrue(e.getMessage().contains("'D' has no field 'neuron9'") && e.getMessage().contains("neuron1, neuron2, speed"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> DataFiles.read(DataRef.of(f)));
		assertTrue(e.getMessage().contains("3 variables (spikes, t, D)") && e.getMessage().contains("FILE.mat:var"), e.getMessage());
		Path txt = Files.writeString(tmp.resolve("x.mat"), "hello");
		e = assertThrows(FacemapException.class, () -> MatFiles.read(txt));
		assertTrue(e.getMessage().contains("expected a MATLAB .mat file"), e.getMessage());
	}

	@Test
	void h5DatasetsRoundTrip(@TempDir Path tmp) {
		Path f = tmp.resolve("d.h5");
		Map<String, Object> ds = new LinkedHashMap<>();
		ds.put("traces/dff", Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 }));
		ds.put("t", new double[] { 0.5, 1.5 });
		H5Arrays.write(f, ds, Map.of("note", "hi"));
		assertEquals(java.util.Set.of("traces/dff", "t"), java.util.Set.copyOf(H5Arrays.datasets(f)));
		Tensor t = H5Arrays.read(f, "/traces/dff");
		assertArrayEquals(new long[] { 2, 3 }, t.shape());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, t.floats(), 0);
		assertArrayEquals(new double[] { 0.5, 1.5 }, ((Tensor) DataFiles.read(DataRef.parse(f + ":t"))).doubles(), 0);
		FacemapException e = assertThrows(FacemapException.class, () -> H5Arrays.read(f, "traces/spks"));
		assertTrue(e.getMessage().contains("no dataset 'traces/spks'") && e.getMessage().contains("traces/dff"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> DataFiles.read(DataRef.of(f)));
		assertTrue(e.getMessage().contains("2 datasets") && e.getMessage().contains("FILE.h5:dataset"), e.getMessage());
	}

	@Test
	void csvWithHeaderAndNaN(@TempDir Path tmp) throws Exception {
		Path f = Files.writeString(tmp.resolve("b.csv"), "a,b\n1,2\n3,\nNaN,4.5\n");
		CsvMatrix.Table t = CsvMatrix.read(f);
		assertEquals(List.of("a", "b"), t.names());
		assertEquals(3, t.rowCount());
		assertTrue(Double.isNaN(t.rows()[1][1]) && Double.isNaN(t.rows()[2][0]));
		assertEquals(4.5, t.rows()[2][1], 0);
		Path g = Files.writeString(tmp.resolve("n.csv"), "1,2\n3,4\n");
		assertNull(CsvMatrix.read(g).names());
		Path bad = Files.writeString(tmp.resolve("bad.csv"), "a,b\n1,2\n3,x\n");
		FacemapException e = assertThrows(FacemapException.class, () -> CsvMatrix.read(bad));
		assertTrue(e.getMessage().contains("line 3, column 2: 'x' is not a number"), e.getMessage());
		Path ragged = Files.writeString(tmp.resolve("r.csv"), "1,2\n3\n");
		e = assertThrows(FacemapException.class, () -> CsvMatrix.read(ragged));
		assertTrue(e.getMessage().contains("line 2 has 1 values, the first line has 2"), e.getMessage());
		Path w = tmp.resolve("w.csv");
		CsvMatrix.write(w, new double[][] { { 1, Double.NaN } }, List.of("x", "y"));
		assertTrue(Double.isNaN(CsvMatrix.read(w).rows()[0][1]));
	}

	@Test
	void dataRefSplitsAfterKnownExtensions() {
		DataRef r = DataRef.parse("/data/s1_data.mat:spikes");
		assertEquals(Paths.get("/data/s1_data.mat"), r.file());
		assertEquals("spikes", r.variable());
		assertEquals("D.neuron*", DataRef.parse("a.MAT:D.neuron*").variable());
		assertEquals("/traces/dff", DataRef.parse("x.h5:/traces/dff").variable());
		assertEquals("movSVD", DataRef.parse("v_proc.npy:movSVD").variable());
		assertNull(DataRef.parse("C:/data/spks.npy").variable());
		assertNull(DataRef.parse("/odd:folder/spks.npy").variable());
		assertEquals(Paths.get("/odd:folder/s.mat"), DataRef.parse("/odd:folder/s.mat:x").file());
	}

	@Test
	void npyDictKeysAndListElements(@TempDir Path tmp) {
		Path f = tmp.resolve("d.npy");
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("motSVD", List.of(Tensor.ofFloats(new long[] { 1, 1 }, new float[] { 0 }), Tensor.ofFloats(new long[] { 2, 1 }, new float[] { 3, 4 })));
		Npy.writeObject(f, d);
		Tensor t = (Tensor) DataFiles.read(DataRef.parse(f + ":motSVD_1"));
		assertArrayEquals(new float[] { 3, 4 }, t.floats(), 0);
		FacemapException e = assertThrows(FacemapException.class, () -> DataFiles.read(DataRef.parse(f + ":motSVD_2")));
		assertTrue(e.getMessage().contains("'motSVD' has 2 elements"), e.getMessage());
	}
}
