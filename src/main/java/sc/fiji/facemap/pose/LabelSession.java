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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.task.Progress;

/**
 * A labelling session over a label file: every edit is saved at once (atomically: temporary file, then rename), and
 * the position (current frame, frames visited) is kept in {@code <labels>.session.json} beside it, so labelling
 * resumes where it stopped. The annotation window is a thin view over this class.
 */
public final class LabelSession {

	private final Path labelFile, imagesDir, sessionFile;
	private final LabelSet labels;
	private final TreeSet<Integer> visited = new TreeSet<>();
	private int current;
	private int saves;

	private LabelSession(Path labelFile, Path imagesDir, LabelSet labels) {
		this.labelFile = labelFile;
		this.imagesDir = imagesDir;
		this.labels = labels;
		this.sessionFile = labelFile.resolveSibling(labelFile.getFileName() + ".session.json");
	}

	/**
	 * Opens a label file and its session state (when there is one): resumes at the saved frame, else at the first
	 * frame not visited.
	 */
	public static LabelSession open(Path labelFile, Path imagesDir) {
		LabelSession s = new LabelSession(labelFile, imagesDir, LabelSet.read(labelFile));
		s.labels.resolveImages(imagesDir, labelFile);
		s.current = -1;
		if (Files.isRegularFile(s.sessionFile)) {
			try {
				JsonObject o = new Gson().fromJson(Files.readString(s.sessionFile, StandardCharsets.UTF_8), JsonObject.class);
				if (o.has("visited")) for (int i : new Gson().fromJson(o.get("visited"), int[].class))
					if (i >= 0 && i < s.labels.size()) s.visited.add(i);
				if (o.has("current")) s.current = o.get("current").getAsInt();
			}
			catch (IOException | RuntimeException e) {
				// a damaged session file only loses the position, never labels
				s.current = -1;
			}
		}
		if (s.current < 0 || s.current >= s.labels.size()) s.current = s.firstUnvisited();
		return s;
	}

	/**
	 * Fills frames that were never visited and have no labelled point with the model's predictions, as starting
	 * points (saved).
	 *
	 * @return the number of frames prefilled
	 */
	public int prefill(PoseModel model, Progress progress) {
		LabelSet mapped = labels.mappedTo(model.keypoints());
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			if (visited.contains(i)) continue;
			boolean any = false;
			for (int k = 0; k < labels.keypointCount() && !any; k++) any = !labels.isMissing(i, k);
			if (!any) rows.add(i);
		}
		if (rows.isEmpty()) return 0;
		int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
		TrainingSet set = TrainingSet.load(mapped, r, imagesDir, labelFile, true, progress);
		float[][][] pred;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = model.createNetwork(m)) {
			pred = Evaluation.predict(net, set);
		}
		int filled = 0;
		for (int j = 0; j < r.length; j++) {
			boolean any = false;
			for (int k = 0; k < labels.keypointCount(); k++) {
				int mk = model.keypoints().indexOf(labels.keypointSet().name(k));
				if (mk < 0) {
					String f = KeypointSet.toFacemapName(labels.keypointSet().name(k));
					for (int t = 0; t < model.keypoints().size() && f != null; t++)
						if (f.equals(KeypointSet.toFacemapName(model.keypoints().name(t)))) mk = t;
				}
				if (mk < 0) continue;
				labels.set(r[j], k, pred[0][j][mk], pred[1][j][mk]);
				any = true;
			}
			if (any) filled++;
		}
		save();
		return filled;
	}

	public LabelSet labels() {
		return labels;
	}

	public Path labelFile() {
		return labelFile;
	}

	public Path imagesDir() {
		return imagesDir;
	}

	public int current() {
		return current;
	}

	public boolean isVisited(int i) {
		return visited.contains(i);
	}

	/** Number of saves so far (every edit and every move saves). */
	public int saves() {
		return saves;
	}

	/** Moves to frame i (clamped) and marks it visited. */
	public void go(int i) {
		current = Math.max(0, Math.min(labels.size() - 1, i));
		visited.add(current);
		saveSession();
	}

	public void next() {
		go(current + 1);
	}

	public void previous() {
		go(current - 1);
	}

	/** Moves keypoint k of the current frame (NaN = missing) and saves. */
	public void set(int k, float x, float y) {
		labels.set(current, k, x, y);
		visited.add(current);
		save();
	}

	/** Marks keypoint k of the current frame missing (occluded) and saves. */
	public void markMissing(int k) {
		set(k, Float.NaN, Float.NaN);
	}

	/** The first frame never visited, or 0. */
	public int firstUnvisited() {
		for (int i = 0; i < labels.size(); i++)
			if (!visited.contains(i)) return i;
		return 0;
	}

	/** Saves the labels (in the label file's own format) and the session state, each atomically. */
	public void save() {
		String n = labelFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (n.endsWith(".npy")) FacemapRefinedData.write(labels, labelFile, imagesDir, labelFile);
		else labels.write(labelFile, isDlc() ? LabelSet.Format.DLC_CSV : LabelSet.Format.SIMPLE_CSV);
		saves++;
		saveSession();
	}

	private boolean isDlc() {
		try {
			String first = Files.readAllLines(labelFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
			return first.trim().toLowerCase(java.util.Locale.ROOT).startsWith("scorer");
		}
		catch (IOException e) {
			return labels.metaNames().isEmpty();
		}
	}

	private void saveSession() {
		JsonObject o = new JsonObject();
		o.addProperty("current", current);
		o.add("visited", new Gson().toJsonTree(visited.stream().mapToInt(Integer::intValue).toArray()));
		AtomicFiles.writeString(sessionFile, new Gson().toJson(o) + "\n");
	}
}
