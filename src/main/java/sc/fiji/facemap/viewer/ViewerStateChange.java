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

/** What changed in a {@link ViewerState} (as BigDataViewer's {@code ViewerStateChange}). */
public enum ViewerStateChange {
	/** The current frame. */
	FRAME_CHANGED,
	/** The selected keypoint. */
	SELECTION_CHANGED,
	/** Which keypoints' points are shown. */
	VISIBILITY_CHANGED,
	/** Which keypoints' traces are shown. */
	TRACE_VISIBILITY_CHANGED,
	/** The {@link DisplaySettings}. */
	DISPLAY_CHANGED,
	/** The keypoint names or the number of frames (new data loaded). */
	CONTENT_CHANGED
}
