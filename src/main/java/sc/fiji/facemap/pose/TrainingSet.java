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
 * Labelled frames ready for training or evaluation, with the original full-frame labels. Every set holds the 8-bit
 * frames ({@link #frame}), which {@link Predictor} preprocesses exactly as the tracker does; a training set also holds
 * each frame preprocessed to 256x256 (Facemap's training preprocessing) with its keypoints in 256-space ({@link #item}).
 */
public final class TrainingSet {

	private final KeypointSet keypoints;
	/** Training images (training sets) or null entries (evaluation sets). */
	private final List<TrainingImages.Prepared> items;
	/** The 8-bit frames (as a video frame would be: rounded to 0..255). */
	private final List<Frame> frames;

	/** An 8-bit gray frame, row-major. */
	private record Frame(int width, int height, byte[] gray) {
	}
	private final List<float[]> frameX, frameY;
	private final List<String> names;

	private TrainingSet(KeypointSet keypoints, List<TrainingImages.Prepared> items, List<Frame> frames, List<float[]> fx,
		List<float[]> fy, List<String> names) {
		this.keypoints = keypoints;
		this.items = items;
		this.frames = frames;
		this.frameX = fx;
		this.frameY = fy;
		this.names = names;
	}

	/**
	 * Loads and preprocesses rows of a label set.
	 *
	 * @param forInference only the frames, for {@link Predictor} (evaluation), without training images
	 * @throws sc.fiji.facemap.FacemapException when an image is missing or unreadable
	 */
	public static TrainingSet load(LabelSet labels, int[] rows, Path imagesDir, Path labelFile, boolean forInference,
		Progress progress) {
		int K = labels.keypointCount();
		List<TrainingImages.Prepared> items = new ArrayList<>();
		List<Frame> frames = new ArrayList<>();
		List<float[]> fx = new ArrayList<>(), fy = new ArrayList<>();
		List<String> names = new ArrayList<>();
		List<String> far = new ArrayList<>();
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
				if (!miss && farOutsideImage(kx[k], ky[k], img)) {
					// not a position in this image (99999, -5000, 1e30: a typing or export error): missing, and said
					far.add(labels.where(i) + " " + labels.keypointSet().name(k) + " (" + kx[k] + ", " + ky[k] + ")");
					kx[k] = ky[k] = px[k] = py[k] = Float.NaN;
				}
				else if (!miss && outsideImage(kx[k], ky[k], img)) {
					// a label outside the image: the keypoint is out of view (trained towards an empty heatmap, and
					// not an error term in evaluation)
					kx[k] = ky[k] = Float.NaN;
					px[k] = py[k] = TrainingTargets.OUTSIDE;
				}
			}
			items.add(forInference ? null : TrainingImages.prepare(img, px, py));
			frames.add(new Frame(img.width(), img.height(), img.toBytes())); // what a video frame is
			fx.add(kx);
			fy.add(ky);
			names.add(labels.imagePath(i));
		}
		progress.update(rows.length, rows.length, "Loading labelled frames");
		if (!far.isEmpty())
			progress.log("Warning: " + (labelFile == null ? "labels" : labelFile.getFileName().toString()) + ": " + far.size()
				+ (far.size() == 1 ? " label lies" : " labels lie") + " more than one image size outside the image and "
				+ (far.size() == 1 ? "is" : "are") + " treated as missing: " + String.join(", ", far.subList(0, Math.min(8, far.size())))
				+ (far.size() > 8 ? ", ..." : "") + " (mark a point out of view with -1, -1)");
		return new TrainingSet(labels.keypointSet(), items, frames, fx, fy, names);
	}

	/**
	 * True when (x, y) lies more than one image width or height outside the image: no position a labeller meant, so
	 * neither a label nor "out of view".
	 */
	public static boolean farOutsideImage(float x, float y, GrayImage img) {
		return !Float.isFinite(x) || !Float.isFinite(y) || x < -img.width() || x > 2f * img.width() || y < -img.height()
			|| y > 2f * img.height();
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

	/** The training image of item i (training sets only). */
	public TrainingImages.Prepared item(int i) {
		TrainingImages.Prepared p = items.get(i);
		if (p == null) throw new IllegalStateException("an evaluation set holds frames, not training images: use frame(i)");
		return p;
	}

	/** The 8-bit frame of item i. */
	public GrayImage frame(int i) {
		Frame f = frames.get(i);
		return GrayImage.ofBytes(f.width(), f.height(), f.gray());
	}

	/** The frames of all items. */
	public List<GrayImage> frames() {
		List<GrayImage> out = new ArrayList<>();
		for (int i = 0; i < size(); i++) out.add(frame(i));
		return out;
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
		return new TrainingSet(keypoints, items.subList(0, n), frames.subList(0, n), frameX.subList(0, n), frameY.subList(0, n),
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
		List<Frame> frames = new ArrayList<>();
		List<float[]> fx = new ArrayList<>(), fy = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (TrainingSet s : sets) {
			if (!s.keypoints.names().equals(k.names())) throw new IllegalArgumentException(
				"training sets with different keypoints: " + k.names() + " and " + s.keypoints.names());
			items.addAll(s.items);
			frames.addAll(s.frames);
			fx.addAll(s.frameX);
			fy.addAll(s.frameY);
			names.addAll(s.names);
		}
		return new TrainingSet(k, items, frames, fx, fy, names);
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
