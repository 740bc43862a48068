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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Keypoint accuracy on labelled frames: Euclidean error in full-frame pixels, summarised as mean, median and 90th
 * percentile, per keypoint, and PCK (fraction of points within 5 and 10 px). Every model error is reported beside
 * the constant guess (each keypoint at its mean training position), which a head-fixed face already makes small.
 */
public final class Evaluation {

	/** Summary statistics of a set of errors. */
	public static final class Stats {
		/** Labelled points; of them, points the model placed nowhere (error +infinity, see {@link #compare}). */
		public int count, missed;
		/** Mean, median and p90 over the placed points; PCK over all labelled points (a missed point is a miss). */
		public double mean = Double.NaN, median = Double.NaN, p90 = Double.NaN, pck5 = Double.NaN, pck10 = Double.NaN;

		public static Stats of(double[] errors) {
			Stats s = new Stats();
			double[] all = Arrays.stream(errors).filter(d -> !Double.isNaN(d)).toArray();
			double[] e = Arrays.stream(all).filter(Double::isFinite).sorted().toArray();
			s.count = all.length;
			s.missed = all.length - e.length;
			if (all.length == 0) return s;
			s.pck5 = Arrays.stream(e).filter(d -> d <= 5).count() / (double) all.length;
			s.pck10 = Arrays.stream(e).filter(d -> d <= 10).count() / (double) all.length;
			if (e.length == 0) return s;
			s.mean = Arrays.stream(e).average().orElse(Double.NaN);
			s.median = quantile(e, 0.5);
			s.p90 = quantile(e, 0.9);
			return s;
		}

		public Map<String, Object> toMap() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("count", count);
			if (missed > 0) m.put("missed", missed);
			// JSON has no NaN: a statistic without values (no labelled or no placed points) is left out
			putFinite(m, "mean", mean);
			putFinite(m, "median", median);
			putFinite(m, "p90", p90);
			putFinite(m, "pck5", pck5);
			putFinite(m, "pck10", pck10);
			return m;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "mean %.2f, median %.2f, p90 %.2f px, PCK@5 %.1f%%, PCK@10 %.1f%% (n=%d%s)",
				mean, median, p90, 100 * pck5, 100 * pck10, count, missed > 0 ? ", " + missed + " placed nowhere" : "");
		}
	}

	private static void putFinite(Map<String, Object> m, String key, double v) {
		if (Double.isFinite(v)) m.put(key, round(v));
	}

	private static double round(double v) {
		return Double.isNaN(v) ? Double.NaN : Math.round(v * 1000) / 1000.0;
	}

	/** numpy-style linear quantile of sorted values. */
	static double quantile(double[] sorted, double q) {
		double pos = q * (sorted.length - 1);
		int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
		return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
	}

	/** A model's (or a baseline's) errors: overall and per keypoint. */
	public static final class Report {
		public final KeypointSet keypoints;
		public final Stats overall;
		public final Stats[] perKeypoint;
		/** errors[frame][k], NaN where unlabelled. */
		public final double[][] errors;

		Report(KeypointSet keypoints, double[][] errors) {
			this.keypoints = keypoints;
			this.errors = errors;
			List<Double> all = new ArrayList<>();
			perKeypoint = new Stats[keypoints.size()];
			for (int k = 0; k < keypoints.size(); k++) {
				double[] ek = new double[errors.length];
				for (int f = 0; f < errors.length; f++) {
					ek[f] = errors[f][k];
					all.add(errors[f][k]);
				}
				perKeypoint[k] = Stats.of(ek);
			}
			overall = Stats.of(all.stream().mapToDouble(Double::doubleValue).toArray());
		}

		public Map<String, Object> toMap() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("overall", overall.toMap());
			Map<String, Object> per = new LinkedHashMap<>();
			for (int k = 0; k < perKeypoint.length; k++) per.put(keypoints.name(k), perKeypoint[k].toMap());
			m.put("perKeypoint", per);
			return m;
		}
	}

	private Evaluation() {}

	/** Errors of predictions px/py [frame][k] against the set's full-frame labels. */
	public static Report compare(TrainingSet set, float[][] px, float[][] py) {
		int K = set.keypointSet().size();
		double[][] err = new double[set.size()][K];
		for (int f = 0; f < set.size(); f++)
			for (int k = 0; k < K; k++) {
				float lx = set.frameX(f)[k], ly = set.frameY(f)[k];
				if (Float.isNaN(lx) || Float.isNaN(ly)) err[f][k] = Double.NaN; // not labelled: no error term
				else if (Float.isNaN(px[f][k]) || Float.isNaN(py[f][k])) err[f][k] = Double.POSITIVE_INFINITY; // missed
				else err[f][k] = Math.hypot(px[f][k] - lx, py[f][k] - ly);
			}
		return new Report(set.keypointSet(), err);
	}

	/** Mean position of each keypoint over the labelled frames of {@code train} (full-frame px): {x[], y[]}. */
	public static float[][] meanPositions(TrainingSet train) {
		int K = train.keypointSet().size();
		double[] sx = new double[K], sy = new double[K];
		int[] n = new int[K];
		for (int f = 0; f < train.size(); f++)
			for (int k = 0; k < K; k++) {
				float x = train.frameX(f)[k], y = train.frameY(f)[k];
				if (Float.isNaN(x) || Float.isNaN(y)) continue;
				sx[k] += x;
				sy[k] += y;
				n[k]++;
			}
		float[][] m = new float[2][K];
		for (int k = 0; k < K; k++) {
			m[0][k] = n[k] == 0 ? Float.NaN : (float) (sx[k] / n[k]);
			m[1][k] = n[k] == 0 ? Float.NaN : (float) (sy[k] / n[k]);
		}
		return m;
	}

	/** The constant guess: every frame of {@code eval} predicted at the mean positions. */
	public static Report constantGuess(float[][] meanXY, TrainingSet eval) {
		float[][] px = new float[eval.size()][], py = new float[eval.size()][];
		for (int f = 0; f < eval.size(); f++) {
			px[f] = meanXY[0];
			py[f] = meanXY[1];
		}
		return compare(eval, px, py);
	}

	/**
	 * Predicts every frame of {@code set} (its 256 images, preprocessed for inference) with the network in eval
	 * mode; returns {x[frame][k], y[frame][k], likelihood[frame][k]} in full-frame pixels.
	 */
	public static float[][][] predict(FMnet net, TrainingSet set) {
		int K = net.keypoints(), S = TrainingImages.SIZE, GG = TrainingTargets.GRID * TrainingTargets.GRID;
		float[][][] out = new float[3][set.size()][K];
		int batch = 8;
		float[] d = new float[3];
		try (NDManager sm = net.getManager().newSubManager()) {
			for (int from = 0; from < set.size(); from += batch) {
				int b = Math.min(batch, set.size() - from);
				float[] images = new float[b * S * S];
				for (int j = 0; j < b; j++) System.arraycopy(set.item(from + j).image, 0, images, j * S * S, S * S);
				try (NDManager bm = sm.newSubManager()) {
					NDArray input = bm.create(images, new Shape(b, 1, S, S));
					NDList o = net.forward(input, false);
					float[] hm = o.get(0).toFloatArray(), lx = o.get(1).toFloatArray(), ly = o.get(2).toFloatArray();
					for (int j = 0; j < b; j++) {
						TrainingImages.Prepared p = set.item(from + j);
						for (int k = 0; k < K; k++) {
							HeatmapDecoder.decodeOne(hm, lx, ly, (j * K + k) * GG, TrainingTargets.GRID, TrainingTargets.GRID,
								(float) FMnet.N_FACTOR, d);
							out[0][from + j][k] = p.frameX(d[0]);
							out[1][from + j][k] = p.frameY(d[1]);
							out[2][from + j][k] = d[2];
						}
					}
				}
			}
		}
		return out;
	}

	/** The model's report on {@code set}. */
	public static Report evaluate(FMnet net, TrainingSet set) {
		float[][][] p = predict(net, set);
		return compare(set, p[0], p[1]);
	}

	/** Mean Euclidean error (full-frame px) of the network on {@code set}. */
	public static double meanError(FMnet net, TrainingSet set) {
		return evaluate(net, set).overall.mean;
	}
}
