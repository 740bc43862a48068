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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;

/**
 * Facemap's refinement labels {@code <model>_Facemap_refined_data.npy} (reference 4.3): {@code np.save} of a dict with
 * {@code imgs} (list of (n_i, H, W) float arrays: normalised, cropped and padded frames), {@code keypoints} (list of
 * (n_i, K, 3) arrays x, y, likelihood; NaN = deleted), {@code bbox}, {@code bodyparts}, {@code frame_ind} and
 * {@code video_path}. Read into a {@link LabelSet} whose images are held in memory (one row per frame, metadata
 * columns set and frame); written back in the same layout (one set per image size).
 */
public final class FacemapRefinedData {

	private FacemapRefinedData() {}

	/** Reads a refined-data file. */
	public static LabelSet read(Path file) {
		Map<String, Object> d = Npy.readDict(file);
		List<?> imgs = list(file, d, "imgs");
		List<?> kps = list(file, d, "keypoints");
		if (imgs.size() != kps.size())
			throw new FacemapException(file, "'imgs' has " + imgs.size() + " sets but 'keypoints' has " + kps.size());
		List<String> names = new ArrayList<>();
		Object bp = d.get("bodyparts");
		if (bp instanceof List) for (Object o : (List<?>) bp) names.add(String.valueOf(o));
		Object fi = d.get("frame_ind");
		List<?> frameInd = fi instanceof List ? (List<?>) fi : null;
		LabelSet s = null;
		List<GrayImage> images = new ArrayList<>();
		for (int set = 0; set < imgs.size(); set++) {
			Tensor im = tensor(file, imgs.get(set), "imgs[" + set + "]");
			Tensor kp = tensor(file, kps.get(set), "keypoints[" + set + "]");
			long[] is = im.shape(), ks = kp.shape();
			if (is.length == 2) is = new long[] { 1, is[0], is[1] };
			if (is.length != 3) throw new FacemapException(file, "imgs[" + set + "] has shape " + java.util.Arrays.toString(is) + ", expected (n, H, W)");
			if (ks.length == 2) ks = new long[] { 1, ks[0], ks[1] };
			if (ks.length != 3 || ks[0] != is[0] || ks[2] < 2)
				throw new FacemapException(file, "keypoints[" + set + "] has shape " + java.util.Arrays.toString(kp.shape()) +
					", expected (" + is[0] + ", K, 3)");
			int n = (int) is[0], h = (int) is[1], w = (int) is[2], K = (int) ks[1], c = (int) ks[2];
			if (s == null) {
				if (names.size() != K) {
					names.clear();
					if (K == KeypointSet.FACEMAP.size()) names.addAll(KeypointSet.FACEMAP);
					else for (int k = 0; k < K; k++) names.add("keypoint" + (k + 1));
				}
				s = new LabelSet(new KeypointSet(names), List.of("set", "frame"));
			}
			else if (s.keypointCount() != K)
				throw new FacemapException(file, "keypoints[" + set + "] has " + K + " keypoints, set 0 has " + s.keypointCount());
			float[] px = im.floats(), kv = kp.floats();
			float[] frames = null;
			if (frameInd != null && set < frameInd.size()) {
				Object f = frameInd.get(set);
				if (f instanceof Tensor) frames = ((Tensor) f).floats();
				else if (f instanceof List) {
					List<?> l = (List<?>) f;
					frames = new float[l.size()];
					for (int i = 0; i < frames.length; i++) frames[i] = ((Number) l.get(i)).floatValue();
				}
			}
			for (int i = 0; i < n; i++) {
				float[] one = new float[h * w];
				System.arraycopy(px, i * h * w, one, 0, h * w);
				images.add(new GrayImage(w, h, one));
				String frame = frames != null && i < frames.length ? Integer.toString((int) frames[i]) : Integer.toString(i);
				int row = s.addImage("set" + set + "/frame" + frame, Integer.toString(set), frame);
				for (int k = 0; k < K; k++) s.set(row, k, kv[(i * K + k) * c], kv[(i * K + k) * c + 1]);
			}
		}
		if (s == null) throw new FacemapException(file, "holds no labelled frames");
		s.setImages(images);
		return s;
	}

	/**
	 * Writes labels with their images as a refined-data file (images grouped into one set per size, likelihood 1
	 * where labelled). Images come from {@link LabelSet#images()} or are loaded as files.
	 */
	public static void write(LabelSet labels, Path file, Path imagesDir, Path labelFile) {
		int K = labels.keypointCount();
		Map<String, List<Integer>> bySize = new LinkedHashMap<>();
		List<GrayImage> imgs = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			GrayImage g = labels.loadImage(i, imagesDir, labelFile);
			imgs.add(g);
			bySize.computeIfAbsent(g.height() + "x" + g.width(), k -> new ArrayList<>()).add(i);
		}
		List<Object> imgList = new ArrayList<>(), kpList = new ArrayList<>(), bboxList = new ArrayList<>(), frameList = new ArrayList<>();
		for (List<Integer> rows : bySize.values()) {
			GrayImage first = imgs.get(rows.get(0));
			int h = first.height(), w = first.width(), n = rows.size();
			float[] px = new float[n * h * w], kv = new float[n * K * 3];
			double[] frames = new double[n];
			for (int j = 0; j < n; j++) {
				int r = rows.get(j);
				System.arraycopy(imgs.get(r).pixels(), 0, px, j * h * w, h * w);
				for (int k = 0; k < K; k++) {
					boolean miss = labels.isMissing(r, k);
					kv[(j * K + k) * 3] = miss ? Float.NaN : labels.x(r, k);
					kv[(j * K + k) * 3 + 1] = miss ? Float.NaN : labels.y(r, k);
					kv[(j * K + k) * 3 + 2] = miss ? Float.NaN : 1f;
				}
				String f = labels.meta(r, "frame");
				try {
					frames[j] = f.isEmpty() ? r : Double.parseDouble(f);
				}
				catch (NumberFormatException e) {
					frames[j] = r;
				}
			}
			imgList.add(Tensor.ofFloats(new long[] { n, h, w }, px));
			kpList.add(Tensor.ofFloats(new long[] { n, K, 3 }, kv));
			bboxList.add(Tensor.ofDoubles(new long[] { 4 }, new double[] { 0, h, 0, w }));
			frameList.add(Tensor.ofDoubles(new long[] { n }, frames));
		}
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("imgs", imgList);
		d.put("keypoints", kpList);
		d.put("bbox", bboxList);
		d.put("bodyparts", new ArrayList<>(labels.keypointSet().names()));
		d.put("frame_ind", frameList);
		d.put("video_path", labelFile == null ? "" : labelFile.toString());
		Npy.writeObject(file, d);
	}

	private static List<?> list(Path file, Map<String, Object> d, String key) {
		Object o = d.get(key);
		if (o instanceof Tensor) return List.of(o);
		if (!(o instanceof List)) throw new FacemapException(file, "not a Facemap refined-data file: no list '" + key + "'");
		return (List<?>) o;
	}

	private static Tensor tensor(Path file, Object o, String what) {
		if (!(o instanceof Tensor)) throw new FacemapException(file, what + " is not a numeric array");
		return (Tensor) o;
	}
}
