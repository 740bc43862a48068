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

import java.util.Locale;

/**
 * {@link Sketch} that writes SVG 1.1 (vector: lines stay sharp at any size, text stays text), for figures in papers.
 * Text widths are estimated from the font size (SansSerif averages about 0.55 em per character).
 */
public final class SvgSketch implements Sketch {

	private final StringBuilder body = new StringBuilder();
	private final int width, height;
	private String color = "#000000";
	private float strokeWidth = 1;
	private boolean dashed;

	public SvgSketch(int width, int height) {
		this.width = width;
		this.height = height;
	}

	private static String n(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.2f", v);
	}

	private String strokeAttrs() {
		return " fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + n(strokeWidth) + "\"" + (dashed
			? " stroke-dasharray=\"4,3\"" : "") + " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
	}

	@Override
	public void color(int rgb) {
		color = String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
	}

	@Override
	public void stroke(float w, boolean d) {
		strokeWidth = w;
		dashed = d;
	}

	@Override
	public void line(double x1, double y1, double x2, double y2) {
		body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
			.append("\" y2=\"").append(n(y2)).append('"').append(strokeAttrs()).append("/>\n");
	}

	@Override
	public void polyline(double[] xs, double[] ys, int count) {
		if (count < 1) return;
		if (count == 1) { // an isolated value: a dot
			body.append("<rect x=\"").append(n(xs[0] - 1.5)).append("\" y=\"").append(n(ys[0] - 1.5)).append(
				"\" width=\"3\" height=\"3\" fill=\"").append(color).append("\" stroke=\"none\"/>\n");
			return;
		}
		body.append("<polyline points=\"");
		for (int i = 0; i < count; i++) {
			if (i > 0) body.append(' ');
			body.append(n(xs[i])).append(',').append(n(ys[i]));
		}
		body.append('"').append(strokeAttrs()).append("/>\n");
	}

	@Override
	public void rect(double x, double y, double w, double h, boolean fill) {
		body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
			.append("\" height=\"").append(n(h)).append('"');
		if (fill) body.append(" fill=\"").append(color).append("\" stroke=\"none\"/>\n");
		else body.append(strokeAttrs()).append("/>\n");
	}

	@Override
	public void text(String s, double x, double y, float size, boolean bold, Align align) {
		String anchor = align == Align.LEFT ? "start" : align == Align.CENTER ? "middle" : "end";
		body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-family=\"sans-serif\"")
			.append(" font-size=\"").append(n(size)).append('"').append(bold ? " font-weight=\"bold\"" : "").append(
				" text-anchor=\"").append(anchor).append("\" fill=\"").append(color).append("\">").append(escape(s))
			.append("</text>\n");
	}

	@Override
	public double textWidth(String s, float size, boolean bold) {
		return s.length() * size * (bold ? 0.6 : 0.55);
	}

	static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** The whole document. */
	public String toSvg() {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
			+ " width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">\n" + body
			+ "</svg>\n";
	}
}
