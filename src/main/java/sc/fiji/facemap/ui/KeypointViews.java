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

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Plot;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.awt.Font;

import sc.fiji.facemap.keypoints.Keypoints;

/**
 * ImageJ views of keypoint traces: an {@link Overlay} drawing each keypoint as a coloured dot (one colour per
 * keypoint, optionally with its name) on the frames it was tracked in, a {@link ResultsTable} with one row per frame,
 * and a {@link Plot} of the x and y traces.
 */
public final class KeypointViews {

	private KeypointViews() {}

	/** One distinct, bright colour per keypoint (hues spread around the circle). */
	public static Color color(int k, int n) {
		float hue = (float) k / Math.max(1, n);
		return Color.getHSBColor(hue, 0.9f, 1f);
	}

	/**
	 * An overlay with the keypoints of every frame, each on its own time point.
	 *
	 * @param firstFrame video frame of the first row of {@code kp} (0-based)
	 * @param threshold keypoints with a likelihood below this (or NaN coordinates) are not drawn
	 * @param labels also draw each keypoint's name
	 * @param hyperstack position ROIs on the time axis (true for images from Open Video...) or by stack slice
	 */
	public static Overlay overlay(Keypoints kp, int firstFrame, double threshold, boolean labels, boolean hyperstack) {
		Overlay ov = new Overlay();
		int n = kp.keypoints();
		double r = 3;
		Font font = new Font("SansSerif", Font.PLAIN, 10);
		for (int f = 0; f < kp.frames(); f++) {
			int t = firstFrame + f + 1;
			for (int k = 0; k < n; k++) {
				float x = kp.x(f, k), y = kp.y(f, k), l = kp.likelihood(f, k);
				if (Float.isNaN(x) || Float.isNaN(y) || !(l >= threshold)) continue;
				Color c = color(k, n);
				Roi dot = new OvalRoi(x - r, y - r, 2 * r, 2 * r);
				dot.setStrokeColor(c);
				dot.setFillColor(c);
				dot.setName(kp.keypointSet().name(k));
				position(dot, t, hyperstack);
				ov.add(dot);
				if (labels) {
					TextRoi text = new TextRoi(x + r + 1, y - r - 6, kp.keypointSet().name(k), font);
					text.setStrokeColor(c);
					position(text, t, hyperstack);
					ov.add(text);
				}
			}
		}
		return ov;
	}

	private static void position(Roi roi, int t, boolean hyperstack) {
		if (hyperstack) roi.setPosition(0, 0, t);
		else roi.setPosition(t);
	}

	/** Draws the overlay on {@code imp} (replacing its overlay). */
	public static void show(ImagePlus imp, Keypoints kp, int firstFrame, double threshold, boolean labels) {
		imp.setOverlay(overlay(kp, firstFrame, threshold, labels, imp.isHyperStack() || imp.getNFrames() > 1));
	}

	/** One row per frame: Frame, then {name}_x, {name}_y, {name}_likelihood for each keypoint. */
	public static ResultsTable table(Keypoints kp, int firstFrame) {
		ResultsTable rt = new ResultsTable(kp.frames());
		rt.setPrecision(3);
		for (int f = 0; f < kp.frames(); f++) {
			rt.setValue("Frame", f, firstFrame + f);
			for (int k = 0; k < kp.keypoints(); k++) {
				String name = kp.keypointSet().name(k);
				rt.setValue(name + "_x", f, kp.x(f, k));
				rt.setValue(name + "_y", f, kp.y(f, k));
				rt.setValue(name + "_likelihood", f, kp.likelihood(f, k));
			}
		}
		return rt;
	}

	/** x (solid) and y (dotted) traces of every keypoint against the frame number, one colour per keypoint. */
	public static Plot plot(Keypoints kp, int firstFrame, String title) {
		Plot plot = new Plot(title, "Frame", "Position (px)");
		double[] frames = new double[kp.frames()];
		for (int f = 0; f < frames.length; f++) frames[f] = firstFrame + f;
		int n = kp.keypoints();
		StringBuilder legend = new StringBuilder();
		for (int k = 0; k < n; k++) {
			plot.setColor(color(k, n));
			plot.setLineWidth(1);
			plot.add("line", frames, toDouble(kp.trace(k, 0)));
			plot.add("dot", frames, toDouble(kp.trace(k, 1)));
			legend.append(kp.keypointSet().name(k)).append(" x\n").append(kp.keypointSet().name(k)).append(" y\n");
		}
		plot.setLimitsToFit(false);
		plot.addLegend(legend.toString());
		return plot;
	}

	private static double[] toDouble(float[] a) {
		double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++) d[i] = a[i];
		return d;
	}
}
