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
package sc.fiji.facemap.job;

import java.util.Locale;

/**
 * A region of interest of a recording, in pixels of the (tiled) frame: its bounding rectangle; pupil and blink
 * regions are the ellipse inscribed in it. Holds no file name, so saved ROIs are reusable across videos.
 *
 * @param name free text (e.g. "pupil", "motion 1"); may be empty
 */
public record Roi(RoiType type, String name, int x, int y, int width, int height) {

	public Roi {
		if (type == null) throw new IllegalArgumentException("ROI type missing");
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("ROI '" + name + "' must be at least 1x1 pixels, got " + width + "x" + height);
		if (x < 0 || y < 0) throw new IllegalArgumentException("ROI '" + name + "' starts outside the frame (" + x + ", " + y + ")");
		name = name == null ? "" : name;
	}

	/** Parses {@code TYPE:x,y,w,h} (the CLI's {@code --roi}). */
	public static Roi parse(String s) {
		int colon = s == null ? -1 : s.indexOf(':');
		if (colon < 0) throw new IllegalArgumentException("ROI must be TYPE:x,y,w,h (e.g. pupil:120,80,60,40), got '" + s + "'");
		RoiType t = RoiType.parse(s.substring(0, colon));
		String[] p = s.substring(colon + 1).split(",");
		if (p.length != 4) throw new IllegalArgumentException("ROI must be TYPE:x,y,w,h with 4 numbers, got '" + s + "'");
		int[] v = new int[4];
		for (int i = 0; i < 4; i++) {
			try {
				v[i] = Integer.parseInt(p[i].trim());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("ROI '" + s + "': '" + p[i].trim() + "' is not a whole number");
			}
		}
		return new Roi(t, t.toString(), v[0], v[1], v[2], v[3]);
	}

	/** Whether the ROI lies inside a frame of the given size. */
	public boolean fitsIn(int frameWidth, int frameHeight) {
		return x + width <= frameWidth && y + height <= frameHeight;
	}

	/** {@code TYPE:x,y,w,h}, parseable by {@link #parse}. */
	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s:%d,%d,%d,%d", type, x, y, width, height);
	}
}
