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
package sc.fiji.facemap.keypoints;

/**
 * Keypoint traces: for each frame and keypoint, x (column, px), y (row, px) and likelihood, in full-frame
 * coordinates. NaN marks a missing point. Stored as three float arrays indexed {@code frame * nKeypoints + k}.
 */
public final class Keypoints {

	private final KeypointSet set;
	private final int frames;
	private final float[] x, y, likelihood;

	public Keypoints(KeypointSet set, int frames) {
		this(set, frames, nanArray(frames * set.size()), nanArray(frames * set.size()), nanArray(frames * set.size()));
	}

	public Keypoints(KeypointSet set, int frames, float[] x, float[] y, float[] likelihood) {
		int n = frames * set.size();
		if (x.length != n || y.length != n || likelihood.length != n)
			throw new IllegalArgumentException("expected " + n + " values per array for " + frames + " frames x " + set.size() + " keypoints");
		this.set = set;
		this.frames = frames;
		this.x = x;
		this.y = y;
		this.likelihood = likelihood;
	}

	private static float[] nanArray(int n) {
		float[] a = new float[n];
		java.util.Arrays.fill(a, Float.NaN);
		return a;
	}

	public KeypointSet keypointSet() {
		return set;
	}

	public int frames() {
		return frames;
	}

	public int keypoints() {
		return set.size();
	}

	public float x(int frame, int k) {
		return x[frame * set.size() + k];
	}

	public float y(int frame, int k) {
		return y[frame * set.size() + k];
	}

	public float likelihood(int frame, int k) {
		return likelihood[frame * set.size() + k];
	}

	public void set(int frame, int k, float xv, float yv, float lik) {
		int i = frame * set.size() + k;
		x[i] = xv;
		y[i] = yv;
		likelihood[i] = lik;
	}

	/** The raw arrays (not copies), indexed {@code frame * keypoints() + k}. */
	public float[] xArray() {
		return x;
	}

	public float[] yArray() {
		return y;
	}

	public float[] likelihoodArray() {
		return likelihood;
	}

	/** The trace of one keypoint over all frames: 0 = x, 1 = y, 2 = likelihood. */
	public float[] trace(int k, int which) {
		float[] src = which == 0 ? x : which == 1 ? y : likelihood;
		float[] t = new float[frames];
		for (int f = 0; f < frames; f++) t[f] = src[f * set.size() + k];
		return t;
	}
}
