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

import java.nio.file.Path;

import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;

/**
 * The settings of a frame selection ({@link FrameSelection#select}); the keys are the options of
 * {@code Suggest Frames...}, {@code facemap select-frames} and settings files.
 */
public record FrameSelectionSettings(
	@Setting(description = "Model for the 'hardest' share (name or folder); 'default' = the bundled base model; 'none' = no model (random and most-different frames only)") String model,
	@Setting(description = "How many frames to suggest") int n,
	@Setting(aliases = "--random", description = "Fraction of random frames") double randomFraction,
	@Setting(aliases = "--hard", description = "Fraction of hardest frames (lowest mean likelihood under the model); the rest are the most different frames") double hardFraction,
	@Setting(description = "Candidate frames examined, drawn at random (Facemap: 250)") int pool,
	@Setting(description = "Random seed") long seed,
	@Setting(description = "cpu or gpu for the model (falls back to the CPU when no GPU is usable)") Device device,
	@Setting(description = "per-frame (default, as the tracker), or batch: Facemap's batch-wide percentiles") Normalization normalization,
	@Setting(optional = true, description = "Label file of frames already labelled (column 'frame', or img<N>.png names): they are not suggested again, and the most different picks keep away from them") Path labelled)
	implements JobSettings {

	/** The value of {@link #model} that means "no model". */
	public static final String NO_MODEL = "none";

	public static final FrameSelectionSettings DEFAULTS = new FrameSelectionSettings("default", 20, 1 / 3.0, 1 / 3.0, 250, 0,
		Device.CPU, Normalization.PER_FRAME, null);

	public FrameSelectionSettings {
		if (model == null || model.isBlank()) model = "default";
		model = model.trim();
		if (labelled != null && labelled.toString().isEmpty()) labelled = null;
		if (device == null) device = Device.CPU;
		if (normalization == null) normalization = Normalization.PER_FRAME;
		SettingsSchema.check(n >= 1, "n", "must be at least 1 frame, got " + n);
		SettingsSchema.check(randomFraction >= 0 && randomFraction <= 1, "random_fraction", "must be a fraction in [0, 1], got " + randomFraction);
		SettingsSchema.check(hardFraction >= 0 && hardFraction <= 1, "hard_fraction", "must be a fraction in [0, 1], got " + hardFraction);
		SettingsSchema.check(randomFraction + hardFraction <= 1 + 1e-9, "hard_fraction", "plus random_fraction must be at most 1, got "
			+ hardFraction + " + " + randomFraction);
		SettingsSchema.check(pool >= 1, "pool", "must be at least 1 frame, got " + pool);
	}

	public static SettingsSchema<FrameSelectionSettings> schema() {
		return SettingsSchema.of(FrameSelectionSettings.class);
	}

	/** These settings with one key changed (value as text or typed; validated). */
	public FrameSelectionSettings with(String key, Object value) {
		return schema().with(this, key, value);
	}

	/** Whether a model scores the frames. */
	public boolean usesModel() {
		return !NO_MODEL.equalsIgnoreCase(model);
	}
}
