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
package sc.fiji.facemap.testutil;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.video.VideoSource;

/**
 * An in-memory video for tests: given frames, random-textured frames with a moving bright square, or the gradient
 * {@link #pixel}. Counts reads, can fail at one frame, and refuses reads once closed.
 */
public final class SyntheticVideo implements VideoSource {
	public final int w, h, n;
	/** The frames (null for the gradient video, whose pixels are computed on each read). */
	public final byte[][] frames;
	private final double fps;
	/** Reading this frame fails (-1: never). */
	public volatile int failAt = -1;
	public final AtomicInteger reads = new AtomicInteger();
	public volatile boolean closed;

	/** A video of the given frames, 30 frames/s. */
	public SyntheticVideo(int w, int h, byte[][] frames) {
		this(w, h, frames.length, frames, 30);
	}

	/** Random-textured frames with a moving bright 8x8 square, 30 frames/s. */
	public SyntheticVideo(int w, int h, int n, long seed) {
		this(w, h, n, textured(w, h, n, seed), 30);
	}

	private SyntheticVideo(int w, int h, int n, byte[][] frames, double fps) {
		this.w = w;
		this.h = h;
		this.n = n;
		this.frames = frames;
		this.fps = fps;
	}

	/** n frames whose pixel (x, y) of frame i is {@link #pixel}(i, x, y), 50 frames/s. */
	public static SyntheticVideo gradient(int n, int w, int h) {
		return new SyntheticVideo(w, h, n, null, 50);
	}

	/** The gradient video's pixel (x, y) of frame i: (i * 7 + x + 3 * y) mod 256. */
	public static int pixel(int i, int x, int y) {
		return (i * 7 + x + 3 * y) & 0xff;
	}

	private static byte[][] textured(int w, int h, int n, long seed) {
		byte[][] frames = new byte[n][w * h];
		Random r = new Random(seed);
		for (int f = 0; f < n; f++) {
			for (int i = 0; i < w * h; i++) frames[f][i] = (byte) (20 + r.nextInt(60) + f);
			int cy = h / 4 + f * 3 % (h / 2), cx = w / 4 + f * 5 % (w / 2);
			for (int y = cy; y < cy + 8; y++) for (int x = cx; x < cx + 8; x++) frames[f][y * w + x] = (byte) 230;
		}
		return frames;
	}

	@Override
	public Path path() {
		return Paths.get("synthetic.avi");
	}

	@Override
	public int frameCount() {
		return n;
	}

	@Override
	public int width() {
		return w;
	}

	@Override
	public int height() {
		return h;
	}

	@Override
	public double fps() {
		return fps;
	}

	@Override
	public String codec() {
		return "synthetic";
	}

	@Override
	public void read(int index, byte[] dst) {
		if (closed) throw new IllegalStateException("closed");
		if (index < 0 || index >= n) throw new FacemapException(path(), "no frame " + index);
		reads.incrementAndGet();
		if (index == failAt) throw new FacemapException(path(), "cannot decode frame " + index);
		if (frames != null) System.arraycopy(frames[index], 0, dst, 0, w * h);
		else for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) dst[y * w + x] = (byte) pixel(index, x, y);
	}

	@Override
	public void close() {
		closed = true;
	}
}
