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
package sc.fiji.facemap.keypoints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one keypoint palette: one colour per keypoint <i>name</i>, the same in every view (overlay, annotation, plots,
 * previews) whatever the other keypoints of the set, as 0xRRGGBB ints (the views convert them to their own colour
 * type). Facemap's 15 keypoints (and names that {@link KeypointSet#toFacemapName} maps to them) get fixed,
 * well-separated colours; any other name gets a stable colour derived from a hash of the name.
 * <p>
 * Every colour is saturated (at least {@value #MIN_CHROMA} between its largest and smallest channel, so it stands out
 * from any gray video) and dark enough to read on white (relative luminance at most {@value #MAX_LUMINANCE}: no
 * yellow, no pastel), and not so dark that it vanishes on black fur (at least {@value #MIN_LUMINANCE}).
 */
public final class KeypointPalette {

	/** Least difference between the largest and the smallest channel of a palette colour. */
	public static final int MIN_CHROMA = 110;
	/** Largest relative luminance (WCAG) of a palette colour: contrast at least 2.7:1 against white. */
	public static final double MAX_LUMINANCE = 0.30;
	/** Smallest relative luminance of a palette colour. */
	public static final double MIN_LUMINANCE = 0.06;

	/**
	 * The colours of {@link KeypointSet#FACEMAP}, in that order (eye(back), eye(bottom), ..., whisker(II)): chosen by
	 * farthest-point selection in CIELAB among saturated colours of moderate luminance (any two differ by at least
	 * 32 Delta E, and by at least 69 in RGB).
	 */
	private static final int[] FACEMAP = { 0xE6194B, 0x00A600, 0x0000F2, 0x219BD9, 0xBF891D, 0xF224D0, 0x1D45BF,
		0x158C6E, 0x8C005E, 0xF25100, 0x8C3315, 0x8000BF, 0x6E8C15, 0xF2008D, 0x004A80 };

	private KeypointPalette() {}

	/** The colour of keypoint {@code name} as 0xRRGGBB. */
	public static int rgb(String name) {
		String f = KeypointSet.toFacemapName(name);
		if (f != null) return FACEMAP[KeypointSet.FACEMAP.indexOf(f)];
		return hashed(name);
	}

	/** The colours of a set's keypoints, in its order. */
	public static int[] rgb(KeypointSet set) {
		int[] c = new int[set.size()];
		for (int k = 0; k < c.length; k++) c[k] = rgb(set.name(k));
		return c;
	}

	/** The fixed colours of Facemap's 15 keypoints, in the order of {@link KeypointSet#FACEMAP}. */
	public static List<Integer> facemapColors() {
		List<Integer> l = new ArrayList<>();
		for (int c : FACEMAP) l.add(c);
		return Collections.unmodifiableList(l);
	}

	/**
	 * A stable colour for a name that is not one of Facemap's: the hue from the name's {@link String#hashCode()}
	 * (specified by the Java language, so the same in every run and JVM), full saturation, and the brightest value
	 * whose luminance is at most {@link #MAX_LUMINANCE}.
	 */
	static int hashed(String name) {
		int h = name.hashCode() * 0x9E3779B9; // spread similar names around the wheel
		double hue = ((h >>> 8) & 0xffff) / 65536.0;
		double sat = 0.80 + 0.2 * ((h & 0xff) / 255.0);
		int c = 0;
		for (double v = 0.95; v >= 0.45; v -= 0.05) {
			c = hsv(hue, sat, v);
			if (luminance(c) <= MAX_LUMINANCE) break;
		}
		return c;
	}

	private static int hsv(double hue, double s, double v) {
		double h = 6 * (hue - Math.floor(hue));
		int sector = (int) Math.floor(h) % 6;
		double f = h - Math.floor(h);
		double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
		double r, g, b;
		switch (sector) {
			case 0: r = v; g = t; b = p; break;
			case 1: r = q; g = v; b = p; break;
			case 2: r = p; g = v; b = t; break;
			case 3: r = p; g = q; b = v; break;
			case 4: r = t; g = p; b = v; break;
			default: r = v; g = p; b = q; break;
		}
		return (channel(r) << 16) | (channel(g) << 8) | channel(b);
	}

	private static int channel(double v) {
		return (int) Math.max(0, Math.min(255, Math.round(255 * v)));
	}

	/** WCAG relative luminance of 0xRRGGBB (0 = black, 1 = white). */
	public static double luminance(int rgb) {
		return 0.2126 * linear((rgb >> 16) & 0xff) + 0.7152 * linear((rgb >> 8) & 0xff) + 0.0722 * linear(rgb & 0xff);
	}

	private static double linear(int c) {
		double s = c / 255.0;
		return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
	}
}
