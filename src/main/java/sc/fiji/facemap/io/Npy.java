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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;

/**
 * numpy {@code .npy} files, versions 1.0, 2.0 and 3.0: numeric arrays (float16/32/64, int8-64, uint8-64, bool; C or
 * Fortran order, either byte order) as {@link Tensor}, string arrays as lists of String, and object arrays (a
 * pickle inside the file, as {@code np.save} writes a dict) as Java values via {@link PickleReader}, so Facemap's
 * {@code *_proc.npy} and {@code *_Facemap_refined_data.npy} load as {@code Map<String, Object>}. Writing produces
 * files that {@code np.load} reads ({@code allow_pickle=True} for objects).
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private Npy() {}

	/** Reads any .npy: a Tensor, a (nested) list of strings, or for object arrays the object(s) they hold. */
	public static Object read(Path file) {
		byte[] data = FileBytes.read(file);
		try {
			return read(data);
		}
		catch (FacemapException e) {
			throw new FacemapException(file, e.getMessage(), e);
		}
	}

	/** Reads a numeric .npy as a Tensor. */
	public static Tensor readTensor(Path file) {
		Object o = read(file);
		if (!(o instanceof Tensor)) throw new FacemapException(file, "expected a numeric numpy array, found " + PickleReader.typeName(o));
		return (Tensor) o;
	}

	/** Reads an .npy holding a pickled dict (np.save of a dict), e.g. Facemap's _proc.npy. Keys become strings. */
	public static Map<String, Object> readDict(Path file) {
		Object o = read(file);
		if (!(o instanceof Map))
			throw new FacemapException(file, "expected a numpy file holding a dict (np.save of a dict), found " + PickleReader.typeName(o));
		Map<String, Object> m = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) m.put(String.valueOf(e.getKey()), e.getValue());
		return m;
	}

	/** Parses .npy bytes. */
	public static Object read(byte[] data) {
		if (data.length < 10 || !startsWith(data, MAGIC))
			throw new FacemapException("expected a numpy .npy file; " + TorchStateDict.sniff(data, Math.min(8, data.length)));
		int major = data[6] & 0xff;
		ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		int headerLen, start;
		if (major == 1) {
			headerLen = bb.getShort(8) & 0xffff;
			start = 10;
		}
		else if (major == 2 || major == 3) {
			if (data.length < 12) throw new FacemapException("the .npy header is truncated");
			headerLen = bb.getInt(8);
			start = 12;
		}
		else throw new FacemapException("unsupported .npy format version " + major + "." + (data[7] & 0xff));
		if (headerLen < 0 || start + headerLen > data.length) throw new FacemapException("the .npy header is truncated");
		String header = new String(data, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		Object parsed = new Literal(header).parse();
		if (!(parsed instanceof Map)) throw new FacemapException("malformed .npy header: " + header.trim());
		Map<?, ?> h = (Map<?, ?>) parsed;
		Object descr = h.get("descr");
		if (!(descr instanceof String))
			throw new FacemapException("structured numpy arrays (record dtypes) are not supported: " + descr);
		Object shp = h.get("shape");
		if (!(shp instanceof List)) throw new FacemapException("malformed .npy header (no shape): " + header.trim());
		long[] shape = new long[((List<?>) shp).size()];
		for (int i = 0; i < shape.length; i++) shape[i] = ((Number) ((List<?>) shp).get(i)).longValue();
		boolean fortran = Boolean.TRUE.equals(h.get("fortran_order"));
		NdArrays.Dtype dt = NdArrays.parseDtype((String) descr);
		int dataStart = start + headerLen;
		if (dt.isObject()) {
			PickleReader r = new PickleReader();
			Object o = r.load(data, dataStart);
			return o;
		}
		return NdArrays.decodeNumpy(dt, shape, fortran, ByteBuffer.wrap(data, dataStart, data.length - dataStart).slice());
	}

	private static boolean startsWith(byte[] data, byte[] prefix) {
		for (int i = 0; i < prefix.length; i++)
			if (data[i] != prefix[i]) return false;
		return true;
	}

	/** Writes a numeric tensor as a little-endian C-order .npy (version 1.0, or 2.0 for huge headers). Atomic. */
	public static void write(Path file, Tensor t) {
		AtomicFiles.writeBytes(file, toBytes(t));
	}

	/** The .npy bytes of a tensor. */
	public static byte[] toBytes(Tensor t) {
		byte[] payload = NdArrays.encode(t);
		return withHeader(NdArrays.descrFor(t), t.shape(), payload);
	}

	/**
	 * Writes any object (dict, list, numbers, strings, tensors) as {@code np.save} does for non-arrays: a 0-d
	 * object array with a pickle payload, readable with {@code np.load(file, allow_pickle=True).item()}. Atomic.
	 */
	public static void writeObject(Path file, Object obj) {
		AtomicFiles.writeBytes(file, objectToBytes(obj));
	}

	/**
	 * As {@link #writeObject} but streaming the pickle to the file as it is produced: for large objects (a
	 * {@code _proc.npy} with an hour of SVD traces) the file's bytes are never all in memory. Atomic.
	 */
	public static void writeObjectStreamed(Path file, Object obj) {
		List<Object> items = new ArrayList<>();
		items.add(obj);
		byte[] header = withHeader("|O", new long[0], new byte[0]);
		AtomicFiles.writeStream(file, os -> {
			os.write(header);
			new PickleWriter(3).stream(PickleWriter.objectArray(new long[0], items), os);
		});
	}

	/** The .npy bytes of a 0-d object array holding {@code obj}. */
	public static byte[] objectToBytes(Object obj) {
		List<Object> items = new ArrayList<>();
		items.add(obj);
		byte[] pickle = new PickleWriter(3).toBytes(PickleWriter.objectArray(new long[0], items));
		return withHeader("|O", new long[0], pickle);
	}

	private static byte[] withHeader(String descr, long[] shape, byte[] payload) {
		StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
		for (int i = 0; i < shape.length; i++) {
			s.append(shape[i]);
			if (shape.length == 1 || i < shape.length - 1) s.append(shape.length == 1 ? "," : ", ");
		}
		s.append("), }");
		int version = s.length() + 11 > 65535 ? 2 : 1;
		int pre = version == 1 ? 10 : 12;
		int total = pre + s.length() + 1;
		int pad = (64 - total % 64) % 64;
		for (int i = 0; i < pad; i++) s.append(' ');
		s.append('\n');
		byte[] h = s.toString().getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream out = new ByteArrayOutputStream(pre + h.length + payload.length);
		out.writeBytes(MAGIC);
		out.write(version);
		out.write(0);
		if (version == 1) {
			out.write(h.length & 0xff);
			out.write((h.length >> 8) & 0xff);
		}
		else {
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.length).array());
		}
		out.writeBytes(h);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	/** A parser for the Python literals of .npy headers: dict, tuple, list, str, int, True/False/None. */
	private static final class Literal {
		private final String s;
		private int i;

		Literal(String s) {
			this.s = s;
		}

		Object parse() {
			Object v = value();
			ws();
			return v;
		}

		private void ws() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
		}

		private RuntimeException bad() {
			return new FacemapException("malformed .npy header near '" + s.substring(Math.min(i, s.length()), Math.min(i + 20, s.length())) + "'");
		}

		private Object value() {
			ws();
			if (i >= s.length()) throw bad();
			char c = s.charAt(i);
			if (c == '{') {
				i++;
				Map<Object, Object> m = new LinkedHashMap<>();
				while (true) {
					ws();
					if (i < s.length() && s.charAt(i) == '}') {
						i++;
						return m;
					}
					Object k = value();
					ws();
					if (i >= s.length() || s.charAt(i) != ':') throw bad();
					i++;
					m.put(k, value());
					ws();
					if (i < s.length() && s.charAt(i) == ',') i++;
				}
			}
			if (c == '(' || c == '[') {
				char close = c == '(' ? ')' : ']';
				i++;
				List<Object> l = new ArrayList<>();
				while (true) {
					ws();
					if (i < s.length() && s.charAt(i) == close) {
						i++;
						return l;
					}
					l.add(value());
					ws();
					if (i < s.length() && s.charAt(i) == ',') i++;
				}
			}
			if (c == '\'' || c == '"') {
				int end = s.indexOf(c, i + 1);
				if (end < 0) throw bad();
				String str = s.substring(i + 1, end);
				i = end + 1;
				return str;
			}
			int start = i;
			while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) i++;
			String tok = s.substring(start, i);
			switch (tok) {
				case "True": return Boolean.TRUE;
				case "False": return Boolean.FALSE;
				case "None": return null;
				default:
					try {
						return Long.parseLong(tok.endsWith("L") ? tok.substring(0, tok.length() - 1) : tok);
					}
					catch (NumberFormatException e) {
						throw bad();
					}
			}
		}
	}
}
