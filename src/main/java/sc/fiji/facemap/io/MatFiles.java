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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;
import sc.fiji.facemap.FacemapException;

/**
 * MATLAB {@code .mat} files: version 5 (through MFL, {@code us.hebi.matlab.mat:mfl-core}) and version 7.3 (HDF5 with
 * a 512-byte MATLAB header, through jhdf). Values come back as plain Java objects:
 * <ul>
 * <li>numeric and logical arrays: a float64 {@link Tensor} with MATLAB's dimensions in MATLAB's order (a 35129 x 52
 * matrix is shape [35129, 52], element [i][j] at {@code i * 52 + j}); v7.3 files store arrays transposed, and are
 * transposed back;</li>
 * <li>a 1 x 1 struct: a {@code LinkedHashMap<String, Object>} of its fields, in file order;</li>
 * <li>a cell array: a {@code List<Object>} of its elements in MATLAB's linear (column-major) order;</li>
 * <li>a char array: a String.</li>
 * </ul>
 * Variables are addressed by name, and fields of structs by dotted paths ({@code D.neuron1}). Writing produces a
 * version 5 file (what {@code scipy.io.savemat} writes) from the same kinds of values, atomically.
 */
public final class MatFiles {

	private MatFiles() {}

	/** True when the file starts with MATLAB's text header; v7.3 files also carry it, before the HDF5 data. */
	public static boolean isMatFile(Path file) {
		byte[] head = head(file, 128);
		return head.length >= 6 && new String(head, 0, 6, StandardCharsets.ISO_8859_1).equals("MATLAB");
	}

	/** True for a version 7.3 (HDF5) file. */
	public static boolean isV73(Path file) {
		byte[] head = head(file, 520);
		if (head.length < 520) return false;
		return (head[512] & 0xff) == 0x89 && head[513] == 'H' && head[514] == 'D' && head[515] == 'F';
	}

	/** All variables of the file, by name, in file order. */
	public static Map<String, Object> read(Path file) {
		check(file);
		if (isV73(file)) return readV73(file);
		try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
			Map<String, Object> out = new LinkedHashMap<>();
			for (MatFile.Entry e : mat.getEntries()) out.put(e.getName(), convert(e.getValue(), file, e.getName()));
			return out;
		}
		catch (IOException | RuntimeException e) {
			if (e instanceof FacemapException) throw (FacemapException) e;
			throw new FacemapException(file, "cannot read this MATLAB file (" + e.getMessage() + "); it may be damaged", e);
		}
	}

	/**
	 * One variable, or a field of a struct variable by a dotted path ({@code D.speed}); the error lists the
	 * variables (or fields) there are.
	 */
	public static Object read(Path file, String path) {
		return DataFiles.select(read(file), path, file);
	}

	/** A short description of a value read from a .mat file ("35129 x 52 matrix", "struct", "cell of 128"). */
	public static String describe(Object v) {
		if (v instanceof Tensor) {
			long[] s = ((Tensor) v).shape();
			StringBuilder b = new StringBuilder();
			for (int i = 0; i < s.length; i++) b.append(i > 0 ? " x " : "").append(s[i]);
			return b + (s.length == 1 ? "-vector" : " matrix");
		}
		if (v instanceof Map) return "struct";
		if (v instanceof List) return "cell of " + ((List<?>) v).size();
		if (v instanceof String) return "string";
		return v == null ? "empty value" : v.getClass().getSimpleName();
	}

	private static void check(Path file) {
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		if (!isMatFile(file))
			throw new FacemapException(file, "expected a MATLAB .mat file (it starts with 'MATLAB'); " + TorchStateDict.sniff(head(file, 8), Math.min(8, head(file, 8).length)));
	}

	private static byte[] head(Path file, int n) {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes(n);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
	}

	// ---- version 5 (MFL) ----

	private static Object convert(us.hebi.matlab.mat.types.Array a, Path file, String name) {
		if (a instanceof Matrix) {
			Matrix m = (Matrix) a;
			if (m.isComplex()) throw new FacemapException(file, "variable '" + name + "' is complex; only real values are supported");
			int[] dims = m.getDimensions();
			int n = m.getNumElements();
			double[] v = new double[n];
			// MATLAB stores column-major; the tensor is row-major with MATLAB's dimension order
			int[] idx = new int[dims.length];
			for (int lin = 0; lin < n; lin++) {
				int rem = lin;
				for (int d = 0; d < dims.length; d++) {
					idx[d] = rem % dims[d];
					rem /= dims[d];
				}
				int row = 0;
				for (int d = 0; d < dims.length; d++) row = row * dims[d] + idx[d];
				v[row] = m.getDouble(lin);
			}
			return Tensor.ofDoubles(squeeze(dims), v);
		}
		if (a instanceof Char) return ((Char) a).getString();
		if (a instanceof Struct) {
			Struct s = (Struct) a;
			if (s.getNumElements() != 1) {
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < s.getNumElements(); i++) {
					Map<String, Object> f = new LinkedHashMap<>();
					for (String fn : s.getFieldNames()) f.put(fn, convert(s.get(fn, i), file, name + "(" + (i + 1) + ")." + fn));
					items.add(f);
				}
				return items;
			}
			Map<String, Object> f = new LinkedHashMap<>();
			for (String fn : s.getFieldNames()) f.put(fn, convert(s.get(fn), file, name + "." + fn));
			return f;
		}
		if (a instanceof Cell) {
			Cell c = (Cell) a;
			List<Object> items = new ArrayList<>();
			for (int i = 0; i < c.getNumElements(); i++) items.add(convert(c.get(i), file, name + "{" + (i + 1) + "}"));
			return items;
		}
		throw new FacemapException(file, "variable '" + name + "' is a MATLAB " + a.getType() + ", which is not supported here");
	}

	/** MATLAB dims as a tensor shape: 2-D stays 2-D (a 1 x n row keeps its 1), higher trailing singletons go. */
	private static long[] squeeze(int[] dims) {
		int n = dims.length;
		while (n > 2 && dims[n - 1] == 1) n--;
		long[] s = new long[n];
		for (int i = 0; i < n; i++) s[i] = dims[i];
		return s;
	}

	// ---- version 7.3 (HDF5) ----

	private static Map<String, Object> readV73(Path file) {
		try (HdfFile h5 = new HdfFile(file)) {
			Map<String, Object> out = new LinkedHashMap<>();
			for (Map.Entry<String, Node> e : h5.getChildren().entrySet()) {
				if (e.getKey().startsWith("#")) continue; // #refs# and #subsystem#
				out.put(e.getKey(), convertH5(e.getValue(), h5, file, e.getKey()));
			}
			return out;
		}
		catch (FacemapException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new FacemapException(file, "cannot read this MATLAB 7.3 (HDF5) file (" + e.getMessage() + "); it may be damaged", e);
		}
	}

	private static String matlabClass(Node n) {
		Attribute a = n.getAttributes().get("MATLAB_class");
		if (a == null) return null;
		Object d = a.getData();
		if (d instanceof String) return (String) d;
		if (d != null && d.getClass().isArray() && Array.getLength(d) > 0) return String.valueOf(Array.get(d, 0));
		return String.valueOf(d);
	}

	private static Object convertH5(Node n, HdfFile h5, Path file, String name) {
		if (n instanceof Group) {
			Map<String, Object> f = new LinkedHashMap<>();
			for (Map.Entry<String, Node> e : ((Group) n).getChildren().entrySet())
				f.put(e.getKey(), convertH5(e.getValue(), h5, file, name + "." + e.getKey()));
			return f;
		}
		if (!(n instanceof Dataset)) throw new FacemapException(file, "'" + name + "' is neither a variable nor a struct");
		Dataset d = (Dataset) n;
		String cls = matlabClass(d);
		int[] hdims = d.getDimensions();
		// MATLAB writes empty arrays as a uint64 vector of their dimensions with MATLAB_empty = 1
		if (d.getAttributes().containsKey("MATLAB_empty")) return Tensor.ofDoubles(new long[] { 0, 0 }, new double[0]);
		Object flat = d.getDataFlat();
		int count = Array.getLength(flat);
		// MATLAB dims are the HDF5 dims reversed, and the HDF5 row-major flat order is MATLAB's column-major order
		int[] mdims = new int[Math.max(2, hdims.length)];
		Arrays.fill(mdims, 1);
		for (int i = 0; i < hdims.length; i++) mdims[i] = hdims[hdims.length - 1 - i];
		if ("cell".equals(cls)) {
			List<Object> items = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				long addr = referenceAddress(Array.get(flat, i), file, name);
				items.add(convertH5(h5.getNodeByAddress(addr), h5, file, name + "{" + (i + 1) + "}"));
			}
			return items;
		}
		if ("char".equals(cls)) {
			StringBuilder b = new StringBuilder();
			for (int i = 0; i < count; i++) b.append((char) ((Number) Array.get(flat, i)).intValue());
			return b.toString();
		}
		double[] v = new double[count];
		for (int lin = 0; lin < count; lin++) {
			Object x = Array.get(flat, lin);
			if (!(x instanceof Number) && !(x instanceof Boolean))
				throw new FacemapException(file, "variable '" + name + "' (MATLAB class " + cls + ") is not numeric");
			double val = x instanceof Boolean ? ((Boolean) x ? 1 : 0) : ((Number) x).doubleValue();
			int rem = lin, row = 0;
			int[] idx = new int[mdims.length];
			for (int k = 0; k < mdims.length; k++) {
				idx[k] = rem % mdims[k];
				rem /= mdims[k];
			}
			for (int k = 0; k < mdims.length; k++) row = row * mdims[k] + idx[k];
			v[row] = val;
		}
		return Tensor.ofDoubles(squeeze(mdims), v);
	}

	private static long referenceAddress(Object ref, Path file, String name) {
		if (ref instanceof Number) return ((Number) ref).longValue();
		if (ref instanceof byte[]) {
			byte[] b = (byte[]) ref;
			long a = 0;
			for (int i = Math.min(8, b.length) - 1; i >= 0; i--) a = (a << 8) | (b[i] & 0xff);
			return a;
		}
		throw new FacemapException(file, "cell '" + name + "' holds references this reader cannot follow (" + (ref == null ? "null" : ref.getClass().getSimpleName()) + ")");
	}

	// ---- writing (version 5) ----

	/**
	 * Writes variables as a MATLAB version 5 file: {@link Tensor} (any rank; shape read as MATLAB's dimensions),
	 * {@code double[]} (a column vector), Map (a 1 x 1 struct), List (a 1 x n cell), String (char). Atomic.
	 */
	public static void write(Path file, Map<String, ?> vars) {
		Mat5File mat = Mat5.newMatFile();
		for (Map.Entry<String, ?> e : vars.entrySet()) mat.addArray(e.getKey(), toMat(e.getValue(), file, e.getKey()));
		AtomicFiles.write(file, tmp -> {
			try {
				Mat5.writeToFile(mat, tmp.toFile());
			}
			finally {
				mat.close();
			}
		});
	}

	private static us.hebi.matlab.mat.types.Array toMat(Object v, Path file, String name) {
		if (v instanceof double[]) v = Tensor.ofDoubles(new long[] { ((double[]) v).length, 1 }, (double[]) v);
		if (v instanceof float[]) v = Tensor.ofFloats(new long[] { ((float[]) v).length, 1 }, (float[]) v);
		if (v instanceof Tensor) {
			Tensor t = (Tensor) v;
			long[] s = t.shape();
			int[] dims = s.length == 0 ? new int[] { 1, 1 } : s.length == 1 ? new int[] { (int) s[0], 1 } : new int[s.length];
			if (s.length >= 2) for (int i = 0; i < s.length; i++) dims[i] = (int) s[i];
			Matrix m = Mat5.newMatrix(dims);
			double[] d = t.doubles();
			int[] idx = new int[dims.length];
			for (int lin = 0; lin < d.length; lin++) {
				int rem = lin, row = 0;
				for (int k = 0; k < dims.length; k++) {
					idx[k] = rem % dims[k];
					rem /= dims[k];
				}
				for (int k = 0; k < dims.length; k++) row = row * dims[k] + idx[k];
				m.setDouble(lin, d[row]);
			}
			return m;
		}
		if (v instanceof String) return Mat5.newString((String) v);
		if (v instanceof Map) {
			Struct s = Mat5.newStruct();
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet())
				s.set(String.valueOf(e.getKey()), toMat(e.getValue(), file, name + "." + e.getKey()));
			return s;
		}
		if (v instanceof List) {
			List<?> l = (List<?>) v;
			Cell c = Mat5.newCell(1, l.size());
			for (int i = 0; i < l.size(); i++) c.set(i, toMat(l.get(i), file, name + "{" + (i + 1) + "}"));
			return c;
		}
		throw new FacemapException(file, "cannot write '" + name + "' (a " + (v == null ? "null" : v.getClass().getSimpleName()) + ") to a .mat file");
	}
}
