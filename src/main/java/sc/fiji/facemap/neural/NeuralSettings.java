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

import java.util.Locale;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * Settings of a neural-encoding run (reference 6). Defaults are Facemap's (GUI and {@code train_model}) except
 * where {@link #facemapCompatible} says otherwise. Keys are the component names in snake_case.
 */
public record NeuralSettings(
	@Setting(description = "Model: network (Facemap's deep keypoints encoder), ridge (ridge regression) or rrr (reduced-rank regression)") Model model,
	@Setting(description = "Predict this many principal components of the neural activity (at most neurons - 1) and project back to neurons; 0 = predict every neuron directly") int pcs,
	@Setting(description = "Training epochs of the network (Facemap: 300; the learning rate drops tenfold 50 and 100 epochs before the end)") int epochs,
	@Setting(description = "Where the network trains: cpu or gpu (falls back to the cpu when no GPU is usable)", identity = false) Device device,
	@Setting(description = "AdamW learning rate of the network") double learningRate,
	@Setting(description = "AdamW weight decay of the network") double weightDecay,
	@Setting(description = "Weight of the smoothness penalty on the network's temporal filters") double smoothingPenalty,
	@Setting(description = "Shift of the neural activity against behaviour in neural samples (Facemap: -1, behaviour at t predicts activity at t+1)") int delay,
	@Setting(description = "Ridge regularisation (lambda added to X'X before dividing by the sample count, as Facemap)") double ridgeLambda,
	@Setting(description = "Regularisation of reduced-rank regression (Facemap's GUI default 0)") double rrrLambda,
	@Setting(description = "Highest rank tried by reduced-rank regression; the rank is chosen on training data only") int maxRank,
	@Setting(description = "Also fit the other models (network, ridge, rrr) so that their variance explained can be compared") boolean baselines,
	@Setting(description = "Compute the network's 256 latents (deep behavioural features) for every camera frame") boolean latents,
	@Setting(description = "Test variance explained is computed every this many epochs (and at the end); the best model is kept") int testEvery,
	@Setting(description = "Random seed of the network's initial weights") long seed,
	@Setting(description = "Reproduce Facemap's figures where it has quirks: uncentred variance explained and the best-rank off-by-one of its linear model, rank chosen on test data, U*S^2*V' display reconstruction, equal-rate default timestamps") boolean facemapCompatible)
	implements JobSettings {

	/** Which model {@link NeuralEncoder#fit} trains. */
	public enum Model {
		NETWORK, RIDGE, RRR;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public static final NeuralSettings DEFAULTS = new NeuralSettings(Model.NETWORK, 128, 300, Device.CPU, 1e-3, 1e-4,
		0.5, -1, 1.0, 0.0, 32, true, true, 20, 0, false);

	public NeuralSettings {
		if (model == null) throw new FacemapException("model is missing (network, ridge or rrr)");
		if (device == null) device = Device.CPU;
		check(pcs >= 0 && pcs <= 100_000, "pcs", "must be 0 (predict neurons) or a positive number of principal components, got " + pcs);
		check(epochs >= 1 && epochs <= 1_000_000, "epochs", "must be at least 1, got " + epochs);
		check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "must be positive, got " + learningRate);
		check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", "must be 0 or positive, got " + weightDecay);
		check(smoothingPenalty >= 0 && Double.isFinite(smoothingPenalty), "smoothing_penalty", "must be 0 or positive, got " + smoothingPenalty);
		check(Math.abs(delay) <= 1000, "delay", "must be between -1000 and 1000 neural samples, got " + delay);
		check(ridgeLambda >= 0 && Double.isFinite(ridgeLambda), "ridge_lambda", "must be 0 or positive, got " + ridgeLambda);
		check(rrrLambda >= 0 && Double.isFinite(rrrLambda), "rrr_lambda", "must be 0 or positive, got " + rrrLambda);
		check(maxRank >= 1, "max_rank", "must be at least 1, got " + maxRank);
		check(testEvery >= 1, "test_every", "must be at least 1 epoch, got " + testEvery);
	}

	private static void check(boolean ok, String key, String problem) {
		SettingsSchema.check(ok, key, problem);
	}
}
