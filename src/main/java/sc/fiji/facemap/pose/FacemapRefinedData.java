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

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.RefinedData;

/**
 * Facemap's refinement labels {@code <model>_Facemap_refined_data.npy} (reference 4.3): {@code np.save} of a dict with
 * {@code imgs} (list of (n_i, H, W) float arrays: normalised, cropped and padded frames), {@code keypoints} (list of
 * (n_i, K, 3) arrays x, y, likelihood; NaN = deleted), {@code bbox}, {@code bodyparts}, {@code frame_ind} and
 * {@code video_path}. Read into a {@link LabelSet} whose images are held in memory (one row per frame, metadata
 * columns set and frame); written back in the same layout (one set per image size). The file format itself is read
 * and written by {@link RefinedData} in {@code io}; this class converts between it and {@link LabelSet}.
 */
public final class FacemapRefinedData {

	private FacemapRefinedData() {}

	/** Reads a refined-data file. */
	public static LabelSet read(Path file) {
		RefinedData rd = RefinedData.read(file);
		if (rd.frames.isEmpty()) throw new FacemapException(file, "holds no labelled frames");
		int K = rd.bodyparts.size();
		List<String> names = new ArrayList<>(rd.bodyparts);
		if (names.size() != names.stream().distinct().count()) {
			names.clear();
			for (int k = 0; k < K; k++) names.add("keypoint" + (k + 1));
		}
		LabelSet s = new LabelSet(new KeypointSet(names), List.of("set", "frame"));
		List<GrayImage> images = new ArrayList<>();
		Map<Integer, Integer> inGroup = new LinkedHashMap<>();
		for (RefinedData.Frame f : rd.frames) {
			int i = inGroup.merge(f.group, 1, Integer::sum) - 1;
			images.add(new GrayImage(f.width, f.height, f.pixels));
			String frame = Long.toString(f.frameIndex >= 0 ? f.frameIndex : i);
			int row = s.addImage("set" + f.group + "/frame" + frame, Integer.toString(f.group), frame);
			for (int k = 0; k < K; k++) s.set(row, k, f.keypoints[3 * k], f.keypoints[3 * k + 1]);
		}
		s.setImages(images);
		return s;
	}

	/**
	 * Writes labels with their images as a refined-data file (images grouped into one set per size, likelihood 1
	 * where labelled). Images come from {@link LabelSet#images()} or are loaded as files.
	 */
	public static void write(LabelSet labels, Path file, Path imagesDir, Path labelFile) {
		int K = labels.keypointCount();
		RefinedData rd = new RefinedData();
		rd.bodyparts.addAll(labels.keypointSet().names());
		rd.videoPath = labelFile == null ? "" : labelFile.toString();
		Map<String, Integer> groupOfSize = new LinkedHashMap<>();
		for (int r = 0; r < labels.size(); r++) {
			GrayImage g = labels.loadImage(r, imagesDir, labelFile);
			int group = groupOfSize.computeIfAbsent(g.height() + "x" + g.width(), k -> groupOfSize.size());
			float[] kv = new float[K * 3];
			for (int k = 0; k < K; k++) {
				boolean miss = labels.isMissing(r, k);
				kv[3 * k] = miss ? Float.NaN : labels.x(r, k);
				kv[3 * k + 1] = miss ? Float.NaN : labels.y(r, k);
				kv[3 * k + 2] = miss ? Float.NaN : 1f;
			}
			long frame;
			try {
				String f = labels.meta(r, "frame");
				frame = f == null || f.isEmpty() ? r : Math.round(Double.parseDouble(f));
			}
			catch (NumberFormatException e) {
				frame = r;
			}
			rd.frames.add(new RefinedData.Frame(g.height(), g.width(), g.pixels(), kv, frame, group));
		}
		rd.write(file);
	}
}
