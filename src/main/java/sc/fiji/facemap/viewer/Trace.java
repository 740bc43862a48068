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
package sc.fiji.facemap.viewer;

/**
 * One series of a trace plot: {@code values[i]} belongs to video frame {@code firstFrame + i}; NaN = no value (a gap).
 *
 * @param name legend text
 * @param rgb colour as 0xRRGGBB (keypoints: {@link sc.fiji.facemap.keypoints.KeypointPalette})
 */
public record Trace(String name, int rgb, float[] values, int firstFrame) {

	public Trace {
		if (name == null || values == null) throw new IllegalArgumentException("a trace needs a name and values");
		if (firstFrame < 0) throw new IllegalArgumentException("first frame " + firstFrame + " < 0");
	}

	/** Whether any value is a number (an all-NaN series is never plotted nor listed in a legend). */
	public boolean hasData() {
		for (float v : values) if (!Float.isNaN(v)) return true;
		return false;
	}

	/** The value at video frame {@code frame}, NaN outside the series. */
	public float at(int frame) {
		int i = frame - firstFrame;
		return i < 0 || i >= values.length ? Float.NaN : values[i];
	}

	/** One past the last video frame of the series. */
	public int endFrame() {
		return firstFrame + values.length;
	}
}
