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

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;

/**
 * The input files of a neural-encoding run and how to read them ({@link NeuralFiles#load}). File values are
 * {@code FILE} or {@code FILE:var} ({@link sc.fiji.facemap.io.DataRef}). Keys are the component names in snake_case
 * ({@code behavior_times}, {@code neural_layout}, ...).
 */
public record NeuralSources(
	@Setting(description = "Behaviour: a _FacemapPose.h5 keypoints file, a _proc.npy (motion SVD; FILE:movSVD for the movie SVD), or a time-by-features matrix (.npy, .csv, .mat FILE:var, .h5 FILE:dataset)") String behavior,
	@Setting(description = "Neural activity: neurons-by-time .npy (Suite2p's spks.npy), .mat FILE:var, .h5 FILE:dataset; several fields of a struct as FILE.mat:S.neuron* (trial cells are joined into one series)") String neural,
	@Setting(description = "Behaviour timestamps, one per camera frame (.npy); without timestamps both streams are taken to span the same time", optional = true) String behaviorTimes,
	@Setting(description = "Neural timestamps, one per neural sample (.npy), in the same clock as the behaviour timestamps", optional = true) String neuralTimes,
	@Setting(description = "Neuron positions (neurons x 2: x, y) for the explainable-variance ceiling", optional = true) String positions,
	@Setting(description = "Which axis of a behaviour matrix is time: auto, time-by-feature or feature-by-time") InputLayout behaviorLayout,
	@Setting(description = "Which axis of a neural matrix is time: auto, neurons-by-time or time-by-neurons") InputLayout neuralLayout,
	@Setting(description = "Leave out the paw keypoint (as Facemap's paper pipeline: 28 inputs instead of 30)") boolean excludePaw,
	@Setting(description = "Z-score each behaviour column (keypoints always are, as Facemap)") boolean zscore)
	implements JobSettings {

	public static final NeuralSources DEFAULTS = new NeuralSources("", "", null, null, null, InputLayout.AUTO, InputLayout.AUTO, false, true);

	public NeuralSources {
		if (behavior == null) behavior = "";
		if (neural == null) neural = "";
		if (behaviorTimes != null && behaviorTimes.isBlank()) behaviorTimes = null;
		if (neuralTimes != null && neuralTimes.isBlank()) neuralTimes = null;
		if (positions != null && positions.isBlank()) positions = null;
		if (behaviorLayout == null) behaviorLayout = InputLayout.AUTO;
		if (neuralLayout == null) neuralLayout = InputLayout.AUTO;
	}

	/** Behaviour and neural files only, everything else by default. */
	public static NeuralSources of(String behavior, String neural) {
		return new NeuralSources(behavior, neural, null, null, null, InputLayout.AUTO, InputLayout.AUTO, false, true);
	}

	/** Fails (naming the key) when a required file is missing. */
	public NeuralSources requireFiles() {
		if (behavior.isBlank()) throw new FacemapException("behavior: no behaviour file given");
		if (neural.isBlank()) throw new FacemapException("neural: no neural activity file given");
		return this;
	}

	public NeuralSources withTimes(String behaviorTimes, String neuralTimes) {
		return new NeuralSources(behavior, neural, behaviorTimes, neuralTimes, positions, behaviorLayout, neuralLayout, excludePaw, zscore);
	}

	public NeuralSources withPositions(String positions) {
		return new NeuralSources(behavior, neural, behaviorTimes, neuralTimes, positions, behaviorLayout, neuralLayout, excludePaw, zscore);
	}

	public NeuralSources withLayouts(InputLayout behaviorLayout, InputLayout neuralLayout) {
		return new NeuralSources(behavior, neural, behaviorTimes, neuralTimes, positions, behaviorLayout, neuralLayout, excludePaw, zscore);
	}

	public NeuralSources withExcludePaw(boolean b) {
		return new NeuralSources(behavior, neural, behaviorTimes, neuralTimes, positions, behaviorLayout, neuralLayout, b, zscore);
	}

	public NeuralSources withZscore(boolean b) {
		return new NeuralSources(behavior, neural, behaviorTimes, neuralTimes, positions, behaviorLayout, neuralLayout, excludePaw, b);
	}
}
