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

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import sc.fiji.facemap.keypoints.KeypointSet;

/**
 * The observable state of a Facemap window, free of any user interface (in the style of BigDataViewer's
 * {@code ViewerState}): the current video frame, the selected keypoint, which keypoints' points and traces are shown,
 * and the {@link DisplaySettings}. Views (the video with its overlay, the trace plots, the keypoint list, the
 * slider) read it and listen to it; they change it only through its setters, so every view follows every other.
 * <p>
 * Listeners are told after each change and only when something changed (setting the current value again fires
 * nothing). Visibility is kept by keypoint <i>name</i>, so it survives loading another result with the same names.
 * All methods are thread-safe; listeners run on the thread that made the change, outside the state's lock.
 */
public final class ViewerState {

	private final Object lock = new Object();
	private final CopyOnWriteArrayList<ViewerStateListener> listeners = new CopyOnWriteArrayList<>();
	private KeypointSet keypoints;
	private int frameCount;
	private int frame;
	private String selected;
	private final Set<String> hidden = new HashSet<>();
	private final Set<String> hiddenTraces = new HashSet<>();
	private DisplaySettings display = DisplaySettings.DEFAULTS;

	/**
	 * @param keypoints the keypoints that can be shown (all visible, with their traces, none selected)
	 * @param frameCount frames of the video (at least 1); the current frame starts at 0
	 */
	public ViewerState(KeypointSet keypoints, int frameCount) {
		this.keypoints = keypoints;
		this.frameCount = checkFrameCount(frameCount);
	}

	private static int checkFrameCount(int n) {
		if (n < 1) throw new IllegalArgumentException("a viewer needs at least one frame, not " + n);
		return n;
	}

	// ------------------------------------------------------------------------------------------- listeners

	public void addListener(ViewerStateListener l) {
		listeners.addIfAbsent(l);
	}

	public void removeListener(ViewerStateListener l) {
		listeners.remove(l);
	}

	private void fire(ViewerStateChange c) {
		for (ViewerStateListener l : listeners) l.viewerStateChanged(c);
	}

	// ------------------------------------------------------------------------------------------ content

	public KeypointSet keypoints() {
		synchronized (lock) {
			return keypoints;
		}
	}

	public int frameCount() {
		synchronized (lock) {
			return frameCount;
		}
	}

	/**
	 * New content (another result or video): the keypoints and the number of frames. Visibility of names kept stays
	 * as it was; new names are shown; the selection is dropped when its name is gone; the current frame is clamped.
	 */
	public void setContent(KeypointSet keypoints, int frameCount) {
		checkFrameCount(frameCount);
		boolean frameMoved;
		synchronized (lock) {
			if (keypoints.equals(this.keypoints) && frameCount == this.frameCount) return;
			this.keypoints = keypoints;
			this.frameCount = frameCount;
			if (selected != null && keypoints.indexOf(selected) < 0) selected = null;
			int f = Math.min(frame, frameCount - 1);
			frameMoved = f != frame;
			frame = f;
		}
		fire(ViewerStateChange.CONTENT_CHANGED);
		if (frameMoved) fire(ViewerStateChange.FRAME_CHANGED);
	}

	// ------------------------------------------------------------------------------------------- frame

	/** The current frame (0-based video frame). */
	public int frame() {
		synchronized (lock) {
			return frame;
		}
	}

	/** Goes to frame {@code f}; out of 0..frameCount-1 is an error. */
	public void setFrame(int f) {
		synchronized (lock) {
			if (f < 0 || f >= frameCount) throw new IllegalArgumentException("frame " + f + " is not in 0.." +
				(frameCount - 1));
			if (f == frame) return;
			frame = f;
		}
		fire(ViewerStateChange.FRAME_CHANGED);
	}

	/** Moves {@code delta} frames, stopping at the first and the last; returns the new frame. */
	public int step(int delta) {
		int f;
		synchronized (lock) {
			f = (int) Math.max(0, Math.min(frameCount - 1L, (long) frame + delta));
		}
		setFrame(f);
		return f;
	}

	// --------------------------------------------------------------------------------------- selection

	/** The selected keypoint's index in {@link #keypoints()}, or -1 when none is selected. */
	public int selected() {
		synchronized (lock) {
			return selected == null ? -1 : keypoints.indexOf(selected);
		}
	}

	/** The selected keypoint's name, or null. */
	public String selectedName() {
		synchronized (lock) {
			return selected;
		}
	}

	/** Selects keypoint k (-1 = none). */
	public void select(int k) {
		String name;
		synchronized (lock) {
			if (k < -1 || k >= keypoints.size()) throw new IllegalArgumentException("no keypoint " + k);
			name = k < 0 ? null : keypoints.name(k);
		}
		select(name);
	}

	/** Selects the keypoint with this name (null = none). */
	public void select(String name) {
		synchronized (lock) {
			if (name != null && keypoints.indexOf(name) < 0) throw new IllegalArgumentException("no keypoint '" +
				name + "' in " + keypoints.names());
			if (java.util.Objects.equals(name, selected)) return;
			selected = name;
		}
		fire(ViewerStateChange.SELECTION_CHANGED);
	}

	// -------------------------------------------------------------------------------------- visibility

	/** Whether keypoint k's points are drawn. */
	public boolean isVisible(int k) {
		synchronized (lock) {
			return !hidden.contains(keypoints.name(k));
		}
	}

	public void setVisible(int k, boolean visible) {
		setFlag(k, visible, hidden, ViewerStateChange.VISIBILITY_CHANGED);
	}

	/** Whether keypoint k's trace is plotted. */
	public boolean isTraceVisible(int k) {
		synchronized (lock) {
			return !hiddenTraces.contains(keypoints.name(k));
		}
	}

	public void setTraceVisible(int k, boolean visible) {
		setFlag(k, visible, hiddenTraces, ViewerStateChange.TRACE_VISIBILITY_CHANGED);
	}

	/** Shows (or hides) every keypoint's points at once; one event when anything changed. */
	public void setAllVisible(boolean visible) {
		setAll(visible, hidden, ViewerStateChange.VISIBILITY_CHANGED);
	}

	/** Shows (or hides) every trace at once; one event when anything changed. */
	public void setAllTracesVisible(boolean visible) {
		setAll(visible, hiddenTraces, ViewerStateChange.TRACE_VISIBILITY_CHANGED);
	}

	/** The names of the keypoints whose points are drawn, in the keypoints' order. */
	public Set<String> visibleNames() {
		synchronized (lock) {
			Set<String> s = new LinkedHashSet<>();
			for (String n : keypoints.names()) if (!hidden.contains(n)) s.add(n);
			return s;
		}
	}

	/** For each keypoint, whether its points are drawn (a copy). */
	public boolean[] visibility() {
		synchronized (lock) {
			List<String> names = keypoints.names();
			boolean[] v = new boolean[names.size()];
			for (int k = 0; k < v.length; k++) v[k] = !hidden.contains(names.get(k));
			return v;
		}
	}

	private void setFlag(int k, boolean visible, Set<String> hiddenSet, ViewerStateChange change) {
		synchronized (lock) {
			String name = keypoints.name(k);
			boolean changed = visible ? hiddenSet.remove(name) : hiddenSet.add(name);
			if (!changed) return;
		}
		fire(change);
	}

	private void setAll(boolean visible, Set<String> hiddenSet, ViewerStateChange change) {
		synchronized (lock) {
			boolean changed;
			if (visible) {
				changed = hiddenSet.removeAll(keypoints.names());
			}
			else changed = hiddenSet.addAll(keypoints.names());
			if (!changed) return;
		}
		fire(change);
	}

	// ----------------------------------------------------------------------------------------- display

	public DisplaySettings display() {
		synchronized (lock) {
			return display;
		}
	}

	public void setDisplay(DisplaySettings d) {
		if (d == null) throw new IllegalArgumentException("no display settings");
		updateDisplay(old -> d);
	}

	/** Changes the display settings atomically (concurrent changes of different fields are all kept). */
	public void updateDisplay(java.util.function.UnaryOperator<DisplaySettings> change) {
		synchronized (lock) {
			DisplaySettings d = change.apply(display);
			if (d == null) throw new IllegalArgumentException("no display settings");
			if (d.equals(display)) return;
			display = d;
		}
		fire(ViewerStateChange.DISPLAY_CHANGED);
	}

	public void setLikelihoodThreshold(double t) {
		updateDisplay(d -> d.withLikelihoodThreshold(t));
	}

	public void setShowNames(boolean b) {
		updateDisplay(d -> d.withShowNames(b));
	}

	public void setPointSize(double s) {
		updateDisplay(d -> d.withPointSize(s));
	}

	public void setPlaybackFps(double f) {
		updateDisplay(d -> d.withPlaybackFps(f));
	}
}
