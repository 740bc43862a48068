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
package sc.fiji.facemap.svd;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;

/**
 * Settings of one run of the classic Facemap processing (motion/movie SVD, motion energy, pupil, blink, running).
 * Keys (snake_case of the component names) are the same in the Fiji command, the CLI ({@code --sbin}, ...) and the
 * settings JSON. Defaults follow Facemap's GUI; {@code facemap_compatible} switches every documented difference back
 * to Facemap 1.0.8's behaviour (see the README, "Where we differ").
 *
 * @param sbin spatial bin size in pixels (block average of sbin x sbin pixels before any SVD/motion energy)
 * @param nComponents number of SVD components kept (Facemap: 500); fewer when a region has fewer pixels
 * @param motsvd compute the motion SVD (SVD of |frame_t - frame_t-1| minus the mean motion)
 * @param movsvd compute the movie SVD (SVD of frame_t minus the mean frame)
 * @param fullFrame process the whole (tiled) frame as region 0, as Facemap's "multivideo"/fullSVD does by default;
 *        false leaves region 0 empty (shape (0,) / (0,1) in _proc.npy) and processes only the motion ROIs
 * @param motionEnergy compute motion energy traces even when no SVD is asked (motion energy alone, no SVD cost)
 * @param facemapCompatible reproduce Facemap 1.0.8's quirks (for parity with its _proc.npy)
 * @param svdChunkFrames frames per SVD chunk (Facemap: 1000)
 * @param svdMaxChunks maximum number of SVD chunks sampled across the video (Facemap: 15)
 * @param chunkComponents components kept per chunk before the merge (Facemap: 250)
 * @param meanFrames frames sampled for the mean frame / mean motion (Facemap: 1000)
 * @param meanSegmentFrames consecutive frames per sampled segment of the mean (Facemap: 100)
 * @param projectionChunkFrames frames projected per batch (Facemap: 500; only the compatible mode's chunk-boundary
 *        quirk depends on it)
 * @param pupilSigma default pupil fit width in standard deviations (Facemap GUI: 2.0), used by pupil ROIs without
 *        their own
 * @param pupilSmoothWindow window in frames of the median filter for area_smooth / com_smooth (Facemap: 30)
 * @param writeH5 also write {@code <base>_proc.h5} beside {@code <base>_proc.npy}
 */
public record SvdSettings(
	@Setting(description = "Spatial bin size in pixels: frames are averaged over sbin x sbin blocks before motion energy and SVD.", label = "SVD spatial bin") int sbin,
	@Setting(description = "Number of SVD components kept per region (fewer when a region has fewer pixels or the video fewer frames).", label = "Components") int nComponents,
	@Setting(description = "Compute the motion SVD (of the absolute frame-to-frame difference).", label = "Motion SVD") boolean motsvd,
	@Setting(description = "Compute the movie SVD (of the raw frames minus the mean frame).", label = "Movie SVD") boolean movsvd,
	@Setting(description = "Also process the whole (tiled) frame as region 0, as Facemap does; off = motion ROIs only.", label = "Full-frame SVD") boolean fullFrame,
	@Setting(description = "Compute motion energy traces even without any SVD (fast: no SVD cost).", label = "Motion energy") boolean motionEnergy,
	@Setting(description = "Reproduce Facemap 1.0.8's quirks exactly (for parity with its _proc.npy); see the 'Where we differ' table.", label = "Facemap-compatible") boolean facemapCompatible,
	@Setting(description = "Frames per SVD chunk (Facemap: 1000).") int svdChunkFrames,
	@Setting(description = "At most this many SVD chunks, spread over the video (Facemap: 15).") int svdMaxChunks,
	@Setting(description = "Components kept per chunk before the merge SVD (Facemap: 250).") int chunkComponents,
	@Setting(description = "Frames sampled for the mean frame and mean motion (Facemap: 1000).") int meanFrames,
	@Setting(description = "Consecutive frames per sampled segment of the mean (Facemap: 100).") int meanSegmentFrames,
	@Setting(description = "Frames projected per batch (Facemap: 500; only the compatible mode's chunk-boundary zero depends on it).") int projectionChunkFrames,
	@Setting(description = "Pupil fit width in standard deviations of the fitted Gaussian, for pupil ROIs without their own (Facemap GUI: 2.0).", label = "Pupil sigma") double pupilSigma,
	@Setting(description = "Window in frames of the median filter for the smoothed pupil traces (Facemap: 30).") int pupilSmoothWindow,
	@Setting(description = "Also write <video>_proc.h5 (the same content in HDF5) beside <video>_proc.npy.", label = "Write HDF5", identity = false) boolean writeH5)
	implements JobSettings
{

	public static final SvdSettings DEFAULTS = new SvdSettings(4, 500, true, false, true, true, false, 1000, 15, 250,
		1000, 100, 500, 2.0, 30, true);

	public SvdSettings {
		positive("sbin", sbin);
		positive("n_components", nComponents);
		if (svdChunkFrames < 3) throw new FacemapException("svd_chunk_frames must be at least 3, got " + svdChunkFrames);
		positive("svd_max_chunks", svdMaxChunks);
		positive("chunk_components", chunkComponents);
		positive("mean_frames", meanFrames);
		if (meanSegmentFrames < 2) throw new FacemapException("mean_segment_frames must be at least 2, got "
			+ meanSegmentFrames);
		positive("projection_chunk_frames", projectionChunkFrames);
		if (!(pupilSigma > 0)) throw new FacemapException("pupil_sigma must be positive, got " + pupilSigma);
		positive("pupil_smooth_window", pupilSmoothWindow);
	}

	private static void positive(String key, int v) {
		if (v < 1) throw new FacemapException(key + " must be at least 1, got " + v);
	}

	/** Whether any SVD is computed. */
	public boolean anySvd() {
		return motsvd || movsvd;
	}
}
