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
package sc.fiji.facemap.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * What a batch plan does to each recording: the steps and how long videos are split. The steps' own settings are
 * their jobs' records ({@code TrackingSettings}, {@code SvdSettings}).
 */
public record BatchSettings(
	@Setting(description = "Steps run on every recording, comma-separated: track, svd (track = keypoints, svd = Facemap's classic processing)") String steps,
	@Setting(description = "Split videos longer than this into chunks of about this many frames, tracked as separate tasks and merged (rounded up to a multiple of the batch size); 0 = never split") int chunkFrames)
	implements JobSettings {

	/** A step of a plan. */
	public enum Step {
		TRACK, SVD;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public static final BatchSettings DEFAULTS = new BatchSettings("track", 0);

	public BatchSettings {
		SettingsSchema.check(steps != null && !steps.isBlank(), "steps", "must name at least one step (track, svd)");
		SettingsSchema.check(chunkFrames >= 0, "chunk_frames", "must be 0 (no chunks) or a number of frames, got " + chunkFrames);
		stepList(steps);
	}

	/** The steps, in the order given, each once. */
	public List<Step> stepList() {
		return stepList(steps);
	}

	private static List<Step> stepList(String text) {
		List<Step> out = new ArrayList<>();
		for (String t : text.split(",")) {
			String s = t.trim().toLowerCase(Locale.ROOT);
			if (s.isEmpty()) continue;
			Step step;
			if (s.equals("track")) step = Step.TRACK;
			else if (s.equals("svd")) step = Step.SVD;
			else if (s.equals("neural"))
				throw new sc.fiji.facemap.FacemapException("steps: 'neural' cannot run in a batch yet (it needs each recording's neural data); run facemap neural on the batch's outputs");
			else throw new sc.fiji.facemap.FacemapException("steps: unknown step '" + t.trim() + "'; the steps are track, svd");
			if (!out.contains(step)) out.add(step);
		}
		SettingsSchema.check(!out.isEmpty(), "steps", "must name at least one step (track, svd)");
		return out;
	}

	/** The schema (keys, defaults, text and JSON forms). */
	public static SettingsSchema<BatchSettings> schema() {
		return SettingsSchema.of(BatchSettings.class);
	}
}
