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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;

/**
 * Facemap's refinement labels {@code <model>_Facemap_refined_data.npy} (reference 4.3): {@code np.save} of a dict
 * with {@code imgs} (a list, one entry per video, of float arrays (n, H, W) of cropped, normalised frames),
 * {@code keypoints} (matching (n, K, 3) arrays of x, y, likelihood in image coordinates; NaN = missing),
 * {@code bbox}, {@code bodyparts}, {@code frame_ind} and {@code video_path}. Read here as one flat list of labelled
 * frames; a single array where Facemap has a list of arrays is accepted too. Written with one group per call.
 */
public final class RefinedData {

	/** One labelled frame. */
	public static final class Frame {
		public final int height, width;
		/** Row-major pixels (height x width) as stored (Facemap: normalised float). */
		public final float[] pixels;
		/** Per keypoint x, y, likelihood: {@code [3 * k + 0/1/2]}; NaN = missing. */
		public final float[] keypoints;
		/** Source frame index in the video, or -1 when unknown. */
		public final long frameIndex;
		/** The group (video) this frame came from. */
		public final int group;

		public Frame(int height, int width, float[] pixels, float[] keypoints, long frameIndex, int group) {
			if (pixels.length != height * width) throw new IllegalArgumentException("pixels do not match " + height + "x" + width);
			this.height = height;
			this.width = width;
			this.pixels = pixels;
			this.keypoints = keypoints;
			this.frameIndex = frameIndex;
			this.group = group;
		}
	}

	public final List<String> bodyparts = new ArrayList<>();
	public final List<Frame> frames = new ArrayList<>();
	/** Bounding box per group as stored (Facemap: [x0, x1, y0, y1] or similar; kept as numbers). */
	public final List<List<Double>> bboxes = new ArrayList<>();
	public String videoPath;

	/** Reads a refined-data file written by Facemap's GUI (or by {@link #write}). */
	public static RefinedData read(Path file) {
		Map<String, Object> d = Npy.readDict(file);
		try {
			return fromDict(d);
		}
		catch (FacemapException e) {
			throw new FacemapException(file, "expected Facemap refined data (imgs, keypoints, bodyparts): " + e.getMessage(), e);
		}
		catch (ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
			throw new FacemapException(file, "malformed Facemap refined data (" + e.getMessage() + ")", e);
		}
	}

	static RefinedData fromDict(Map<String, Object> d) {
		for (String k : new String[] { "imgs", "keypoints", "bodyparts" })
			if (!d.containsKey(k)) throw new FacemapException("no '" + k + "' entry");
		RefinedData r = new RefinedData();
		for (Object b : asList(d.get("bodyparts"))) r.bodyparts.add(String.valueOf(b));
		int nk = r.bodyparts.size();
		List<Object> imgs = groups(d.get("imgs"), 3);
		List<Object> kps = groups(d.get("keypoints"), 3);
		if (imgs.size() != kps.size()) throw new FacemapException(imgs.size() + " image groups but " + kps.size() + " keypoint groups");
		List<Object> inds = d.get("frame_ind") == null ? null : groups(d.get("frame_ind"), 1);
		for (int g = 0; g < imgs.size(); g++) {
			Tensor im = (Tensor) imgs.get(g), kp = (Tensor) kps.get(g);
			long[] s = im.shape();
			if (s.length == 2) s = new long[] { 1, s[0], s[1] };
			if (s.length != 3) throw new FacemapException("images of group " + g + " have shape " + java.util.Arrays.toString(im.shape()));
			int n = (int) s[0], h = (int) s[1], w = (int) s[2];
			if (kp.size() != (long) n * nk * 3)
				throw new FacemapException("keypoints of group " + g + " have shape " + java.util.Arrays.toString(kp.shape()) + ", expected ("
					+ n + ", " + nk + ", 3)");
			float[] px = im.floats(), k = kp.floats();
			long[] idx = null;
			if (inds != null && g < inds.size() && inds.get(g) instanceof Tensor) {
				Tensor t = (Tensor) inds.get(g);
				if (t.isFloating()) {
					double[] dv = t.doubles();
					idx = new long[dv.length];
					for (int i = 0; i < dv.length; i++) idx[i] = Double.isNaN(dv[i]) ? -1 : Math.round(dv[i]);
				}
				else idx = t.longs();
			}
			for (int i = 0; i < n; i++) {
				float[] p = java.util.Arrays.copyOfRange(px, i * h * w, (i + 1) * h * w);
				float[] kk = java.util.Arrays.copyOfRange(k, i * nk * 3, (i + 1) * nk * 3);
				r.frames.add(new Frame(h, w, p, kk, idx != null && i < idx.length ? idx[i] : -1, g));
			}
		}
		Object bb = d.get("bbox");
		if (bb instanceof List) for (Object b : (List<?>) bb) r.bboxes.add(numbers(b));
		Object vp = d.get("video_path");
		r.videoPath = vp == null ? null : String.valueOf(vp);
		return r;
	}

	/** A list of per-group arrays; a lone array of rank {@code >= minRank} counts as one group. */
	private static List<Object> groups(Object o, int minRank) {
		if (o instanceof Tensor) {
			List<Object> l = new ArrayList<>();
			l.add(o);
			return l;
		}
		if (o instanceof List) return new ArrayList<>((List<?>) o);
		throw new FacemapException("expected arrays, found " + PickleReader.typeName(o));
	}

	private static List<?> asList(Object o) {
		if (o instanceof List) return (List<?>) o;
		throw new FacemapException("expected a list, found " + PickleReader.typeName(o));
	}

	private static List<Double> numbers(Object o) {
		List<Double> out = new ArrayList<>();
		if (o instanceof Tensor) for (double v : ((Tensor) o).doubles()) out.add(v);
		else if (o instanceof List) for (Object x : (List<?>) o) out.add(((Number) x).doubleValue());
		return out;
	}

	/**
	 * Writes the frames the way Facemap's GUI saves them: one group (one entry of the {@code imgs}, {@code keypoints},
	 * {@code bbox} and {@code frame_ind} lists) per {@link Frame#group} and frame size, in order of first appearance.
	 * A group's bbox is taken from {@link #bboxes} when there is one per written group, else the full image
	 * [0, H, 0, W]. Atomic.
	 */
	public void write(Path file) {
		if (frames.isEmpty()) throw new FacemapException(file, "no labelled frames to write");
		int nk = bodyparts.size();
		Map<String, List<Frame>> byGroup = new LinkedHashMap<>();
		for (Frame f : frames) {
			if (f.keypoints.length != nk * 3)
				throw new FacemapException(file, "a frame has " + f.keypoints.length / 3 + " keypoints, bodyparts has " + nk);
			byGroup.computeIfAbsent(f.group + ":" + f.height + "x" + f.width, k -> new ArrayList<>()).add(f);
		}
		List<Object> imgs = new ArrayList<>(), kps = new ArrayList<>(), bb = new ArrayList<>(), inds = new ArrayList<>();
		for (List<Frame> group : byGroup.values()) {
			int n = group.size(), h = group.get(0).height, w = group.get(0).width;
			float[] px = new float[n * h * w];
			float[] kp = new float[n * nk * 3];
			long[] ind = new long[n];
			for (int i = 0; i < n; i++) {
				Frame f = group.get(i);
				System.arraycopy(f.pixels, 0, px, i * h * w, h * w);
				System.arraycopy(f.keypoints, 0, kp, i * nk * 3, nk * 3);
				ind[i] = f.frameIndex;
			}
			imgs.add(Tensor.ofFloats(new long[] { n, h, w }, px));
			kps.add(Tensor.ofFloats(new long[] { n, nk, 3 }, kp));
			inds.add(Tensor.ofLongs("int64", new long[] { n }, ind));
			if (bboxes.size() == byGroup.size()) bb.add(new ArrayList<Object>(bboxes.get(bb.size())));
			else bb.add(new ArrayList<Object>(List.of(0.0, (double) h, 0.0, (double) w)));
		}
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("imgs", imgs);
		d.put("keypoints", kps);
		d.put("bbox", bb);
		d.put("bodyparts", new ArrayList<>(bodyparts));
		d.put("frame_ind", inds);
		d.put("video_path", videoPath == null ? "" : videoPath);
		Npy.writeObject(file, d);
	}
}
