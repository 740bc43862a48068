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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import sc.fiji.facemap.FacemapException;

/**
 * A multi-page TIFF file as a video: page {@code i} is frame {@code i}. Read with the JDK's own TIFF plugin
 * (javax.imageio, JDK 9+). 8-bit gray pages are used as they are; RGB pages become gray with OpenCV's formula; 16-bit
 * (or float) pages are scaled linearly from one range for the whole stack: the minimum and maximum sample over up to
 * {@value #RANGE_PAGES} pages spread evenly through the stack (all pages when there are fewer), see
 * {@link ImageFrames}. All pages must have the size of the first.
 */
public final class TiffStackSource implements VideoSource {

	/** Number of pages sampled for the 16-bit range. */
	static final int RANGE_PAGES = 50;

	private final Path path;
	private final ImageInputStream in;
	private final ImageReader reader;
	private final int frames;
	private final int width;
	private final int height;
	private double lo = 0, hi = 255;

	/** @throws FacemapException naming the file if it is missing or not a readable TIFF */
	public TiffStackSource(Path file) {
		this.path = file;
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "file not found");
		ImageInputStream s = null;
		ImageReader r = null;
		try {
			s = ImageIO.createImageInputStream(file.toFile());
			if (s == null) throw new FacemapException(file, "cannot be opened");
			Iterator<ImageReader> it = ImageIO.getImageReaders(s);
			if (!it.hasNext()) throw new FacemapException(file, "not a TIFF (or other readable image) file");
			r = it.next();
			r.setInput(s, false, true);
			this.frames = r.getNumImages(true);
			if (frames <= 0) throw new FacemapException(file, "holds no images");
			this.width = r.getWidth(0);
			this.height = r.getHeight(0);
			this.in = s;
			this.reader = r;
			BufferedImage first = r.read(0);
			if (ImageFrames.isDeep(first)) {
				double l = Double.POSITIVE_INFINITY, h = Double.NEGATIVE_INFINITY;
				int n = Math.min(frames, RANGE_PAGES);
				for (int k = 0; k < n; k++) {
					int page = n == 1 ? 0 : (int) ((long) k * (frames - 1) / (n - 1));
					double[] mm = ImageFrames.range(page == 0 ? first : r.read(page));
					l = Math.min(l, mm[0]);
					h = Math.max(h, mm[1]);
				}
				lo = l;
				hi = h;
			}
		}
		catch (IOException | RuntimeException e) {
			if (r != null) r.dispose();
			try {
				if (s != null) s.close();
			}
			catch (IOException ignored) {
				// already failing
			}
			if (e instanceof FacemapException) throw (FacemapException) e;
			throw new FacemapException(file, "cannot read TIFF (" + e.getMessage() + ")", e);
		}
	}

	/** The range mapped to 0..255 for deep (16-bit) pages: {lo, hi}. */
	public double[] range() {
		return new double[] { lo, hi };
	}

	@Override
	public Path path() {
		return path;
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
		return 0;
	}

	@Override
	public String codec() {
		return "tiff";
	}

	@Override
	public synchronized void read(int index, byte[] dst) {
		if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames
			+ " in " + path);
		BufferedImage img;
		try {
			img = reader.read(index);
		}
		catch (IOException | RuntimeException e) {
			throw new FacemapException(path, "frame " + index + " could not be read (" + e.getMessage() + ")", e);
		}
		if (img.getWidth() != width || img.getHeight() != height) throw new FacemapException(path, "page " + index
			+ " is " + img.getWidth() + "x" + img.getHeight() + ", the first page " + width + "x" + height);
		ImageFrames.toGray(img, dst, lo, hi);
	}

	@Override
	public synchronized void close() {
		reader.dispose();
		try {
			in.close();
		}
		catch (IOException e) {
			// nothing to do
		}
	}
}
