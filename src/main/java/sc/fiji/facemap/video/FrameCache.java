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
package sc.fiji.facemap.video;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of gray frames in front of a {@link VideoSource}, e.g. for an ImageJ virtual
 * stack that scrolls back and forth over a long video. Thread-safe: all reads of the (not thread-safe) source go
 * through this object's lock. Returned arrays are shared with the cache: callers must not modify them (copy first).
 */
public final class FrameCache {

	private final VideoSource source;
	private final int capacity;
	private final LinkedHashMap<Integer, byte[]> frames;
	private long hits;
	private long misses;

	/**
	 * @param source the source to read from (not closed by the cache)
	 * @param maxBytes memory budget; the cache keeps at most max(1, maxBytes / frame size) frames
	 */
	public FrameCache(VideoSource source, long maxBytes) {
		this.source = source;
		long frameBytes = Math.max(1L, (long) source.width() * source.height());
		this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 1, maxBytes / frameBytes));
		this.frames = new LinkedHashMap<>(16, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
				return size() > capacity;
			}
		};
	}

	/** A cache of {@code maxFrames} frames. */
	public static FrameCache ofFrames(VideoSource source, int maxFrames) {
		return new FrameCache(source, (long) Math.max(1, maxFrames) * source.width() * source.height());
	}

	/** Frame {@code index} (shared array: do not modify). */
	public synchronized byte[] get(int index) {
		byte[] f = frames.get(index);
		if (f != null) {
			hits++;
			return f;
		}
		misses++;
		f = source.read(index);
		frames.put(index, f);
		return f;
	}

	/**
	 * Stores frame {@code index} read elsewhere (for example by a {@link FramePrefetcher} that owns the source
	 * meanwhile); the cache keeps the array, which the caller must no longer modify.
	 */
	public synchronized void put(int index, byte[] frame) {
		frames.put(index, frame);
	}

	/** Copies frame {@code index} into {@code dst}. */
	public void read(int index, byte[] dst) {
		byte[] f = get(index);
		System.arraycopy(f, 0, dst, 0, f.length);
	}

	public VideoSource source() {
		return source;
	}

	/** Most frames held at once. */
	public int capacity() {
		return capacity;
	}

	/** Frames held now. */
	public synchronized int size() {
		return frames.size();
	}

	public synchronized boolean contains(int index) {
		return frames.containsKey(index);
	}

	public synchronized long hits() {
		return hits;
	}

	public synchronized long misses() {
		return misses;
	}

	public synchronized void clear() {
		frames.clear();
	}
}
