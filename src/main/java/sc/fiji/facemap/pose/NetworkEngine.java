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
 * Which engine runs the keypoint network at inference. Both read the same model file (the {@code .pt} state dict)
 * and give the same keypoints (parity tests pin them to each other within 1e-3 px); training always runs on DJL.
 */
public enum NetworkEngine {
	/** ONNX Runtime on the CPU (when it loads on this platform), DJL/libtorch on a GPU. */
	AUTO,
	/** DJL with libtorch (CPU or GPU; the engine training uses). */
	DJL,
	/** ONNX Runtime on the CPU: a graph written from the state dict, BatchNorm folded, all graph optimisations. */
	ONNXRUNTIME;

	/** "auto", "djl" (also "pytorch", "libtorch"), "onnxruntime" (also "onnx", "ort"). */
	public static NetworkEngine parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "": case "auto": return AUTO;
			case "djl": case "pytorch": case "libtorch": case "torch": return DJL;
			case "onnxruntime": case "onnx": case "ort": return ONNXRUNTIME;
			default: throw new IllegalArgumentException("engine must be auto, djl or onnxruntime, got '" + s + "'");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
