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

import sc.fiji.facemap.FacemapException;

/**
 * A range of frames, {@code start} inclusive to {@code end} exclusive; {@code end == -1} means "to the end of the
 * video". Text: {@code A:B}, {@code A:}, {@code :B} or {@code :} (every frame). A lone number is refused: it could
 * mean the first N frames or frame N alone, and either silent reading loses someone's run.
 */
public record FrameRange(int start, int end) {

	/** Every frame. */
	public static final FrameRange ALL = new FrameRange(0, -1);

	public FrameRange {
		if (start < 0) throw new FacemapException("frames " + start + ":" + (end < 0 ? "" : end) + " starts before frame 0 (frames count from 0)");
		if (end != -1 && end <= start) throw new FacemapException("frames " + start + ":" + end + " is an empty range (the end is exclusive)");
	}

	/** Parses the text forms (see the class comment). */
	public static FrameRange parse(String text) {
		String t = text.trim();
		try {
			int c = t.indexOf(':');
			if (c < 0) {
				int a = Integer.parseInt(t);
				if (a < 0) throw new FacemapException("frames " + text + " is not a frame index (frames count from 0)");
				throw new FacemapException("frames " + t + " is ambiguous: write :" + a + " for the first " + a
					+ " frames, or " + a + ":" + (a + 1) + " for frame " + a + " alone (A:B, the end exclusive)");
			}
			String a = t.substring(0, c).trim(), b = t.substring(c + 1).trim();
			return new FrameRange(a.isEmpty() ? 0 : Integer.parseInt(a), b.isEmpty() ? -1 : Integer.parseInt(b));
		} catch (NumberFormatException e) {
			throw new FacemapException("frames needs A:B with whole-number frame indices, got '" + text + "'");
		}
	}

	/** The end for a video of {@code frameCount} frames. */
	public int endIn(int frameCount) {
		return end < 0 ? frameCount : end;
	}

	/**
	 * This range within a video of {@code frameCount} frames: an end past the last frame is clipped (the caller says
	 * so); a start at or past it is an error.
	 */
	public FrameRange clip(int frameCount) {
		if (start >= frameCount) throw new FacemapException("frames " + this + " starts at or after the video's end (" + frameCount + " frames)");
		return new FrameRange(start, Math.min(endIn(frameCount), frameCount));
	}

	/** Whether {@link #clip} shortens this range. */
	public boolean exceeds(int frameCount) {
		return end > frameCount;
	}

	public int length(int frameCount) {
		return endIn(frameCount) - start;
	}

	@Override
	public String toString() {
		return start + ":" + (end < 0 ? "" : Integer.toString(end));
	}
}
