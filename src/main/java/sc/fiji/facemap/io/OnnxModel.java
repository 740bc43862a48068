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
import java.util.ArrayList;
import java.util.List;

/**
 * A small writer of ONNX models (the {@code onnx.proto} protobuf messages ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto), enough for a feed-forward graph of standard operators with float32
 * weights. The protobuf wire format is written directly (varints and length-delimited fields), so no protobuf library
 * is needed. Nodes must be added in topological order, as ONNX requires.
 */
public final class OnnxModel {

	/** ONNX TensorProto.DataType FLOAT, UINT8, INT8, INT32 and INT64. */
	public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT32 = 6, INT64 = 7;

	private final List<byte[]> nodes = new ArrayList<>();
	private final List<byte[]> initializers = new ArrayList<>();
	private final List<byte[]> inputs = new ArrayList<>();
	private final List<byte[]> outputs = new ArrayList<>();
	private final String graphName;
	private int nodeCount;

	public OnnxModel(String graphName) {
		this.graphName = graphName;
	}

	/** An attribute of a node: int, ints, float or string. */
	public static final class Attr {
		final byte[] bytes;

		private Attr(byte[] bytes) {
			this.bytes = bytes;
		}

		public static Attr ints(String name, long... v) {
			Pb p = new Pb().string(1, name);
			for (long x : v) p.varint(8, x);
			return new Attr(p.varint(20, 7).bytes());
		}

		public static Attr i(String name, long v) {
			return new Attr(new Pb().string(1, name).varint(3, v).varint(20, 2).bytes());
		}

		public static Attr f(String name, float v) {
			return new Attr(new Pb().string(1, name).fixed32(2, Float.floatToIntBits(v)).varint(20, 1).bytes());
		}

		public static Attr s(String name, String v) {
			return new Attr(new Pb().string(1, name).bytes(4, v.getBytes(StandardCharsets.UTF_8)).varint(20, 3).bytes());
		}
	}

	/** Adds a node; an empty input name stands for an omitted optional input. Returns its first output's name. */
	public String node(String op, String[] in, String[] out, Attr... attrs) {
		Pb p = new Pb();
		for (String s : in) p.string(1, s);
		for (String s : out) p.string(2, s);
		p.string(3, op + "_" + nodeCount++);
		p.string(4, op);
		for (Attr a : attrs) p.bytes(5, a.bytes);
		nodes.add(p.bytes());
		return out[0];
	}

	/** Adds a float32 constant (weights) with the given dimensions, stored as raw little-endian data. */
	public String initializer(String name, long[] dims, float[] data) {
		long n = 1;
		for (long d : dims) n *= d;
		if (n != data.length) throw new IllegalArgumentException(name + ": " + data.length + " values for " + java.util.Arrays.toString(dims));
		ByteBuffer bb = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		bb.asFloatBuffer().put(data);
		return initializer(name, dims, FLOAT, bb.array());
	}

	/** Adds a constant of {@code dataType} from raw little-endian bytes (int8/uint8: one byte per value). */
	public String initializer(String name, long[] dims, int dataType, byte[] raw) {
		Pb p = new Pb();
		for (long d : dims) p.varint(1, d);
		p.varint(2, dataType).string(8, name).bytes(9, raw);
		initializers.add(p.bytes());
		return name;
	}

	/** Adds an int32 constant. */
	public String initializer(String name, long[] dims, int[] data) {
		ByteBuffer bb = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		bb.asIntBuffer().put(data);
		return initializer(name, dims, INT32, bb.array());
	}

	/** Adds an int64 constant (e.g. shapes). */
	public String initializer(String name, long[] dims, long[] data) {
		ByteBuffer bb = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		bb.asLongBuffer().put(data);
		return initializer(name, dims, INT64, bb.array());
	}

	/**
	 * A graph input of element type {@code elemType}; each dimension is a Long (fixed) or a String (symbolic); a null
	 * {@code dims} array leaves the shape unspecified.
	 */
	public void input(String name, int elemType, Object... dims) {
		inputs.add(valueInfo(name, elemType, dims));
	}

	/** A graph output, as {@link #input}. */
	public void output(String name, int elemType, Object... dims) {
		outputs.add(valueInfo(name, elemType, dims));
	}

	private static byte[] valueInfo(String name, int elemType, Object... dims) {
		if (dims == null) return new Pb().string(1, name).bytes(2, new Pb().bytes(1, new Pb().varint(1, elemType).bytes()).bytes()).bytes();
		Pb shape = new Pb();
		for (Object d : dims) {
			Pb dim = new Pb();
			if (d instanceof String) dim.string(2, (String) d);
			else dim.varint(1, ((Number) d).longValue());
			shape.bytes(1, dim.bytes());
		}
		byte[] tensorType = new Pb().varint(1, elemType).bytes(2, shape.bytes()).bytes();
		byte[] type = new Pb().bytes(1, tensorType).bytes();
		return new Pb().string(1, name).bytes(2, type).bytes();
	}

	/** Number of nodes so far. */
	public int nodeCount() {
		return nodes.size();
	}

	/** The serialised ModelProto (IR version 8, default-domain opset {@code opset}). */
	public byte[] toBytes(int opset, String producer, String producerVersion) {
		Pb g = new Pb();
		for (byte[] n : nodes) g.bytes(1, n);
		g.string(2, graphName);
		for (byte[] t : initializers) g.bytes(5, t);
		for (byte[] v : inputs) g.bytes(11, v);
		for (byte[] v : outputs) g.bytes(12, v);
		Pb m = new Pb();
		m.varint(1, 8);
		m.string(2, producer);
		m.string(3, producerVersion);
		m.bytes(7, g.bytes());
		m.bytes(8, new Pb().string(1, "").varint(2, opset).bytes());
		return m.bytes();
	}

	/** Protobuf wire-format writer. */
	private static final class Pb {
		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private void raw(long v) {
			while ((v & ~0x7FL) != 0) {
				out.write((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			out.write((int) v);
		}

		Pb varint(int field, long v) {
			raw((long) field << 3);
			raw(v);
			return this;
		}

		Pb fixed32(int field, int v) {
			raw(((long) field << 3) | 5);
			for (int i = 0; i < 4; i++) out.write((v >>> (8 * i)) & 0xFF);
			return this;
		}

		Pb bytes(int field, byte[] b) {
			raw(((long) field << 3) | 2);
			raw(b.length);
			out.write(b, 0, b.length);
			return this;
		}

		Pb string(int field, String s) {
			return bytes(field, s.getBytes(StandardCharsets.UTF_8));
		}

		byte[] bytes() {
			return out.toByteArray();
		}
	}
}
