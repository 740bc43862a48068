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

/**
 * The few drawing operations the figures need, so that one drawing routine makes both the on-screen picture and the
 * PNG ({@link #graphics}) and the SVG ({@link SvgSketch}). Coordinates in pixels, y down.
 */
public interface Sketch {

	enum Align {
		LEFT, CENTER, RIGHT
	}

	/** The colour of what follows, 0xRRGGBB. */
	void color(int rgb);

	/** The line width of what follows, and whether lines are dashed. */
	void stroke(float width, boolean dashed);

	void line(double x1, double y1, double x2, double y2);

	/** A connected line through the first {@code n} points. */
	void polyline(double[] xs, double[] ys, int n);

	void rect(double x, double y, double w, double h, boolean fill);

	/** Text whose baseline starts (LEFT), is centred (CENTER) or ends (RIGHT) at (x, y). */
	void text(String s, double x, double y, float size, boolean bold, Align align);

	/** The width of {@code s} at this size. */
	double textWidth(String s, float size, boolean bold);

	/** Drawing on a Graphics2D (screen, BufferedImage), antialiased. */
	static Sketch graphics(java.awt.Graphics2D g) {
		return new GraphicsSketch(g);
	}
}
