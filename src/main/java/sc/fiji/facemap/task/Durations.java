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
package sc.fiji.facemap.task;

import java.util.Locale;

/** How long something took or will take, in words for progress lines and logs. */
public final class Durations {

	private Durations() {}

	/** "42 s", "3 min 05 s", "1 h 02 min"; "?" when unknown (NaN or infinite). */
	public static String format(double seconds) {
		if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "?";
		long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
		return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
	}
}
