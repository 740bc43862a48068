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

import java.util.function.IntFunction;

import ij.VirtualStack;
import ij.gui.Overlay;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import sc.fiji.facemap.video.FrameCache;
import sc.fiji.facemap.video.FramePrefetcher;
import sc.fiji.facemap.video.VideoSource;

/**
 * An ImageJ {@link VirtualStack} that decodes frames on demand from a {@link VideoSource}, so a one-hour video opens
 * at once and scrolls without being loaded into memory. Recently shown frames are kept in the video package's
 * {@link FrameCache} (least recently used, bounded in bytes). Slice n (1-based, ImageJ's convention) is frame n-1 of
 * the source. An optional overlay source gives each returned slice the overlay of its frame (ImageJ shows a virtual
 * stack's per-slice overlay when it changes slice); see {@link KeypointOverlay}. With {@link #setReadAhead read-ahead}
 * on, a run of consecutive slices (playback, stepping) starts a {@link FramePrefetcher} that decodes the next frames
 * on a background thread while the current one is shown; any other access stops it.
 * <p>
 * Reads are serialized (a VideoSource is not thread-safe). Edits to a returned processor are not written back, as
 * with any ImageJ virtual stack. Call {@link #close()} when the image is closed to free the decoder.
 */
public class VideoVirtualStack extends VirtualStack {

	/** Default cache budget: 256 MiB, but at least 8 frames. */
	public static final long DEFAULT_CACHE_BYTES = 256L << 20;

	private final VideoSource source;
	private final int frames;
	private final FrameCache cache;
	private volatile IntFunction<Overlay> overlaySource;
	private boolean closed;
	/** Frames decoded ahead during sequential access (0 = none). */
	private int readAhead;
	/** The running read-ahead (it owns the source while it runs), or null. */
	private FramePrefetcher ahead;
	/** The frame last asked for, to see sequential access. */
	private int last = -2;
	/** Frames taken from the read-ahead. */
	private long prefetched;

	public VideoVirtualStack(VideoSource source) {
		this(source, DEFAULT_CACHE_BYTES);
	}

	/** @param cacheBytes the most frame data to keep in memory; at least one frame is always kept */
	public VideoVirtualStack(VideoSource source, long cacheBytes) {
		super(source.width(), source.height(), null, null);
		this.source = source;
		this.frames = source.frameCount();
		this.cache = new FrameCache(source, cacheBytes);
		setBitDepth(8);
	}

	/**
	 * Gives each processor returned by {@link #getProcessor} the overlay of its frame: {@code source.apply(frame)}
	 * with the 0-based frame; null for none.
	 */
	public void setOverlaySource(IntFunction<Overlay> source) {
		this.overlaySource = source;
	}

	/**
	 * Decodes up to {@code frames} frames ahead on a background thread while consecutive slices are asked for (0, the
	 * default, turns it off). The frames read ahead go into the cache.
	 */
	public synchronized void setReadAhead(int frames) {
		if (frames < 0) throw new IllegalArgumentException("read-ahead " + frames + " < 0");
		readAhead = frames;
		if (frames == 0) stopReadAhead();
	}

	public VideoSource source() {
		return source;
	}

	/**
	 * How many frames this stack has decoded so far and used (cache misses and frames taken from the read-ahead); for
	 * tests and diagnostics.
	 */
	public synchronized long decodedFrames() {
		return cache.misses() + prefetched;
	}

	/** The most frames the cache holds. */
	public int cacheCapacity() {
		return cache.capacity();
	}

	@Override
	public int getSize() {
		return frames;
	}

	@Override
	public int size() {
		return frames;
	}

	@Override
	public int getBitDepth() {
		return 8;
	}

	/** The pixels of slice n (1-based), a copy the caller may modify. */
	@Override
	public Object getPixels(int n) {
		return frame(n).clone();
	}

	@Override
	public ImageProcessor getProcessor(int n) {
		ImageProcessor ip = new ByteProcessor(getWidth(), getHeight(), frame(n).clone());
		IntFunction<Overlay> overlays = overlaySource;
		if (overlays != null) ip.setOverlay(overlays.apply(n - 1));
		return ip;
	}

	/** Edits are not stored: the source is read-only. */
	@Override
	public void setPixels(Object pixels, int n) {}

	@Override
	public String getSliceLabel(int n) {
		checkIndex(n);
		double fps = source.fps();
		if (fps > 0) return String.format(java.util.Locale.ROOT, "frame %d (%.3f s)", n - 1, (n - 1) / fps);
		return "frame " + (n - 1);
	}

	@Override
	public void setSliceLabel(String label, int n) {}

	@Override
	public void addSlice(String name) {
		throw new UnsupportedOperationException("A video stack is read-only");
	}

	@Override
	public void deleteSlice(int n) {
		throw new UnsupportedOperationException("A video stack is read-only");
	}

	@Override
	public void deleteLastSlice() {
		throw new UnsupportedOperationException("A video stack is read-only");
	}

	@Override
	public String getDirectory() {
		java.nio.file.Path parent = source.path().toAbsolutePath().getParent();
		return parent == null ? null : parent + java.io.File.separator;
	}

	@Override
	public String getFileName(int n) {
		return source.path().getFileName().toString();
	}

	/** Frees the decoder and the cache; later reads fail. Safe to call twice. */
	public synchronized void close() {
		if (closed) return;
		closed = true;
		overlaySource = null;
		stopReadAhead();
		cache.clear();
		source.close();
	}

	private void checkIndex(int n) {
		if (n < 1 || n > frames)
			throw new IllegalArgumentException("Slice " + n + " is out of range 1-" + frames + " of " + source.path());
	}

	private synchronized byte[] frame(int n) {
		checkIndex(n);
		if (closed) throw new IllegalStateException("The video " + source.path() + " was closed");
		int i = n - 1;
		boolean sequential = i == last + 1;
		last = i;
		if (cache.contains(i)) return cache.get(i);
		if (ahead != null && sequential && ahead.hasNext() && i >= ahead.nextIndex() && i < ahead.nextIndex() +
			readAhead) {
			try {
				while (ahead.hasNext() && ahead.nextIndex() <= i) {
					int j = ahead.nextIndex();
					cache.put(j, ahead.next());
					prefetched++;
				}
			}
			catch (RuntimeException e) {
				stopReadAhead();
				throw e;
			}
			if (cache.contains(i)) return cache.get(i);
		}
		stopReadAhead(); // the source is ours again
		byte[] f = cache.get(i);
		if (readAhead > 0 && sequential && i + 1 < frames) ahead = new FramePrefetcher(source, i + 1, frames, 1,
			readAhead);
		return f;
	}

	private void stopReadAhead() {
		if (ahead != null) {
			ahead.close();
			ahead = null;
		}
	}

	/** Whether frames are being decoded ahead now (for tests). */
	public synchronized boolean isReadingAhead() {
		return ahead != null;
	}
}
