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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.facemap.FacemapException;

/**
 * Writes Python pickles (protocol 2, 3 or 4) that {@code pickle.load}, {@code np.load(allow_pickle=True)} and
 * {@code torch.load} read. Java values map back as {@link PickleReader} reads them: Map to dict, List to list,
 * {@link PyTuple} to tuple, Set to set, String to str, byte[] to bytes, Integer/Long/BigInteger to int,
 * Float/Double to float, Boolean to bool, null to None, {@link Tensor} to a numpy ndarray, {@link PyObject} through
 * Python's reduce protocol, {@link PyGlobal} to a class reference and {@link PyPersistentId} to a persistent id.
 * No memo is written: shared objects are written once per reference.
 */
public final class PickleWriter {

	private static final int BATCH = 1000;
	private final int protocol;
	private ByteArrayOutputStream out;

	/** A writer for pickle protocol 2, 3 or 4. */
	public PickleWriter(int protocol) {
		if (protocol < 2 || protocol > 4) throw new IllegalArgumentException("protocol must be 2, 3 or 4");
		this.protocol = protocol;
	}

	/** The pickle of {@code obj}. */
	public byte[] toBytes(Object obj) {
		out = new ByteArrayOutputStream();
		out.write(0x80);
		out.write(protocol);
		save(obj, 0);
		out.write('.');
		byte[] b = out.toByteArray();
		out = null;
		return b;
	}

	/** Writes the pickle of {@code obj} to a stream. */
	public void write(Object obj, OutputStream os) throws IOException {
		os.write(toBytes(obj));
	}

	/**
	 * Writes the pickle of {@code obj} to a stream as it is produced (in blocks of about 1 MB), so that a large
	 * object (arrays of hundreds of MB) is never held twice in memory.
	 */
	public void stream(Object obj, OutputStream os) throws IOException {
		Spill spill = new Spill(os);
		out = spill;
		try {
			out.write(0x80);
			out.write(protocol);
			save(obj, 0);
			out.write('.');
			spill.drain();
			if (spill.error != null) throw spill.error;
		}
		finally {
			out = null;
		}
	}

	/** A byte buffer that hands its content to a stream whenever it passes 1 MB. */
	private static final class Spill extends ByteArrayOutputStream {
		private static final int LIMIT = 1 << 20;
		private final OutputStream target;
		IOException error;

		Spill(OutputStream target) {
			super(LIMIT + 8192);
			this.target = target;
		}

		@Override
		public synchronized void write(int b) {
			super.write(b);
			if (count >= LIMIT) drain();
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			if (len >= LIMIT) {
				drain();
				try {
					if (error == null) target.write(b, off, len);
				}
				catch (IOException e) {
					error = e;
				}
				return;
			}
			super.write(b, off, len);
			if (count >= LIMIT) drain();
		}

		void drain() {
			if (count == 0) return;
			try {
				if (error == null) target.write(buf, 0, count);
			}
			catch (IOException e) {
				error = e;
			}
			reset();
		}
	}

	/** Writes {@code obj} to a pickle file (protocol 4), atomically. */
	public static void write(Path file, Object obj) {
		byte[] b = new PickleWriter(4).toBytes(obj);
		AtomicFiles.writeBytes(file, b);
	}

	private void save(Object o, int depth) {
		if (depth > 500) throw new FacemapException("object nesting too deep to pickle (a cycle?)");
		if (o == null) out.write('N');
		else if (o instanceof Boolean) out.write((Boolean) o ? 0x88 : 0x89);
		else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) saveLong(((Number) o).longValue());
		else if (o instanceof BigInteger) saveBig((BigInteger) o);
		else if (o instanceof Double || o instanceof Float) {
			out.write('G');
			byte[] b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(((Number) o).doubleValue()).array();
			out.writeBytes(b);
		}
		else if (o instanceof String) saveString((String) o);
		else if (o instanceof byte[]) saveBytes((byte[]) o);
		else if (o instanceof PyTuple) saveTuple((PyTuple) o, depth);
		else if (o instanceof List) {
			out.write(']');
			saveItems((List<?>) o, depth);
		}
		else if (o instanceof Map) {
			out.write('}');
			saveDictItems((Map<?, ?>) o, depth);
		}
		else if (o instanceof Set) saveSet((Set<?>) o, depth);
		else if (o instanceof Tensor) saveNdarray((Tensor) o, depth);
		else if (o instanceof float[]) saveNdarray(Tensor.ofFloats(new long[] { ((float[]) o).length }, (float[]) o), depth);
		else if (o instanceof double[]) saveNdarray(Tensor.ofDoubles(new long[] { ((double[]) o).length }, (double[]) o), depth);
		else if (o instanceof PyGlobal) saveGlobal((PyGlobal) o);
		else if (o instanceof PyPersistentId) {
			save(((PyPersistentId) o).id(), depth + 1);
			out.write('Q');
		}
		else if (o instanceof PyObject) saveReduce((PyObject) o, depth);
		else throw new FacemapException("cannot pickle a " + o.getClass().getName());
	}

	private void saveLong(long v) {
		if (v >= 0 && v < 256) {
			out.write('K');
			out.write((int) v);
		}
		else if (v >= 0 && v < 65536) {
			out.write('M');
			out.write((int) v & 0xff);
			out.write((int) (v >> 8) & 0xff);
		}
		else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
			out.write('J');
			writeInt32((int) v);
		}
		else saveBig(BigInteger.valueOf(v));
	}

	private void saveBig(BigInteger b) {
		if (b.bitLength() < 32) {
			saveLong(b.longValue());
			return;
		}
		byte[] be = b.toByteArray();
		byte[] le = new byte[be.length];
		for (int i = 0; i < be.length; i++) le[i] = be[be.length - 1 - i];
		if (le.length < 256) {
			out.write(0x8a);
			out.write(le.length);
		}
		else {
			out.write(0x8b);
			writeInt32(le.length);
		}
		out.writeBytes(le);
	}

	private void saveString(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		if (protocol >= 4 && b.length < 256) {
			out.write(0x8c);
			out.write(b.length);
		}
		else {
			out.write('X');
			writeInt32(b.length);
		}
		out.writeBytes(b);
	}

	private void saveBytes(byte[] b) {
		if (protocol >= 3) {
			if (b.length < 256) {
				out.write('C');
				out.write(b.length);
			}
			else if (protocol >= 4 && b.length > Integer.MAX_VALUE - 64) throw new FacemapException("bytes too long");
			else {
				out.write('B');
				writeInt32(b.length);
			}
			out.writeBytes(b);
		}
		else {
			// protocol 2 has no bytes type: _codecs.encode(latin-1 text, 'latin1'), as Python does
			saveGlobal(new PyGlobal("_codecs", "encode"));
			saveString(new String(b, StandardCharsets.ISO_8859_1));
			saveString("latin1");
			out.write(0x86);
			out.write('R');
		}
	}

	private void saveTuple(List<?> t, int depth) {
		int n = t.size();
		if (n == 0) {
			out.write(')');
			return;
		}
		if (n <= 3) {
			for (Object o : t) save(o, depth + 1);
			out.write(0x84 + n);
			return;
		}
		out.write('(');
		for (Object o : t) save(o, depth + 1);
		out.write('t');
	}

	private void saveItems(Collection<?> items, int depth) {
		Iterator<?> it = items.iterator();
		while (it.hasNext()) {
			out.write('(');
			for (int i = 0; i < BATCH && it.hasNext(); i++) save(it.next(), depth + 1);
			out.write('e');
		}
	}

	private void saveDictItems(Map<?, ?> m, int depth) {
		Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
		while (it.hasNext()) {
			out.write('(');
			for (int i = 0; i < BATCH && it.hasNext(); i++) {
				Map.Entry<?, ?> e = it.next();
				save(e.getKey(), depth + 1);
				save(e.getValue(), depth + 1);
			}
			out.write('u');
		}
	}

	private void saveSet(Set<?> s, int depth) {
		if (protocol >= 4) {
			out.write(0x8f);
			Iterator<?> it = s.iterator();
			while (it.hasNext()) {
				out.write('(');
				for (int i = 0; i < BATCH && it.hasNext(); i++) save(it.next(), depth + 1);
				out.write(0x90);
			}
		}
		else {
			saveGlobal(new PyGlobal("builtins", "set"));
			save(new ArrayList<>(s), depth + 1);
			out.write(0x85);
			out.write('R');
		}
	}

	private void saveGlobal(PyGlobal g) {
		out.write('c');
		out.writeBytes((g.module() + "\n" + g.name() + "\n").getBytes(StandardCharsets.UTF_8));
	}

	private void saveReduce(PyObject p, int depth) {
		save(p.callable(), depth + 1);
		saveTuple(p.args(), depth + 1);
		out.write('R');
		if (p.listItems() != null && !p.listItems().isEmpty()) saveItems(p.listItems(), depth);
		if (p.dictItems() != null && !p.dictItems().isEmpty()) saveDictItems(p.dictItems(), depth);
		if (p.state() != null) {
			save(p.state(), depth + 1);
			out.write('b');
		}
	}

	/** A numpy ndarray as numpy pickles it: _reconstruct(ndarray, (0,), b'b') then BUILD with the raw data. */
	private void saveNdarray(Tensor t, int depth) {
		String descr = NdArrays.descrFor(t);
		saveReduce(new PyObject(new PyGlobal("numpy.core.multiarray", "_reconstruct"),
			PyTuple.of(new PyGlobal("numpy", "ndarray"), PyTuple.of(0L), new byte[] { 'b' })), depth);
		Object[] shape = new Object[t.rank()];
		for (int i = 0; i < shape.length; i++) shape[i] = t.shape()[i];
		save(PyTuple.of(1L, PyTuple.of(shape), numpyDtype(descr), Boolean.FALSE, NdArrays.encode(t)), depth + 1);
		out.write('b');
	}

	/** A numpy ndarray of dtype object holding {@code items} (C order) with the given shape. */
	static PyObject objectArray(long[] shape, List<Object> items) {
		Object[] shp = new Object[shape.length];
		for (int i = 0; i < shp.length; i++) shp[i] = shape[i];
		return new PyObject(new PyGlobal("numpy.core.multiarray", "_reconstruct"),
			PyTuple.of(new PyGlobal("numpy", "ndarray"), PyTuple.of(0L), new byte[] { 'b' }),
			PyTuple.of(1L, PyTuple.of(shp), numpyDtype("|O"), Boolean.FALSE, new ArrayList<>(items)), null, null);
	}

	/** numpy.dtype(code, False, True) with its state, as numpy pickles a dtype. */
	static PyObject numpyDtype(String descr) {
		NdArrays.Dtype d = NdArrays.parseDtype(descr);
		String code = d.kind == 'O' ? "O8" : "" + d.kind + d.size;
		int flags = d.kind == 'O' ? 63 : 0;
		return new PyObject(new PyGlobal("numpy", "dtype"), PyTuple.of(code, Boolean.FALSE, Boolean.TRUE),
			PyTuple.of(3L, String.valueOf(d.order), null, null, null, -1L, -1L, (long) flags), null, null);
	}

	private void writeInt32(int v) {
		out.write(v & 0xff);
		out.write((v >> 8) & 0xff);
		out.write((v >> 16) & 0xff);
		out.write((v >> 24) & 0xff);
	}
}
