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

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.facemap.io.Tensor;

/**
 * The tensor blocks of a training checkpoint: a map key -> {@link Tensor} written to and read from a data stream
 * (count, then per tensor: key, dtype, shape, values as float32 or int64). A checkpoint file is a job-specific header
 * followed by such blocks (weights, optimiser moments, best weights); the job writes the file with
 * {@link sc.fiji.facemap.io.AtomicFiles#writeStream}.
 */
public final class TensorBlocks {

	private TensorBlocks() {}

	public static void write(DataOutputStream d, Map<String, Tensor> map) throws IOException {
		d.writeInt(map.size());
		for (Map.Entry<String, Tensor> e : map.entrySet()) {
			Tensor t = e.getValue();
			d.writeUTF(e.getKey());
			d.writeUTF(t.dtype());
			long[] shape = t.shape();
			d.writeInt(shape.length);
			for (long s : shape) d.writeLong(s);
			if (t.isFloating()) {
				float[] f = t.floats();
				d.writeInt(f.length);
				for (float x : f) d.writeFloat(x);
			} else {
				long[] l = t.longs();
				d.writeInt(l.length);
				for (long x : l) d.writeLong(x);
			}
		}
	}

	public static Map<String, Tensor> read(DataInputStream d) throws IOException {
		int n = d.readInt();
		Map<String, Tensor> map = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			String key = d.readUTF();
			String dtype = d.readUTF();
			long[] shape = new long[d.readInt()];
			for (int j = 0; j < shape.length; j++) shape[j] = d.readLong();
			int len = d.readInt();
			boolean floating = !dtype.startsWith("int") && !dtype.startsWith("uint") && !dtype.equals("bool");
			if (floating) {
				float[] f = new float[len];
				for (int j = 0; j < len; j++) f[j] = d.readFloat();
				map.put(key, Tensor.ofFloats(shape, f));
			} else {
				long[] l = new long[len];
				for (int j = 0; j < len; j++) l[j] = d.readLong();
				map.put(key, Tensor.ofLongs(dtype, shape, l));
			}
		}
		return map;
	}
}
