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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** FMnet's channel widths, one per encoder level (text form {@code 16,32,64,128,200}). */
public record Channels(List<Integer> widths) {

	public static final Channels FACEMAP = new Channels(List.of(16, 32, 64, 128, 200));

	public Channels {
		widths = List.copyOf(widths);
		if (widths.size() < 3) throw new IllegalArgumentException("channels needs at least 3 widths, got " + widths);
		for (int w : widths)
			if (w <= 0) throw new IllegalArgumentException("channels must be positive, got " + widths);
	}

	/** Parses comma-separated positive integers, e.g. "16,32,64,128,200". */
	public static Channels parse(String s) {
		List<Integer> w = new ArrayList<>();
		for (String p : s.split(",")) {
			try {
				w.add(Integer.parseInt(p.trim()));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("channels must be comma-separated whole numbers, got '" + s + "'");
			}
		}
		return new Channels(w);
	}

	public int[] toArray() {
		return widths.stream().mapToInt(Integer::intValue).toArray();
	}

	@Override
	public String toString() {
		return widths.stream().map(String::valueOf).collect(Collectors.joining(","));
	}
}
