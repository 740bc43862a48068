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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.FacemapException;

/**
 * Parses the text forms of a tracking run's bounding box and frame range, the same way for the CLI
 * ({@code --bbox}, {@code --frames}), the {@code Track Keypoints...} command and scripts.
 */
public final class TrackingRanges {

	private TrackingRanges() {}

	/**
	 * "y0,y1,x0,x1" (rows y0..y1, columns x0..x1, exclusive ends) to {r0, r1, c0, c1}. Whether the box lies inside the
	 * frame is checked by the tracker, which knows the frame size.
	 *
	 * @param what how the option is called where the text came from, for the message (e.g. "--bbox")
	 */
	public static int[] parseBbox(String text, String what) {
		String[] p = text.split(",");
		String msg = what + " needs 4 integers y0,y1,x0,x1, got '" + text + "'";
		if (p.length != 4) throw new FacemapException(msg);
		int[] b = new int[4];
		try {
			for (int i = 0; i < 4; i++) b[i] = Integer.parseInt(p[i].trim());
		}
		catch (NumberFormatException e) {
			throw new FacemapException(msg);
		}
		return b;
	}

	/**
	 * "A:B", "A:", ":B" or "A" (one frame) to {first, end}, end exclusive, -1 = to the end of the video.
	 *
	 * @param what how the option is called where the text came from, for the message (e.g. "--frames")
	 */
	public static int[] parseFrames(String text, String what) {
		try {
			String t = text.trim();
			int c = t.indexOf(':');
			if (c < 0) {
				int a = Integer.parseInt(t);
				if (a < 0) throw new FacemapException(what + " " + text + " is not a frame index (frames count from 0)");
				return new int[] { a, a + 1 };
			}
			String a = t.substring(0, c).trim(), b = t.substring(c + 1).trim();
			int first = a.isEmpty() ? 0 : Integer.parseInt(a);
			int end = b.isEmpty() ? -1 : Integer.parseInt(b);
			if (first < 0 || (end >= 0 && end <= first)) throw new FacemapException(what + " " + text + " is an empty range");
			return new int[] { first, end };
		}
		catch (NumberFormatException e) {
			throw new FacemapException(what + " needs A:B with integer frame indices, got '" + text + "'");
		}
	}
}
