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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Facemap's outlier filter against values worked out by hand. */
class OutlierFilterTest {

	@Test
	void nanmedianFilterWithEdgePadding() {
		double[] out = OutlierFilter.nanmedianFilter(new double[] { 1, Double.NaN, 3, 10, 5 }, 3);
		assertArrayEquals(new double[] { 1, 2, 6.5, 5, 5 }, out, 1e-12);
		// even window: output i covers [i-2, i+1]
		out = OutlierFilter.nanmedianFilter(new double[] { 4, 1, 7, 2, 9 }, 4);
		assertArrayEquals(new double[] { 4, 4, 3, 4.5, 8 }, out, 1e-12);
		assertTrue(Double.isNaN(OutlierFilter.nanmedianFilter(new double[] { Double.NaN, Double.NaN }, 3)[1]));
	}

	@Test
	void spikeIsRemovedAndFilledFromTheMedianTrace() {
		int n = 100;
		double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = 100 + 0.1 * i;
			y[i] = 50;
		}
		double[] orig = x.clone();
		x[40] = 200; // jump: frame 40 and the jump back at 41 are removed
		x[70] = Double.NaN;
		new OutlierFilter().filter(x, y);
		// x_filt[39] = 103.8, x_filt[42] = 104.3 (medians of 13 values); linear between them
		assertEquals(103.8 + (104.3 - 103.8) / 3, x[40], 1e-9);
		assertEquals(103.8 + 2 * (104.3 - 103.8) / 3, x[41], 1e-9);
		assertEquals(50, y[40], 1e-12);
		// the missing frame is filled: median of 63..77 without 70 = mean of 106.9 and 107.1
		assertEquals(107.0, x[70], 1e-9);
		for (int i = 0; i < n; i++)
			if (i != 40 && i != 41 && i != 70) assertEquals(orig[i], x[i], 0, "frame " + i);
	}

	@Test
	void slowDeviationFromBaselineIsRemoved() {
		int n = 120;
		double[] x = new double[n], y = new double[n];
		// steps of 20 px (below max_diff) build up to a 60 px plateau for 5 frames
		for (int i = 0; i < n; i++) x[i] = 10;
		double[] plateau = { 30, 50, 70, 70, 70, 50, 30 };
		for (int i = 0; i < plateau.length; i++) x[60 + i] = plateau[i];
		new OutlierFilter().filter(x, y);
		// frames 61..65 deviate more than 25 px from the baseline median (10) and are refilled with 10; the 30s stay
		for (int i = 61; i <= 65; i++) assertEquals(10, x[i], 1e-9, "frame " + i);
		assertEquals(30, x[60], 0);
		assertEquals(30, x[66], 0);
	}

	@Test
	void keypointsAreFilteredPerKeypoint() {
		KeypointSet set = new KeypointSet(List.of("a", "b"));
		int n = 30;
		Keypoints kp = new Keypoints(set, n);
		for (int f = 0; f < n; f++) {
			kp.set(f, 0, f, 0, 0.9f);
			kp.set(f, 1, 5, f == 10 ? 300 : 5, 0.8f);
		}
		Keypoints out = new OutlierFilter().apply(kp);
		assertEquals(5f, out.y(10, 1), 1e-6);
		assertEquals(10f, out.x(10, 0), 1e-6);
		assertEquals(0.8f, out.likelihood(10, 1));
		assertEquals(300f, kp.y(10, 1)); // input untouched
	}

	@Test
	void framesWhereAKeypointIsNowhereStayNaN() {
		KeypointSet set = new KeypointSet(List.of("a"));
		int n = 40;
		Keypoints kp = new Keypoints(set, n);
		for (int f = 0; f < n; f++) {
			boolean nowhere = f >= 12 && f < 20;
			kp.set(f, 0, nowhere ? Float.NaN : 7, nowhere ? Float.NaN : (f == 30 ? 200 : 7), nowhere ? 0.5f : 0.9f);
		}
		Keypoints out = new OutlierFilter().apply(kp);
		for (int f = 12; f < 20; f++) assertTrue(Float.isNaN(out.x(f, 0)) && Float.isNaN(out.y(f, 0)), "frame " + f);
		assertEquals(7f, out.y(30, 0), 1e-6, "a spike is still replaced");
		assertEquals(7f, out.x(11, 0), 1e-6);
		// the trace-level filter (Facemap's) interpolates over NaN
		double[] x = new double[n], y = new double[n];
		for (int f = 0; f < n; f++) x[f] = y[f] = kp.x(f, 0);
		new OutlierFilter().filter(x, y);
		assertEquals(7.0, x[15], 1e-9);
	}
}
