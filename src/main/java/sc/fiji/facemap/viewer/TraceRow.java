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

import java.util.List;

/**
 * One small plot of the Facemap window's trace panel (one axes): a title such as "eye x", the unit of its values, and
 * its series (each with data; see {@link Trace#hasData()}). All rows share the time axis (video frames).
 *
 * @param key stable identity of the row, e.g. "keypoints:eye:x", "proc:pupil0"
 */
public record TraceRow(String key, String title, String unit, List<Trace> traces) {

	public TraceRow {
		traces = List.copyOf(traces);
	}

	/** Smallest and largest finite value over all series (NaN, NaN when there is none), for frames [from, to). */
	public double[] range(int from, int to) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (Trace t : traces) {
			int a = Math.max(from, t.firstFrame()), b = Math.min(to, t.endFrame());
			float[] v = t.values();
			for (int f = a; f < b; f++) {
				float x = v[f - t.firstFrame()];
				if (Float.isNaN(x) || Float.isInfinite(x)) continue;
				if (x < lo) lo = x;
				if (x > hi) hi = x;
			}
		}
		return lo <= hi ? new double[] { lo, hi } : new double[] { Double.NaN, Double.NaN };
	}
}
