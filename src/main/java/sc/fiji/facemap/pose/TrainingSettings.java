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
import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * The settings of a training run ({@link ModelTraining#train}, {@link PoseTrainer}); the keys are the options of
 * {@code Refine Model...}, {@code facemap train} and settings files. Defaults follow Facemap's refinement GUI
 * (fine-tune the base model, 36 epochs, lr 1e-4, batch 1).
 */
public record TrainingSettings(
	@Setting(optional = true, description = "Model to fine-tune (name or folder); 'none' or empty: train from scratch") String base,
	@Setting(description = "Channel widths of a network trained from scratch, comma-separated") Channels channels,
	@Setting(description = "Passes over the training frames (Facemap: 36)") int epochs,
	@Setting(identity = false, description = "Stop after this many optimiser steps in this run (0 = no limit); run again with the same checkpoint to continue") long steps,
	@Setting(aliases = "--batch", description = "Frames per optimiser step") int batchSize,
	@Setting(aliases = "--lr", description = "Learning rate (Facemap's schedule: lr, then lr/10 and lr/25 for the last epochs)") double learningRate,
	@Setting(description = "Random seed (initial weights, frame order, augmentation)") long seed,
	@Setting(description = "Fraction of the labelled frames held out for validation, as whole video/batch groups (0 = none)") double validation,
	@Setting(optional = true, description = "Label-file columns that define the validation groups, comma-separated; empty = those of video, batch that are present") String groupBy,
	@Setting(description = "Augmentation: full (flip, contrast, scale, rotation, translation), strong (wider scale 0.6-1.5, rotation, translation, gamma, inversion), facemap (flip, contrast) or none") Augment augment,
	@Setting(optional = true, identity = false, description = "Checkpoint file for long runs (resumed when it exists)") Path checkpoint,
	@Setting(identity = false, description = "Optimiser steps between checkpoints (a checkpoint is also written at every epoch end and on stop; 0 = only then)") int checkpointEvery,
	@Setting(identity = false, description = "Ignore label rows whose image is missing instead of failing") boolean skipMissingImages,
	@Setting(identity = false, description = "Replace a model already in the output folder (otherwise the run refuses before training)") boolean overwrite)
	implements JobSettings {

	/** The augmentation presets of {@link Augmentation.Config}. */
	public enum Augment {
		FULL, STRONG, FACEMAP, NONE;

		public Augmentation.Config config() {
			switch (this) {
				case STRONG: return Augmentation.Config.strong();
				case FACEMAP: return Augmentation.Config.facemap();
				case NONE: return Augmentation.Config.none();
				default: return new Augmentation.Config();
			}
		}
	}

	/** The value of {@link #base} that means "train from scratch". */
	public static final String NO_BASE = "none";

	public static final TrainingSettings DEFAULTS = new TrainingSettings("default", Channels.FACEMAP, 36, 0, 1, 1e-4, 0, 0.2, null,
		Augment.FULL, null, 200, false, false);

	public TrainingSettings {
		if (base == null || base.isBlank() || base.trim().equalsIgnoreCase(NO_BASE)) base = NO_BASE;
		else base = base.trim();
		if (channels == null) channels = Channels.FACEMAP;
		if (augment == null) augment = Augment.FULL;
		if (groupBy != null && groupBy.isBlank()) groupBy = null;
		if (checkpoint != null && checkpoint.toString().isEmpty()) checkpoint = null;
		SettingsSchema.check(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
		SettingsSchema.check(steps >= 0, "steps", "must be 0 (no limit) or more, got " + steps);
		SettingsSchema.check(batchSize >= 1, "batch_size", "must be at least 1, got " + batchSize);
		SettingsSchema.check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "must be a positive number, got " + learningRate);
		SettingsSchema.check(validation >= 0 && validation < 1, "validation", "must be a fraction in [0, 1), got " + validation);
		SettingsSchema.check(checkpointEvery >= 0, "checkpoint_every", "must be 0 or more steps, got " + checkpointEvery);
	}

	/** The schema (keys, defaults, text and JSON forms). */
	public static SettingsSchema<TrainingSettings> schema() {
		return SettingsSchema.of(TrainingSettings.class);
	}

	/** These settings with one key changed (value as text or typed; validated). */
	public TrainingSettings with(String key, Object value) {
		return schema().with(this, key, value);
	}

	/** Whether a base model is fine-tuned (else a network is trained from scratch). */
	public boolean fineTunes() {
		return !NO_BASE.equals(base);
	}

	/** The group columns, or null for the default (video, batch where present). */
	public List<String> groupColumns() {
		if (groupBy == null) return null;
		List<String> out = new ArrayList<>();
		for (String c : groupBy.split(","))
			if (!c.isBlank()) out.add(c.trim());
		return out;
	}
}
