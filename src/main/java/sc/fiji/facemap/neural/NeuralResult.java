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

import java.util.List;
import java.util.Map;

import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.neural.NeuralSettings.Model;

/**
 * What {@link NeuralEncoder#fit} produced: held-out figures, predictions, the split, and for the network its
 * weights, history and latents. UI-free; everything a writer of Facemap's {@code neural_predictions.npy} (reference
 * 4.4) needs is here: {@link #predictions()} (neurons x samples), {@link #testSegments()} ({@code test_indices}),
 * {@link #facemapVarianceExplained()} ({@code variance_explained}) and {@link #plotExtent()}.
 *
 * @param settings the settings of the run
 * @param model the model the settings asked for (the first of {@code scores})
 * @param scores held-out figures of every model fitted, the requested one first
 * @param varexpPerNeuron [neurons] held-out variance explained of each neuron by the requested model (0 for a
 *            constant neuron)
 * @param varexpPerRank [ranks] test variance explained of the targets by reduced-rank regression of rank 1, 2, ...
 *            (Facemap's {@code variance_explained} of its linear model), or null when RRR was not fitted
 * @param split the train/test split (shared by all models)
 * @param testPredictions [neurons][test samples] predictions of the requested model at
 *            {@code split.testIndicesOriginal()}, in the units of the input
 * @param predictedTargets [neural samples][targets] predictions of the targets for every neural sample (row t predicts
 *            the activity at sample t)
 * @param basis [neurons][pcs] the map from targets to neurons (null when the targets are the neurons)
 * @param neuronMean [neurons] added back after the projection
 * @param neuronScale [neurons] multiplies the projection
 * @param latents [camera frames][256] the network's latents (null unless the network ran with latents on)
 * @param stateDict the trained network's best weights with Facemap's key names (null when no network was trained)
 * @param history one record per network epoch
 * @param bestEpoch the epoch whose weights are kept (-1 without network)
 * @param ceiling peer-prediction variance explained (explainable variance), NaN without positions
 * @param ceilingPerNeuron [neurons] per-neuron peer-prediction variance explained, or null
 * @param keptFeatures indices of the behaviour columns used (constant columns are dropped)
 * @param canceled whether training was canceled (the figures are then those of the best model so far)
 * @param device the device the network ran on ("cpu" or "gpu"), or null
 * @param notices warnings and assumptions stated to the user (dropped columns, default timestamps, ...)
 */
public record NeuralResult(NeuralSettings settings, Model model, List<ModelScore> scores, float[] varexpPerNeuron,
	double[] varexpPerRank, NeuralSplit split, float[][] testPredictions, float[][] predictedTargets, float[][] basis,
	float[] neuronMean, float[] neuronScale, float[][] latents, Map<String, Tensor> stateDict, List<EpochRecord> history,
	int bestEpoch, double ceiling, float[] ceilingPerNeuron, int[] keptFeatures, boolean canceled, String device,
	List<String> notices) {

	/** Pooled held-out variance explained (neurons) of the requested model. */
	public double varexp() {
		return scores.get(0).varexp();
	}

	/** Pooled held-out variance explained of the targets (PCs or neurons) of the requested model. */
	public double targetVarexp() {
		return scores.get(0).targetVarexp();
	}

	/** The score of {@code m}, or null when it was not fitted. */
	public ModelScore score(Model m) {
		for (ModelScore s : scores) if (s.model() == m) return s;
		return null;
	}

	public int neurons() {
		return neuronMean.length;
	}

	public int samples() {
		return predictedTargets.length;
	}

	/** Facemap's {@code variance_explained}: a number for the network and ridge, the per-rank array for RRR. */
	public Object facemapVarianceExplained() {
		if (model == Model.RRR && varexpPerRank != null) return varexpPerRank.clone();
		return targetVarexp();
	}

	/** Facemap's {@code test_indices}: the test segments as indices into the original neural samples. */
	public int[][] testSegments() {
		return split.testSegmentsOriginal();
	}

	/** Facemap's {@code plot_extent}: [0, 0, last neural sample index, neurons]. */
	public double[] plotExtent() {
		return new double[] { 0, 0, samples() - 1, neurons() };
	}

	/** Predictions of neuron {@code i} for every neural sample, in the units of the input. */
	public float[] predictionRow(int i) {
		int T = predictedTargets.length;
		float[] r = new float[T];
		float m = neuronMean[i], s = neuronScale[i];
		if (basis == null) {
			for (int t = 0; t < T; t++) r[t] = m + s * predictedTargets[t][i];
			return r;
		}
		float[] b = basis[i];
		for (int t = 0; t < T; t++) {
			float[] y = predictedTargets[t];
			double acc = 0;
			for (int k = 0; k < b.length; k++) acc += (double) b[k] * y[k];
			r[t] = (float) (m + s * acc);
		}
		return r;
	}

	/**
	 * Predicted activity of every neuron at every neural sample, [neurons][samples] in the units of the input (the
	 * {@code predictions} of Facemap's output). Computed on demand (neurons x samples floats: large for big
	 * recordings; {@link #predictionRow} gives one neuron).
	 */
	public float[][] predictions() {
		return Projection.project(predictedTargets, basis, neuronMean, neuronScale);
	}
}
