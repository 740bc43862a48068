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
package sc.fiji.facemap.pose;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.video.VideoSource;

/** An in-memory video of random-textured frames with a moving bright square, for tests. */
final class SyntheticVideo implements VideoSource {
	final int w, h, n;
	final byte[][] frames;
	/** Reading this frame fails (-1: never). */
	int failAt = -1;
	int reads;

	/** A video of the given frames. */
	SyntheticVideo(int w, int h, byte[][] frames) {
		this.w = w;
		this.h = h;
		this.n = frames.length;
		this.frames = frames;
	}

	SyntheticVideo(int w, int h, int n, long seed) {
		this.w = w;
		this.h = h;
		this.n = n;
		frames = new byte[n][w * h];
		Random r = new Random(seed);
		for (int f = 0; f < n; f++) {
			for (int i = 0; i < w * h; i++) frames[f][i] = (byte) (20 + r.nextInt(60) + f);
			int cy = h / 4 + f * 3 % (h / 2), cx = w / 4 + f * 5 % (w / 2);
			for (int y = cy; y < cy + 8; y++) for (int x = cx; x < cx + 8; x++) frames[f][y * w + x] = (byte) 230;
		}
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
		return 30;
	}

	@Override
	public String codec() {
		return "raw";
	}

	@Override
	public void read(int index, byte[] dst) {
		reads++;
		if (index == failAt) throw new FacemapException(path(), "cannot decode frame " + index);
		System.arraycopy(frames[index], 0, dst, 0, w * h);
	}

	@Override
	public void close() {}
}
