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

import java.util.Locale;

/** Where a network runs. GPU falls back to the CPU (with a log line) when no CUDA device is usable. */
public enum Device {
	CPU, GPU;

	/** "cpu", "gpu" (also accepts "cuda"). */
	public static Device parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("cpu")) return CPU;
		if (t.equals("gpu") || t.equals("cuda")) return GPU;
		throw new IllegalArgumentException("device must be cpu or gpu, got '" + s + "'");
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
