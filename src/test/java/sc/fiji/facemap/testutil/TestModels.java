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
package sc.fiji.facemap.testutil;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.facemap.io.Tensor;

/** Stand-in models for tests that exercise plumbing (commands, files, suggestions), not accuracy. */
public final class TestModels {

	private TestModels() {}

	/**
	 * A random network's weights with the heatmap head's bias set to +1. Random weights can leave a heatmap all zero
	 * after the ReLU, which decodes to "nowhere" (NaN): tests that need a position for every keypoint use this.
	 */
	public static LinkedHashMap<String, Tensor> seeingEverywhere(Map<String, Tensor> stateDict) {
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>(stateDict);
		Tensor b = sd.get("Conv2_1x1.conv0.bias");
		float[] ones = new float[b.floats().length];
		Arrays.fill(ones, 1f);
		sd.put("Conv2_1x1.conv0.bias", Tensor.ofFloats(b.shape(), ones));
		return sd;
	}
}
