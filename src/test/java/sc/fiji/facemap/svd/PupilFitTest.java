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
package sc.fiji.facemap.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.SyntheticVideo;

/** Pupil fit on drawn pupils: area of a uniform disk, bright pupils, corneal-reflection masking, smoothing. */
class PupilFitTest {

	static final int W = 80, H = 70;

	/** A dark disk (gray 30) of radius r at (cy, cx) on gray 150, with an optional bright reflection (250). */
	static byte[] eye(double cy, double cx, double r, boolean reflection, boolean bright) {
		byte[] f = new byte[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				double d = Math.hypot(y - cy, x - cx);
				int g = d <= r ? 30 : 150;
				if (reflection && Math.hypot(y - (cy - 3), x - (cx + 4)) <= 4) g = 250;
				if (bright) g = 255 - g;
				f[y * W + x] = (byte) g;
			}
		return f;
	}

	static PupilFit.Fit fit(byte[] f, RoiSpec roi) {
		double[] im = PupilFit.contrast(f, roi.ellipseMask(), roi.saturation(), roi.brightPupil());
		boolean[] miss = roi.reflectors().isEmpty() ? null : roi.reflectorMask();
		return PupilFit.fit(im, W, H, 2.0, miss);
	}

	@Test
	void uniformDiskAreaAndCentre() {
		RoiSpec roi = RoiSpec.of(RoiSpec.Kind.PUPIL, 0, 0, W, H).withSaturation(100);
		PupilFit.Fit f = fit(eye(33.0, 41.0, 12, false, false), roi);
		// sigma 2: 4 x the disk's variance R^2/4 per axis -> area pi R^2 (pixel-sampled disk: within 3 %)
		assertEquals(Math.PI * 144, f.area(), 0.03 * Math.PI * 144);
		assertEquals(33.0, f.comRow(), 0.05);
		assertEquals(41.0, f.comCol(), 0.05);
		assertEquals(f.axlen()[0], f.axlen()[1], 0.05 * f.axlen()[0]);
		assertEquals(Math.PI * Math.sqrt(f.axlen()[0] * f.axlen()[1]), f.area(), 1e-9);
	}

	@Test
	void brightPupilWithInvertedContrast() {
		RoiSpec dark = RoiSpec.of(RoiSpec.Kind.PUPIL, 0, 0, W, H).withSaturation(100);
		RoiSpec bright = dark.withBrightPupil(true);
		PupilFit.Fit a = fit(eye(30, 40, 10, false, false), dark);
		PupilFit.Fit b = fit(eye(30, 40, 10, false, true), bright);
		assertEquals(a.area(), b.area(), 1e-9);
		assertEquals(a.comRow(), b.comRow(), 1e-9);
		// a bright pupil read as dark finds the surround, not the pupil
		PupilFit.Fit wrong = fit(eye(30, 40, 10, false, true), dark);
		assertTrue(Double.isNaN(wrong.area()) || Math.abs(wrong.area() - a.area()) > 0.2 * a.area());
	}

	@Test
	void reflectorMaskingRestoresTheArea() {
		RoiSpec roi = RoiSpec.of(RoiSpec.Kind.PUPIL, 0, 0, W, H).withSaturation(100);
		double truth = fit(eye(33, 41, 12, false, false), roi).area();
		byte[] f = eye(33, 41, 12, true, false);
		PupilFit.Fit plain = fit(f, roi);
		// reflection at (30, 45), radius 4: a reflector ellipse 10 x 10 around it
		RoiSpec masked = roi.withReflectors(List.of(new RoiSpec.Ellipse(40, 25, 10, 10)));
		PupilFit.Fit m = fit(f, masked);
		double errPlain = Math.abs(plain.area() - truth) / truth, errMasked = Math.abs(m.area() - truth) / truth;
		assertTrue(errMasked < errPlain, "masked " + errMasked + " vs plain " + errPlain);
		assertTrue(errMasked < 0.03, "masked error " + errMasked);
		assertEquals(33, m.comRow(), 0.3);
		assertEquals(41, m.comCol(), 0.3);
	}

	@Test
	void emptyRoiGivesNaN() {
		RoiSpec roi = RoiSpec.of(RoiSpec.Kind.PUPIL, 0, 0, W, H).withSaturation(10); // nothing darker than 10
		PupilFit.Fit f = fit(eye(33, 41, 12, false, false), roi);
		assertTrue(Double.isNaN(f.area()));
		assertTrue(Double.isNaN(f.comRow()));
	}

	@Test
	void smoothingFillsNaNsAndReplacesOutliers() {
		double[] x = new double[100];
		for (int i = 0; i < x.length; i++) x[i] = 100 + (i % 2);
		x[40] = Double.NaN;
		x[60] = 500; // a one-frame outlier
		double[] s = PupilFit.smooth(x, 30, false);
		assertEquals(100.5, s[40], 0.6);
		assertTrue(s[60] < 110, "outlier kept: " + s[60]);
		assertEquals(x[10], s[10], 1e-12); // in range: kept
		// Facemap's zero edges pull the first frames' median toward 0, but values within std/2 are kept
		double[] z = PupilFit.smooth(x, 30, true);
		assertEquals(101, z[1], 1e-12);
	}

	@Test
	void pupilThroughThePipelineWithSmoothedTraces() {
		int n = 40;
		byte[][] frames = new byte[n][];
		for (int t = 0; t < n; t++) frames[t] = eye(33, 41, 8 + 0.1 * t, false, false);
		frames[20] = new byte[W * H]; // a black frame: the fit finds the whole ellipse
		java.util.Arrays.fill(frames[20], (byte) 150); // ... or nothing: NaN
		SyntheticVideo v = new SyntheticVideo(W, H, frames);
		RoiSpec roi = RoiSpec.of(RoiSpec.Kind.PUPIL, 0, 0, W, H).withSaturation(100);
		ProcessingResult r = SvdProcessor.process(List.of(v), List.of(), List.of(roi), SvdSettings.DEFAULTS.with("motsvd", false).with("movsvd", false).with("motion_energy", false), Progress.NONE);
		ProcessingResult.Pupil p = r.pupils().get(0);
		assertTrue(Double.isNaN(p.area()[20]));
		assertTrue(!Double.isNaN(p.areaSmooth()[20]));
		for (int t = 0; t < n; t++) {
			if (t == 20) continue;
			double rad = 8 + 0.1 * t;
			assertEquals(Math.PI * rad * rad, p.area()[t], 0.06 * Math.PI * rad * rad, "frame " + t);
			assertEquals(33, p.com()[2 * t], 0.1);
		}
		assertTrue(r.regions().get(0).motion() == null, "no motion energy asked");
	}
}
