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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;

/**
 * The settings of an evaluation ({@link ModelTraining#evaluate}); the keys are the options of
 * {@code Evaluate Model...}, {@code facemap evaluate} and settings files. Frames are predicted as the tracker
 * predicts them ({@link Predictor}).
 */
public record EvaluationSettings(
	@Setting(description = "Bundled model name, model folder or .pt file; 'default' = the bundled base model") String model,
	@Setting(description = "Frames per network call") int batchSize,
	@Setting(description = "cpu or gpu (falls back to the CPU when no GPU is usable)") Device device,
	@Setting(description = "per-frame (default, as the tracker), or batch: Facemap's batch-wide percentiles (results then depend on the batch size)") Normalization normalization,
	@Setting(identity = false, description = "Ignore label rows whose image is missing instead of failing") boolean skipMissingImages)
	implements JobSettings {

	public static final EvaluationSettings DEFAULTS = new EvaluationSettings("default", Predictor.DEFAULT_BATCH, Device.CPU,
		Normalization.PER_FRAME, false);

	public EvaluationSettings {
		if (model == null || model.isBlank()) model = "default";
		if (device == null) device = Device.CPU;
		if (normalization == null) normalization = Normalization.PER_FRAME;
		SettingsSchema.check(batchSize >= 1 && batchSize <= 5000, "batch_size", "must be between 1 and 5000, got " + batchSize);
	}

	public static SettingsSchema<EvaluationSettings> schema() {
		return SettingsSchema.of(EvaluationSettings.class);
	}

	/** These settings with one key changed (value as text or typed; validated). */
	public EvaluationSettings with(String key, Object value) {
		return schema().with(this, key, value);
	}
}
