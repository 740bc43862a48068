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

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.job.FrameRange;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;

/**
 * The settings of a tracking run ({@link TrackingJob}); the keys are the options of {@code Track Keypoints...},
 * {@code facemap track} and settings files.
 */
public record TrackingSettings(
	@Setting(description = "Bundled model name, model folder or .pt file; 'default' = the bundled base model") String model,
	@Setting(description = "Frames per network call") int batchSize,
	@Setting(description = "cpu or gpu (falls back to the CPU when no GPU is usable)") Device device,
	@Setting(identity = false, description = "Inference engine: auto (ONNX Runtime on the CPU, DJL/libtorch on a GPU), djl or onnxruntime; same model file, same keypoints") NetworkEngine engine,
	@Setting(description = "fp32 (default), or int8: 8-bit convolutions on ONNX Runtime, calibrated on 16 frames of the video; faster, keypoints move by tenths of a pixel to a few pixels") Precision precision,
	@Setting(description = "Frame range A:B (first inclusive, end exclusive; A: or :B allowed); empty = all frames") FrameRange frames,
	@Setting(optional = true, description = "Face bounding box y0,y1,x0,x1 (rows y0..y1, columns x0..x1, exclusive ends); overrides the recording's face box; empty = the recording's box, else the full frame") Box bbox,
	@Setting(description = "per-frame (default), or batch: Facemap's batch-wide percentiles (results then depend on the batch size)") Normalization normalization,
	@Setting(identity = false, description = "Apply Facemap's outlier filter (jumps > 25 px, median filter) to the traces before writing") boolean filterOutliers,
	@Setting(identity = false, description = "Also write a DeepLabCut-style <video>_FacemapPose.csv") boolean csv,
	@Setting(identity = false, description = "Continue an interrupted run from its side files (same video, model and settings)") boolean resume,
	@Setting(identity = false, description = "Frames between checkpoints of an unfinished run (0 = only when it fails or is canceled)") int checkpointEvery)
	implements JobSettings {

	public static final TrackingSettings DEFAULTS = new TrackingSettings("default", 8, Device.CPU, NetworkEngine.AUTO, Precision.FP32, FrameRange.ALL, null, Normalization.PER_FRAME,
		false, false, false, 500);

	public TrackingSettings {
		SettingsSchema.check(model != null && !model.isBlank(), "model", "must name a model ('default' for the bundled one)");
		SettingsSchema.check(batchSize >= 1 && batchSize <= 5000, "batch_size", "must be between 1 and 5000, got " + batchSize);
		SettingsSchema.check(checkpointEvery >= 0, "checkpoint_every", "must be 0 or more frames, got " + checkpointEvery);
		if (device == null) device = Device.CPU;
		if (engine == null) engine = NetworkEngine.AUTO;
		if (precision == null) precision = Precision.FP32;
		SettingsSchema.check(precision == Precision.FP32 || engine != NetworkEngine.DJL, "precision", "int8 runs on engine onnxruntime (or auto), not djl");
		if (frames == null) frames = FrameRange.ALL;
		if (normalization == null) normalization = Normalization.PER_FRAME;
	}

	/** The schema (keys, defaults, text and JSON forms). */
	public static SettingsSchema<TrackingSettings> schema() {
		return SettingsSchema.of(TrackingSettings.class);
	}
}
