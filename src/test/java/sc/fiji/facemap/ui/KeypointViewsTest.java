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
import sc.fiji.facemap.viewer.DisplaySettings;

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
		DisplaySettings d = DisplaySettings.DEFAULTS.withLikelihoodThreshold(0.6).withShowNames(false);
		// 6 points over frames 5-7, minus the NaN one, minus the one below the threshold; each frame only its own
		int total = 0;
		for (int f = 0; f < 12; f++) total += KeypointViews.overlay(sample(), 5, f, d, null, -1).size();
		assertEquals(4, total);
		Overlay ov = KeypointViews.overlay(sample(), 5, 5, d, null, -1); // frame 5 = row 0
		assertEquals(2, ov.size());
		Roi first = ov.get(0);
		assertEquals("nose", first.getName());
		assertEquals(0, first.getPosition(), "no stack position: the overlay is the shown frame's");
		assertEquals(10.0, first.getBounds().getCenterX(), 0.5);
		assertEquals(11.0, KeypointViews.overlay(sample(), 5, 6, d, null, -1).get(0).getBounds().getCenterX(), 0.5);
		assertNotEquals(ov.get(0).getFillColor(), ov.get(1).getFillColor());
		assertEquals(KeypointViews.color("nose"), ov.get(0).getFillColor());
		int named = 0;
		for (int f = 0; f < 3; f++) named += KeypointViews.overlay(sample(), 0, f, d.withShowNames(true), null, -1)
			.size();
		assertEquals(8, named); // with name labels
		assertEquals(0, KeypointViews.overlay(sample(), 5, 4, d, null, -1).size(), "before the first tracked frame");
		assertEquals(0, KeypointViews.overlay(sample(), 5, 8, d, null, -1).size(), "after the last");
		// hidden keypoints and the selection ring
		assertEquals(1, KeypointViews.overlay(sample(), 5, 5, d, new boolean[] { false, true }, -1).size());
		Overlay sel = KeypointViews.overlay(sample(), 5, 5, d, null, 1);
		assertEquals(3, sel.size());
		assertEquals(java.awt.Color.WHITE, sel.get(2).getStrokeColor());
		// the point size is the dot's diameter
		assertEquals(9, KeypointViews.overlay(sample(), 5, 5, d.withPointSize(9), null, -1).get(0).getBounds().width,
			1);
	}

	@Test
	void aKeypointHasTheSameColourInEveryViewWhateverTheSet() {
		Keypoints three = new Keypoints(new KeypointSet(List.of("paw", "nose(tip)", "mine")), 1);
		Keypoints all = new Keypoints(KeypointSet.facemap(), 1);
		for (int k = 0; k < 3; k++) three.set(0, k, 5, 5, 1);
		for (int k = 0; k < 15; k++) all.set(0, k, 5, 5, 1);
		DisplaySettings d = DisplaySettings.DEFAULTS.withShowNames(false);
		Overlay a = KeypointViews.overlay(three, 0, 0, d, null, -1), b = KeypointViews.overlay(all, 0, 0, d, null, -1);
		assertEquals(b.get(KeypointSet.FACEMAP.indexOf("paw")).getFillColor(), a.get(0).getFillColor());
		assertEquals(b.get(KeypointSet.FACEMAP.indexOf("nose(tip)")).getFillColor(), a.get(1).getFillColor());
		assertEquals(new java.awt.Color(sc.fiji.facemap.keypoints.KeypointPalette.rgb("mine")), a.get(2)
			.getFillColor());
	}

	@Test
	void tableHasOneRowPerFrame() {
		ResultsTable rt = KeypointViews.table(sample(), 5);
		assertEquals(3, rt.size());
		assertEquals(6, rt.getValue("Frame", 1), 0);
		assertEquals(41, rt.getValue("eye_y", 1), 1e-6);
		assertEquals(0.55, rt.getValue("eye_likelihood", 1), 1e-6);
		assertEquals("Keypoint traces", KeypointViews.plot(sample(), 0, "Keypoint traces", 25).getTitle());
	}
}
