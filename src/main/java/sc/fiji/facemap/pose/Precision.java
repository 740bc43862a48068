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

import java.util.Locale;

/**
 * Arithmetic of the keypoint network at inference. FP32 is the default and the only one that matches training;
 * INT8 (ONNX Runtime only, opt-in) calibrates 8-bit activation ranges on frames of the video being tracked and runs
 * the inner convolutions on integers: faster, at a measured cost in keypoint accuracy (scripts/bench/track prints it).
 */
public enum Precision {
	FP32, INT8;

	/** "fp32" (also "float32"), "int8". */
	public static Precision parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "": case "fp32": case "float32": case "float": return FP32;
			case "int8": case "uint8": return INT8;
			default: throw new IllegalArgumentException("precision must be fp32 or int8, got '" + s + "'");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
