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

import sc.fiji.facemap.keypoints.KeypointSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.task.Progress;

/**
 * Labelled frames ready for training or evaluation: each frame preprocessed to 256x256 (Facemap's training
 * preprocessing for training, its inference preprocessing for evaluation) with its keypoints in 256-space, plus the
 * original full-frame labels and the geometry to map predictions back to the frame.
 */
public final class TrainingSet {

	private final KeypointSet keypoints;
	private final List<TrainingImages.Prepared> items;
	private final List<float[]> frameX, frameY;
	private final List<String> names;

	private TrainingSet(KeypointSet keypoints, List<TrainingImages.Prepared> items, List<float[]> fx, List<float[]> fy,
		List<String> names) {
		this.keypoints = keypoints;
		this.items = items;
		this.frameX = fx;
		this.frameY = fy;
		this.names = names;
	}

	/**
	 * Loads and preprocesses rows of a label set.
	 *
	 * @param forInference Facemap's inference preprocessing (align_corners=False) instead of its training one
	 * @throws sc.fiji.facemap.FacemapException when an image is missing or unreadable
	 */
	public static TrainingSet load(LabelSet labels, int[] rows, Path imagesDir, Path labelFile, boolean forInference,
		Progress progress) {
		int K = labels.keypointCount();
		List<TrainingImages.Prepared> items = new ArrayList<>();
		List<float[]> fx = new ArrayList<>(), fy = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int j = 0; j < rows.length; j++) {
			int i = rows[j];
			progress.checkCanceled();
			progress.update(j, rows.length, "Loading labelled frames");
			GrayImage img = labels.loadImage(i, imagesDir, labelFile);
			float[] kx = new float[K], ky = new float[K], px = new float[K], py = new float[K];
			for (int k = 0; k < K; k++) {
				boolean miss = labels.isMissing(i, k);
				kx[k] = miss ? Float.NaN : labels.x(i, k);
				ky[k] = miss ? Float.NaN : labels.y(i, k);
				px[k] = kx[k];
				py[k] = ky[k];
				if (!miss && outsideImage(kx[k], ky[k], img)) {
					// a label outside the image: the keypoint is out of view (trained towards an empty heatmap, and
					// not an error term in evaluation)
					kx[k] = ky[k] = Float.NaN;
					px[k] = py[k] = TrainingTargets.OUTSIDE;
				}
			}
			items.add(forInference ? TrainingImages.prepareInference(img, px, py) : TrainingImages.prepare(img, px, py));
			fx.add(kx);
			fy.add(ky);
			names.add(labels.imagePath(i));
		}
		progress.update(rows.length, rows.length, "Loading labelled frames");
		return new TrainingSet(labels.keypointSet(), items, fx, fy, names);
	}

	/** True when (x, y) lies more than half a pixel outside the image: the convention for "out of view" labels. */
	public static boolean outsideImage(float x, float y, GrayImage img) {
		return x < -0.5f || y < -0.5f || x > img.width() - 0.5f || y > img.height() - 0.5f;
	}

	public KeypointSet keypointSet() {
		return keypoints;
	}

	public int size() {
		return items.size();
	}

	public TrainingImages.Prepared item(int i) {
		return items.get(i);
	}

	/** Full-frame labels of item i (NaN = missing). */
	public float[] frameX(int i) {
		return frameX.get(i);
	}

	public float[] frameY(int i) {
		return frameY.get(i);
	}

	public String name(int i) {
		return names.get(i);
	}

	/** The first n items (for data-efficiency runs). */
	public TrainingSet head(int n) {
		n = Math.min(n, size());
		return new TrainingSet(keypoints, items.subList(0, n), frameX.subList(0, n), frameY.subList(0, n),
			names.subList(0, n));
	}

	/**
	 * The items of several sets, in order (labels from more than one rig or file). All sets must have the same
	 * keypoints, in the same order.
	 */
	public static TrainingSet concat(List<TrainingSet> sets) {
		if (sets.isEmpty()) throw new IllegalArgumentException("no training sets");
		KeypointSet k = sets.get(0).keypoints;
		List<TrainingImages.Prepared> items = new ArrayList<>();
		List<float[]> fx = new ArrayList<>(), fy = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (TrainingSet s : sets) {
			if (!s.keypoints.names().equals(k.names())) throw new IllegalArgumentException(
				"training sets with different keypoints: " + k.names() + " and " + s.keypoints.names());
			items.addAll(s.items);
			fx.addAll(s.frameX);
			fy.addAll(s.frameY);
			names.addAll(s.names);
		}
		return new TrainingSet(k, items, fx, fy, names);
	}

	/** Row indices of {@code labels} grouped by the values of the metadata columns {@code columns} (joined by "/"). */
	public static Map<String, List<Integer>> groups(LabelSet labels, String... columns) {
		Map<String, List<Integer>> g = new LinkedHashMap<>();
		for (int i = 0; i < labels.size(); i++) {
			StringBuilder key = new StringBuilder();
			for (String c : columns) {
				if (key.length() > 0) key.append('/');
				key.append(labels.meta(i, c));
			}
			g.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(i);
		}
		return g;
	}
}
