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

import sc.fiji.facemap.task.Progress;

/**
 * The one entry point of neural-activity prediction (reference 6): predicts neural activity from behaviour with
 * Facemap's KeypointsNetwork, ridge regression or reduced-rank regression, on the interleaved train/test split of
 * 6.4, and reports held-out variance explained. Front ends (Fiji command, CLI, Jython) call {@link #fit}.
 */
public final class NeuralEncoder {

	private NeuralEncoder() {}

	/** {@link #fit(NeuralInputs, NeuralSettings, Progress, TrainingListener)} without a listener. */
	public static NeuralResult fit(NeuralInputs in, NeuralSettings s, Progress p) {
		return fit(in, s, p, TrainingListener.NONE);
	}

	/**
	 * Fits the model of {@code s} (and, with {@link NeuralSettings#baselines()}, the other two) and evaluates it on
	 * the held-out segments. Cancel (through {@code p}) during the network's training stops it and keeps the best model
	 * so far (the other models are then not fitted); the result says {@link NeuralResult#canceled()}. Cancel before
	 * training starts (while the neural PCs are computed) throws {@link sc.fiji.facemap.task.CanceledException}.
	 * libtorch's intra-op thread count is set to 1 while a network with small windows trains (process-wide).
	 *
	 * @param listener receives (epoch, training loss, test variance explained) after every network epoch
	 * @throws sc.fiji.facemap.FacemapException for inputs or settings that cannot work (the message says why)
	 */
	public static NeuralResult fit(NeuralInputs in, NeuralSettings s, Progress p, TrainingListener listener) {
		return new NeuralRun(in, s, p == null ? Progress.NONE : p, listener == null ? TrainingListener.NONE : listener).run();
	}
}
