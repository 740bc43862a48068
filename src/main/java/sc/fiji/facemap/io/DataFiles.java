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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.facemap.FacemapException;

/**
 * Reads what a {@link DataRef} names, whatever the format: {@code .npy} ({@link Npy}; a dict's keys by
 * {@code :key}), {@code .csv} ({@link CsvMatrix}), {@code .mat} v5 and v7.3 ({@link MatFiles}), {@code .h5}
 * datasets ({@link H5Arrays}). The result is a {@link Tensor}, a {@code Map} (struct or dict), a {@code List} (cell
 * or Python list) or a String. Without a variable, a file that holds several names is an error that lists them.
 */
public final class DataFiles {

	private static final Pattern INDEXED = Pattern.compile("^(.+)_(\\d+)$");

	private DataFiles() {}

	public static Object read(DataRef ref) {
		Path file = ref.file();
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		String ext = ref.extension();
		String var = ref.variable();
		switch (ext) {
			case "npy": {
				Object o = Npy.read(file);
				if (var == null) return o;
				if (!(o instanceof Map))
					throw new FacemapException(file, "':" + var + "' selects a key of a dict, but this .npy holds a " + PickleReader.typeName(o));
				return select(stringKeys((Map<?, ?>) o), var, file);
			}
			case "csv":
			case "txt":
			case "tsv":
				if (var != null) throw new FacemapException(file, "a CSV file has no variables (':" + var + "')");
				return CsvMatrix.read(file).tensor();
			case "mat": {
				Map<String, Object> vars = MatFiles.read(file);
				if (var == null) return only(vars, file, "variable", ".mat");
				return select(vars, var, file);
			}
			case "h5":
			case "hdf5": {
				if (var != null) return H5Arrays.read(file, var);
				List<String> ds = H5Arrays.datasets(file);
				if (ds.size() == 1) return H5Arrays.read(file, ds.get(0));
				throw new FacemapException(file, "the file holds " + (ds.isEmpty() ? "no datasets" : ds.size() + " datasets (" + String.join(", ", ds) +
					")") + "; name one as FILE.h5:dataset");
			}
			default:
				if (MatFiles.isMatFile(file)) {
					Map<String, Object> vars = MatFiles.read(file);
					return var == null ? only(vars, file, "variable", ".mat") : select(vars, var, file);
				}
				throw new FacemapException(file, "unknown data format '." + ext + "'; expected .npy, .csv, .mat or .h5");
		}
	}

	private static Object only(Map<String, Object> vars, Path file, String what, String ext) {
		if (vars.size() == 1) return vars.values().iterator().next();
		throw new FacemapException(file, "the file holds " + vars.size() + " " + what + "s (" + String.join(", ", vars.keySet()) + "); name one as FILE" + ext +
			":var");
	}

	private static Map<String, Object> stringKeys(Map<?, ?> m) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
		return out;
	}

	/**
	 * Follows a dotted path through maps (structs, dicts); a last part {@code name_i} that is not a key picks element
	 * i of the list {@code name} (the naming of Facemap's .mat export, {@code motSVD_0}).
	 */
	public static Object select(Map<String, Object> root, String path, Path file) {
		Object cur = root;
		String at = "";
		for (String part : path.split("\\.", -1)) {
			if (!(cur instanceof Map))
				throw new FacemapException(file, "'" + at + "' is a " + MatFiles.describe(cur) + ", not a struct or dict with a field '" + part + "'");
			Map<?, ?> m = (Map<?, ?>) cur;
			Object next;
			if (m.containsKey(part)) next = m.get(part);
			else {
				Matcher im = INDEXED.matcher(part);
				Object base = im.matches() ? m.get(im.group(1)) : null;
				if (base instanceof List) {
					List<?> l = (List<?>) base;
					int i = Integer.parseInt(im.group(2));
					if (i >= l.size()) throw new FacemapException(file, "'" + im.group(1) + "' has " + l.size() + " elements; there is no " + part);
					next = l.get(i);
				}
				else {
					List<String> names = new ArrayList<>();
					for (Object k : m.keySet()) names.add(String.valueOf(k));
					throw new FacemapException(file, (at.isEmpty() ? "no variable '" + part + "'; the file has: " : "'" + at + "' has no field '" + part +
						"'; its fields are: ") + String.join(", ", names));
				}
			}
			cur = next;
			at = at.isEmpty() ? part : at + "." + part;
		}
		return cur;
	}

	/** A short description of a value read here ("35129 x 52 matrix", "struct", "cell of 128", a Python type). */
	public static String describe(Object v) {
		if (v == null || v instanceof Tensor || v instanceof Map || v instanceof List || v instanceof String) return MatFiles.describe(v);
		return PickleReader.typeName(v);
	}
}
