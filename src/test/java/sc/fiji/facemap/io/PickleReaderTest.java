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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

class PickleReaderTest {

	@TempDir
	Path tmp;

	/** The object of make_io_fixtures.py, pickled by CPython with each protocol. */
	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5 })
	void readsCPythonPicklesOfEveryProtocol(int protocol) {
		Map<?, ?> m = (Map<?, ?>) PickleReader.read(IoFixtures.file("mixed_protocol" + protocol + ".pkl"));
		assertEquals(List.of("int", "neg", "i16", "i32", "i64", "big", "float", "list", "tuple", "empty_tuple", "str", "bytes", "nested",
			"shared1", "shared2", "set"), new ArrayList<>(m.keySet()));
		assertEquals(1L, m.get("int"));
		assertEquals(-5L, m.get("neg"));
		assertEquals(300L, m.get("i16"));
		assertEquals(-70000L, m.get("i32"));
		assertEquals(1L << 40, m.get("i64"));
		assertEquals(BigInteger.TWO.pow(70), m.get("big"));
		assertEquals(1.5, m.get("float"));
		assertEquals(Arrays.asList(1.5, null, true, false), m.get("list"));
		assertInstanceOf(PyTuple.class, m.get("tuple"));
		assertEquals(List.of(1L, "x"), m.get("tuple"));
		assertEquals(PyTuple.EMPTY, m.get("empty_tuple"));
		assertEquals("h\u00e9llo \u2603", m.get("str"));
		assertArrayEquals(new byte[] { 0, 1, (byte) 0xff }, (byte[]) m.get("bytes"));
		Map<?, ?> nested = (Map<?, ?>) m.get("nested");
		assertEquals(List.of(Map.of()), nested.get("k"));
		assertEquals("int key", nested.get(2L));
		assertEquals(List.of(1L, 2L), m.get("shared1"));
		assertSame(m.get("shared1"), m.get("shared2"), "memo keeps shared objects shared");
		assertEquals(Set.of(3L), m.get("set"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void memoizedNumpyArrayIsTheRebuiltArray(String tag) {
		List<?> l = (List<?>) PickleReader.read(IoFixtures.file("shared_array_" + tag + ".pkl"));
		assertEquals(2, l.size());
		assertSame(l.get(0), l.get(1));
		assertArrayEquals(new float[] { 1, 2 }, ((Tensor) l.get(1)).floats());
	}

	@Test
	void handBuiltProtocol2Opcodes() {
		// \x80\x02 } q\x00 ( X\x01\x00\x00\x00a K\x01 X\x01\x00\x00\x00b ] q\x01 ( G<1.5> N \x88 e u .
		byte[] b = bytes(0x80, 2, '}', 'q', 0, '(', 'X', 1, 0, 0, 0, 'a', 'K', 1, 'X', 1, 0, 0, 0, 'b', ']', 'q', 1, '(', 'G', 0x3f, 0xf8, 0, 0, 0,
			0, 0, 0, 'N', 0x88, 'e', 'u', '.');
		Map<?, ?> m = (Map<?, ?>) PickleReader.read(b);
		assertEquals(1L, m.get("a"));
		assertEquals(Arrays.asList(1.5, null, true), m.get("b"));
	}

	@Test
	void handBuiltGlobalsAndLongs() {
		// collections.OrderedDict() via GLOBAL + EMPTY_TUPLE + REDUCE, then SETITEM with a LONG1 of 9 bytes (2**64)
		byte[] head = "\u0080\u0002ccollections\nOrderedDict\n)R".getBytes(StandardCharsets.ISO_8859_1);
		byte[] rest = bytes('K', 7, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 's', '.');
		byte[] b = concat(head, rest);
		Map<?, ?> m = (Map<?, ?>) PickleReader.read(b);
		assertEquals(BigInteger.ONE.shiftLeft(64), m.get(7L));
		// an unknown class stays a PyObject that says what it is
		byte[] unk = "\u0080\u0002cmymod\nThing\nK\u0005\u0085R}b.".getBytes(StandardCharsets.ISO_8859_1);
		PyObject p = (PyObject) PickleReader.read(unk);
		assertEquals("mymod.Thing", p.callable().qualifiedName());
		assertEquals(List.of(5L), p.args());
		assertEquals(Map.of(), p.state());
		// negative LONG1 and protocol-0 INT booleans
		assertEquals(-256L, PickleReader.read(bytes(0x80, 2, 0x8a, 2, 0, 0xff, '.')));
		assertEquals(Boolean.TRUE, PickleReader.read("I01\n.".getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void errorsSayWhatIsWrong() throws Exception {
		FacemapException e = assertThrows(FacemapException.class, () -> PickleReader.read(bytes(0x80, 2, 'X', 10, 0, 0, 0, 'a')));
		assertTrue(e.getMessage().contains("ends early"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> PickleReader.read(bytes(0x80, 2, 0xff)));
		assertTrue(e.getMessage().contains("unknown pickle opcode 0xff"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> PickleReader.read(bytes(0x80, 9, 'N', '.')));
		assertTrue(e.getMessage().contains("protocol 9"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> PickleReader.read(bytes(0x80, 2, 'h', 3, '.')));
		assertTrue(e.getMessage().contains("memo entry 3"), e.getMessage());
		Path f = tmp.resolve("x.pkl");
		Files.writeString(f, "hello");
		e = assertThrows(FacemapException.class, () -> PickleReader.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("expected a Python pickle"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 4 })
	void writerRoundTrips(int protocol) {
		Map<Object, Object> m = new LinkedHashMap<>();
		m.put("none", null);
		m.put("bools", List.of(true, false));
		m.put("ints", List.of(0L, 255L, 256L, 65535L, 65536L, -1L, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE));
		m.put("big", BigInteger.TEN.pow(30).negate());
		m.put("floats", List.of(0.1, Double.NaN, Double.NEGATIVE_INFINITY, -0.0));
		m.put("text", "\u00fcnic\u00f8de " + "x".repeat(300));
		m.put("bytes", new byte[] { 1, 2, (byte) 200 });
		m.put("tuple", PyTuple.of(1L, PyTuple.of(), PyTuple.of("a", "b", "c", "d")));
		m.put(5L, "int key");
		m.put("set", new LinkedHashSet<>(List.of("a", "b")));
		List<Object> longList = new ArrayList<>();
		for (long i = 0; i < 2500; i++) longList.add(i);
		m.put("long list", longList);
		m.put("tensor", Tensor.ofFloats(new long[] { 2, 2 }, new float[] { 1, 2, 3, 4 }));
		byte[] b = new PickleWriter(protocol).toBytes(m);
		Map<?, ?> r = (Map<?, ?>) PickleReader.read(b);
		assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(r.keySet()));
		for (Object k : m.keySet()) {
			Object a = m.get(k), c = r.get(k);
			if (a instanceof byte[]) assertArrayEquals((byte[]) a, (byte[]) c);
			else if (a instanceof Tensor) {
				assertEquals("float32", ((Tensor) c).dtype());
				assertArrayEquals(((Tensor) a).floats(), ((Tensor) c).floats());
				assertArrayEquals(new long[] { 2, 2 }, ((Tensor) c).shape());
			}
			else assertEquals(a, c, String.valueOf(k));
		}
		assertInstanceOf(PyTuple.class, r.get("tuple"));
		assertNull(r.get("none"));
	}

	static byte[] bytes(int... v) {
		byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
		return b;
	}

	static byte[] concat(byte[] a, byte[] b) {
		byte[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
