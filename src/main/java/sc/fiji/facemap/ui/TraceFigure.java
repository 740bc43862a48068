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

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.viewer.Trace;
import sc.fiji.facemap.viewer.TraceRow;
import sc.fiji.facemap.viewer.TimeWindow;

/**
 * Trace plots as a lab would show them: one small axes per {@link TraceRow} (a keypoint group's x, its y, the motion
 * SVD, pupil area, ...), stacked on one shared time axis in frames and seconds, each titled with its unit, its legend
 * to the right outside the data, a vertical cursor at the current frame. Drawn through a {@link Sketch}, so the
 * window's panel, the PNG and the SVG are the same picture. Long videos are drawn with one minimum-maximum pair per
 * pixel column, so drawing time does not grow with the number of frames shown.
 */
public final class TraceFigure {

	/** Margins in pixels: tick labels on the left, legends on the right, time axis below. */
	public static final int LEFT = 62, LEGEND = 150, TOP = 6, BOTTOM = 38, GAP = 7;
	/** Colour of the current-frame cursor. */
	public static final int CURSOR_RGB = 0x000000;
	private static final int AXIS = 0x808080, TEXT = 0x303030;

	private final List<TraceRow> rows;
	private final TimeWindow window;
	private final int cursor;
	private final double fps;
	private final String title;

	/**
	 * @param cursor the current frame (-1 = no cursor)
	 * @param fps frames per second for the time axis in seconds (0 = frames only)
	 * @param title drawn above the plots (null = none)
	 */
	public TraceFigure(List<TraceRow> rows, TimeWindow window, int cursor, double fps, String title) {
		this.rows = List.copyOf(rows);
		this.window = window;
		this.cursor = cursor;
		this.fps = fps;
		this.title = title;
	}

	public List<TraceRow> rows() {
		return rows;
	}

	private int top() {
		return TOP + (title != null ? 20 : 0);
	}

	private static double plotWidth(int width) {
		return Math.max(10, width - LEFT - LEGEND);
	}

	/** The x pixel of video frame {@code frame} (its centre) in a figure {@code width} wide. */
	public double xOf(double frame, int width) {
		return LEFT + window.fractionOf(frame) * plotWidth(width);
	}

	/** The video frame under x pixel {@code px}, clamped to the video. */
	public int frameAt(double px, int width) {
		return window.frameAt((px - LEFT) / plotWidth(width));
	}

	/** Whether x pixel {@code px} is over the plots' time axis. */
	public static boolean overPlots(double px, int width) {
		return px >= LEFT && px <= LEFT + plotWidth(width);
	}

	/** Row i's axes box: {x, y, w, h}. */
	public double[] rowBox(int i, int width, int height) {
		int n = rows.size();
		double avail = height - top() - BOTTOM - GAP * Math.max(0, n - 1);
		double h = Math.max(8, avail / Math.max(1, n));
		return new double[] { LEFT, top() + i * (h + GAP), plotWidth(width), h };
	}

	/** Paints the whole figure (white background). */
	public void paint(Sketch s, int width, int height) {
		s.color(0xFFFFFF);
		s.rect(0, 0, width, height, true);
		if (title != null) {
			s.color(TEXT);
			s.text(title, LEFT, TOP + 14, 13, true, Sketch.Align.LEFT);
		}
		if (rows.isEmpty()) {
			s.color(TEXT);
			s.text("No traces yet: track keypoints or process the video (or drop a _FacemapPose.h5 / _proc.npy here)",
				width / 2.0, height / 2.0, 12, false, Sketch.Align.CENTER);
			return;
		}
		for (int i = 0; i < rows.size(); i++) paintRow(s, rows.get(i), rowBox(i, width, height));
		paintTimeAxis(s, width, height);
		paintCursor(s, width, height);
	}

	/** The cursor line at the current frame across every row, and its frame and time below the legends. */
	public void paintCursor(Sketch s, int width, int height) {
		if (rows.isEmpty() || cursor < 0) return;
		if (cursor >= window.start() && cursor < window.end()) {
			double x = Math.floor(xOf(cursor, width)) + 0.5; // on a pixel's centre: a crisp line
			s.color(CURSOR_RGB);
			s.stroke(1.5f, false);
			for (int i = 0; i < rows.size(); i++) {
				double[] b = rowBox(i, width, height);
				s.line(x, b[1], x, b[1] + b[3]);
			}
		}
		double[] last = rowBox(rows.size() - 1, width, height);
		double yAxis = last[1] + last[3];
		String c = fps > 0 ? String.format(Locale.ROOT, "frame %d, %.2f s", cursor, cursor / fps) : "frame " + cursor;
		s.color(TEXT);
		s.text(c, LEFT + plotWidth(width) + 10, yAxis + 15, 10, true, Sketch.Align.LEFT);
	}

	private void paintRow(Sketch s, TraceRow row, double[] b) {
		int from = (int) Math.floor(window.start()), to = (int) Math.ceil(window.end());
		double[] r = row.range(from, to);
		double lo = r[0], hi = r[1];
		if (Double.isNaN(lo)) {
			lo = 0;
			hi = 1;
		}
		if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
			lo -= 1;
			hi += 1;
		}
		double pad = 0.06 * (hi - lo);
		lo -= pad;
		hi += pad;
		// axes box and y ticks
		s.stroke(1, false);
		s.color(AXIS);
		s.rect(b[0], b[1], b[2], b[3], false);
		double step = niceStep((hi - lo) / (b[3] >= 60 ? 4 : 2));
		s.color(TEXT);
		for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
			double y = b[1] + b[3] - (v - lo) / (hi - lo) * b[3];
			s.color(AXIS);
			s.line(b[0] - 4, y, b[0], y);
			s.color(TEXT);
			s.text(tick(v, step), b[0] - 6, y + 4, 10, false, Sketch.Align.RIGHT);
		}
		// series
		for (Trace t : row.traces()) {
			s.color(t.rgb());
			s.stroke(1.3f, false);
			drawSeries(s, t, b, lo, hi);
		}
		// title with unit and legend, right of the axes
		double lx = b[0] + b[2] + 10, ly = b[1] + 11;
		s.color(TEXT);
		s.text(row.title() + " (" + row.unit() + ")", lx, ly, 11, true, Sketch.Align.LEFT);
		int lines = Math.max(1, (int) ((b[3] - 14) / 11));
		List<Trace> ts = row.traces();
		int cols = ts.size() > lines ? 2 : 1;
		double colW = (LEGEND - 14) / (double) cols;
		int shown = Math.min(ts.size(), lines * cols);
		if (shown < ts.size()) shown = Math.max(0, shown - 1);
		for (int i = 0; i < shown; i++) {
			double ex = lx + (i / lines) * colW, ey = ly + 11 * (1 + i % lines);
			s.color(ts.get(i).rgb());
			s.stroke(2.5f, false);
			s.line(ex, ey - 3.5, ex + 10, ey - 3.5);
			s.text(fit(s, ts.get(i).name(), colW - 14), ex + 13, ey, 9.5f, false, Sketch.Align.LEFT);
		}
		if (shown < ts.size()) {
			s.color(TEXT);
			int i = shown;
			s.text("+" + (ts.size() - shown) + " more", lx + (i / lines) * colW + 13, ly + 11 * (1 + i % lines), 9.5f,
				false, Sketch.Align.LEFT);
		}
	}

	private static String fit(Sketch s, String text, double w) {
		if (s.textWidth(text, 9.5f, false) <= w) return text;
		String t = text;
		while (t.length() > 1 && s.textWidth(t + "…", 9.5f, false) > w) t = t.substring(0, t.length() - 1);
		return t + "…";
	}

	private void drawSeries(Sketch s, Trace t, double[] b, double lo, double hi) {
		double x0 = b[0], w = b[2];
		double frames = window.width();
		int cols = (int) Math.max(1, Math.round(w));
		double[] xs = new double[2 * cols + 4], ys = new double[2 * cols + 4];
		int n = 0;
		if (frames <= cols) {
			int a = Math.max(t.firstFrame(), (int) Math.floor(window.start()) - 1);
			int e = Math.min(t.endFrame(), (int) Math.ceil(window.end()) + 1);
			xs = new double[Math.max(1, e - a)];
			ys = new double[xs.length];
			for (int f = a; f < e; f++) {
				float v = t.at(f);
				if (Float.isNaN(v)) {
					s.polyline(xs, ys, n);
					n = 0;
					continue;
				}
				double x = x0 + window.fractionOf(f) * w;
				if (x < x0 || x > x0 + w) {
					if (n > 0) { // clip the segment at the box edge
						s.polyline(xs, ys, n);
						n = 0;
					}
					continue;
				}
				xs[n] = x;
				ys[n] = y(v, b, lo, hi);
				n++;
			}
			s.polyline(xs, ys, n);
			return;
		}
		for (int c = 0; c < cols; c++) {
			int fa = (int) Math.floor(window.start() + c * frames / cols);
			int fb = (int) Math.floor(window.start() + (c + 1) * frames / cols);
			fa = Math.max(fa, t.firstFrame());
			fb = Math.min(Math.max(fb, fa + 1), t.endFrame());
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			for (int f = fa; f < fb; f++) {
				float v = t.at(f);
				if (Float.isNaN(v)) continue;
				if (v < mn) mn = v;
				if (v > mx) mx = v;
			}
			if (mn > mx) {
				s.polyline(xs, ys, n);
				n = 0;
				continue;
			}
			double x = x0 + c + 0.5;
			xs[n] = x;
			ys[n++] = y(mn, b, lo, hi);
			xs[n] = x;
			ys[n++] = y(mx, b, lo, hi);
		}
		s.polyline(xs, ys, n);
	}

	private static double y(double v, double[] b, double lo, double hi) {
		return b[1] + b[3] - (v - lo) / (hi - lo) * b[3];
	}

	private void paintTimeAxis(Sketch s, int width, int height) {
		double[] last = rowBox(rows.size() - 1, width, height);
		double yAxis = last[1] + last[3];
		double step = Math.max(1, niceStep(window.width() / 7));
		s.stroke(1, false);
		for (double f = Math.ceil(window.start() / step) * step; f < window.end(); f += step) {
			double x = xOf(f, width);
			if (x < LEFT || x > LEFT + plotWidth(width)) continue;
			s.color(AXIS);
			s.line(x, yAxis, x, yAxis + 4);
			s.color(TEXT);
			s.text(Long.toString(Math.round(f)), x, yAxis + 15, 10, false, Sketch.Align.CENTER);
			if (fps > 0) s.text(seconds(f / fps, step / fps), x, yAxis + 28, 10, false, Sketch.Align.CENTER);
		}
		s.color(TEXT);
		s.text("frame", LEFT - 6, yAxis + 15, 10, true, Sketch.Align.RIGHT);
		if (fps > 0) s.text("time (s)", LEFT - 6, yAxis + 28, 10, true, Sketch.Align.RIGHT);
	}

	private static String seconds(double t, double step) {
		if (step >= 1) return String.format(Locale.ROOT, "%.0f", t);
		if (step >= 0.1) return String.format(Locale.ROOT, "%.1f", t);
		return String.format(Locale.ROOT, "%.2f", t);
	}

	/** 1, 2 or 5 times a power of ten, at least {@code raw}. */
	static double niceStep(double raw) {
		if (!(raw > 0)) return 1;
		double p = Math.pow(10, Math.floor(Math.log10(raw)));
		double m = raw / p;
		return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
	}

	private static String tick(double v, double step) {
		if (Math.abs(v) < step * 1e-6) v = 0;
		if (step >= 1 && Math.abs(v) < 1e6) return Long.toString(Math.round(v));
		int dec = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step))));
		if (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4 && v != 0) return String.format(Locale.ROOT, "%.2g", v);
		return String.format(Locale.ROOT, "%." + dec + "f", v);
	}

	// -------------------------------------------------------------------------------------------- export

	/** The figure as an RGB image. */
	public BufferedImage image(int width, int height) {
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		try {
			paint(Sketch.graphics(g), width, height);
		}
		finally {
			g.dispose();
		}
		return img;
	}

	/** The figure as an SVG document. */
	public String svg(int width, int height) {
		SvgSketch s = new SvgSketch(width, height);
		paint(s, width, height);
		return s.toSvg();
	}

	/** A height that gives each row about {@code rowHeight} pixels. */
	public int heightFor(int rowHeight) {
		return top() + BOTTOM + rows.size() * rowHeight + GAP * Math.max(0, rows.size() - 1);
	}

	/**
	 * Writes the figure to {@code file}: SVG when the name ends in {@code .svg}, else PNG (atomically: temporary
	 * name + rename).
	 */
	public void save(Path file, int width, int height) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".svg")) AtomicFiles.writeString(file, svg(width, height));
		else if (n.endsWith(".png")) AtomicFiles.writeStream(file, out -> {
			if (!ImageIO.write(image(width, height), "png", out)) throw new java.io.IOException("no PNG writer");
		});
		else throw new FacemapException(file, "the figure is written as .png or .svg; choose one of these endings");
	}
}
