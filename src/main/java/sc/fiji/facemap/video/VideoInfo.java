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
package sc.fiji.facemap.video;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Facts about one video source, as {@code facemap info} prints them: frames, frame rate, size, codec and duration.
 *
 * @param path the file (or first file) of the source
 * @param frames number of frames (exact: counted, not estimated from the duration)
 * @param fps frames per second, 0 when unknown
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param codec codec or format name, e.g. "h264", "tiff"
 * @param duration seconds (frames / fps), 0 when the rate is unknown
 */
public record VideoInfo(Path path, int frames, double fps, int width, int height, String codec, double duration) {

	/** The facts of an open source. */
	public static VideoInfo of(VideoSource s) {
		int n = s.frameCount();
		double fps = s.fps();
		return new VideoInfo(s.path(), n, fps, s.width(), s.height(), s.codec(), fps > 0 ? n / fps : 0);
	}

	/** One JSON object: {"path", "frames", "fps", "width", "height", "codec", "duration"}. */
	public String toJson() {
		return String.format(Locale.ROOT,
			"{\"path\": %s, \"frames\": %d, \"fps\": %s, \"width\": %d, \"height\": %d, \"codec\": %s, "
				+ "\"duration\": %s}", quote(String.valueOf(path)), frames, num(fps), width, height, quote(codec), num(
					duration));
	}

	private static String num(double v) {
		if (!Double.isFinite(v)) return "null";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	private static String quote(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') b.append('\\').append(c);
			else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			else b.append(c);
		}
		return b.append('"').toString();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: %d frames, %s fps, %dx%d, %s, %.3f s", path, frames, num(fps), width,
			height, codec, duration);
	}
}
