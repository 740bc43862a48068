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

import java.util.Arrays;

/**
 * The train/test split of reference 6.4 on the neural time axis: interleaved segments (each 75% training, a gap of 3
 * samples, then test), or whole trials when trial ids are given.
 * <p>
 * Indices are neural samples of the <em>delayed</em> targets: with delay d &lt; 0 the target at row t is the activity at
 * t - d (Facemap: {@code Ys[t] = Y[t+1]}). {@link #testSegmentsOriginal()} gives them in the original data (Facemap's
 * {@code test_indices}, itest - delay).
 *
 * @param train training segments (each a run of sample indices)
 * @param test test segments
 * @param delay the delay applied (reference 6.4: -1)
 * @param byTrial whether segments are whole trials
 */
public record NeuralSplit(int[][] train, int[][] test, int delay, boolean byTrial) {

	public int[] trainIndices() {
		return flatten(train, 0);
	}

	/** Test sample indices into the delayed targets. */
	public int[] testIndices() {
		return flatten(test, 0);
	}

	/** Test sample indices into the original neural data (itest - delay), in segment order. */
	public int[] testIndicesOriginal() {
		return flatten(test, -delay);
	}

	/** Test segments into the original neural data: Facemap's {@code test_indices}. */
	public int[][] testSegmentsOriginal() {
		int[][] r = new int[test.length][];
		for (int i = 0; i < test.length; i++) {
			r[i] = test[i].clone();
			for (int j = 0; j < r[i].length; j++) r[i][j] -= delay;
		}
		return r;
	}

	public int trainCount() {
		return count(train);
	}

	public int testCount() {
		return count(test);
	}

	private static int count(int[][] s) {
		int n = 0;
		for (int[] a : s) n += a.length;
		return n;
	}

	private static int[] flatten(int[][] s, int shift) {
		int[] r = new int[count(s)];
		int k = 0;
		for (int[] a : s) for (int v : a) r[k++] = v + shift;
		return r;
	}

	@Override
	public String toString() {
		return "NeuralSplit[" + train.length + " training segments (" + trainCount() + " samples), " + test.length
			+ " test segments (" + testCount() + " samples), delay " + delay + (byTrial ? ", by trial" : "") + "]";
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof NeuralSplit s && delay == s.delay && byTrial == s.byTrial && Arrays.deepEquals(train, s.train)
			&& Arrays.deepEquals(test, s.test);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(train) * 31 + Arrays.deepHashCode(test) + delay;
	}
}
