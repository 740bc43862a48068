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
 * The part of the time axis the trace plots show: video frames {@code [start, end)} of a video of {@code frameCount}
 * frames. Zooming keeps the frame under the mouse in place; panning and zooming never leave the video; the window is
 * at least {@link #MIN_FRAMES} frames wide (or the whole video when it is shorter).
 */
public record TimeWindow(double start, double end, int frameCount) {

	/** The narrowest window in frames. */
	public static final double MIN_FRAMES = 10;

	public TimeWindow {
		if (frameCount < 1) throw new IllegalArgumentException("no frames");
		double w = Math.max(Math.min(MIN_FRAMES, frameCount), Math.min(frameCount, end - start));
		if (!(w > 0)) w = frameCount;
		start = Math.max(0, Math.min(frameCount - w, start));
		end = start + w;
	}

	/** The whole video. */
	public static TimeWindow all(int frameCount) {
		return new TimeWindow(0, frameCount, frameCount);
	}

	public double width() {
		return end - start;
	}

	/** Zooms by {@code factor} (below 1 = in) about video frame {@code about}. */
	public TimeWindow zoom(double factor, double about) {
		double w = width() * factor;
		double rel = width() > 0 ? (about - start) / width() : 0.5;
		return new TimeWindow(about - rel * w, about - rel * w + w, frameCount);
	}

	/** Moves by {@code frames} (positive = later). */
	public TimeWindow pan(double frames) {
		return new TimeWindow(start + frames, end + frames, frameCount);
	}

	/** This window, moved (not resized) so that {@code frame} is inside it. */
	public TimeWindow follow(int frame) {
		if (frame >= start && frame < end) return this;
		double w = width();
		return new TimeWindow(frame - 0.1 * w, frame + 0.9 * w, frameCount);
	}

	/** The frame at fraction {@code x} (0 = left edge, 1 = right edge) of the window, clamped to the video. */
	public int frameAt(double x) {
		int f = (int) Math.floor(start + x * width());
		return Math.max(0, Math.min(frameCount - 1, f));
	}

	/** The fraction of the window where frame {@code f} (its centre) lies. */
	public double fractionOf(double f) {
		return (f + 0.5 - start) / width();
	}
}
