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

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;

/**
 * Copies between a PyTorch state dict (key -> {@link Tensor}, as {@link sc.fiji.facemap.io.TorchStateDict} reads and
 * writes it) and DJL arrays named by the same keys. Floating tensors become float32 arrays; integer tensors (e.g.
 * BatchNorm's {@code num_batches_tracked}) become int64 arrays.
 */
public final class StateDicts {

	private StateDicts() {}

	/** A DJL array holding {@code t} (named {@code key}) under {@code manager}. */
	public static NDArray toArray(NDManager manager, String key, Tensor t) {
		NDArray a;
		if (t.isFloating()) a = manager.create(t.floats(), new Shape(t.shape()));
		else if (t.rank() == 0) a = manager.create(t.longs()[0]);
		else a = manager.create(t.longs(), new Shape(t.shape()));
		a.setName(key);
		return a;
	}

	/** The tensor of a DJL array: int64 stays int64, everything else becomes float32. */
	public static Tensor toTensor(NDArray a) {
		long[] shape = a.getShape().getShape();
		if (a.getDataType() == DataType.INT64) return Tensor.ofLongs("int64", shape, a.toLongArray());
		return Tensor.ofFloats(shape, a.toType(DataType.FLOAT32, false).toFloatArray());
	}

	/** A state dict of {@code arrays} in their order. */
	public static LinkedHashMap<String, Tensor> toStateDict(Map<String, NDArray> arrays) {
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : arrays.entrySet())
			sd.put(e.getKey(), toTensor(e.getValue()));
		return sd;
	}

	/**
	 * Copies the values of {@code stateDict} into {@code arrays} (every key of {@code arrays} must be present with the
	 * same shape). Floating arrays are overwritten in place; int64 arrays are replaced by new arrays under
	 * {@code manager} (the old ones are closed), as a floating value may stand for an integer counter.
	 *
	 * @throws FacemapException naming the key that is missing or has another shape
	 */
	public static void load(Map<String, NDArray> arrays, Map<String, Tensor> stateDict, NDManager manager) {
		for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
			Tensor t = stateDict.get(e.getKey());
			if (t == null) throw new FacemapException("state dict lacks " + e.getKey());
			NDArray a = e.getValue();
			if (a.getDataType() == DataType.INT64) {
				long[] v = t.isFloating() ? Arrays.stream(t.doubles()).mapToLong(d -> (long) d).toArray() : t.longs();
				if (v.length != Math.max(1, a.size()))
					throw new FacemapException("state dict entry " + e.getKey() + " has " + v.length + " values, expected " + a.size());
				NDArray b = a.getShape().dimension() == 0 ? manager.create(v[0]) : manager.create(v, a.getShape());
				b.setName(e.getKey());
				e.setValue(b);
				a.close();
			} else {
				if (!Arrays.equals(t.shape(), a.getShape().getShape()))
					throw new FacemapException("state dict entry " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", expected " + a.getShape());
				a.set(FloatBuffer.wrap(t.floats()));
			}
		}
	}
}
