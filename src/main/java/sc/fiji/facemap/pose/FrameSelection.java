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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * Suggests frames to label so that labels cover the behaviour: part random, part hardest (LOWEST mean likelihood under
 * the current model; Facemap's own selection picks frames at or above the 95th percentile, i.e. the easiest, see
 * reference 2.3), part most different (k-means on downsampled frames, then from each cluster the frame farthest from
 * frames already labelled or chosen). Writes the frames as PNGs plus a label-file skeleton.
 */
public final class FrameSelection {

	/** Why a frame was suggested. */
	public enum Reason {
		RANDOM, HARDEST, DIFFERENT;

		/** "random", "hardest", "different" (as written to the label skeleton). */
		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** Downsampled size (width) of the thumbnails that are clustered. */
	static final int THUMB_WIDTH = 32;

	/** One suggested frame and why it was chosen. */
	public static final class Pick {
		public final int frame;
		public final Reason reason;
		public final double meanLikelihood;

		Pick(int frame, Reason reason, double meanLikelihood) {
			this.frame = frame;
			this.reason = reason;
			this.meanLikelihood = meanLikelihood;
		}
	}

	private FrameSelection() {}

	/** The model the settings name, or null for {@link FrameSelectionSettings#NO_MODEL}. */
	public static PoseModel model(FrameSelectionSettings s) {
		return s.usesModel() ? PoseModels.find(s.model()) : null;
	}

	/**
	 * Chooses frames of {@code video} with the model the settings name (see {@link #model}).
	 */
	public static List<Pick> select(VideoSource video, FrameSelectionSettings s, Progress progress) {
		return select(video, model(s), s, progress);
	}

	/**
	 * Chooses frames of {@code video}. Without a model the "hardest" share is filled by the other two kinds. Frames of
	 * the settings' {@code labelled} file are left out.
	 */
	public static List<Pick> select(VideoSource video, PoseModel model, FrameSelectionSettings o, Progress progress) {
		Set<Integer> labelled = new LinkedHashSet<>();
		if (o.labelled() != null) labelled.addAll(labelledFrames(LabelSet.read(o.labelled())));
		return select(video, model, o, labelled, progress);
	}

	/** {@link #select(VideoSource, PoseModel, FrameSelectionSettings, Progress)} with the labelled frames given. */
	public static List<Pick> select(VideoSource video, PoseModel model, FrameSelectionSettings o, Set<Integer> labelled, Progress progress) {
		int frames = video.frameCount();
		if (frames <= 0) throw new FacemapException(video.path(), "the video has no frames");
		Random rng = new Random(o.seed());
		List<Integer> candidates = new ArrayList<>();
		for (int f = 0; f < frames; f++)
			if (!labelled.contains(f)) candidates.add(f);
		if (candidates.isEmpty()) throw new FacemapException(video.path(), "every frame is already labelled");
		int n = Math.min(o.n(), candidates.size());
		// candidate pool: random sample of frames, in random order
		java.util.Collections.shuffle(candidates, rng);
		List<Integer> pool = new ArrayList<>(candidates.subList(0, Math.min(candidates.size(), Math.max(o.pool(), n))));
		int w = video.width(), h = video.height();
		int tw = Math.min(THUMB_WIDTH, w), th = Math.max(1, Math.round(h * tw / (float) w));
		Map<Integer, float[]> thumbs = new LinkedHashMap<>();
		Map<Integer, Double> lik = new LinkedHashMap<>();
		byte[] buf = new byte[w * h];
		Set<Integer> needed = new LinkedHashSet<>(pool);
		needed.addAll(labelled);
		List<Integer> order = new ArrayList<>(needed);
		java.util.Collections.sort(order); // sequential reads are fastest
		// what the loop does: with a model it runs the network on every pool frame, which is most of the time
		String stage = model == null ? "Reading frames" : "Reading frames and scoring them with " + model.name();
		try (Predictor predictor = model == null ? null : Predictor.open(model, o.device(), o.normalization(), progress)) {
			int done = 0;
			for (int f : order) {
				progress.checkCanceled();
				progress.update(done++, order.size(), stage);
				if (f < 0 || f >= frames) continue;
				video.read(f, buf);
				GrayImage img = GrayImage.ofBytes(w, h, buf);
				thumbs.put(f, thumbnail(img, tw, th));
				if (predictor != null && pool.contains(f)) lik.put(f, meanLikelihood(predictor, w, h, buf));
			}
		}
		int nRandom = (int) Math.round(n * o.randomFraction());
		int nHard = model == null ? 0 : (int) Math.round(n * o.hardFraction());
		int nDiverse = n - nRandom - nHard;
		List<Pick> picks = new ArrayList<>();
		Set<Integer> chosen = new LinkedHashSet<>();
		for (int i = 0; i < pool.size() && picks.size() < nRandom; i++) {
			int f = pool.get(i);
			picks.add(new Pick(f, Reason.RANDOM, lik.getOrDefault(f, Double.NaN)));
			chosen.add(f);
		}
		if (nHard > 0) {
			List<Integer> byLik = new ArrayList<>(lik.keySet());
			byLik.sort((a, b) -> Double.compare(lik.get(a), lik.get(b)));
			for (int f : byLik) {
				if (picks.size() >= nRandom + nHard) break;
				if (chosen.add(f)) picks.add(new Pick(f, Reason.HARDEST, lik.get(f)));
			}
		}
		// most different: k-means on thumbnails of the remaining pool; per cluster the member farthest from labelled
		// and chosen frames
		List<Integer> rest = new ArrayList<>();
		for (int f : pool)
			if (!chosen.contains(f)) rest.add(f);
		int k = Math.min(nDiverse, rest.size());
		if (k > 0) {
			float[][] x = new float[rest.size()][];
			for (int i = 0; i < x.length; i++) x[i] = thumbs.get(rest.get(i));
			int[] assign = kmeans(x, k, 20, new Random(o.seed() + 1));
			List<float[]> anchors = new ArrayList<>();
			for (int f : labelled)
				if (thumbs.containsKey(f)) anchors.add(thumbs.get(f));
			for (int f : chosen) anchors.add(thumbs.get(f));
			// clusters in order of size (largest first)
			Integer[] cl = new Integer[k];
			int[] size = new int[k];
			for (int a : assign) size[a]++;
			for (int c = 0; c < k; c++) cl[c] = c;
			Arrays.sort(cl, (a, b) -> size[b] - size[a]);
			for (int c : cl) {
				if (size[c] == 0) continue;
				int best = -1;
				double bestD = -1;
				for (int i = 0; i < x.length; i++) {
					if (assign[i] != c) continue;
					double d = anchors.isEmpty() ? 0 : Double.MAX_VALUE;
					for (float[] a : anchors) d = Math.min(d, dist2(a, x[i]));
					if (d > bestD) {
						bestD = d;
						best = i;
					}
				}
				int f = rest.get(best);
				chosen.add(f);
				anchors.add(x[best]);
				picks.add(new Pick(f, Reason.DIFFERENT, lik.getOrDefault(f, Double.NaN)));
			}
		}
		// top up with random frames if some category ran short
		for (int i = 0; i < pool.size() && picks.size() < n; i++)
			if (chosen.add(pool.get(i))) picks.add(new Pick(pool.get(i), Reason.RANDOM, lik.getOrDefault(pool.get(i), Double.NaN)));
		picks.sort((a, b) -> Integer.compare(a.frame, b.frame));
		progress.update(order.size(), order.size(), stage);
		return picks;
	}

	/** Mean over keypoints of the likelihood (sigmoid of the heatmap maximum) of one frame, as the tracker scores it. */
	static double meanLikelihood(Predictor predictor, int width, int height, byte[] gray) {
		float[] lik = predictor.predict(width, height, gray)[2];
		double s = 0;
		for (float l : lik) s += l;
		return s / lik.length;
	}

	/** Frame numbers of a label file: its 'frame' column, else the digits ending the image names (img123.png). */
	public static List<Integer> labelledFrames(LabelSet s) {
		List<Integer> frames = new ArrayList<>();
		java.util.regex.Pattern digits = java.util.regex.Pattern.compile("(\\d+)\\D*$");
		for (int i = 0; i < s.size(); i++) {
			String f = s.meta(i, "frame");
			if (f.isEmpty()) {
				java.util.regex.Matcher mm = digits.matcher(s.imagePath(i));
				if (mm.find()) f = mm.group(1);
			}
			try {
				frames.add(Integer.parseInt(f.trim()));
			}
			catch (NumberFormatException e) {
				// not a frame number: nothing to exclude
			}
		}
		return frames;
	}

	/** Area-averaged thumbnail, normalised to zero mean and unit norm (insensitive to global brightness). */
	static float[] thumbnail(GrayImage img, int tw, int th) {
		float[] t = new float[tw * th];
		int[] cnt = new int[tw * th];
		for (int y = 0; y < img.height(); y++) {
			int ty = Math.min(th - 1, y * th / img.height());
			for (int x = 0; x < img.width(); x++) {
				int tx = Math.min(tw - 1, x * tw / img.width());
				t[ty * tw + tx] += img.get(x, y);
				cnt[ty * tw + tx]++;
			}
		}
		double mean = 0;
		for (int i = 0; i < t.length; i++) {
			t[i] /= Math.max(1, cnt[i]);
			mean += t[i];
		}
		mean /= t.length;
		double norm = 0;
		for (int i = 0; i < t.length; i++) {
			t[i] -= mean;
			norm += t[i] * t[i];
		}
		norm = Math.sqrt(norm);
		if (norm > 0) for (int i = 0; i < t.length; i++) t[i] /= norm;
		return t;
	}

	static double dist2(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			double d = a[i] - b[i];
			s += d * d;
		}
		return s;
	}

	/** k-means (k-means++ seeding, Lloyd iterations); returns the cluster of each point. */
	static int[] kmeans(float[][] x, int k, int iterations, Random rng) {
		int n = x.length, d = x[0].length;
		float[][] c = new float[k][];
		c[0] = x[rng.nextInt(n)].clone();
		double[] dmin = new double[n];
		Arrays.fill(dmin, Double.MAX_VALUE);
		for (int j = 1; j < k; j++) {
			double total = 0;
			for (int i = 0; i < n; i++) {
				dmin[i] = Math.min(dmin[i], dist2(x[i], c[j - 1]));
				total += dmin[i];
			}
			double r = rng.nextDouble() * total;
			int pick = n - 1;
			for (int i = 0; i < n; i++) {
				r -= dmin[i];
				if (r <= 0) {
					pick = i;
					break;
				}
			}
			c[j] = x[pick].clone();
		}
		int[] a = new int[n];
		for (int it = 0; it < iterations; it++) {
			boolean changed = false;
			for (int i = 0; i < n; i++) {
				int best = 0;
				double bd = Double.MAX_VALUE;
				for (int j = 0; j < k; j++) {
					double dd = dist2(x[i], c[j]);
					if (dd < bd) {
						bd = dd;
						best = j;
					}
				}
				if (a[i] != best || it == 0) changed |= a[i] != best;
				a[i] = best;
			}
			float[][] sum = new float[k][d];
			int[] cnt = new int[k];
			for (int i = 0; i < n; i++) {
				cnt[a[i]]++;
				for (int t = 0; t < d; t++) sum[a[i]][t] += x[i][t];
			}
			for (int j = 0; j < k; j++)
				if (cnt[j] > 0) for (int t = 0; t < d; t++) c[j][t] = sum[j][t] / cnt[j];
			if (!changed && it > 0) break;
		}
		return a;
	}

	/**
	 * Writes the picked frames as {@code img<frame>.png} into {@code dir} and a label skeleton {@code labels.csv}
	 * (columns image, video, frame, reason, then empty x/y per keypoint) for the annotation tool.
	 *
	 * @return the label file
	 */
	public static Path write(VideoSource video, List<Pick> picks, KeypointSet keypoints, Path dir, Progress progress) {
		int w = video.width(), h = video.height();
		byte[] buf = new byte[w * h];
		int digits = Math.max(5, String.valueOf(video.frameCount()).length());
		LabelSet labels = new LabelSet(keypoints, List.of("video", "frame", "reason"));
		String videoName = video.path() == null ? "" : video.path().getFileName().toString();
		for (int i = 0; i < picks.size(); i++) {
			progress.checkCanceled();
			progress.update(i, picks.size(), "Writing frames");
			Pick p = picks.get(i);
			video.read(p.frame, buf);
			String name = String.format(Locale.ROOT, "img%0" + digits + "d.png", p.frame);
			GrayImage.ofBytes(w, h, buf).writePng(dir.resolve(name));
			labels.addImage(name, videoName, Integer.toString(p.frame), p.reason.toString());
		}
		Path file = dir.resolve("labels.csv");
		labels.write(file, LabelSet.Format.SIMPLE_CSV);
		progress.update(picks.size(), picks.size(), "Writing frames");
		return file;
	}
}
