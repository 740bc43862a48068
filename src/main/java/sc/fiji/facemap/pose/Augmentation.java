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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training augmentation on 256x256 images with keypoints transformed to match.
 * <p>
 * Facemap's part (reference 2.2): horizontal flip with probability 0.5 and contrast/brightness with probability 0.5
 * ({@code randomly_adjust_contrast}: b ~ U(-0.2, 0.2), c ~ U(0.7, 1.3), img' = clip(min(imax, (img + b imax - m) c +
 * m), 0, imax)). Two differences, on purpose: the flip maps x to 255 - x, the exact pixel mirror (Facemap writes
 * 256 - x, a one-pixel shift of every flipped label), and keypoints whose names say left/right (or L/R) trade places
 * on a flip (Facemap keeps the names, so a flipped left ear is labelled as the left ear).
 * <p>
 * Added (Facemap's scale is a no-op on geometry and its rotation leaves keypoints unrotated): one random affine warp
 * about the image centre combining scale, rotation and translation, applied to the image (bilinear, zero outside) and
 * to the keypoints by the same matrix; keypoints that leave the image become
 * {@link TrainingTargets#OUTSIDE} (out of view: trained towards an empty heatmap), or missing when
 * {@link Config#emptyHeatmapOutside} is off.
 */
public final class Augmentation {

	/** Settings. Probabilities are per image. */
	public static final class Config {
		public boolean flip = true;
		public boolean contrast = true;
		/** Probability of the affine warp (scale / rotation / translation). */
		public double affineProbability = 0.5;
		/** Scale factor drawn from U(1 - scaleRange/2, 1 + scaleRange/2). 0 = off. */
		public double scaleRange = 0.3;
		/** Rotation in degrees drawn from U(-rotation, rotation). 0 = off. */
		public double rotationDegrees = 15;
		/** Translation in 256-space pixels drawn from U(-t, t) per axis. 0 = off. */
		public double translation = 16;
		/** When both are &gt; 0: scale drawn log-uniformly from [scaleMin, scaleMax] instead of scaleRange. */
		public double scaleMin, scaleMax;
		/** Probability of a gamma change, gamma drawn log-uniformly from [1/gammaMax, gammaMax]. */
		public double gammaProbability, gammaMax = 1.5;
		/** Probability of inverting the (normalised) image: bright background becomes dark and vice versa. */
		public double invertProbability;
		/**
		 * Keypoints the warp moves out of the image are marked {@link TrainingTargets#OUTSIDE} (trained towards an
		 * empty heatmap, so out-of-view points get a low likelihood) instead of missing (left out of the loss).
		 */
		public boolean emptyHeatmapOutside = true;

		/**
		 * For a base model that must generalise across rigs: scale 0.6-1.5, rotation +-20 deg, translation +-40 px,
		 * gamma 1/1.8-1.8 (p 0.5), inversion (p 0.2), plus flip and contrast.
		 */
		public static Config strong() {
			Config c = new Config();
			c.affineProbability = 0.8;
			c.scaleMin = 0.6;
			c.scaleMax = 1.5;
			c.rotationDegrees = 20;
			c.translation = 40;
			c.gammaProbability = 0.5;
			c.gammaMax = 1.8;
			c.invertProbability = 0.2;
			return c;
		}

		/** Facemap's own augmentation: flip and contrast only. */
		public static Config facemap() {
			Config c = new Config();
			c.affineProbability = 0;
			c.emptyHeatmapOutside = false;
			return c;
		}

		/** No augmentation. */
		public static Config none() {
			Config c = new Config();
			c.flip = false;
			c.contrast = false;
			c.affineProbability = 0;
			c.emptyHeatmapOutside = false;
			return c;
		}
	}

	private final Config config;
	private final int[] flipPartner;

	public Augmentation(Config config, KeypointSet keypoints) {
		this.config = config;
		this.flipPartner = flipPartners(keypoints);
	}

	public Config config() {
		return config;
	}

	/**
	 * Augments one image in place of a copy: returns the new image; {@code x}, {@code y} (256-space) are changed in
	 * place.
	 */
	public float[] apply(float[] img, float[] x, float[] y, Random rng) {
		int n = TrainingImages.SIZE;
		float[] out = img;
		if (config.affineProbability > 0 && rng.nextDouble() < config.affineProbability) {
			double s = config.scaleMin > 0 && config.scaleMax > 0
				? Math.exp(Math.log(config.scaleMin) + rng.nextDouble() * (Math.log(config.scaleMax) - Math.log(config.scaleMin)))
				: 1 + (rng.nextDouble() - 0.5) * config.scaleRange;
			double th = Math.toRadians((rng.nextDouble() * 2 - 1) * config.rotationDegrees);
			double tx = (rng.nextDouble() * 2 - 1) * config.translation;
			double ty = (rng.nextDouble() * 2 - 1) * config.translation;
			out = affine(out, n, x, y, s, th, tx, ty, config.emptyHeatmapOutside);
		}
		if (config.flip && rng.nextDouble() > 0.5) out = flip(out, n, x, y, flipPartner);
		if (config.contrast && rng.nextDouble() > 0.5) {
			double b = rng.nextDouble() * 0.4 - 0.2;
			double c = rng.nextDouble() * 0.6 + 0.7;
			out = contrast(out, b, c);
		}
		if (config.gammaProbability > 0 && rng.nextDouble() < config.gammaProbability) {
			double g = Math.exp((rng.nextDouble() * 2 - 1) * Math.log(config.gammaMax));
			float[] o = new float[out.length];
			for (int i = 0; i < o.length; i++) o[i] = (float) Math.pow(Math.max(0, out[i]), g);
			out = o;
		}
		if (config.invertProbability > 0 && rng.nextDouble() < config.invertProbability) {
			float[] o = new float[out.length];
			for (int i = 0; i < o.length; i++) o[i] = 1 - out[i];
			out = o;
		}
		return out;
	}

	/** Exact horizontal mirror: pixel column c goes to n-1-c, keypoint x to n-1-x, left/right partners swap. */
	public static float[] flip(float[] img, int n, float[] x, float[] y, int[] partner) {
		float[] out = new float[img.length];
		for (int r = 0; r < n; r++)
			for (int c = 0; c < n; c++) out[r * n + c] = img[r * n + (n - 1 - c)];
		for (int k = 0; k < x.length; k++) if (!TrainingTargets.isOutside(x[k], y[k])) x[k] = n - 1 - x[k];
		if (partner != null) {
			float[] ox = x.clone(), oy = y.clone();
			for (int k = 0; k < x.length; k++)
				if (partner[k] >= 0) {
					x[k] = ox[partner[k]];
					y[k] = oy[partner[k]];
				}
		}
		return out;
	}

	/** Facemap's {@code randomly_adjust_contrast} with given brightness b and contrast c. */
	public static float[] contrast(float[] img, double b, double c) {
		float imax = Float.NEGATIVE_INFINITY;
		double sum = 0;
		for (float v : img) {
			imax = Math.max(imax, v);
			sum += v;
		}
		double m = sum / img.length;
		float[] out = new float[img.length];
		for (int i = 0; i < img.length; i++) {
			double j = img[i] + b * imax;
			j = Math.min(imax, (j - m) * c + m);
			out[i] = (float) Math.max(0, Math.min(imax, j));
		}
		return out;
	}

	/**
	 * Warps the image by p' = C + s R(theta) (p - C) + t with C the image centre ((n-1)/2, pixel-centre coordinates),
	 * sampling bilinearly through the inverse map, zero outside. Keypoints go through the forward map; those that
	 * land outside [0, n-1] become NaN (missing).
	 */
	public static float[] affine(float[] img, int n, float[] x, float[] y, double s, double theta, double tx,
		double ty) {
		return affine(img, n, x, y, s, theta, tx, ty, false);
	}

	/**
	 * As {@link #affine(float[], int, float[], float[], double, double, double, double)}; with {@code markOutside},
	 * keypoints that land outside become {@link TrainingTargets#OUTSIDE} instead of NaN.
	 */
	public static float[] affine(float[] img, int n, float[] x, float[] y, double s, double theta, double tx,
		double ty, boolean markOutside) {
		double cx = (n - 1) / 2.0, cy = cx;
		double cos = Math.cos(theta), sin = Math.sin(theta);
		// forward: [x'; y'] = s [cos -sin; sin cos] [x - cx; y - cy] + [cx + tx; cy + ty]
		float[] out = new float[img.length];
		for (int r = 0; r < n; r++) {
			for (int c = 0; c < n; c++) {
				double dx = c - cx - tx, dy = r - cy - ty;
				double sx = (cos * dx + sin * dy) / s + cx;
				double sy = (-sin * dx + cos * dy) / s + cy;
				out[r * n + c] = sample(img, n, sx, sy);
			}
		}
		for (int k = 0; k < x.length; k++) {
			if (Float.isNaN(x[k]) || Float.isNaN(y[k]) || TrainingTargets.isOutside(x[k], y[k])) continue;
			double dx = x[k] - cx, dy = y[k] - cy;
			double nx = s * (cos * dx - sin * dy) + cx + tx;
			double ny = s * (sin * dx + cos * dy) + cy + ty;
			if (nx < 0 || ny < 0 || nx > n - 1 || ny > n - 1) {
				x[k] = markOutside ? TrainingTargets.OUTSIDE : Float.NaN;
				y[k] = markOutside ? TrainingTargets.OUTSIDE : Float.NaN;
			}
			else {
				x[k] = (float) nx;
				y[k] = (float) ny;
			}
		}
		return out;
	}

	private static float sample(float[] img, int n, double x, double y) {
		if (x < -1 || y < -1 || x > n || y > n) return 0;
		int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		double fx = x - x0, fy = y - y0;
		return (float) ((1 - fy) * ((1 - fx) * px(img, n, x0, y0) + fx * px(img, n, x0 + 1, y0)) +
			fy * ((1 - fx) * px(img, n, x0, y0 + 1) + fx * px(img, n, x0 + 1, y0 + 1)));
	}

	private static float px(float[] img, int n, int x, int y) {
		return x < 0 || y < 0 || x >= n || y >= n ? 0 : img[y * n + x];
	}

	// ------------------------------------------------------------------------------------ left / right partners

	private static final Pattern TOKEN = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\\d+|[^A-Za-z\\d]+");

	/**
	 * For each keypoint, the index of its mirror partner (or -1): names that differ only in a side marker, e.g.
	 * leftear / rightear, paw_L / paw_R, "left eye" / "right eye", paw1LH_top / paw4RH_top (digits are ignored when
	 * pairing; an uppercase token starting with L or R counts as a side marker).
	 */
	public static int[] flipPartners(KeypointSet set) {
		int n = set.size();
		String[] key = new String[n];
		char[] side = new char[n];
		for (int k = 0; k < n; k++) {
			String name = set.name(k);
			String lower = name.toLowerCase(Locale.ROOT);
			int li = lower.indexOf("left"), ri = lower.indexOf("right");
			if (li >= 0 && ri < 0) {
				side[k] = 'L';
				key[k] = lower.substring(0, li) + "?" + lower.substring(li + 4);
			}
			else if (ri >= 0 && li < 0) {
				side[k] = 'R';
				key[k] = lower.substring(0, ri) + "?" + lower.substring(ri + 5);
			}
			else {
				Matcher m = TOKEN.matcher(name);
				List<String> tokens = new ArrayList<>();
				while (m.find()) tokens.add(m.group());
				int found = -1;
				for (int t = 0; t < tokens.size(); t++) {
					String tok = tokens.get(t);
					boolean upperSide = tok.length() <= 3 && tok.equals(tok.toUpperCase(Locale.ROOT)) &&
						(tok.charAt(0) == 'L' || tok.charAt(0) == 'R');
					boolean lowerSide = tok.equals("l") || tok.equals("r");
					if (upperSide || lowerSide) {
						if (found >= 0) {
							found = -2; // ambiguous
							break;
						}
						found = t;
					}
				}
				if (found >= 0) {
					String tok = tokens.get(found);
					side[k] = Character.toUpperCase(tok.charAt(0));
					tokens.set(found, "?" + tok.substring(1));
					key[k] = String.join("", tokens).toLowerCase(Locale.ROOT);
				}
			}
			if (key[k] != null) key[k] = key[k].replaceAll("\\d+", "#");
		}
		int[] partner = new int[n];
		java.util.Arrays.fill(partner, -1);
		for (int a = 0; a < n; a++) {
			if (key[a] == null) continue;
			int match = -1, count = 0;
			for (int b = 0; b < n; b++)
				if (b != a && key[a].equals(key[b]) && side[b] != side[a]) {
					match = b;
					count++;
				}
			if (count == 1) partner[a] = match;
		}
		// keep only mutual pairs
		for (int a = 0; a < n; a++)
			if (partner[a] >= 0 && partner[partner[a]] != a) partner[a] = -1;
		return partner;
	}
}
