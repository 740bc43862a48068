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
package sc.fiji.facemap.viewer;

/**
 * How keypoints are drawn and played: an immutable value of {@link ViewerState}.
 *
 * @param likelihoodThreshold points whose likelihood (as stored in the {@code _FacemapPose.h5}) is below this are
 *            hidden; 0 shows every point with coordinates
 * @param showNames draw each keypoint's name beside its point
 * @param pointSize diameter of a point in image pixels
 * @param playbackFps frames per second while playing (independent of the video's own rate)
 */
public record DisplaySettings(double likelihoodThreshold, boolean showNames, double pointSize, double playbackFps) {

	/** Threshold 0.5, names shown, 6 px points, 30 fps playback. */
	public static final DisplaySettings DEFAULTS = new DisplaySettings(0.5, true, 6, 30);

	public DisplaySettings {
		if (!(likelihoodThreshold >= 0 && likelihoodThreshold <= 1))
			throw new IllegalArgumentException("likelihood threshold " + likelihoodThreshold + " is not in 0..1");
		if (!(pointSize > 0 && pointSize <= 1000))
			throw new IllegalArgumentException("point size " + pointSize + " is not in (0, 1000] px");
		if (!(playbackFps > 0 && playbackFps <= 1000))
			throw new IllegalArgumentException("playback rate " + playbackFps + " is not in (0, 1000] fps");
	}

	public DisplaySettings withLikelihoodThreshold(double t) {
		return new DisplaySettings(t, showNames, pointSize, playbackFps);
	}

	public DisplaySettings withShowNames(boolean b) {
		return new DisplaySettings(likelihoodThreshold, b, pointSize, playbackFps);
	}

	public DisplaySettings withPointSize(double s) {
		return new DisplaySettings(likelihoodThreshold, showNames, s, playbackFps);
	}

	public DisplaySettings withPlaybackFps(double f) {
		return new DisplaySettings(likelihoodThreshold, showNames, pointSize, f);
	}
}
