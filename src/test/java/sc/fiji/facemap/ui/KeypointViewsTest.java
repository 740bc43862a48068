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
package sc.fiji.facemap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/** Overlay, table and plot of keypoint traces (headless). */
class KeypointViewsTest {

	static Keypoints sample() {
		Keypoints kp = new Keypoints(new KeypointSet(List.of("nose", "eye")), 3);
		for (int f = 0; f < 3; f++) {
			kp.set(f, 0, 10 + f, 20, 0.9f);
			kp.set(f, 1, 30, 40 + f, f == 1 ? 0.55f : 0.8f);
		}
		kp.set(2, 0, Float.NaN, Float.NaN, Float.NaN);
		return kp;
	}

	@Test
	void overlayHasOneColouredDotPerVisibleKeypointOnItsFrame() {
		Overlay ov = KeypointViews.overlay(sample(), 5, 0.6, false, true);
		// 6 points, minus the NaN one, minus the one below the threshold
		assertEquals(4, ov.size());
		Roi first = ov.get(0);
		assertEquals("nose", first.getName());
		assertEquals(6, first.getTPosition()); // frame 5 -> time point 6
		assertEquals(10.0, first.getBounds().getCenterX(), 0.5);
		assertNotEquals(ov.get(0).getFillColor(), ov.get(1).getFillColor());
		assertEquals(KeypointViews.color(0, 2), ov.get(0).getFillColor());
		assertEquals(8, KeypointViews.overlay(sample(), 0, 0.6, true, false).size()); // with name labels
	}

	@Test
	void tableHasOneRowPerFrame() {
		ResultsTable rt = KeypointViews.table(sample(), 5);
		assertEquals(3, rt.size());
		assertEquals(6, rt.getValue("Frame", 1), 0);
		assertEquals(41, rt.getValue("eye_y", 1), 1e-6);
		assertEquals(0.55, rt.getValue("eye_likelihood", 1), 1e-6);
		assertEquals("Keypoint traces", KeypointViews.plot(sample(), 0, "Keypoint traces").getTitle());
	}
}
