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

import java.util.LinkedHashMap;

import sc.fiji.facemap.io.Tensor;

/** Small random FMnet weights for tests in other packages. */
public final class PoseModelTestAccess {

	private PoseModelTestAccess() {}

	public static LinkedHashMap<String, Tensor> randomWeights(int keypoints, long seed) {
		return PoseModelTest.randomWeights(keypoints, seed);
	}
}
