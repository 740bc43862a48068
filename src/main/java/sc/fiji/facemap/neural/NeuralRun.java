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

/** One run of {@link NeuralEncoder#fit}: preprocessing, split, targets, models, figures. */
final class NeuralRun {

	private final NeuralInputs in;
	private final NeuralSettings s;
	private final Progress p;
	private final TrainingListener listener;

	NeuralRun(NeuralInputs in, NeuralSettings s, Progress p, TrainingListener listener) {
		this.in = in;
		this.s = s;
		this.p = p;
		this.listener = listener;
	}

	NeuralResult run() {
		throw new UnsupportedOperationException("not implemented yet");
	}
}
