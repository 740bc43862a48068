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

/**
 * One evaluation of the network during training: the mean training loss of the epoch and, every
 * {@link NeuralSettings#testEvery()} epochs and at the last one, the pooled test variance explained of the targets.
 *
 * @param epoch 0-based
 * @param trainLoss mean over the epoch's steps of MSE + smoothness penalty
 * @param testVarexp pooled variance explained of the targets on the test segments, NaN when not evaluated
 * @param learningRate the learning rate used in this epoch
 * @param seconds wall time of the epoch (training and evaluation)
 */
public record EpochRecord(int epoch, double trainLoss, double testVarexp, double learningRate, double seconds) {

	public boolean evaluated() {
		return !Double.isNaN(testVarexp);
	}
}
