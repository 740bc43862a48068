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
package sc.fiji.facemap.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;

/** State dicts ({@link Tensor} maps with PyTorch's key names) to and from DJL parameter arrays. */
public final class StateDicts {

	private StateDicts() {}

	/** Copies arrays to a state dict (float32; int64 stays int64), in the map's order. */
	public static LinkedHashMap<String, Tensor> toStateDict(Map<String, NDArray> params) {
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : params.entrySet())
			sd.put(e.getKey(), toTensor(e.getValue()));
		return sd;
	}

	/** A float32 array on {@code manager}'s device holding {@code t}, named {@code key}. */
	public static NDArray create(NDManager manager, String key, Tensor t) {
		NDArray a = manager.create(t.floats(), new Shape(t.shape()));
		a.setName(key);
		return a;
	}

	/**
	 * Checks that {@code sd} has exactly the keys and shapes of {@code expected} (floating point), else throws naming
	 * {@code where}, the missing and unexpected keys, or the first mis-shaped entry.
	 */
	public static void checkShapes(Map<String, Tensor> sd, Map<String, long[]> expected, String where, String what) {
		java.util.TreeSet<String> missing = new java.util.TreeSet<>(expected.keySet());
		missing.removeAll(sd.keySet());
		java.util.TreeSet<String> extra = new java.util.TreeSet<>(sd.keySet());
		extra.removeAll(expected.keySet());
		if (!missing.isEmpty() || !extra.isEmpty())
			throw new FacemapException(where + ": not a " + what + " state dict" + (missing.isEmpty() ? "" : "; missing keys " + missing)
				+ (extra.isEmpty() ? "" : "; unexpected keys " + extra));
		for (Map.Entry<String, long[]> e : expected.entrySet()) {
			Tensor t = sd.get(e.getKey());
			if (!Arrays.equals(t.shape(), e.getValue()))
				throw new FacemapException(where + ": " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.getValue()));
			if (!t.isFloating())
				throw new FacemapException(where + ": " + e.getKey() + " has dtype " + t.dtype() + ", expected a floating-point tensor");
		}
	}

	/** Copies the values of {@code sd} into the same-shaped arrays of {@code params}. */
	public static void load(Map<String, NDArray> params, Map<String, Tensor> sd, String where) {
		for (Map.Entry<String, NDArray> e : params.entrySet()) {
			Tensor t = sd.get(e.getKey());
			if (t == null) throw new FacemapException(where + ": state dict lacks " + e.getKey());
			if (!Arrays.equals(t.shape(), e.getValue().getShape().getShape()))
				throw new FacemapException(where + ": " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", expected " + e.getValue().getShape());
			copyInto(e.getValue(), t);
		}
	}

	/**
	 * Overwrites the floating array {@code a} with {@code t}'s values in place, as an indexed copy: DJL's
	 * {@code NDArray.set(Buffer)} goes through a deprecated libtorch guard that prints a warning on the user's
	 * terminal. Called outside a gradient collector (no autograd then, so parameters may be overwritten).
	 */
	static void copyInto(NDArray a, Tensor t) {
		if (a.getShape().dimension() == 0) { // no slice of a scalar: the plain copy (rare: no FMnet/encoder weight is one)
			a.set(java.nio.FloatBuffer.wrap(t.floats()));
			return;
		}
		try (NDArray src = a.getManager().create(t.floats(), a.getShape())) {
			a.set(new ai.djl.ndarray.index.NDIndex(":"), src);
		}
	}

	/**
	 * A DJL array holding {@code t} (named {@code key}) under {@code manager}: floating tensors as float32, integer
	 * ones (e.g. BatchNorm's {@code num_batches_tracked}) as int64.
	 */
	public static NDArray toArray(NDManager manager, String key, Tensor t) {
		if (t.isFloating()) return create(manager, key, t);
		NDArray a = t.rank() == 0 ? manager.create(t.longs()[0]) : manager.create(t.longs(), new Shape(t.shape()));
		a.setName(key);
		return a;
	}

	/** The tensor of a DJL array: int64 stays int64, everything else becomes float32. */
	public static Tensor toTensor(NDArray a) {
		long[] shape = a.getShape().getShape();
		if (a.getDataType() == DataType.INT64) return Tensor.ofLongs("int64", shape, a.toLongArray());
		return Tensor.ofFloats(shape, a.toType(DataType.FLOAT32, false).toFloatArray());
	}

	/**
	 * Like {@link #load(Map, Map, String)} for a whole state (parameters, running statistics and int64 counters):
	 * floating arrays are overwritten in place; int64 arrays are replaced by new arrays under {@code manager} (the old
	 * ones are closed; the map must be modifiable), as a floating value may stand for an integer counter.
	 */
	public static void loadState(Map<String, NDArray> arrays, Map<String, Tensor> sd, NDManager manager, String where) {
		for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
			Tensor t = sd.get(e.getKey());
			if (t == null) throw new FacemapException(where + ": state dict lacks " + e.getKey());
			NDArray a = e.getValue();
			if (a.getDataType() == DataType.INT64) {
				long[] v = t.isFloating() ? Arrays.stream(t.doubles()).mapToLong(d -> (long) d).toArray() : t.longs();
				if (v.length != Math.max(1, a.size()))
					throw new FacemapException(where + ": " + e.getKey() + " has " + v.length + " values, expected " + a.size());
				NDArray b = a.getShape().dimension() == 0 ? manager.create(v[0]) : manager.create(v, a.getShape());
				b.setName(e.getKey());
				e.setValue(b);
				a.close();
			}
			else {
				if (!Arrays.equals(t.shape(), a.getShape().getShape()))
					throw new FacemapException(where + ": " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", expected " + a.getShape());
				copyInto(a, t);
			}
		}
	}
}
