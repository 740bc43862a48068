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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/**
 * DeepLabCut-style CSV: header rows {@code scorer}, optionally {@code individuals}, {@code bodyparts} and
 * {@code coords} (x, y and optionally likelihood per bodypart), then one row per frame or image, led by one or more
 * index columns (a frame number, an image path, or DLC's three columns labeled-data/folder/image). Used to export
 * keypoint traces for other tools and, through {@link #read}, by the label readers. Missing values are empty cells
 * and read as NaN.
 */
public final class DlcCsv {

	private DlcCsv() {}

	/** The parsed header: scorer, keypoint names and where each keypoint's columns are. */
	public static final class Header {
		public final String scorer;
		/** Keypoint names in column order; "individual/bodypart" for multi-animal files with more than one individual. */
		public final List<String> bodyparts;
		/** Number of leading index columns (1 for a frame number or path, 3 for DLC's split paths). */
		public final int indexColumns;
		/** Number of header rows (3, or 4 with an individuals row). */
		public final int headerRows;
		private final int[] xCol, yCol, lCol;

		Header(String scorer, List<String> bodyparts, int indexColumns, int headerRows, int[] x, int[] y, int[] l) {
			this.scorer = scorer;
			this.bodyparts = List.copyOf(bodyparts);
			this.indexColumns = indexColumns;
			this.headerRows = headerRows;
			this.xCol = x;
			this.yCol = y;
			this.lCol = l;
		}

		public int xColumn(int k) {
			return xCol[k];
		}

		public int yColumn(int k) {
			return yCol[k];
		}

		/** The likelihood column of keypoint k, or -1 (label files have none). */
		public int likelihoodColumn(int k) {
			return lCol[k];
		}

		public boolean hasLikelihood() {
			return Arrays.stream(lCol).allMatch(c -> c >= 0);
		}
	}

	/** A whole file: header, the index of each row (index columns joined with '/'), and values per row and keypoint. */
	public static final class Table {
		public final Header header;
		public final List<String> index;
		/** [row][keypoint]; NaN = missing. Likelihood is NaN everywhere when the file has no likelihood columns. */
		public final float[][] x, y, likelihood;
		/** The file line (from 1) of each data row, for messages. */
		public final int[] lines;

		Table(Header header, List<String> index, float[][] x, float[][] y, float[][] likelihood, int[] lines) {
			this.header = header;
			this.index = index;
			this.lines = lines;
			this.x = x;
			this.y = y;
			this.likelihood = likelihood;
		}
	}

	/** Splits one CSV line (RFC 4180 quotes). */
	public static String[] splitLine(String line) {
		List<String[]> rows = parse(line);
		return rows.isEmpty() ? new String[] { "" } : rows.get(0);
	}

	/** Reads all non-empty rows of a CSV file as cells (RFC 4180: quoted cells, doubled quotes, quoted newlines, CRLF, BOM). */
	public static List<String[]> readRows(Path file) {
		return readRows(file, null);
	}

	/**
	 * Reads all non-empty rows of a CSV file; {@code lines} (when not null) receives the file line (from 1) on which
	 * each row starts, so that messages count lines the way an editor does (blank lines and quoted newlines included).
	 */
	public static List<String[]> readRows(Path file, List<Integer> lines) {
		return parse(new String(FileBytes.read(file), StandardCharsets.UTF_8), lines);
	}

	/** The rows of a CSV text; blank lines are skipped. */
	static List<String[]> parse(String text) {
		return parse(text, null);
	}

	private static List<String[]> parse(String text, List<Integer> lines) {
		if (text.startsWith("\uFEFF")) text = text.substring(1);
		List<String[]> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false, any = false;
		int line = 1, rowStart = 1;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (quoted) {
				if (ch == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					}
					else quoted = false;
				}
				else {
					if (ch == '\n' || ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) line++;
					cell.append(ch);
				}
				continue;
			}
			if (ch == '"') {
				quoted = true;
				any = true;
			}
			else if (ch == ',') {
				row.add(cell.toString());
				cell.setLength(0);
				any = true;
			}
			else if (ch == '\n' || ch == '\r') {
				if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
				if (any && !(row.isEmpty() && cell.toString().trim().isEmpty())) {
					row.add(cell.toString());
					rows.add(row.toArray(new String[0]));
					if (lines != null) lines.add(rowStart);
				}
				row = new ArrayList<>();
				cell.setLength(0);
				any = false;
				rowStart = ++line;
			}
			else {
				cell.append(ch);
				any = true;
			}
		}
		if (any && !(row.isEmpty() && cell.toString().trim().isEmpty())) {
			row.add(cell.toString());
			rows.add(row.toArray(new String[0]));
			if (lines != null) lines.add(rowStart);
		}
		return rows;
	}

	/** True when the rows start like a DeepLabCut CSV (first cell of the first row is "scorer"). */
	public static boolean isDlc(List<String[]> rows) {
		return !rows.isEmpty() && rows.get(0).length > 0 && rows.get(0)[0].trim().equalsIgnoreCase("scorer");
	}

	/** Parses the 3 (or 4, with individuals) header rows; {@code file} only names the file in errors. */
	public static Header parseHeader(List<String[]> rows, Path file) {
		if (!isDlc(rows))
			throw new FacemapException(file, "expected a DeepLabCut CSV whose header rows start with 'scorer', 'bodyparts', 'coords'");
		int r = 1;
		String[] individuals = null;
		if (rows.size() > r && rows.get(r)[0].trim().equalsIgnoreCase("individuals")) individuals = rows.get(r++);
		if (rows.size() <= r + 1 || !rows.get(r)[0].trim().equalsIgnoreCase("bodyparts") || !rows.get(r + 1)[0].trim().equalsIgnoreCase("coords"))
			throw new FacemapException(file, "expected DeepLabCut header rows 'scorer', 'bodyparts', 'coords' (found "
				+ (rows.size() > r ? "'" + rows.get(r)[0] + "'" : "nothing") + " in row " + (r + 1) + ")");
		String[] scorer = rows.get(0), bp = rows.get(r), coords = rows.get(r + 1);
		int width = coords.length;
		// index columns: leading columns whose coords cell is empty (or the 'coords' label itself)
		int idx = 1;
		while (idx < width && coords[idx].trim().isEmpty()) idx++;
		boolean multi = false;
		if (individuals != null) {
			java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
			for (int c = idx; c < individuals.length; c++) distinct.add(individuals[c].trim());
			multi = distinct.size() > 1;
		}
		Map<String, int[]> cols = new LinkedHashMap<>();
		for (int c = idx; c < width; c++) {
			String name = c < bp.length ? bp[c].trim() : "";
			if (name.isEmpty()) throw new FacemapException(file, "column " + (c + 1) + " has no bodypart name");
			if (multi) name = individuals[c].trim() + "/" + name;
			String coord = coords[c].trim().toLowerCase(Locale.ROOT);
			int[] xyl = cols.computeIfAbsent(name, k -> new int[] { -1, -1, -1 });
			int which = coord.equals("x") ? 0 : coord.equals("y") ? 1 : coord.equals("likelihood") ? 2 : -1;
			if (which < 0) throw new FacemapException(file, "column " + (c + 1) + ": unknown coordinate '" + coords[c] + "' (expected x, y or likelihood)");
			if (xyl[which] >= 0) throw new FacemapException(file, "bodypart '" + name + "' has two '" + coord + "' columns");
			xyl[which] = c;
		}
		if (cols.isEmpty()) throw new FacemapException(file, "the DeepLabCut header names no bodyparts");
		List<String> names = new ArrayList<>(cols.keySet());
		int n = names.size();
		int[] x = new int[n], y = new int[n], l = new int[n];
		for (int k = 0; k < n; k++) {
			int[] c = cols.get(names.get(k));
			if (c[0] < 0 || c[1] < 0) throw new FacemapException(file, "missing keypoint column '" + names.get(k) + "' " + (c[0] < 0 ? "x" : "y")
				+ " (bodypart '" + names.get(k) + "' needs both an x and a y column)");
			x[k] = c[0];
			y[k] = c[1];
			l[k] = c[2];
		}
		String sc = scorer.length > idx ? scorer[idx].trim() : "";
		return new Header(sc, names, idx, r + 2, x, y, l);
	}

	/** Reads a whole DLC CSV. Errors name the file, row and column. */
	public static Table read(Path file) {
		List<Integer> starts = new ArrayList<>();
		List<String[]> rows = readRows(file, starts);
		Header h = parseHeader(rows, file);
		int n = rows.size() - h.headerRows, k = h.bodyparts.size();
		int width = rows.get(h.headerRows - 1).length;
		int[] lines = new int[n];
		float[][] x = new float[n][k], y = new float[n][k], l = new float[n][k];
		List<String> index = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String[] row = rows.get(h.headerRows + i);
			StringBuilder ix = new StringBuilder();
			for (int c = 0; c < h.indexColumns && c < row.length; c++) {
				if (c > 0 && !row[c].isEmpty()) ix.append('/');
				ix.append(row[c]);
			}
			index.add(ix.toString());
			int line = starts.get(h.headerRows + i);
			lines[i] = line;
			if (row.length < width)
				throw new FacemapException(file, "line " + line + " has " + row.length + " fields, the header has " + width
					+ " (a cut-off row?)");
			for (int j = 0; j < k; j++) {
				String bp = h.bodyparts.get(j);
				x[i][j] = cell(row, h.xCol[j], file, line, bp + " x");
				y[i][j] = cell(row, h.yCol[j], file, line, bp + " y");
				l[i][j] = h.lCol[j] >= 0 ? cell(row, h.lCol[j], file, line, bp + " likelihood") : Float.NaN;
			}
		}
		return new Table(h, index, x, y, l, lines);
	}

	private static float cell(String[] row, int col, Path file, int line, String column) {
		if (col >= row.length) return Float.NaN;
		String s = row[col].trim();
		if (s.isEmpty() || s.equalsIgnoreCase("nan")) return Float.NaN;
		try {
			return Float.parseFloat(s);
		}
		catch (NumberFormatException e) {
			throw new FacemapException(file, "line " + line + ", column " + (col + 1) + ": '" + s + "' is not a number (column '" + column + "')");
		}
	}

	/**
	 * Reads keypoint traces exported by {@link #writeKeypoints} (or any DLC CSV with one row per frame). Rows are
	 * frames in file order; without likelihood columns, likelihood is 1 where x and y are present.
	 */
	public static Keypoints readKeypoints(Path file) {
		Table t = read(file);
		int n = t.index.size(), k = t.header.bodyparts.size();
		Keypoints kp = new Keypoints(new KeypointSet(t.header.bodyparts), n);
		boolean lik = t.header.hasLikelihood();
		for (int f = 0; f < n; f++)
			for (int j = 0; j < k; j++) {
				float xv = t.x[f][j], yv = t.y[f][j];
				float lv = lik ? t.likelihood[f][j] : Float.isNaN(xv) || Float.isNaN(yv) ? Float.NaN : 1f;
				kp.set(f, j, xv, yv, lv);
			}
		return kp;
	}

	/** Exports keypoint traces: scorer/bodyparts/coords header, then frame index, x, y, likelihood per keypoint. Atomic. */
	public static void writeKeypoints(Path file, Keypoints kp, String scorer) {
		writeKeypoints(file, kp, scorer, 0);
	}

	/** Same, the index column holding the video's frame numbers {@code firstFrame, firstFrame + 1, ...}. */
	public static void writeKeypoints(Path file, Keypoints kp, String scorer, int firstFrame) {
		int n = kp.frames(), k = kp.keypoints();
		List<String> index = new ArrayList<>();
		float[][] x = new float[n][k], y = new float[n][k], l = new float[n][k];
		for (int f = 0; f < n; f++) {
			index.add(Integer.toString(firstFrame + f));
			for (int j = 0; j < k; j++) {
				x[f][j] = kp.x(f, j);
				y[f][j] = kp.y(f, j);
				l[f][j] = kp.likelihood(f, j);
			}
		}
		write(file, scorer, kp.keypointSet().names(), index, x, y, l);
	}

	/**
	 * Writes a DLC CSV with one index column. {@code likelihood} null writes x and y only (the label format).
	 * NaN is written as an empty cell, as pandas does. Atomic.
	 */
	public static void write(Path file, String scorer, List<String> bodyparts, List<String> index, float[][] x, float[][] y, float[][] likelihood) {
		int per = likelihood == null ? 2 : 3;
		StringBuilder sb = new StringBuilder();
		StringBuilder r1 = new StringBuilder("scorer"), r2 = new StringBuilder("bodyparts"), r3 = new StringBuilder("coords");
		for (String b : bodyparts)
			for (int c = 0; c < per; c++) {
				r1.append(',').append(quote(scorer));
				r2.append(',').append(quote(b));
				r3.append(',').append(c == 0 ? "x" : c == 1 ? "y" : "likelihood");
			}
		sb.append(r1).append('\n').append(r2).append('\n').append(r3).append('\n');
		for (int i = 0; i < index.size(); i++) {
			sb.append(quote(index.get(i)));
			for (int j = 0; j < bodyparts.size(); j++) {
				sb.append(',').append(num(x[i][j])).append(',').append(num(y[i][j]));
				if (likelihood != null) sb.append(',').append(num(likelihood[i][j]));
			}
			sb.append('\n');
		}
		AtomicFiles.writeString(file, sb.toString());
	}

	private static String num(float v) {
		if (Float.isNaN(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v) + ".0";
		return Float.toString(v);
	}

	private static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
