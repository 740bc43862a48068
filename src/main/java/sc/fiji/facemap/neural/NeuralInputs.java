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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.facemap.FacemapException;

/**
 * The data of one neural-encoding run, already read and preprocessed by a front end (UI-free, no files).
 *
 * @param behavior [camera frames][features], e.g. z-scored keypoints (reference 6.3) or motion SVDs; no NaN
 * @param behaviorTimes one time per camera frame, strictly increasing; null = Facemap's convention (see
 *            {@link #cameraTimes()})
 * @param neural [neurons][neural samples] (Suite2p's {@code spks.npy} layout); no NaN
 * @param neuralTimes one time per neural sample, strictly increasing, in the same clock as {@code behaviorTimes};
 *            null = Facemap's convention
 * @param trialIds one trial id per neural sample (trial-structured data: whole trials are held out), or null
 * @param positions [neurons][2] (x, y) positions for the peer-prediction ceiling, or null
 * @param featureNames one name per behaviour column (e.g. "eye(back)_x"), or null for "f0", "f1", ...
 */
public record NeuralInputs(float[][] behavior, double[] behaviorTimes, float[][] neural, double[] neuralTimes,
	int[] trialIds, float[][] positions, List<String> featureNames) {

	public NeuralInputs {
		if (behavior == null || behavior.length == 0) throw new FacemapException("behaviour: no frames");
		int f = behavior[0] == null ? 0 : behavior[0].length;
		if (f == 0) throw new FacemapException("behaviour: no features (columns)");
		for (int t = 0; t < behavior.length; t++) {
			float[] row = behavior[t];
			if (row == null || row.length != f)
				throw new FacemapException("behaviour: frame " + t + " has " + (row == null ? 0 : row.length) + " features, frame 0 has " + f);
			for (int j = 0; j < f; j++)
				if (!Float.isFinite(row[j]))
					throw new FacemapException("behaviour: frame " + t + ", feature " + j + " is " + row[j] + " (NaN or infinite values are not allowed; interpolate or drop those frames first)");
		}
		if (neural == null || neural.length == 0) throw new FacemapException("neural activity: no neurons");
		int n = neural[0] == null ? 0 : neural[0].length;
		if (n < 8) throw new FacemapException("neural activity: " + n + " samples; at least 8 are needed to split into training and test segments");
		for (int i = 0; i < neural.length; i++) {
			float[] row = neural[i];
			if (row == null || row.length != n)
				throw new FacemapException("neural activity: neuron " + i + " has " + (row == null ? 0 : row.length) + " samples, neuron 0 has " + n);
			for (int t = 0; t < n; t++)
				if (!Float.isFinite(row[t]))
					throw new FacemapException("neural activity: neuron " + i + ", sample " + t + " is " + row[t] + " (NaN or infinite values are not allowed)");
		}
		checkTimes(behaviorTimes, behavior.length, "behaviour timestamps", "camera frames");
		checkTimes(neuralTimes, n, "neural timestamps", "neural samples");
		if ((behaviorTimes == null) != (neuralTimes == null))
			throw new FacemapException((behaviorTimes == null ? "behaviour" : "neural") + " timestamps are missing: give timestamps for both streams or for neither");
		if (behaviorTimes != null) {
			double b0 = behaviorTimes[0], b1 = behaviorTimes[behaviorTimes.length - 1];
			double n0 = neuralTimes[0], n1 = neuralTimes[neuralTimes.length - 1];
			if (n1 < b0 || n0 > b1)
				throw new FacemapException("timestamps do not overlap: behaviour spans [" + b0 + ", " + b1 + "], neural activity [" + n0 + ", " + n1 + "]");
		}
		if (trialIds != null && trialIds.length != n)
			throw new FacemapException("trial ids: " + trialIds.length + " values for " + n + " neural samples");
		if (positions != null) {
			if (positions.length != neural.length)
				throw new FacemapException("neuron positions: " + positions.length + " rows for " + neural.length + " neurons");
			for (int i = 0; i < positions.length; i++)
				if (positions[i] == null || positions[i].length < 2 || !Float.isFinite(positions[i][0]) || !Float.isFinite(positions[i][1]))
					throw new FacemapException("neuron positions: row " + i + " is not a finite (x, y) pair");
		}
		if (featureNames != null) {
			if (featureNames.size() != f)
				throw new FacemapException("feature names: " + featureNames.size() + " names for " + f + " behaviour columns");
			featureNames = Collections.unmodifiableList(new ArrayList<>(featureNames));
		}
	}

	private static void checkTimes(double[] t, int expected, String what, String unit) {
		if (t == null) return;
		if (t.length != expected)
			throw new FacemapException(what + ": " + t.length + " values for " + expected + " " + unit);
		for (int i = 0; i < t.length; i++) {
			if (!Double.isFinite(t[i])) throw new FacemapException(what + ": value " + i + " is " + t[i]);
			if (i > 0 && !(t[i] > t[i - 1]))
				throw new FacemapException(what + ": not strictly increasing at index " + i + " (" + t[i - 1] + " then " + t[i] + ")");
		}
	}

	/** Behaviour and neural activity only: both streams are taken to span the same time. */
	public static NeuralInputs of(float[][] behavior, float[][] neural) {
		return new NeuralInputs(behavior, null, neural, null, null, null, null);
	}

	public NeuralInputs withTimes(double[] behaviorTimes, double[] neuralTimes) {
		return new NeuralInputs(behavior, behaviorTimes, neural, neuralTimes, trialIds, positions, featureNames);
	}

	public NeuralInputs withTrials(int[] trialIds) {
		return new NeuralInputs(behavior, behaviorTimes, neural, neuralTimes, trialIds, positions, featureNames);
	}

	public NeuralInputs withPositions(float[][] positions) {
		return new NeuralInputs(behavior, behaviorTimes, neural, neuralTimes, trialIds, positions, featureNames);
	}

	public NeuralInputs withFeatureNames(List<String> featureNames) {
		return new NeuralInputs(behavior, behaviorTimes, neural, neuralTimes, trialIds, positions, featureNames);
	}

	public int frames() {
		return behavior.length;
	}

	public int features() {
		return behavior[0].length;
	}

	public int neurons() {
		return neural.length;
	}

	public int samples() {
		return neural[0].length;
	}

	/** Whether timestamps were given (otherwise both streams are assumed to span the same time). */
	public boolean hasTimes() {
		return behaviorTimes != null;
	}

	/** The name of behaviour column {@code j}. */
	public String featureName(int j) {
		return featureNames == null ? "f" + j : featureNames.get(j);
	}

	/**
	 * Camera frame times. Without timestamps: both streams span the same time, frame i at i * samples / frames (in
	 * neural-sample units), so that frame 0 and sample 0 coincide; with {@code facemapCompatible} Facemap's GUI
	 * defaults (frame i at i, sample j at j: equal rates, which is the same only when frames == samples).
	 */
	public double[] cameraTimes(boolean facemapCompatible) {
		if (behaviorTimes != null) return behaviorTimes.clone();
		int T = frames();
		double step = facemapCompatible ? 1.0 : (double) samples() / T;
		double[] t = new double[T];
		for (int i = 0; i < T; i++) t[i] = i * step;
		return t;
	}

	/** Neural sample times (without timestamps: 0, 1, 2, ...). */
	public double[] sampleTimes() {
		if (neuralTimes != null) return neuralTimes.clone();
		double[] t = new double[samples()];
		for (int i = 0; i < t.length; i++) t[i] = i;
		return t;
	}
}
