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

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.video.VideoSource;

/** A generated video for tests: pixel (x, y) of frame i is (i * 7 + x + 3 * y) mod 256; counts reads. */
class SyntheticVideo implements VideoSource {
	final int frames, width, height;
	final AtomicInteger reads = new AtomicInteger();
	boolean closed;

	SyntheticVideo(int frames, int width, int height) {
		this.frames = frames;
		this.width = width;
		this.height = height;
	}

	static int pixel(int i, int x, int y) {
		return (i * 7 + x + 3 * y) & 0xff;
	}

	@Override
	public Path path() {
		return Path.of("synthetic.avi");
	}

	@Override
	public int frameCount() {
		return frames;
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public double fps() {
		return 50;
	}

	@Override
	public String codec() {
		return "synthetic";
	}

	@Override
	public void read(int index, byte[] dst) {
		if (closed) throw new IllegalStateException("closed");
		if (index < 0 || index >= frames) throw new FacemapException(path(), "no frame " + index);
		reads.incrementAndGet();
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) dst[y * width + x] = (byte) pixel(index, x, y);
	}

	@Override
	public void close() {
		closed = true;
	}
}
