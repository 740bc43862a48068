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
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntSupplier;

import sc.fiji.facemap.viewer.TimeWindow;
import sc.fiji.facemap.viewer.TraceRow;
import sc.fiji.facemap.viewer.ViewerState;

/**
 * The Facemap window's trace plots ({@link TraceFigure}) on screen, following a {@link ViewerState}: the cursor sits
 * at the state's frame; a click (or a drag) on the plots moves the state to that frame; the mouse wheel zooms the
 * time axis about the mouse, a drag with Shift or the right button pans it, a double click shows the whole video. The
 * plots are drawn once per change of data, size or time window; moving the cursor only redraws the cursor.
 */
final class TracePanel extends Canvas {

	private static final long serialVersionUID = 1L;
	private final ViewerState state;
	private final IntSupplier preferredWidth;
	private volatile List<TraceRow> rows = List.of();
	private volatile TimeWindow window;
	private final double fps;
	private transient BufferedImage base;
	private transient Object baseKey;
	private int panFromX = -1;
	private TimeWindow panFrom;

	TracePanel(ViewerState state, double fps, IntSupplier preferredWidth) {
		this.state = state;
		this.fps = fps;
		this.preferredWidth = preferredWidth;
		this.window = TimeWindow.all(state.frameCount());
		MouseAdapter m = new MouseAdapter() {
			@Override
			public void mousePressed(MouseEvent e) {
				requestFocus();
				if (e.isShiftDown() || e.getButton() != MouseEvent.BUTTON1) {
					panFromX = e.getX();
					panFrom = window;
					return;
				}
				if (e.getClickCount() == 2) {
					setWindow(TimeWindow.all(state.frameCount()));
					return;
				}
				jump(e.getX());
			}

			@Override
			public void mouseDragged(MouseEvent e) {
				if (panFromX >= 0) {
					double framesPerPixel = panFrom.width() / Math.max(1, getWidth() - TraceFigure.LEFT - TraceFigure.LEGEND);
					setWindow(panFrom.pan(-(e.getX() - panFromX) * framesPerPixel));
				}
				else jump(e.getX());
			}

			@Override
			public void mouseReleased(MouseEvent e) {
				panFromX = -1;
			}

			@Override
			public void mouseWheelMoved(MouseWheelEvent e) {
				double about = figure().frameAt(e.getX(), getWidth());
				setWindow(window.zoom(Math.pow(1.25, e.getPreciseWheelRotation()), about));
			}
		};
		addMouseListener(m);
		addMouseMotionListener(m);
		addMouseWheelListener(m);
	}

	private void jump(int x) {
		if (!TraceFigure.overPlots(x, getWidth()) || rows.isEmpty()) return;
		state.setFrame(figure().frameAt(x, getWidth()));
	}

	void setRows(List<TraceRow> r) {
		rows = List.copyOf(r);
		invalidate();
		repaint();
	}

	List<TraceRow> rows() {
		return rows;
	}

	TimeWindow window() {
		return window;
	}

	void setWindow(TimeWindow w) {
		window = w;
		repaint();
	}

	/** Keeps the current frame in view (during playback and stepping). */
	void follow(int frame) {
		TimeWindow w = window.follow(frame);
		if (!w.equals(window)) window = w;
		repaint();
	}

	TraceFigure figure() {
		return new TraceFigure(rows, window, state.frame(), fps, null);
	}

	@Override
	public Dimension getPreferredSize() {
		int n = rows.size();
		int h = n == 0 ? 90 : Math.max(160, Math.min(620, TraceFigure.TOP + TraceFigure.BOTTOM + n * 50 + TraceFigure.GAP
			* (n - 1)));
		return new Dimension(Math.max(600, preferredWidth.getAsInt()), h);
	}

	@Override
	public void update(Graphics g) {
		paint(g);
	}

	@Override
	public void paint(Graphics g) {
		int w = getWidth(), h = getHeight();
		if (w <= 0 || h <= 0) return;
		List<TraceRow> r = rows;
		TimeWindow tw = window;
		Object key = java.util.Arrays.asList(r, tw, w, h);
		if (base == null || !key.equals(baseKey)) {
			base = new TraceFigure(r, tw, -1, fps, null).image(w, h);
			baseKey = key;
		}
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g2 = img.createGraphics();
		g2.drawImage(base, 0, 0, null);
		new TraceFigure(r, tw, state.frame(), fps, null).paintCursor(Sketch.graphics(g2), w, h);
		g2.dispose();
		g.drawImage(img, 0, 0, null);
	}
}
