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

import java.util.Arrays;

/**
 * A plain n-dimensional array as stored in a PyTorch state dict, an NPY file or an HDF5 dataset: a dtype name
 * (numpy/torch style: "float32", "float64", "int64", "int32", "uint8", "bool"), a shape (row-major, C order) and
 * the values. Floating types keep their values in {@link #floats()} (float64 is narrowed only when asked), integer
 * and bool types in {@link #longs()}. No DJL, no AWT: this is the exchange type between {@code io} and the rest.
 */
public final class Tensor {

	private final String dtype;
	private final long[] shape;
	private final float[] floats;
	private final double[] doubles;
	private final long[] longs;

	private Tensor(String dtype, long[] shape, float[] floats, double[] doubles, long[] longs) {
		this.dtype = dtype;
		this.shape = shape.clone();
		this.floats = floats;
		this.doubles = doubles;
		this.longs = longs;
		long n = size(shape);
		long have = floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
		if (n != have) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + have);
	}

	public static Tensor ofFloats(long[] shape, float[] data) {
		return new Tensor("float32", shape, data, null, null);
	}

	public static Tensor ofDoubles(long[] shape, double[] data) {
		return new Tensor("float64", shape, null, data, null);
	}

	/** An integer or bool tensor; {@code dtype} is "int64", "int32", "int16", "int8", "uint8" or "bool". */
	public static Tensor ofLongs(String dtype, long[] shape, long[] data) {
		return new Tensor(dtype, shape, null, null, data);
	}

	public static long size(long[] shape) {
		long n = 1;
		for (long s : shape) n *= s;
		return n;
	}

	public String dtype() {
		return dtype;
	}

	public long[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	public long size() {
		return size(shape);
	}

	public boolean isFloating() {
		return floats != null || doubles != null;
	}

	/** The values as float32 (converted from float64 or integers when needed; the stored array is not copied for float32). */
	public float[] floats() {
		if (floats != null) return floats;
		float[] f = new float[(int) size()];
		if (doubles != null) for (int i = 0; i < f.length; i++) f[i] = (float) doubles[i];
		else for (int i = 0; i < f.length; i++) f[i] = longs[i];
		return f;
	}

	/** The values as float64. */
	public double[] doubles() {
		if (doubles != null) return doubles;
		double[] d = new double[(int) size()];
		if (floats != null) for (int i = 0; i < d.length; i++) d[i] = floats[i];
		else for (int i = 0; i < d.length; i++) d[i] = longs[i];
		return d;
	}

	/** The values of an integer or bool tensor. */
	public long[] longs() {
		if (longs == null) throw new IllegalStateException("tensor of dtype " + dtype + " has no integer values");
		return longs;
	}

	@Override
	public String toString() {
		return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
	}
}
