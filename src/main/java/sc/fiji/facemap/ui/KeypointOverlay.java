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
package sc.fiji.facemap.ui;

import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.Overlay;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.viewer.ViewerState;
import sc.fiji.facemap.viewer.ViewerStateChange;
import sc.fiji.facemap.viewer.ViewerStateListener;

/**
 * Keeps an image's overlay showing the keypoints of the frame on screen, and only those: whenever another frame is
 * shown (stack slider, keys, playback, or a change of the {@link ViewerState}'s frame) the overlay is rebuilt from
 * the {@link Keypoints} for that frame alone (at most a few dozen ROIs), so memory does not grow with the video's
 * length and scrubbing shows each frame's own points. The {@link ViewerState} also supplies what to draw (which
 * keypoints, the likelihood threshold, names, point size) and is kept in step with the image's frame both ways.
 * <p>
 * Row {@code r} of the keypoints is video frame {@code firstFrame + r} (slice or time point {@code firstFrame + r + 1}
 * of the image); frames outside the tracked range show no points. On a {@link VideoVirtualStack} the overlay also
 * comes with each decoded slice (ImageJ sets a virtual stack's per-slice overlay when it changes slice, even headless).
 * Closing the image detaches the overlay; a script that never closes its image calls {@link #detach()} when done.
 */
public final class KeypointOverlay implements ImageListener, ViewerStateListener {

	/** The image property that holds the attached overlay (so that a new one replaces it). */
	public static final String PROPERTY = "facemap.keypointOverlay";

	private final ImagePlus imp;
	private final Keypoints keypoints;
	private final int firstFrame;
	private final ViewerState state;
	private int drawnFrame = -1;
	private volatile java.util.List<ij.gui.Roi> decorations = java.util.List.of();
	private boolean updating;
	private boolean attached;

	private KeypointOverlay(ImagePlus imp, Keypoints keypoints, int firstFrame, ViewerState state) {
		this.imp = imp;
		this.keypoints = keypoints;
		this.firstFrame = firstFrame;
		this.state = state;
	}

	/**
	 * Draws {@code kp} on {@code imp} from now on (replacing an earlier keypoint overlay of the image) and follows the
	 * image's frame and {@code state}. The state's current frame is set to the image's.
	 */
	public static KeypointOverlay attach(ImagePlus imp, Keypoints kp, int firstFrame, ViewerState state) {
		Object old = imp.getProperty(PROPERTY);
		if (old instanceof KeypointOverlay) ((KeypointOverlay) old).detach();
		KeypointOverlay o = new KeypointOverlay(imp, kp, firstFrame, state);
		o.attached = true;
		imp.setProperty(PROPERTY, o);
		ImagePlus.addImageListener(o);
		state.addListener(o);
		if (imp.getStack() instanceof VideoVirtualStack) ((VideoVirtualStack) imp.getStack()).setOverlaySource(
			o::overlay);
		int f = frameOf(imp);
		if (f >= 0 && f < state.frameCount()) state.setFrame(f);
		o.refresh();
		return o;
	}

	/** The keypoint overlay attached to {@code imp}, or null. */
	public static KeypointOverlay of(ImagePlus imp) {
		Object o = imp.getProperty(PROPERTY);
		return o instanceof KeypointOverlay ? (KeypointOverlay) o : null;
	}

	/** The 0-based video frame an image shows: its time point when it has several, else its slice. */
	public static int frameOf(ImagePlus imp) {
		return imp.getNFrames() > 1 ? imp.getT() - 1 : imp.getCurrentSlice() - 1;
	}

	/** The number of video frames of an image (time points when it has several, else slices). */
	public static int frameCount(ImagePlus imp) {
		return imp.getNFrames() > 1 ? imp.getNFrames() : imp.getStackSize();
	}

	public ViewerState state() {
		return state;
	}

	public Keypoints keypoints() {
		return keypoints;
	}

	public int firstFrame() {
		return firstFrame;
	}

	/** The overlay of video frame {@code frame} with the state's display settings and visibility. */
	public Overlay overlay(int frame) {
		Overlay ov = KeypointViews.overlay(keypoints, firstFrame, frame, state.display(), state.visibility(), state
			.selected(), imp.getWidth());
		java.util.List<ij.gui.Roi> deco = decorations;
		if (!deco.isEmpty()) {
			Overlay all = new Overlay();
			for (ij.gui.Roi r : deco) all.add(r);
			for (int i = 0; i < ov.size(); i++) all.add(ov.get(i));
			return all;
		}
		return ov;
	}

	/** Shapes drawn under the keypoints on every frame (the face box, processing ROIs); empty = none. */
	public void setDecorations(java.util.List<ij.gui.Roi> rois) {
		decorations = java.util.List.copyOf(rois);
		refresh();
	}

	/** Redraws the overlay for the image's current frame. */
	public synchronized void refresh() {
		if (!attached || updating) return;
		updating = true;
		try {
			int f = frameOf(imp);
			drawnFrame = f;
			imp.setOverlay(overlay(f));
		}
		finally {
			updating = false;
		}
	}

	/** Stops following the image and the state; the image keeps no keypoint overlay. Safe to call twice. */
	public synchronized void detach() {
		if (!attached) return;
		attached = false;
		ImagePlus.removeImageListener(this);
		state.removeListener(this);
		if (imp.getStack() instanceof VideoVirtualStack) ((VideoVirtualStack) imp.getStack()).setOverlaySource(null);
		if (imp.getProperty(PROPERTY) == this) {
			imp.setProperty(PROPERTY, null);
			imp.setOverlay(null);
		}
	}

	// ------------------------------------------------------------------------------------- ImageListener

	@Override
	public void imageOpened(ImagePlus i) {}

	@Override
	public void imageClosed(ImagePlus i) {
		if (i == imp) detach();
	}

	/** ImageJ tells listeners when a shown image changes slice: follow it. */
	@Override
	public void imageUpdated(ImagePlus i) {
		if (i != imp || updating) return;
		int f = frameOf(imp);
		if (f >= 0 && f < state.frameCount() && f != state.frame()) state.setFrame(f); // redraws through the state
		else if (f != drawnFrame) refresh();
	}

	// -------------------------------------------------------------------------------- ViewerStateListener

	@Override
	public void viewerStateChanged(ViewerStateChange change) {
		if (change == ViewerStateChange.TRACE_VISIBILITY_CHANGED) return;
		if (change == ViewerStateChange.FRAME_CHANGED) {
			int f = state.frame();
			if (frameOf(imp) != f && f < frameCount(imp)) {
				if (imp.getNFrames() > 1) imp.setT(f + 1);
				else imp.setSlice(f + 1);
			}
		}
		refresh();
	}
}
