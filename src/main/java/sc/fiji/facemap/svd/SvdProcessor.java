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

import java.nio.file.Path;
import java.util.List;

import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;

/**
 * The classic Facemap pipeline on one recording: subsampled mean frame and motion, chunked SVD with the merge step,
 * projection of every frame, motion energy, pupil, blink and running. Frames are read sequentially (three passes:
 * mean, SVD chunks, projection); memory does not grow with the video's length apart from the output traces.
 */
public final class SvdProcessor {

	private SvdProcessor() {}

	/**
	 * Processes simultaneous views (one source per camera, each possibly a concatenation of sequential parts).
	 *
	 * @param views one source per view (equal frame counts); not closed here
	 * @param filenames Facemap's file list for the output (outer: sequential parts, inner: views); may be empty
	 * @param rois ROIs in view coordinates
	 */
	public static ProcessingResult process(List<? extends VideoSource> views, List<List<Path>> filenames,
		List<RoiSpec> rois, SvdSettings settings, Progress progress)
	{
		throw new UnsupportedOperationException("not yet");
	}
}
