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
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.awt.Font;

import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.viewer.DisplaySettings;
import sc.fiji.facemap.viewer.ViewerState;

/**
 * ImageJ views of keypoint traces: the overlay of one frame's keypoints (each a dot in its {@link KeypointPalette}
 * colour, optionally named; kept in step with the shown frame by {@link KeypointOverlay}), a {@link ResultsTable} with
 * one row per frame, and the trace figure ({@link TraceFigure}: one axes per keypoint group and coordinate).
 */
public final class KeypointViews {

	private KeypointViews() {}

	/** The colour of keypoint {@code name} (one per name, the same in every view): {@link KeypointPalette#rgb}. */
	public static Color color(String name) {
		return new Color(KeypointPalette.rgb(name));
	}

	/**
	 * The overlay of video frame {@code frame} only: one dot per keypoint tracked on that frame whose point is shown
	 * ({@code visible}, null = all), has coordinates and a likelihood at or above the threshold, and optionally its
	 * name. Empty (not null) when the frame is outside the tracked range. The ROIs have no stack position: the
	 * overlay is replaced whenever another frame is shown.
	 *
	 * @param firstFrame video frame of the first row of {@code kp} (0-based)
	 * @param selected keypoint to ring in white, or -1
	 */
	public static Overlay overlay(Keypoints kp, int firstFrame, int frame, DisplaySettings display, boolean[] visible,
		int selected) {
		return overlay(kp, firstFrame, frame, display, visible, selected, Integer.MAX_VALUE);
	}

	/**
	 * As {@link #overlay(Keypoints, int, int, DisplaySettings, boolean[], int)} on an image {@code imageWidth} pixels
	 * wide: a name that would run past the right edge is written to the left of its point instead, so it is never cut.
	 */
	public static Overlay overlay(Keypoints kp, int firstFrame, int frame, DisplaySettings display, boolean[] visible,
		int selected, int imageWidth) {
		Overlay ov = new Overlay();
		int f = frame - firstFrame;
		if (f < 0 || f >= kp.frames()) return ov;
		int n = kp.keypoints();
		double d = display.pointSize(), r = d / 2;
		Font font = new Font("SansSerif", Font.PLAIN, (int) Math.max(10, Math.round(d * 1.6)));
		for (int k = 0; k < n; k++) {
			if (visible != null && !visible[k]) continue;
			float x = kp.x(f, k), y = kp.y(f, k), l = kp.likelihood(f, k);
			if (Float.isNaN(x) || Float.isNaN(y) || !(l >= display.likelihoodThreshold())) continue;
			String name = kp.keypointSet().name(k);
			Color c = color(name);
			Roi dot = new OvalRoi(x - r, y - r, d, d);
			dot.setStrokeColor(c);
			dot.setFillColor(c);
			dot.setName(name);
			ov.add(dot);
			if (k == selected) {
				Roi ring = new OvalRoi(x - d, y - d, 2 * d, 2 * d);
				ring.setStrokeColor(Color.WHITE);
				ring.setName(name + " (selected)");
				ov.add(ring);
			}
			if (display.showNames()) {
				double tw = textWidth(name, font);
				double tx = x + r + 1 + tw > imageWidth ? x - r - 1 - tw : x + r + 1;
				TextRoi text = new TextRoi(Math.max(0, tx), y - r - font.getSize(), name, font);
				text.setStrokeColor(c);
				ov.add(text);
			}
		}
		return ov;
	}

	/** The width of {@code s} in {@code font} (headless-safe). */
	static double textWidth(String s, Font font) {
		java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
		return font.getStringBounds(s, frc).getWidth();
	}

	/**
	 * Draws {@code kp} on {@code imp}, always the shown frame's points only (replacing an earlier keypoint overlay of
	 * this image), with the given threshold and names; see {@link KeypointOverlay}.
	 *
	 * @param firstFrame video frame of the first row of {@code kp}: slice/time point {@code firstFrame + 1} shows row 0
	 */
	public static KeypointOverlay show(ImagePlus imp, Keypoints kp, int firstFrame, double threshold, boolean labels) {
		ViewerState state = new ViewerState(kp.keypointSet(), Math.max(1, KeypointOverlay.frameCount(imp)));
		state.setDisplay(DisplaySettings.DEFAULTS.withLikelihoodThreshold(threshold).withShowNames(labels));
		return KeypointOverlay.attach(imp, kp, firstFrame, state);
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

	/**
	 * The keypoint-trace figure of a result ({@link TraceFigure}): one small axes per keypoint group and coordinate
	 * ("eye x", "eye y", ... in px) on one time axis (the tracked frames) in frames and seconds, legends outside the
	 * data, keypoints without any value left out, each keypoint in its palette colour. As the Facemap window's traces.
	 *
	 * @param fps the video's frame rate for the time axis in seconds (0 = frames only)
	 */
	public static TraceFigure traceFigure(Keypoints kp, int firstFrame, String title, double fps) {
		java.util.List<sc.fiji.facemap.viewer.TraceRow> rows = sc.fiji.facemap.viewer.Traces.keypointRows(kp, firstFrame,
			sc.fiji.facemap.viewer.Traces.Coordinates.BOTH, k -> true);
		int end = Math.max(1, firstFrame + kp.frames());
		return new TraceFigure(rows, new sc.fiji.facemap.viewer.TimeWindow(firstFrame, end, end), -1, fps, title);
	}

	/**
	 * {@link #traceFigure} as an RGB image titled {@code title} (save it with File &gt; Save As; SVG through
	 * {@code Save Facemap Figure...}).
	 */
	public static ImagePlus plot(Keypoints kp, int firstFrame, String title, double fps) {
		TraceFigure f = traceFigure(kp, firstFrame, title, fps);
		return new ImagePlus(title, f.image(1000, f.heightFor(64)));
	}
}
