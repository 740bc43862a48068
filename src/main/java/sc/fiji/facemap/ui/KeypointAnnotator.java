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

import java.awt.Color;
import java.awt.Font;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.awt.event.MouseListener;
import java.awt.event.MouseMotionListener;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;

import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.pose.LabelSession;
import sc.fiji.facemap.pose.LabelSet;

/**
 * The keypoint annotation window: the labelled frames as a stack, one named, coloured point per keypoint.
 * Drag a point to move it; right-click places the selected keypoint at the cursor (also re-adds a missing one);
 * N / right arrow = next frame, P / left arrow = previous, M / Delete / Backspace = mark the selected keypoint
 * missing, Tab or 1-9 select a keypoint. Every change is saved at once through {@link LabelSession}.
 */
public final class KeypointAnnotator implements MouseListener, MouseMotionListener, KeyListener, ImageListener {

	private final LabelSession session;
	private final ImagePlus imp;
	private int selected, dragging = -1;
	private float dragX, dragY;

	private KeypointAnnotator(LabelSession session, ImagePlus imp) {
		this.session = session;
		this.imp = imp;
	}

	/** Builds the stack (one slice per label row, titled by image name). */
	public static ImagePlus stack(LabelSession session) {
		LabelSet l = session.labels();
		ImageStack st = null;
		for (int i = 0; i < l.size(); i++) {
			GrayImage g = l.loadImage(i, session.imagesDir(), session.labelFile());
			float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
			for (float v : g.pixels()) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			byte[] b;
			if (max <= 1.5f) { // normalised in-memory frames (Facemap refined data)
				float[] p = g.pixels();
				b = new byte[p.length];
				float d = Math.max(1e-6f, max - min);
				for (int j = 0; j < p.length; j++) b[j] = (byte) Math.round(255 * (p[j] - min) / d);
			}
			else b = g.toBytes();
			if (st == null) st = new ImageStack(g.width(), g.height());
			st.addSlice(l.imagePath(i), new ByteProcessor(g.width(), g.height(), b));
		}
		return new ImagePlus("Annotate " + session.labelFile().getFileName(), st);
	}

	/** Opens the window at the session's current frame. */
	public static KeypointAnnotator show(LabelSession session) {
		ImagePlus imp = stack(session);
		KeypointAnnotator a = new KeypointAnnotator(session, imp);
		imp.show();
		imp.setSlice(session.current() + 1);
		session.go(session.current());
		ImageWindow win = imp.getWindow();
		ImageCanvas canvas = imp.getCanvas();
		if (win != null) win.removeKeyListener(IJ.getInstance());
		if (canvas != null) {
			canvas.removeKeyListener(IJ.getInstance());
			canvas.addMouseListener(a);
			canvas.addMouseMotionListener(a);
			canvas.addKeyListener(a);
		}
		if (win != null) win.addKeyListener(a);
		ImagePlus.addImageListener(a);
		a.redraw();
		IJ.showStatus("Annotate: drag points; N/P next/previous; M mark missing; Tab select; saved to " + session.labelFile());
		return a;
	}

	static Color color(int k, int n) {
		return Color.getHSBColor(k / (float) Math.max(1, n), 0.9f, 1f);
	}

	/** Redraws the keypoint overlay of the current frame. */
	void redraw() {
		LabelSet l = session.labels();
		int i = session.current(), n = l.keypointCount();
		Overlay o = new Overlay();
		double r = Math.max(3, imp.getWidth() / 150.0);
		Font font = new Font("SansSerif", Font.PLAIN, (int) Math.max(10, r * 3));
		for (int k = 0; k < n; k++) {
			float x = k == dragging ? dragX : l.x(i, k), y = k == dragging ? dragY : l.y(i, k);
			if (Float.isNaN(x) || Float.isNaN(y)) continue;
			OvalRoi p = new OvalRoi(x - r + 0.5, y - r + 0.5, 2 * r, 2 * r);
			p.setStrokeColor(color(k, n));
			p.setStrokeWidth(k == selected ? 3 : 1.5);
			o.add(p);
			TextRoi t = new TextRoi(x + r + 1, y - r, l.keypointSet().name(k), font);
			t.setStrokeColor(color(k, n));
			o.add(t);
		}
		String sel = l.keypointSet().name(selected) + (l.isMissing(i, selected) ? " (missing: right-click to place)" : "");
		TextRoi status = new TextRoi(4, 4, "frame " + (i + 1) + "/" + l.size() + "  selected: " + sel, font);
		status.setStrokeColor(Color.yellow);
		o.add(status);
		imp.setOverlay(o);
	}

	private double[] imageXY(MouseEvent e) {
		ImageCanvas c = imp.getCanvas();
		return new double[] { c.offScreenXD(e.getX()) - 0.5, c.offScreenYD(e.getY()) - 0.5 };
	}

	private void syncSlice() {
		int s = imp.getCurrentSlice() - 1;
		if (s != session.current()) session.go(s);
	}

	@Override
	public void mousePressed(MouseEvent e) {
		syncSlice();
		double[] p = imageXY(e);
		LabelSet l = session.labels();
		int i = session.current();
		if (e.isPopupTrigger() || e.getButton() == MouseEvent.BUTTON3) {
			session.set(selected, (float) p[0], (float) p[1]);
			e.consume();
			redraw();
			return;
		}
		double mag = imp.getCanvas().getMagnification();
		double best = 12 / mag;
		int hit = -1;
		for (int k = 0; k < l.keypointCount(); k++) {
			if (l.isMissing(i, k)) continue;
			double d = Math.hypot(l.x(i, k) - p[0], l.y(i, k) - p[1]);
			if (d < best) {
				best = d;
				hit = k;
			}
		}
		if (hit >= 0) {
			selected = hit;
			dragging = hit;
			dragX = l.x(i, hit);
			dragY = l.y(i, hit);
			e.consume();
		}
		redraw();
	}

	@Override
	public void mouseDragged(MouseEvent e) {
		if (dragging < 0) return;
		double[] p = imageXY(e);
		dragX = (float) Math.max(0, Math.min(imp.getWidth() - 1, p[0]));
		dragY = (float) Math.max(0, Math.min(imp.getHeight() - 1, p[1]));
		e.consume();
		redraw();
	}

	@Override
	public void mouseReleased(MouseEvent e) {
		if (dragging < 0) return;
		int k = dragging;
		dragging = -1;
		session.set(k, dragX, dragY);
		e.consume();
		redraw();
	}

	@Override
	public void keyPressed(KeyEvent e) {
		syncSlice();
		int code = e.getKeyCode();
		int n = session.labels().keypointCount();
		if (code == KeyEvent.VK_N || code == KeyEvent.VK_RIGHT || code == KeyEvent.VK_PERIOD) {
			session.next();
			imp.setSlice(session.current() + 1);
		}
		else if (code == KeyEvent.VK_P || code == KeyEvent.VK_LEFT || code == KeyEvent.VK_COMMA) {
			session.previous();
			imp.setSlice(session.current() + 1);
		}
		else if (code == KeyEvent.VK_M || code == KeyEvent.VK_DELETE || code == KeyEvent.VK_BACK_SPACE) {
			session.markMissing(selected);
		}
		else if (code == KeyEvent.VK_TAB) selected = (selected + (e.isShiftDown() ? n - 1 : 1)) % n;
		else if (code >= KeyEvent.VK_1 && code <= KeyEvent.VK_9 && code - KeyEvent.VK_1 < n) selected = code - KeyEvent.VK_1;
		else return;
		e.consume();
		redraw();
	}

	@Override
	public void imageUpdated(ImagePlus updated) {
		if (updated != imp) return;
		if (imp.getCurrentSlice() - 1 != session.current()) {
			session.go(imp.getCurrentSlice() - 1);
			redraw();
		}
	}

	@Override
	public void imageClosed(ImagePlus closed) {
		if (closed == imp) ImagePlus.removeImageListener(this);
	}

	@Override
	public void imageOpened(ImagePlus opened) {}

	@Override
	public void keyReleased(KeyEvent e) {}

	@Override
	public void keyTyped(KeyEvent e) {}

	@Override
	public void mouseClicked(MouseEvent e) {}

	@Override
	public void mouseEntered(MouseEvent e) {}

	@Override
	public void mouseExited(MouseEvent e) {}

	@Override
	public void mouseMoved(MouseEvent e) {}
}
