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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.keypoints.KeypointSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.DlcCsv;

/**
 * Human keypoint labels: a keypoint set, and for each labelled image its path (as written in the label file) and
 * one x (column) / y (row) pair per keypoint in full-image pixels, NaN = missing (occluded or not labelled). Extra
 * per-image columns (e.g. {@code video}, {@code batch}) are kept as metadata for splitting and round trips.
 * <p>
 * Reads and writes DeepLabCut CSV (three header rows scorer / bodyparts / coords) and the single-header CSV
 * {@code image,video,batch,<kp> x,<kp> y,...}. Facemap's {@code *_Facemap_refined_data.npy} holds images as arrays
 * rather than paths; {@link #images} (when set) holds those arrays. Every write is atomic.
 */
public final class LabelSet {

	/** On-disk label formats. */
	public enum Format {
		/** DeepLabCut: rows scorer, bodyparts, coords, then one row per image with x,y per keypoint. */
		DLC_CSV,
		/** One header row: {@code image,<meta...>,<kp> x,<kp> y,...}. */
		SIMPLE_CSV
	}

	private KeypointSet keypoints;
	private final List<String> imagePaths = new ArrayList<>();
	private final List<String> metaNames = new ArrayList<>();
	private final List<String[]> meta = new ArrayList<>();
	/** The label file's line (from 1) of each row, -1 where the row did not come from a text file. */
	private final List<Integer> lines = new ArrayList<>();
	private float[] x = new float[0], y = new float[0];
	private String scorer = "facemap";
	/** Optional in-memory images (Facemap refined-data files); null when images are files. */
	private List<GrayImage> images;

	public LabelSet(KeypointSet keypoints) {
		this.keypoints = keypoints;
	}

	public LabelSet(KeypointSet keypoints, List<String> metaNames) {
		this.keypoints = keypoints;
		this.metaNames.addAll(metaNames);
	}

	// --------------------------------------------------------------------------------------------- accessors

	public KeypointSet keypointSet() {
		return keypoints;
	}

	public int size() {
		return imagePaths.size();
	}

	public int keypointCount() {
		return keypoints.size();
	}

	public String imagePath(int i) {
		return imagePaths.get(i);
	}

	public List<String> imagePaths() {
		return Collections.unmodifiableList(imagePaths);
	}

	/** Where row i stands in its label file, for messages: "line N" as an editor counts, else "row N" (from 1). */
	public String where(int i) {
		int l = lines.get(i);
		return l > 0 ? "line " + l : "row " + (i + 1);
	}

	/**
	 * The keypoint columns here that match no keypoint of {@code target} (by name or Facemap name): labels that
	 * {@link #mappedTo} leaves out.
	 */
	public List<String> unmatched(KeypointSet target) {
		List<String> out = new ArrayList<>();
		for (String n : keypoints.names())
			if (target.match(n) < 0) out.add(n);
		return out;
	}

	public float x(int i, int k) {
		return x[i * keypoints.size() + k];
	}

	public float y(int i, int k) {
		return y[i * keypoints.size() + k];
	}

	public boolean isMissing(int i, int k) {
		return Float.isNaN(x(i, k)) || Float.isNaN(y(i, k));
	}

	/** Sets one point; NaN marks it missing. */
	public void set(int i, int k, float xv, float yv) {
		int j = i * keypoints.size() + k;
		x[j] = xv;
		y[j] = yv;
	}

	public List<String> metaNames() {
		return Collections.unmodifiableList(metaNames);
	}

	/** The value of metadata column {@code name} for image i, or "" when there is no such column. */
	public String meta(int i, String name) {
		int c = metaNames.indexOf(name);
		return c < 0 ? "" : meta.get(i)[c];
	}

	public String scorer() {
		return scorer;
	}

	public void setScorer(String scorer) {
		this.scorer = scorer;
	}

	/** In-memory images (one per label row) or null when the images are files. */
	public List<GrayImage> images() {
		return images;
	}

	public void setImages(List<GrayImage> images) {
		if (images != null && images.size() != size())
			throw new IllegalArgumentException(images.size() + " images for " + size() + " label rows");
		this.images = images;
	}

	/** Adds an image row with all keypoints missing; returns its index. */
	public int addImage(String path, String... metaValues) {
		String[] m = new String[metaNames.size()];
		Arrays.fill(m, "");
		for (int i = 0; i < Math.min(m.length, metaValues.length); i++) m[i] = metaValues[i];
		imagePaths.add(path);
		meta.add(m);
		lines.add(-1);
		int k = keypoints.size();
		x = Arrays.copyOf(x, imagePaths.size() * k);
		y = Arrays.copyOf(y, imagePaths.size() * k);
		Arrays.fill(x, (imagePaths.size() - 1) * k, x.length, Float.NaN);
		Arrays.fill(y, (imagePaths.size() - 1) * k, y.length, Float.NaN);
		return imagePaths.size() - 1;
	}

	/** The labels as {@link Keypoints} (likelihood 1 where labelled, NaN where missing). */
	public Keypoints toKeypoints() {
		float[] lik = new float[x.length];
		for (int j = 0; j < lik.length; j++) lik[j] = Float.isNaN(x[j]) || Float.isNaN(y[j]) ? Float.NaN : 1f;
		return new Keypoints(keypoints, size(), x.clone(), y.clone(), lik);
	}

	/** A new label set holding rows {@code rows} of this one, in that order. */
	public LabelSet subset(int[] rows) {
		LabelSet s = new LabelSet(keypoints, metaNames);
		s.scorer = scorer;
		List<GrayImage> imgs = images == null ? null : new ArrayList<>();
		for (int r : rows) {
			int i = s.addImage(imagePaths.get(r), meta.get(r).clone());
			s.lines.set(i, lines.get(r));
			for (int k = 0; k < keypoints.size(); k++) s.set(i, k, x(r, k), y(r, k));
			if (imgs != null) imgs.add(images.get(r));
		}
		s.images = imgs;
		return s;
	}

	/**
	 * The labels re-ordered onto {@code target}: each target keypoint takes the column of the same name, or of the
	 * same Facemap name ({@link KeypointSet#toFacemapName}); target keypoints with no match are missing throughout.
	 */
	public LabelSet mappedTo(KeypointSet target) {
		int[] src = new int[target.size()];
		for (int t = 0; t < src.length; t++)
			src[t] = keypoints.match(target.name(t));
		LabelSet s = new LabelSet(target, metaNames);
		s.scorer = scorer;
		for (int i = 0; i < size(); i++) {
			s.addImage(imagePaths.get(i), meta.get(i).clone());
			s.lines.set(i, lines.get(i));
			for (int t = 0; t < src.length; t++)
				if (src[t] >= 0) s.set(i, t, x(i, src[t]), y(i, src[t]));
		}
		s.images = images;
		return s;
	}

	/**
	 * Checks that every keypoint of {@code required} is a column here (by name or Facemap name).
	 *
	 * @throws FacemapException naming {@code file} and the first missing keypoint
	 */
	public void requireKeypoints(KeypointSet required, Path file) {
		for (String n : required.names()) {
			if (keypoints.match(n) < 0) throw new FacemapException(file, "missing keypoint column '" + n + "' (the file has " +
				keypoints.names() + ")");
		}
	}

	// ------------------------------------------------------------------------------------------- image files

	/**
	 * The file of image i: tried as given, then relative to {@code imagesDir} (also just its file name there), then
	 * relative to the label file's folder and its parents (DeepLabCut paths are relative to the project folder).
	 *
	 * @return the existing file, or null when none exists
	 */
	public Path findImage(int i, Path imagesDir, Path labelFile) {
		String p = imagePaths.get(i).replace('\\', '/');
		List<Path> candidates = new ArrayList<>();
		Path asGiven = Path.of(p);
		if (asGiven.isAbsolute()) candidates.add(asGiven);
		String fileName = asGiven.getFileName().toString();
		if (imagesDir != null) {
			candidates.add(imagesDir.resolve(p));
			candidates.add(imagesDir.resolve(fileName));
		}
		if (labelFile != null) {
			Path dir = labelFile.toAbsolutePath().getParent();
			for (int up = 0; dir != null && up < 3; up++, dir = dir.getParent()) {
				candidates.add(dir.resolve(p));
				if (up == 0) candidates.add(dir.resolve(fileName));
			}
		}
		for (Path c : candidates)
			if (Files.isRegularFile(c)) return c;
		return null;
	}

	/**
	 * The files of all images, in row order.
	 *
	 * @throws FacemapException naming the label file, the row and the image when one is not found
	 */
	public List<Path> resolveImages(Path imagesDir, Path labelFile) {
		List<Path> out = new ArrayList<>();
		for (int i = 0; i < size(); i++) {
			Path f = findImage(i, imagesDir, labelFile);
			if (f == null) throw new FacemapException(labelFile, where(i) + ": image '" + imagePaths.get(i) +
				"' not found" + (imagesDir == null ? "" : " in " + imagesDir));
			out.add(f);
		}
		return out;
	}

	/** The rows whose image file exists (for label files that list more frames than were copied). */
	public int[] rowsWithImages(Path imagesDir, Path labelFile) {
		return java.util.stream.IntStream.range(0, size()).filter(i -> findImage(i, imagesDir, labelFile) != null)
			.toArray();
	}

	/** Loads image i as gray: in-memory image when present, otherwise the PNG file. */
	public GrayImage loadImage(int i, Path imagesDir, Path labelFile) {
		if (images != null) return images.get(i);
		Path f = findImage(i, imagesDir, labelFile);
		if (f == null) throw new FacemapException(labelFile, where(i) + ": image '" + imagePaths.get(i) +
			"' not found" + (imagesDir == null ? "" : " in " + imagesDir));
		return GrayImage.readPng(f);
	}

	// ----------------------------------------------------------------------------------------------- reading

	/** Reads a label file, recognising its format from its content. */
	public static LabelSet read(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".npy")) return FacemapRefinedData.read(file);
		List<Integer> starts = new ArrayList<>();
		List<String[]> cells = DlcCsv.readRows(file, starts);
		if (cells.isEmpty()) throw new FacemapException(file, "the label file is empty");
		if (DlcCsv.isDlc(cells)) return parseDlc(file);
		List<List<String>> rows = new ArrayList<>();
		for (String[] c : cells)
			rows.add(java.util.Arrays.asList(c));
		return parseSimple(file, rows, starts);
	}

	/** A DeepLabCut label file, read by the one DLC reader ({@link DlcCsv}); the index (image path) parts joined by '/'. */
	private static LabelSet parseDlc(Path file) {
		DlcCsv.Table t = DlcCsv.read(file);
		LabelSet s = new LabelSet(new KeypointSet(t.header.bodyparts));
		if (!t.header.scorer.isEmpty()) s.scorer = t.header.scorer;
		for (int r = 0; r < t.index.size(); r++) {
			String path = t.index.get(r).replaceAll("/+", "/").replaceAll("^/|/$", "");
			int i = s.addImage(path);
			s.lines.set(i, t.lines[r]);
			for (int k = 0; k < t.header.bodyparts.size(); k++)
				s.set(i, k, t.x[r][k], t.y[r][k]);
		}
		return s;
	}

	private static LabelSet parseSimple(Path file, List<List<String>> rows, List<Integer> lines) {
		List<String> header = rows.get(0);
		int imageCol = -1;
		Map<String, int[]> cols = new LinkedHashMap<>();
		List<Integer> metaCols = new ArrayList<>();
		for (int c = 0; c < header.size(); c++) {
			String h = header.get(c).trim();
			String lower = h.toLowerCase(Locale.ROOT);
			if (imageCol < 0 && (lower.equals("image") || lower.equals("img") || lower.equals("file") ||
				lower.equals("filename") || lower.equals("frame"))) {
				imageCol = c;
				continue;
			}
			String base = null;
			int which = -1;
			if (lower.endsWith(" x") || lower.endsWith("_x")) {
				base = h.substring(0, h.length() - 2).trim();
				which = 0;
			}
			else if (lower.endsWith(" y") || lower.endsWith("_y")) {
				base = h.substring(0, h.length() - 2).trim();
				which = 1;
			}
			if (base != null && !base.isEmpty()) cols.computeIfAbsent(base, k -> new int[] { -1, -1 })[which] = c;
			else metaCols.add(c);
		}
		if (imageCol < 0) throw new FacemapException(file,
			"not a label file: expected a DeepLabCut header (scorer/bodyparts/coords) or a header starting with 'image'");
		for (Map.Entry<String, int[]> e : cols.entrySet()) {
			if (e.getValue()[0] < 0) throw new FacemapException(file, "missing keypoint column '" + e.getKey() + " x'");
			if (e.getValue()[1] < 0) throw new FacemapException(file, "missing keypoint column '" + e.getKey() + " y'");
		}
		if (cols.isEmpty()) throw new FacemapException(file, "no keypoint columns ('<name> x', '<name> y')");
		List<String> metaNames = new ArrayList<>();
		for (int c : metaCols) metaNames.add(header.get(c).trim());
		LabelSet s = new LabelSet(new KeypointSet(new ArrayList<>(cols.keySet())), metaNames);
		List<int[]> xy = new ArrayList<>(cols.values());
		for (int r = 1; r < rows.size(); r++) {
			List<String> row = rows.get(r);
			if (row.size() == 1 && row.get(0).trim().isEmpty()) continue;
			int line = lines.get(r);
			if (row.size() < header.size())
				throw new FacemapException(file, "line " + line + " has " + row.size() + " fields, the header has " + header.size()
					+ " (a cut-off row?)");
			String[] m = new String[metaCols.size()];
			for (int j = 0; j < m.length; j++) m[j] = cell(row, metaCols.get(j)).trim();
			String img = cell(row, imageCol).trim();
			if (img.isEmpty()) throw new FacemapException(file, "line " + line + ": no image name");
			int i = s.addImage(img, m);
			s.lines.set(i, line);
			for (int k = 0; k < xy.size(); k++) {
				String n = s.keypoints.name(k);
				s.set(i, k, number(file, line, row, xy.get(k)[0], n + " x"), number(file, line, row, xy.get(k)[1], n + " y"));
			}
		}
		return s;
	}

	private static String cell(List<String> row, int c) {
		return c < row.size() ? row.get(c) : "";
	}

	private static float number(Path file, int line, List<String> row, int c, String column) {
		String v = cell(row, c).trim();
		if (v.isEmpty() || v.equalsIgnoreCase("nan")) return Float.NaN;
		try {
			float f = Float.parseFloat(v);
			if (Float.isInfinite(f)) throw new NumberFormatException();
			return f;
		}
		catch (NumberFormatException e) {
			throw new FacemapException(file, "line " + line + ", column '" + column + "': '" + v +
				"' is not a number");
		}
	}

	// ----------------------------------------------------------------------------------------------- writing

	/** Writes the labels atomically in {@code format}. Missing points are empty cells. */
	public void write(Path file, Format format) {
		StringBuilder sb = new StringBuilder();
		int n = keypoints.size();
		if (format == Format.DLC_CSV) {
			float[][] xs = new float[size()][n], ys = new float[size()][n];
			for (int i = 0; i < size(); i++)
				for (int k = 0; k < n; k++) {
					xs[i][k] = x(i, k);
					ys[i][k] = y(i, k);
				}
			DlcCsv.write(file, scorer, keypoints.names(), imagePaths, xs, ys, null);
			return;
		}
		else {
			sb.append("image");
			for (String m : metaNames) sb.append(',').append(csv(m));
			for (String name : keypoints.names()) sb.append(',').append(csv(name + " x")).append(',').append(csv(name + " y"));
			sb.append('\n');
			for (int i = 0; i < size(); i++) {
				sb.append(csv(imagePaths.get(i)));
				for (String m : meta.get(i)) sb.append(',').append(csv(m));
				for (int k = 0; k < n; k++) sb.append(',').append(num(x(i, k))).append(',').append(num(y(i, k)));
				sb.append('\n');
			}
		}
		AtomicFiles.writeString(file, sb.toString());
	}

	/** Writes in the format suggested by the file name: Facemap .npy (images must be in memory or
	 * findable from their paths), otherwise DeepLabCut CSV unless metadata. */
	public void write(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".npy")) FacemapRefinedData.write(this, file, null, null);
		else write(file, metaNames.isEmpty() ? Format.DLC_CSV : Format.SIMPLE_CSV);
	}

	private static String num(float v) {
		if (Float.isNaN(v)) return "";
		if (v == Math.rint(v) && Math.abs(v) < 1e7) return Integer.toString((int) v);
		return Float.toString(v);
	}

	private static String csv(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
