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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A dot drawn at a keypoint stays under the transformed keypoint; left/right keypoints swap on a flip. */
class AugmentationTest {

	static final int N = 256;

	/** A small Gaussian dot at (x, y). */
	static float[] dot(float[] img, double x, double y) {
		for (int r = 0; r < N; r++)
			for (int c = 0; c < N; c++) {
				double d2 = (c - x) * (c - x) + (r - y) * (r - y);
				img[r * N + c] += (float) Math.exp(-d2 / (2 * 1.5 * 1.5));
			}
		return img;
	}

	/** Intensity-weighted centroid of the pixels within 6 px of (x, y). */
	static double[] centroid(float[] img, double x, double y) {
		double sx = 0, sy = 0, s = 0;
		for (int r = (int) y - 6; r <= (int) y + 6; r++)
			for (int c = (int) x - 6; c <= (int) x + 6; c++) {
				if (r < 0 || c < 0 || r >= N || c >= N) continue;
				double v = img[r * N + c];
				sx += v * c;
				sy += v * r;
				s += v;
			}
		return new double[] { sx / s, sy / s };
	}

	static void assertDotUnderKeypoints(float[] img, float[] x, float[] y, double tol) {
		for (int k = 0; k < x.length; k++) {
			if (Float.isNaN(x[k])) continue;
			double[] c = centroid(img, x[k], y[k]);
			assertEquals(x[k], c[0], tol, "x of keypoint " + k);
			assertEquals(y[k], c[1], tol, "y of keypoint " + k);
		}
	}

	@Test
	void flipIsAnExactMirror() {
		float[] x = { 40.3f, 200.7f }, y = { 100.2f, 50.9f };
		float[] img = dot(dot(new float[N * N], x[0], y[0]), x[1], y[1]);
		float[] out = Augmentation.flip(img, N, x, y, null);
		assertEquals(255 - 40.3f, x[0], 1e-4);
		assertDotUnderKeypoints(out, x, y, 0.02);
		for (int r = 0; r < N; r += 17)
			for (int c = 0; c < N; c += 13) assertEquals(img[r * N + c], out[r * N + 255 - c]);
	}

	@Test
	void scaleRotationTranslationMoveDotAndKeypointTogether() {
		double[][] cases = { { 1.25, 0, 0, 0 }, { 0.8, 0, 0, 0 }, { 1, Math.toRadians(20), 0, 0 },
			{ 1, 0, 13.5, -7.25 }, { 1.1, Math.toRadians(-12), -9, 15 } };
		for (double[] t : cases) {
			float[] x = { 60f, 128f, 190.5f, 100f }, y = { 70f, 128f, 160.25f, 200f };
			float[] img = new float[N * N];
			for (int k = 0; k < x.length; k++) dot(img, x[k], y[k]);
			float[] x0 = x.clone(), y0 = y.clone();
			float[] out = Augmentation.affine(img, N, x, y, t[0], t[1], t[2], t[3]);
			assertDotUnderKeypoints(out, x, y, 0.3);
			if (t[0] == 1 && t[1] == 0) {
				assertEquals(x0[0] + t[2], x[0], 1e-4);
				assertEquals(y0[0] + t[3], y[0], 1e-4);
			}
		}
	}

	@Test
	void keypointsLeavingTheImageBecomeMissing() {
		float[] x = { 250f, 128f }, y = { 128f, 128f };
		Augmentation.affine(new float[N * N], N, x, y, 1, 0, 20, 0);
		assertTrue(Float.isNaN(x[0]) && Float.isNaN(y[0]));
		assertEquals(148f, x[1], 1e-4);
	}

	@Test
	void randomAugmentationKeepsDotsUnderKeypoints() {
		KeypointSet set = new KeypointSet(List.of("snout", "leftear", "rightear", "tailbase"));
		Augmentation aug = new Augmentation(new Augmentation.Config(), set);
		Random rng = new Random(3);
		for (int trial = 0; trial < 12; trial++) {
			float[] x = { 128f, 100f, 160f, 130f }, y = { 60f, 90f, 92f, 200f };
			// distinct dot brightness per keypoint so that a swap would be visible
			float[] img = new float[N * N];
			for (int k = 0; k < 4; k++) {
				float[] d = dot(new float[N * N], x[k], y[k]);
				for (int i = 0; i < img.length; i++) img[i] += d[i] * (k + 1);
			}
			aug.config().contrast = false;
			float[] out = aug.apply(img, x, y, rng);
			assertDotUnderKeypoints(out, x, y, 0.35);
			for (int k = 0; k < 4; k++) {
				if (Float.isNaN(x[k])) continue;
				float peak = out[Math.round(y[k]) * N + Math.round(x[k])];
				// the brightness of the dot under keypoint k identifies which original dot it is
				int original = k == 1 && x[1] > x[2] ? 2 : k == 2 && x[2] < x[1] ? 1 : k;
				assertTrue(peak > 0.5 * (original + 1) && peak < 1.5 * (original + 1) + 0.2,
					"keypoint " + k + " peak " + peak);
			}
		}
	}

	@Test
	void strongGeometryKeepsDotsUnderKeypoints() {
		Augmentation.Config c = Augmentation.Config.strong();
		c.contrast = false;
		c.gammaProbability = 0;
		c.invertProbability = 0;
		Augmentation aug = new Augmentation(c, new KeypointSet(List.of("a", "b", "c")));
		Random rng = new Random(11);
		int warped = 0;
		for (int trial = 0; trial < 10; trial++) {
			float[] x = { 110f, 128f, 150f }, y = { 100f, 128f, 140f };
			float[] img = new float[N * N];
			for (int k = 0; k < 3; k++) dot(img, x[k], y[k]);
			float[] x0 = x.clone();
			float[] out = aug.apply(img, x, y, rng);
			assertDotUnderKeypoints(out, x, y, 0.35);
			if (Math.abs(Math.abs(x[2] - x[0]) - Math.abs(x0[2] - x0[0])) > 1) warped++;
		}
		assertTrue(warped >= 3, "the wide scale range changes distances");
	}

	@Test
	void gammaAndInversionChangeIntensitiesOnly() {
		Augmentation.Config c = Augmentation.Config.none();
		c.invertProbability = 1;
		Augmentation aug = new Augmentation(c, new KeypointSet(List.of("a")));
		float[] img = { 0f, 0.25f, 1f, 0.5f };
		float[] x = { 3f }, y = { 4f };
		float[] out = aug.apply(img, x, y, new Random(1));
		assertArrayEquals(new float[] { 1f, 0.75f, 0f, 0.5f }, out, 1e-6f);
		assertEquals(3f, x[0]);
		c.invertProbability = 0;
		c.gammaProbability = 1;
		c.gammaMax = 2;
		out = aug.apply(img, x, y, new Random(2));
		assertEquals(0f, out[0]);
		assertEquals(1f, out[2], 1e-6);
		assertTrue(out[1] != 0.25f && out[1] > 0 && out[1] < 1);
	}

	@Test
	void leftRightNamesSwapOnFlip() {
		KeypointSet of = new KeypointSet(List.of("snout", "leftear", "rightear", "tailbase"));
		assertArrayEquals(new int[] { -1, 2, 1, -1 }, Augmentation.flipPartners(of));
		KeypointSet mm = new KeypointSet(List.of("paw1LH_top", "paw2LF_top", "paw3RF_top", "paw4RH_top", "tailBase_top",
			"nose_top", "paw1LH_bot", "paw2LF_bot", "paw3RF_bot", "paw4RH_bot", "obsHigh_bot", "obsLow_bot"));
		assertArrayEquals(new int[] { 3, 2, 1, 0, -1, -1, 9, 8, 7, 6, -1, -1 }, Augmentation.flipPartners(mm));
		KeypointSet misc = new KeypointSet(List.of("eye_L", "eye_R", "Left Paw", "Right Paw", "nose(r)", "lip"));
		assertArrayEquals(new int[] { 1, 0, 3, 2, -1, -1 }, Augmentation.flipPartners(misc));
		assertArrayEquals(new int[15], java.util.Arrays.stream(Augmentation.flipPartners(KeypointSet.facemap()))
			.map(p -> p + 1).toArray(), "Facemap's names have no left/right pairs");

		float[] x = { 128f, 100f, 160f, 130f }, y = { 60f, 90f, 92f, 200f };
		Augmentation.flip(new float[N * N], N, x, y, Augmentation.flipPartners(of));
		// the new left ear is the mirrored old right ear
		assertEquals(255 - 160f, x[1], 1e-4);
		assertEquals(92f, y[1], 1e-4);
		assertEquals(255 - 100f, x[2], 1e-4);
		assertEquals(90f, y[2], 1e-4);
		assertEquals(255 - 128f, x[0], 1e-4);
	}

	@Test
	void contrastFollowsFacemapFormula() {
		float[] img = { 0f, 0.25f, 0.5f, 1f };
		float[] out = Augmentation.contrast(img, 0.1, 1.2);
		double m = 0.4375;
		for (int i = 0; i < img.length; i++) {
			double want = Math.max(0, Math.min(1, Math.min(1, (img[i] + 0.1 - m) * 1.2 + m)));
			assertEquals(want, out[i], 1e-6);
		}
	}

	@Test
	void keypointsLeavingTheImageCanBeMarkedOutsideWithAnEmptyTarget() {
		float[] x = { 250f, 128f }, y = { 128f, 128f };
		Augmentation.affine(new float[N * N], N, x, y, 1, 0, 20, 0, true);
		assertTrue(TrainingTargets.isOutside(x[0], y[0]));
		assertEquals(148f, x[1], 1e-4);
		Augmentation.flip(new float[N * N], N, x, y, null);
		assertTrue(TrainingTargets.isOutside(x[0], y[0]), "a flip keeps an outside point outside");
		int GG = TrainingTargets.GRID * TrainingTargets.GRID;
		float[] hm = new float[GG], lx = new float[GG], ly = new float[GG];
		assertTrue(!TrainingTargets.fill(x[0], y[0], hm, lx, ly, null, 0), "no Gaussian target for an outside point");
		// its loss is the raw heatmap's mass: the network is pushed towards an empty heatmap (likelihood 0.5)
		int K = 1;
		float[] out = new float[GG];
		out[5] = 0.25f;
		out[77] = 0.5f;
		double loss = PoseTrainer.lossOnOutputs(out, new float[GG], new float[GG], new float[] { x[0] }, new float[] { y[0] }, 1, K);
		assertEquals(0.75, loss, 1e-6);
		assertEquals(0.75, PoseTrainer.lossOnOutputs(concat(out, out), new float[2 * GG], new float[2 * GG],
			new float[] { x[0], Float.NaN }, new float[] { y[0], 3f }, 2, K), 1e-6, "a missing point stays out of the loss");
		assertEquals(0.75 / 2, PoseTrainer.lossOnOutputs(concat(out, new float[GG]), new float[2 * GG], new float[2 * GG],
			new float[] { x[0], x[0] }, new float[] { y[0], y[0] }, 2, K), 1e-6, "averaged over outside points too");
	}

	static float[] concat(float[] a, float[] b) {
		float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
