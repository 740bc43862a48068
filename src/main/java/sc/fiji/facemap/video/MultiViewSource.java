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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import sc.fiji.facemap.FacemapException;

/**
 * Simultaneous camera views of one recording (Facemap's inner file list). All views must have the same number of
 * frames. Each view is available on its own through {@link #views()}; read as a {@link VideoSource}, a frame is the
 * views tiled on one canvas exactly as Facemap's {@code utils.video_placement} places them (largest view first,
 * column by column; 2 or 3 views side by side in one row), zeros elsewhere.
 */
public final class MultiViewSource implements VideoSource {

	private final List<VideoSource> views;
	private final int[] sy;
	private final int[] sx;
	private final int canvasHeight;
	private final int canvasWidth;
	private byte[] viewBuf;

	/**
	 * @param views the views (at least one); this source takes ownership and closes them
	 * @throws FacemapException naming the first view whose frame count differs from the first view's
	 */
	public MultiViewSource(List<? extends VideoSource> views) {
		if (views.isEmpty()) throw new IllegalArgumentException("no views");
		this.views = List.copyOf(views);
		VideoSource first = views.get(0);
		for (VideoSource v : views) {
			if (v.frameCount() != first.frameCount()) {
				throw new FacemapException(v.path(), v.frameCount() + " frames, but " + first.path() + " has "
					+ first.frameCount() + "; simultaneous views must have equal frame counts");
			}
		}
		int n = views.size();
		int[] ly = new int[n], lx = new int[n];
		for (int i = 0; i < n; i++) {
			ly[i] = views.get(i).height();
			lx[i] = views.get(i).width();
		}
		Placement p = placement(ly, lx);
		sy = p.sy;
		sx = p.sx;
		canvasHeight = p.height;
		canvasWidth = p.width;
	}

	/** Canvas layout: size and per-view offsets. */
	public record Placement(int height, int width, int[] sy, int[] sx) {}

	/**
	 * Facemap's {@code utils.video_placement(Ly, Lx)}: tiles views of heights {@code ly} and widths {@code lx}.
	 */
	public static Placement placement(int[] ly, int[] lx) {
		int n = ly.length;
		int gridy;
		if (n == 2 || n == 3) gridy = 1;
		else gridy = (int) Math.rint(Math.sqrt(n) * 0.75); // numpy rounds half to even, as rint does
		gridy = Math.max(gridy, 1);
		boolean[] picked = new boolean[n];
		int[] sy = new int[n], sx = new int[n];
		int y = 0, x = 0, rowmax = 0, bigY = 0, iy = 0, left = n;
		while (left > 0) {
			int imax = -1;
			long best = -1;
			for (int i = 0; i < n; i++) {
				long npix = picked[i] ? 0 : (long) ly[i] * lx[i];
				if (npix > best) {
					best = npix;
					imax = i;
				}
			}
			picked[imax] = true;
			left--;
			if (iy == 0) {
				y = 0;
				rowmax = 0;
			}
			sy[imax] = y;
			sx[imax] = x;
			y += ly[imax];
			rowmax = Math.max(rowmax, lx[imax]);
			if (iy == gridy - 1 || left == 0) x += rowmax;
			bigY = Math.max(bigY, y);
			iy++;
			if (iy >= gridy) iy = 0;
		}
		return new Placement(bigY, x, sy, sx);
	}

	/** The views, in the order given. */
	public List<VideoSource> views() {
		return views;
	}

	/** Row offset of view {@code v} on the canvas. */
	public int viewY(int v) {
		return sy[v];
	}

	/** Column offset of view {@code v} on the canvas. */
	public int viewX(int v) {
		return sx[v];
	}

	@Override
	public Path path() {
		return views.get(0).path();
	}

	@Override
	public int frameCount() {
		return views.get(0).frameCount();
	}

	/** Canvas width. */
	@Override
	public int width() {
		return canvasWidth;
	}

	/** Canvas height. */
	@Override
	public int height() {
		return canvasHeight;
	}

	@Override
	public double fps() {
		return views.get(0).fps();
	}

	@Override
	public String codec() {
		Set<String> c = new LinkedHashSet<>();
		for (VideoSource v : views)
			c.add(v.codec());
		return String.join("+", c);
	}

	@Override
	public void read(int index, byte[] dst) {
		java.util.Arrays.fill(dst, 0, canvasWidth * canvasHeight, (byte) 0);
		for (int v = 0; v < views.size(); v++) {
			VideoSource s = views.get(v);
			int w = s.width(), h = s.height();
			if (viewBuf == null || viewBuf.length < w * h) viewBuf = new byte[w * h];
			s.read(index, viewBuf);
			for (int r = 0; r < h; r++)
				System.arraycopy(viewBuf, r * w, dst, (sy[v] + r) * canvasWidth + sx[v], w);
		}
	}

	@Override
	public void close() {
		List<RuntimeException> errors = new ArrayList<>();
		for (VideoSource v : views) {
			try {
				v.close();
			}
			catch (RuntimeException e) {
				errors.add(e);
			}
		}
		if (!errors.isEmpty()) throw errors.get(0);
	}
}
