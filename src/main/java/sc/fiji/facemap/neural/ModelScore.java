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

import sc.fiji.facemap.neural.NeuralSettings.Model;

/**
 * The held-out figures of one fitted model.
 *
 * @param model which model
 * @param varexp pooled variance explained of the neurons on the test samples: 1 - sum of squared residuals / sum of
 *            squared deviations from each neuron's test mean, over all neurons (each z-scored) and test samples
 * @param targetVarexp pooled variance explained of the targets (the PCs, or the neurons when pcs = 0): Facemap's
 *            {@code variance_explained}
 * @param meanNeuronVarexp the mean of the per-neuron variance explained
 * @param normalized {@code varexp} divided by the peer-prediction ceiling (NaN without neuron positions)
 * @param rank the rank of reduced-rank regression (0 for the other models)
 * @param lambda the regularisation used (NaN for the network)
 */
public record ModelScore(Model model, double varexp, double targetVarexp, double meanNeuronVarexp, double normalized,
	int rank, double lambda) {
}
