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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.facemap.FacemapException;

/**
 * Shared helpers for numpy-style arrays: dtype descriptors ({@code '<f4'}, {@code '|u1'}, ...), raw bytes to
 * {@link Tensor} and back, C/Fortran order and strided views. Used by the NPY reader/writer, the pickle reader
 * (numpy arrays inside pickles) and the PyTorch state-dict reader.
 */
final class NdArrays {

	private NdArrays() {}

	/** A parsed simple numpy dtype: byte order ('<', '>' or '|'), kind ('f', 'i', 'u', 'b', 'U', 'S', 'O') and item size in bytes. */
	static final class Dtype {
		final char order;
		final char kind;
		final int size;

		Dtype(char order, char kind, int size) {
			this.order = order;
			this.kind = kind;
			this.size = size;
		}

		/** The numpy descriptor, e.g. "&lt;f4". */
		String descr() {
			return "" + order + kind + size;
		}

		ByteOrder byteOrder() {
			return order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		}

		/** The Tensor dtype name, or null for strings and objects. */
		String tensorDtype() {
			switch (kind) {
				case 'f': return size == 8 ? "float64" : "float32";
				case 'i': return "int" + (size * 8);
				case 'u': return "uint" + (size * 8);
				case 'b': return "bool";
				default: return null;
			}
		}

		boolean isObject() {
			return kind == 'O';
		}
	}

	/** Parses a dtype string such as '&lt;f4', 'f8', '|b1', '&lt;U12', '|O' (also numpy's pickled form 'O8'). */
	static Dtype parseDtype(String s) {
		String d = s.trim();
		char order = '|';
		if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
			order = d.charAt(0) == '=' ? '<' : d.charAt(0);
			d = d.substring(1);
		}
		if (d.isEmpty()) throw new FacemapException("empty numpy dtype '" + s + "'");
		char kind = d.charAt(0);
		int size;
		try {
			size = d.length() > 1 ? Integer.parseInt(d.substring(1)) : 0;
		}
		catch (NumberFormatException e) {
			throw new FacemapException("unsupported numpy dtype '" + s + "'");
		}
		switch (kind) {
			case 'f':
				if (size != 2 && size != 4 && size != 8) break;
				return new Dtype(size == 1 ? '|' : order, kind, size);
			case 'i': case 'u':
				if (size != 1 && size != 2 && size != 4 && size != 8) break;
				return new Dtype(size == 1 ? '|' : order, kind, size);
			case 'b':
				if (size != 1) break;
				return new Dtype('|', kind, 1);
			case '?':
				return new Dtype('|', 'b', 1);
			case 'U': // size in characters of 4 bytes (UTF-32)
				return new Dtype(order == '|' ? '<' : order, kind, size * 4);
			case 'S': case 'a':
				return new Dtype('|', 'S', size);
			case 'O':
				return new Dtype('|', 'O', 8);
			default:
				break;
		}
		throw new FacemapException("unsupported numpy dtype '" + s + "' (supported: float16/32/64, int8-64, uint8-64, bool, str, object)");
	}

	/** The numpy dtype descriptor for a tensor's dtype (always little-endian). */
	static String descrFor(Tensor t) {
		switch (t.dtype()) {
			case "float32": return "<f4";
			case "float64": return "<f8";
			case "int64": return "<i8";
			case "int32": return "<i4";
			case "int16": return "<i2";
			case "int8": return "|i1";
			case "uint8": return "|u1";
			case "uint16": return "<u2";
			case "uint32": return "<u4";
			case "uint64": return "<u8";
			case "bool": return "|b1";
			default: throw new FacemapException("cannot store a tensor of dtype " + t.dtype());
		}
	}

	static int itemSize(String tensorDtype) {
		switch (tensorDtype) {
			case "float64": case "int64": case "uint64": return 8;
			case "float32": case "int32": case "uint32": return 4;
			case "int16": case "uint16": case "float16": case "bfloat16": return 2;
			case "int8": case "uint8": case "bool": return 1;
			default: throw new FacemapException("unsupported dtype " + tensorDtype);
		}
	}

	static int checkedSize(long[] shape) {
		long n = 1;
		for (long s : shape) {
			if (s < 0) throw new FacemapException("negative dimension in shape " + Arrays.toString(shape));
			n *= s;
			if (n > Integer.MAX_VALUE - 16) throw new FacemapException("array of shape " + Arrays.toString(shape) + " is too large");
		}
		return (int) n;
	}

	/** C-order strides (in elements) for a shape. */
	static long[] cStrides(long[] shape) {
		long[] st = new long[shape.length];
		long s = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			st[i] = s;
			s *= shape[i];
		}
		return st;
	}

	static long[] fortranStrides(long[] shape) {
		long[] st = new long[shape.length];
		long s = 1;
		for (int i = 0; i < shape.length; i++) {
			st[i] = s;
			s *= shape[i];
		}
		return st;
	}

	/**
	 * For each element of a C-ordered result, the element index in a source laid out with {@code strides} from
	 * {@code offset}; null when the source already is C-contiguous from offset (the fast path).
	 */
	static long[] sourceIndices(long[] shape, long[] strides, long offset) {
		if (Arrays.equals(strides, cStrides(shape)) || checkedSize(shape) <= 1) return null;
		int n = checkedSize(shape);
		long[] idx = new long[n];
		int rank = shape.length;
		long[] pos = new long[rank];
		long src = offset;
		for (int i = 0; i < n; i++) {
			idx[i] = src;
			for (int k = rank - 1; k >= 0; k--) {
				pos[k]++;
				src += strides[k];
				if (pos[k] < shape[k]) break;
				src -= strides[k] * pos[k];
				pos[k] = 0;
			}
		}
		return idx;
	}

	/** The largest element index a strided view touches, plus one (0 for an empty view). */
	static long extent(long[] shape, long[] strides, long offset) {
		long max = offset;
		for (int k = 0; k < shape.length; k++) {
			if (shape[k] == 0) return 0;
			if (strides[k] < 0) throw new FacemapException("negative strides are not supported");
			max += (shape[k] - 1) * strides[k];
		}
		return max + 1;
	}

	/**
	 * Decodes a numeric array from raw bytes. {@code strides} are in elements (null = C order); {@code offset} is
	 * the element offset of the first element.
	 */
	static Tensor decode(String tensorDtype, ByteOrder order, long[] shape, long[] strides, long offset, ByteBuffer raw) {
		int n = checkedSize(shape);
		int item = itemSize(tensorDtype);
		if (strides == null) strides = cStrides(shape);
		long need = extent(shape, strides, offset) * item;
		if (raw.remaining() < need)
			throw new FacemapException("truncated array data: need " + need + " bytes for shape " + Arrays.toString(shape) + " " + tensorDtype
				+ ", found " + raw.remaining());
		ByteBuffer b = raw.slice().order(order);
		long[] src = sourceIndices(shape, strides, offset);
		int base = (int) offset;
		switch (tensorDtype) {
			case "float32": {
				float[] f = new float[n];
				if (src == null) b.position(base * 4).slice().order(order).asFloatBuffer().get(f);
				else for (int i = 0; i < n; i++) f[i] = b.getFloat((int) src[i] * 4);
				return Tensor.ofFloats(shape, f);
			}
			case "float64": {
				double[] d = new double[n];
				if (src == null) b.position(base * 8).slice().order(order).asDoubleBuffer().get(d);
				else for (int i = 0; i < n; i++) d[i] = b.getDouble((int) src[i] * 8);
				return Tensor.ofDoubles(shape, d);
			}
			case "float16": case "bfloat16": {
				float[] f = new float[n];
				boolean bf = tensorDtype.equals("bfloat16");
				for (int i = 0; i < n; i++) {
					short h = b.getShort((int) (src == null ? base + i : src[i]) * 2);
					f[i] = bf ? Float.intBitsToFloat((h & 0xffff) << 16) : halfToFloat(h);
				}
				return Tensor.ofFloats(shape, f);
			}
			default: {
				long[] l = new long[n];
				for (int i = 0; i < n; i++) {
					int at = (int) (src == null ? base + i : src[i]) * item;
					switch (tensorDtype) {
						case "int64": case "uint64": l[i] = b.getLong(at); break;
						case "int32": l[i] = b.getInt(at); break;
						case "uint32": l[i] = b.getInt(at) & 0xffffffffL; break;
						case "int16": l[i] = b.getShort(at); break;
						case "uint16": l[i] = b.getShort(at) & 0xffff; break;
						case "int8": l[i] = b.get(at); break;
						case "uint8": l[i] = b.get(at) & 0xff; break;
						case "bool": l[i] = b.get(at) != 0 ? 1 : 0; break;
						default: throw new FacemapException("unsupported dtype " + tensorDtype);
					}
				}
				return Tensor.ofLongs(tensorDtype, shape, l);
			}
		}
	}

	/** Decodes a numpy array of a simple dtype from bytes in C or Fortran order; strings become (nested) lists. */
	static Object decodeNumpy(Dtype dt, long[] shape, boolean fortran, ByteBuffer raw) {
		long[] strides = fortran ? fortranStrides(shape) : cStrides(shape);
		if (dt.kind == 'U' || dt.kind == 'S') {
			int n = checkedSize(shape);
			if (raw.remaining() < (long) n * dt.size) throw new FacemapException("truncated string array data");
			long[] src = sourceIndices(shape, strides, 0);
			List<Object> flat = new ArrayList<>(n);
			ByteBuffer b = raw.slice().order(dt.byteOrder());
			for (int i = 0; i < n; i++) {
				int at = (int) (src == null ? i : src[i]) * dt.size;
				if (dt.kind == 'S') {
					int len = 0;
					while (len < dt.size && b.get(at + len) != 0) len++;
					byte[] s = new byte[len];
					for (int j = 0; j < len; j++) s[j] = b.get(at + j);
					flat.add(new String(s, StandardCharsets.ISO_8859_1));
				}
				else {
					StringBuilder sb = new StringBuilder();
					for (int j = 0; j < dt.size / 4; j++) {
						int cp = b.getInt(at + 4 * j);
						if (cp == 0) break;
						sb.appendCodePoint(cp);
					}
					flat.add(sb.toString());
				}
			}
			return nest(flat, shape);
		}
		String td = dt.kind == 'f' && dt.size == 2 ? "float16" : dt.tensorDtype();
		if (td == null) throw new FacemapException("cannot decode numpy dtype " + dt.descr() + " from raw bytes");
		return decode(td, dt.byteOrder(), shape, strides, 0, raw);
	}

	/** A flat C-ordered list as nested lists of the given shape; a 0-d shape gives the single element. */
	static Object nest(List<Object> flat, long[] shape) {
		if (shape.length == 0) return flat.isEmpty() ? null : flat.get(0);
		return nest(flat, shape, 0, 0, checkedSize(shape));
	}

	private static Object nest(List<Object> flat, long[] shape, int dim, int start, int count) {
		if (dim == shape.length - 1) return new ArrayList<>(flat.subList(start, start + count));
		int per = count / (int) Math.max(1, shape[dim]);
		List<Object> out = new ArrayList<>();
		for (int i = 0; i < shape[dim]; i++) out.add(nest(flat, shape, dim + 1, start + i * per, per));
		return out;
	}

	/** The raw little-endian C-order bytes of a tensor. */
	static byte[] encode(Tensor t) {
		int n = checkedSize(t.shape());
		int item = itemSize(t.dtype());
		ByteBuffer b = ByteBuffer.allocate(n * item).order(ByteOrder.LITTLE_ENDIAN);
		switch (t.dtype()) {
			case "float32": b.asFloatBuffer().put(t.floats()); break;
			case "float64": b.asDoubleBuffer().put(t.doubles()); break;
			default: {
				long[] l = t.longs();
				for (int i = 0; i < n; i++) {
					switch (item) {
						case 8: b.putLong(l[i]); break;
						case 4: b.putInt((int) l[i]); break;
						case 2: b.putShort((short) l[i]); break;
						default: b.put((byte) l[i]); break;
					}
				}
			}
		}
		return b.array();
	}

	static float halfToFloat(short h) {
		int bits = h & 0xffff;
		int sign = (bits >>> 15) << 31;
		int exp = (bits >>> 10) & 0x1f;
		int mant = bits & 0x3ff;
		if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign);
			float v = mant / 1024f * (float) Math.pow(2, -14);
			return sign != 0 ? -v : v;
		}
		return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
	}
}
