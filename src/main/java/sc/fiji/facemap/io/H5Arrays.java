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

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import sc.fiji.facemap.FacemapException;

/**
 * Plain numeric datasets in HDF5 files ({@code .h5}), read and written with jhdf: one dataset by its path
 * ({@code /group/name} or {@code name}) as a {@link Tensor} in the file's (C) order, and a flat map of named arrays
 * written as datasets (slashes make groups) with string and number attributes on the root. Facemap's pose files
 * have their own class ({@link PoseH5}).
 */
public final class H5Arrays {

	private H5Arrays() {}

	/** True when the file starts with the HDF5 signature. */
	public static boolean isHdf5(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] h = in.readNBytes(4);
			return h.length == 4 && (h[0] & 0xff) == 0x89 && h[1] == 'H' && h[2] == 'D' && h[3] == 'F';
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
	}

	/** The paths of every dataset in the file (depth first, file order), without a leading slash. */
	public static List<String> datasets(Path file) {
		check(file);
		try (HdfFile h5 = new HdfFile(file)) {
			List<String> out = new ArrayList<>();
			collect(h5, "", out);
			return out;
		}
		catch (RuntimeException e) {
			if (e instanceof FacemapException) throw e;
			throw new FacemapException(file, "cannot read this HDF5 file (" + e.getMessage() + "); it may be damaged", e);
		}
	}

	private static void collect(Group g, String prefix, List<String> out) {
		for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
			String p = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
			if (e.getValue() instanceof Dataset) out.add(p);
			else if (e.getValue() instanceof Group) collect((Group) e.getValue(), p, out);
		}
	}

	/** One numeric dataset as a tensor (float32 data stays float32; everything else becomes float64). */
	public static Tensor read(Path file, String dataset) {
		check(file);
		String path = dataset.startsWith("/") ? dataset.substring(1) : dataset;
		try (HdfFile h5 = new HdfFile(file)) {
			Node n;
			try {
				n = h5.getByPath(path);
			}
			catch (RuntimeException e) {
				n = null;
			}
			if (!(n instanceof Dataset)) {
				List<String> all = new ArrayList<>();
				collect(h5, "", all);
				throw new FacemapException(file, (n instanceof Group ? "'" + path + "' is a group, not a dataset" : "no dataset '" + path + "'") +
					"; the datasets are: " + (all.isEmpty() ? "(none)" : String.join(", ", all)));
			}
			return toTensor((Dataset) n, file, path);
		}
		catch (FacemapException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new FacemapException(file, "cannot read this HDF5 file (" + e.getMessage() + "); it may be damaged", e);
		}
	}

	static Tensor toTensor(Dataset d, Path file, String path) {
		int[] dims = d.getDimensions();
		long[] shape = new long[dims.length];
		for (int i = 0; i < dims.length; i++) shape[i] = dims[i];
		Object flat = d.isScalar() ? wrap(d.getData()) : d.getDataFlat();
		if (flat instanceof float[]) return Tensor.ofFloats(shape, (float[]) flat);
		if (flat == null || !flat.getClass().isArray()) throw new FacemapException(file, "dataset '" + path + "' is not numeric");
		int n = Array.getLength(flat);
		double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			Object x = Array.get(flat, i);
			if (x instanceof Number) v[i] = ((Number) x).doubleValue();
			else if (x instanceof Boolean) v[i] = (Boolean) x ? 1 : 0;
			else throw new FacemapException(file, "dataset '" + path + "' is not numeric (it holds " + (x == null ? "null" : x.getClass().getSimpleName()) + ")");
		}
		return Tensor.ofDoubles(shape, v);
	}

	private static Object wrap(Object scalar) {
		if (scalar == null || scalar.getClass().isArray()) return scalar;
		Object a = Array.newInstance(Object.class, 1);
		Array.set(a, 0, scalar);
		return a;
	}

	private static void check(Path file) {
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		if (!isHdf5(file)) throw new FacemapException(file, "expected an HDF5 file (.h5)");
	}

	/**
	 * Writes datasets, atomically: values are {@link Tensor} (rank 0 to 3; float32, float64 or integer), float[],
	 * double[], int[] or long[]; a key {@code a/b} puts dataset b in group a. {@code attributes} (String or Number
	 * values, may be null) go on the root group.
	 */
	public static void write(Path file, Map<String, ?> datasets, Map<String, ?> attributes) {
		AtomicFiles.write(file, tmp -> {
			try (WritableHdfFile h5 = HdfFile.write(tmp)) {
				Map<String, WritableGroup> groups = new LinkedHashMap<>();
				for (Map.Entry<String, ?> e : datasets.entrySet()) {
					String key = e.getKey();
					WritableGroup g = h5;
					int slash = key.lastIndexOf('/');
					if (slash > 0) {
						String gp = key.substring(0, slash);
						g = group(h5, groups, gp);
						key = key.substring(slash + 1);
					}
					g.putDataset(key, toJava(e.getValue(), file, e.getKey()));
				}
				if (attributes != null) for (Map.Entry<String, ?> e : attributes.entrySet()) {
					Object v = e.getValue();
					if (v instanceof Number || v instanceof String) h5.putAttribute(e.getKey(), v);
					else throw new FacemapException(file, "attribute '" + e.getKey() + "' must be a number or text");
				}
			}
			catch (FacemapException e) {
				throw e;
			}
			catch (RuntimeException e) {
				throw new IOException("HDF5 writer failed: " + e.getMessage(), e);
			}
		});
	}

	private static WritableGroup group(WritableHdfFile h5, Map<String, WritableGroup> groups, String path) {
		WritableGroup g = groups.get(path);
		if (g != null) return g;
		int slash = path.lastIndexOf('/');
		WritableGroup parent = slash > 0 ? group(h5, groups, path.substring(0, slash)) : h5;
		g = parent.putGroup(slash > 0 ? path.substring(slash + 1) : path);
		groups.put(path, g);
		return g;
	}

	private static Object toJava(Object v, Path file, String name) {
		if (v instanceof float[] || v instanceof double[] || v instanceof int[] || v instanceof long[]) {
			if (Array.getLength(v) == 0) throw new FacemapException(file, "dataset '" + name + "' is empty (jhdf cannot write empty datasets)");
			return v;
		}
		if (!(v instanceof Tensor)) throw new FacemapException(file, "cannot write '" + name + "' (a " + (v == null ? "null" : v.getClass().getSimpleName()) + ") as an HDF5 dataset");
		Tensor t = (Tensor) v;
		long[] s = t.shape();
		if (t.size() == 0) throw new FacemapException(file, "dataset '" + name + "' is empty (jhdf cannot write empty datasets)");
		boolean f32 = t.dtype().equals("float32"), f64 = t.dtype().equals("float64");
		Object flat = f32 ? t.floats() : f64 ? t.doubles() : t.longs();
		if (s.length == 0) return f32 ? (Object) new float[] { t.floats()[0] } : f64 ? new double[] { t.doubles()[0] } : new long[] { t.longs()[0] };
		if (s.length == 1) return flat;
		if (s.length > 3) throw new FacemapException(file, "dataset '" + name + "' has rank " + s.length + "; at most 3 is supported");
		int a = (int) s[0], b = (int) s[1], c = s.length == 3 ? (int) s[2] : 1;
		Class<?> comp = flat.getClass().getComponentType();
		Object out = s.length == 2 ? Array.newInstance(comp, a, b) : Array.newInstance(comp, a, b, c);
		for (int i = 0; i < a; i++) {
			Object row = Array.get(out, i);
			if (s.length == 2) System.arraycopy(flat, i * b, row, 0, b);
			else for (int j = 0; j < b; j++) System.arraycopy(flat, (i * b + j) * c, Array.get(row, j), 0, c);
		}
		return out;
	}
}
