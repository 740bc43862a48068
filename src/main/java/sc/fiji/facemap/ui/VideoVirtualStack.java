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

import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import sc.fiji.facemap.video.FrameCache;
import sc.fiji.facemap.video.VideoSource;

/**
 * An ImageJ virtual stack over a {@link VideoSource}: a one-hour video opens at once and scrolls without being loaded
 * into memory. Slice n (1-based) is frame n-1. Frames come through a bounded {@link FrameCache}; each
 * {@link #getProcessor} returns a fresh copy, so edits in ImageJ never alter the cache or the file. Slices cannot be
 * added or deleted.
 */
public class VideoVirtualStack extends VirtualStack {

	/** Default cache budget: 256 MB. */
	public static final long DEFAULT_CACHE_BYTES = 256L << 20;

	private final VideoSource source;
	private final FrameCache cache;

	public VideoVirtualStack(VideoSource source) {
		this(source, new FrameCache(source, DEFAULT_CACHE_BYTES));
	}

	public VideoVirtualStack(VideoSource source, FrameCache cache) {
		super(source.width(), source.height(), null, null);
		this.source = source;
		this.cache = cache;
		setBitDepth(8);
	}

	/** An ImagePlus titled after the file, with the frame interval set from the frame rate. */
	public static ImagePlus open(VideoSource source) {
		ImagePlus imp = new ImagePlus(source.path().getFileName().toString(), new VideoVirtualStack(source));
		if (source.fps() > 0) {
			imp.getCalibration().frameInterval = 1 / source.fps();
			imp.getCalibration().fps = source.fps();
			imp.getCalibration().setTimeUnit("s");
		}
		return imp;
	}

	public VideoSource source() {
		return source;
	}

	public FrameCache cache() {
		return cache;
	}

	private int frameOf(int n) {
		if (n < 1 || n > getSize()) throw new IllegalArgumentException("slice " + n + " out of range 1-" + getSize());
		return n - 1;
	}

	@Override
	public ImageProcessor getProcessor(int n) {
		return new ByteProcessor(source.width(), source.height(), cache.get(frameOf(n)).clone());
	}

	@Override
	public Object getPixels(int n) {
		return cache.get(frameOf(n)).clone();
	}

	@Override
	public void setPixels(Object pixels, int n) {
		// ImageJ calls this whenever a slice is displayed; edits are not written back to the video (as for any
		// ImageJ virtual stack), so there is nothing to do.
	}

	@Override
	public int getSize() {
		return source.frameCount();
	}

	@Override
	public int size() {
		return getSize();
	}

	@Override
	public String getSliceLabel(int n) {
		return "frame " + frameOf(n);
	}

	@Override
	public String getFileName(int n) {
		return source.path().getFileName().toString();
	}

	@Override
	public void addSlice(String fileName) {
		throw new UnsupportedOperationException("a video stack is read-only");
	}

	@Override
	public void deleteSlice(int n) {
		throw new UnsupportedOperationException("a video stack is read-only");
	}

	@Override
	public void deleteLastSlice() {
		throw new UnsupportedOperationException("a video stack is read-only");
	}

	@Override
	public Object[] getImageArray() {
		return null;
	}
}
