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

import java.awt.Canvas;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;

import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.viewer.ViewerState;

/**
 * The Facemap window's keypoint list: one row per keypoint with its palette colour, its name and two check boxes,
 * "point" (drawn on the video) and "trace" (plotted); the header's boxes switch all at once. Clicking a name selects
 * the keypoint. Keypoints without any coordinates in the loaded file (not tracked by the model, or never in view) are
 * listed in gray italics. Reads and changes only the {@link ViewerState}.
 */
final class KeypointList extends Canvas {

	private static final long serialVersionUID = 1L;
	static final int ROW = 17, WIDTH = 178, POINT_X = 124, TRACE_X = 154, BOX = 11;
	private final ViewerState state;
	private volatile boolean hasKeypoints;
	private volatile boolean[] hasData;

	KeypointList(ViewerState state) {
		this.state = state;
		addMouseListener(new MouseAdapter() {
			@Override
			public void mousePressed(MouseEvent e) {
				click(e.getX(), e.getY());
			}
		});
	}

	void setHasKeypoints(boolean b) {
		hasKeypoints = b;
		invalidate();
		repaint();
	}

	/** Which keypoints have any coordinates (the others are listed in gray: not tracked, or never in view). */
	void setHasData(boolean[] d) {
		hasData = d == null ? null : d.clone();
		repaint();
	}

	void click(int x, int y) {
		if (!hasKeypoints) return;
		int row = y / ROW - 1;
		KeypointSet set = state.keypoints();
		boolean pointBox = Math.abs(x - POINT_X - BOX / 2) <= BOX, traceBox = Math.abs(x - TRACE_X - BOX / 2) <= BOX;
		if (row == -1) {
			if (pointBox) state.setAllVisible(!allVisible(false));
			else if (traceBox) state.setAllTracesVisible(!allVisible(true));
			return;
		}
		if (row < 0 || row >= set.size()) return;
		if (pointBox) state.setVisible(row, !state.isVisible(row));
		else if (traceBox) state.setTraceVisible(row, !state.isTraceVisible(row));
		else state.select(state.selected() == row ? -1 : row);
	}

	private boolean allVisible(boolean traces) {
		for (int k = 0; k < state.keypoints().size(); k++)
			if (traces ? !state.isTraceVisible(k) : !state.isVisible(k)) return false;
		return true;
	}

	@Override
	public Dimension getPreferredSize() {
		return new Dimension(WIDTH, hasKeypoints ? ROW * (state.keypoints().size() + 1) + 4 : 2 * ROW);
	}

	@Override
	public void update(Graphics g) {
		paint(g);
	}

	@Override
	public void paint(Graphics g0) {
		int w = Math.max(1, getWidth()), h = Math.max(1, getHeight());
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(new Color(0x303030));
		g.setFont(new Font("SansSerif", Font.BOLD, 11));
		if (!hasKeypoints) {
			g.drawString("no keypoints loaded", 6, 14);
			g.dispose();
			g0.drawImage(img, 0, 0, null);
			return;
		}
		g.drawString("keypoint", 6, 13);
		g.setFont(new Font("SansSerif", Font.PLAIN, 10));
		g.drawString("point", POINT_X - 6, 13);
		g.drawString("trace", TRACE_X - 5, 13);
		KeypointSet set = state.keypoints();
		int sel = state.selected();
		for (int k = 0; k < set.size(); k++) {
			int y = ROW * (k + 1);
			String name = set.name(k);
			Color c = new Color(KeypointPalette.rgb(name));
			if (k == sel) {
				g.setColor(new Color(0xDDE8F5));
				g.fillRect(0, y, w, ROW);
			}
			g.setColor(c);
			g.fillOval(6, y + 4, 9, 9);
			boolean[] d = hasData;
			boolean none = d != null && k < d.length && !d[k];
			g.setColor(new Color(none ? 0x9A9A9A : 0x202020));
			g.setFont(new Font("SansSerif", (k == sel ? Font.BOLD : Font.PLAIN) | (none ? Font.ITALIC : 0), 11));
			g.drawString(name, 20, y + 13);
			box(g, POINT_X, y + 3, state.isVisible(k), c);
			box(g, TRACE_X, y + 3, state.isTraceVisible(k), c);
		}
		g.dispose();
		g0.drawImage(img, 0, 0, null);
	}

	private static void box(Graphics2D g, int x, int y, boolean on, Color c) {
		g.setColor(Color.WHITE);
		g.fillRect(x, y, BOX, BOX);
		g.setColor(new Color(0x606060));
		g.drawRect(x, y, BOX, BOX);
		if (on) {
			g.setColor(c);
			g.fillRect(x + 2, y + 2, BOX - 3, BOX - 3);
		}
	}
}
