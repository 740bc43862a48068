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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** {@link Sketch} on a {@link Graphics2D}. */
final class GraphicsSketch implements Sketch {

	private final Graphics2D g;

	GraphicsSketch(Graphics2D g) {
		this.g = g;
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
	}

	@Override
	public void color(int rgb) {
		g.setColor(new Color(rgb));
	}

	@Override
	public void stroke(float width, boolean dashed) {
		g.setStroke(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {
			4, 3 }, 0) : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
	}

	@Override
	public void line(double x1, double y1, double x2, double y2) {
		g.draw(new Line2D.Double(x1, y1, x2, y2));
	}

	@Override
	public void polyline(double[] xs, double[] ys, int n) {
		if (n < 1) return;
		if (n == 1) {
			g.fill(new Rectangle2D.Double(xs[0] - 1.5, ys[0] - 1.5, 3, 3)); // an isolated value: a dot
			return;
		}
		Path2D.Double p = new Path2D.Double();
		p.moveTo(xs[0], ys[0]);
		for (int i = 1; i < n; i++) p.lineTo(xs[i], ys[i]);
		g.draw(p);
	}

	@Override
	public void rect(double x, double y, double w, double h, boolean fill) {
		Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
		if (fill) g.fill(r);
		else g.draw(r);
	}

	private static Font font(float size, boolean bold) {
		return new Font("SansSerif", bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
	}

	@Override
	public void text(String s, double x, double y, float size, boolean bold, Align align) {
		g.setFont(font(size, bold));
		double w = align == Align.LEFT ? 0 : g.getFontMetrics().getStringBounds(s, g).getWidth();
		double x0 = align == Align.LEFT ? x : align == Align.CENTER ? x - w / 2 : x - w;
		g.drawString(s, (float) x0, (float) y);
	}

	@Override
	public double textWidth(String s, float size, boolean bold) {
		return g.getFontMetrics(font(size, bold)).getStringBounds(s, g).getWidth();
	}
}
