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
package sc.fiji.facemap.neural;

import java.util.Locale;

/**
 * Which axis of a 2-D input matrix is time. {@code auto} decides from the timestamps, from the other stream's length
 * or, for {@code .npy} and {@code .csv}, from Facemap's conventions (behaviour time x features, neural activity
 * neurons x time); see {@link NeuralFiles}.
 */
public enum InputLayout {
	AUTO, TIME_BY_FEATURE, FEATURE_BY_TIME;

	/**
	 * Parses "auto", "time-by-feature" (also time-by-features, time-by-neurons, rows-are-time) or "feature-by-time"
	 * (also features-by-time, neurons-by-time, columns-are-time).
	 */
	public static InputLayout parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
		switch (t) {
			case "":
			case "auto":
				return AUTO;
			case "time-by-feature":
			case "time-by-features":
			case "time-by-neuron":
			case "time-by-neurons":
			case "rows-are-time":
				return TIME_BY_FEATURE;
			case "feature-by-time":
			case "features-by-time":
			case "neuron-by-time":
			case "neurons-by-time":
			case "columns-are-time":
				return FEATURE_BY_TIME;
			default:
				throw new IllegalArgumentException("layout must be auto, time-by-feature (time-by-neurons) or feature-by-time (neurons-by-time), got '" + s + "'");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
