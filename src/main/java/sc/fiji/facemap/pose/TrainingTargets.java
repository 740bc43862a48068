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

/**
 * Facemap's training targets and loss on the 64x64 output grid (reference 2.1, {@code model_training.train}), on plain
 * arrays. For a label (x, y) in 256-space pixels the target centre is (x/4, y/4); for grid cell (r, c) with
 * dr = r - y/4 and dc = c - x/4: heatmap exp(-(dr^2 + dc^2) / (2 sigma^2)) normalised to sum 10 (10 h / (1e-3 + sum
 * h)), offsets locx = dr / (2 sigma), locy = dc / (2 sigma), mask sqrt(dr^2 + dc^2) &lt;= sigma, with sigma = 3.
 * Loss per instance = sum |hm* - hm| + 0.5 sum_mask sqrt((locx* - locx)^2 + (locy* - locy)^2); the batch loss is the
 * mean over non-missing instances. Targets are computed in double precision, as PyTorch does there (the grid is a
 * float64 tensor).
 */
public final class TrainingTargets {

	/** Output grid size. */
	public static final int GRID = 64;
	/** Down-sampling from the 256 input to the 64 grid. */
	public static final int N_FACTOR = 4;
	/** Gaussian width on the 64 grid. */
	public static final double SIGMA = 3.0;
	/** Weight of the offset term. */
	public static final double OFFSET_WEIGHT = 0.5;

	private TrainingTargets() {}

	/** Targets for one instance. Arrays are GRID*GRID, row-major (row = y). */
	public static final class Target {
		public final float[] heatmap = new float[GRID * GRID];
		public final float[] locx = new float[GRID * GRID];
		public final float[] locy = new float[GRID * GRID];
		public final boolean[] mask = new boolean[GRID * GRID];
	}

	/**
	 * Targets for a keypoint at ({@code x}, {@code y}) in 256-space pixels; null when the point is missing (NaN).
	 */
	public static Target target(float x, float y) {
		if (Float.isNaN(x) || Float.isNaN(y)) return null;
		Target t = new Target();
		fill(x, y, t.heatmap, t.locx, t.locy, t.mask, 0);
		return t;
	}

	/**
	 * Coordinate of a keypoint known to lie outside the image (augmentation moved it out of view), as opposed to NaN
	 * (not labelled). {@link PoseTrainer} trains its raw (un-normalised) heatmap towards zero, so the network learns a
	 * low likelihood for points it cannot see; Facemap, which has no such state, leaves them out of the loss.
	 */
	public static final float OUTSIDE = Float.POSITIVE_INFINITY;

	/** True for a keypoint marked {@link #OUTSIDE} (either coordinate infinite). */
	public static boolean isOutside(float x, float y) {
		return Float.isInfinite(x) || Float.isInfinite(y);
	}

	/**
	 * Writes the targets of one instance into arrays at offset {@code off} (GRID*GRID values each); mask may be
	 * null. Returns false (and writes nothing) for a missing or an {@link #OUTSIDE} point.
	 */
	public static boolean fill(float x, float y, float[] hm, float[] locx, float[] locy, boolean[] mask, int off) {
		if (Float.isNaN(x) || Float.isNaN(y)) return false;
		if (isOutside(x, y)) return false; // no Gaussian: PoseTrainer trains the raw heatmap towards zero
		// Facemap: y_true = lbl[...,0]/n (the column), x_true = lbl[...,1]/n (the row); locx = rowgrid - row
		double xt = x / (double) N_FACTOR, yt = y / (double) N_FACTOR;
		double[] h = new double[GRID * GRID];
		double sum = 0;
		for (int r = 0; r < GRID; r++) {
			double dr = r - yt;
			for (int c = 0; c < GRID; c++) {
				double dc = c - xt;
				double d2 = dr * dr + dc * dc;
				double v = Math.exp(-d2 / (2 * SIGMA * SIGMA));
				h[r * GRID + c] = v;
				sum += v;
				locx[off + r * GRID + c] = (float) (dr / (2 * SIGMA));
				locy[off + r * GRID + c] = (float) (dc / (2 * SIGMA));
				if (mask != null) mask[off + r * GRID + c] = Math.sqrt(d2) <= SIGMA;
			}
		}
		double norm = 10.0 / (1e-3 + sum);
		for (int i = 0; i < h.length; i++) hm[off + i] = (float) (h[i] * norm);
		return true;
	}

	/**
	 * Facemap's loss for one instance given the network's outputs (heatmap already training-normalised).
	 */
	public static double instanceLoss(Target t, float[] hm, float[] locx, float[] locy, int off) {
		double l1 = 0, off2 = 0;
		for (int i = 0; i < GRID * GRID; i++) {
			l1 += Math.abs((double) t.heatmap[i] - hm[off + i]);
			if (t.mask[i]) {
				double a = (double) t.locx[i] - locx[off + i], b = (double) t.locy[i] - locy[off + i];
				off2 += Math.sqrt(a * a + b * b);
			}
		}
		return l1 + OFFSET_WEIGHT * off2;
	}

	/**
	 * The batch loss: mean of {@link #instanceLoss} over non-missing (image, keypoint) instances. Outputs are
	 * (B, K, 64, 64) flattened; labels are (B, K) x / y in 256-space. Returns NaN when every label is missing.
	 */
	public static double loss(float[] hm, float[] locx, float[] locy, float[] labelX, float[] labelY) {
		double total = 0;
		int n = 0;
		for (int j = 0; j < labelX.length; j++) {
			Target t = target(labelX[j], labelY[j]);
			if (t == null) continue;
			total += instanceLoss(t, hm, locx, locy, j * GRID * GRID);
			n++;
		}
		return n == 0 ? Double.NaN : total / n;
	}

	/**
	 * Facemap's heatmap normalisation in training mode: hm = 10 hm / (1e-4 + sum hm) per 64x64 map, after ReLU.
	 */
	public static void normalizeHeatmaps(float[] hm) {
		for (int off = 0; off < hm.length; off += GRID * GRID) {
			double s = 0;
			for (int i = 0; i < GRID * GRID; i++) {
				hm[off + i] = Math.max(0, hm[off + i]);
				s += hm[off + i];
			}
			for (int i = 0; i < GRID * GRID; i++) hm[off + i] = (float) (10 * hm[off + i] / (1e-4 + s));
		}
	}

	/**
	 * Facemap's learning rate for {@code epoch} of {@code nEpochs}: lr, except lr/10 for epochs [n-6, n-3) and lr/25
	 * for the last 3 (numpy slice semantics, so short runs follow {@code LR[-6:-3]}, {@code LR[-3:]} too).
	 */
	public static double learningRate(double lr, int epoch, int nEpochs) {
		return sc.fiji.facemap.nn.LearningRateSchedule.facemap(lr, epoch, nEpochs);
	}
}
