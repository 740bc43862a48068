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

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.FacemapException;

/**
 * A numeric matrix as a CSV file: one row per line, values separated by commas (or tabs or semicolons, whichever the
 * first line uses), an optional header line of column names (taken as a header when any of its cells is not a
 * number). Empty cells and {@code NaN} read as NaN. Written with a header when names are given, atomically.
 */
public final class CsvMatrix {

	/** The values, rows x columns, and the column names (null when the file has no header). */
	public record Table(double[][] rows, List<String> names) {
		public int rowCount() {
			return rows.length;
		}

		public int columnCount() {
			return rows.length == 0 ? (names == null ? 0 : names.size()) : rows[0].length;
		}

		/** The values as a float64 tensor of shape [rows, columns]. */
		public Tensor tensor() {
			int r = rowCount(), c = columnCount();
			double[] d = new double[r * c];
			for (int i = 0; i < r; i++) System.arraycopy(rows[i], 0, d, i * c, c);
			return Tensor.ofDoubles(new long[] { r, c }, d);
		}
	}

	private CsvMatrix() {}

	public static Table read(Path file) {
		List<String> lines;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			lines = new ArrayList<>();
			for (String l; (l = r.readLine()) != null;)
				if (!l.isBlank()) lines.add(l);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
		if (lines.isEmpty()) throw new FacemapException(file, "the CSV file is empty");
		String first = lines.get(0);
		String sep = first.contains(",") ? "," : first.contains("\t") ? "\t" : first.contains(";") ? ";" : ",";
		String[] head = split(first, sep);
		boolean header = false;
		for (String h : head)
			if (!h.isEmpty() && parse(h) == null) header = true;
		List<String> names = null;
		if (header) {
			names = new ArrayList<>();
			for (String h : head) names.add(unquote(h));
		}
		int cols = head.length;
		int start = header ? 1 : 0;
		double[][] rows = new double[lines.size() - start][];
		for (int i = start; i < lines.size(); i++) {
			String[] cells = split(lines.get(i), sep);
			if (cells.length != cols)
				throw new FacemapException(file, "line " + (i + 1) + " has " + cells.length + " values, the first line has " + cols);
			double[] row = new double[cols];
			for (int j = 0; j < cols; j++) {
				Double v = cells[j].isEmpty() ? Double.valueOf(Double.NaN) : parse(cells[j]);
				if (v == null) throw new FacemapException(file, "line " + (i + 1) + ", column " + (j + 1) + ": '" + cells[j] + "' is not a number");
				row[j] = v;
			}
			rows[i - start] = row;
		}
		return new Table(rows, names);
	}

	private static String[] split(String line, String sep) {
		String[] c = line.split(java.util.regex.Pattern.quote(sep), -1);
		for (int i = 0; i < c.length; i++) c[i] = c[i].trim();
		return c;
	}

	private static String unquote(String s) {
		return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
	}

	private static Double parse(String s) {
		String t = unquote(s);
		if (t.equalsIgnoreCase("nan")) return Double.NaN;
		try {
			return Double.parseDouble(t);
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	/** Writes rows x columns with an optional header (names may be null). Atomic. */
	public static void write(Path file, double[][] rows, List<String> names) {
		StringBuilder b = new StringBuilder();
		if (names != null) b.append(String.join(",", names)).append('\n');
		for (double[] r : rows) {
			for (int j = 0; j < r.length; j++) {
				if (j > 0) b.append(',');
				b.append(Double.isNaN(r[j]) ? "NaN" : Double.toString(r[j]));
			}
			b.append('\n');
		}
		AtomicFiles.writeString(file, b.toString());
	}
}
