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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import sc.fiji.facemap.FacemapException;

/**
 * A folder of still images (PNG, JPEG, TIFF, BMP) as a video: the files in natural order (frame2 before frame10) are
 * the frames. All must have the same size (checked from the headers when opening). Gray conversion as in
 * {@link ImageFrames}; deep (16-bit) images are scaled from one range sampled over up to
 * {@value TiffStackSource#RANGE_PAGES} files. JPEG files are decoded by the JDK's decoder, whose rounding may differ by
 * one gray level from libjpeg's.
 */
public final class ImageFolderSource implements VideoSource {

	private static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

	private final Path folder;
	private final List<Path> files;
	private final int width;
	private final int height;
	private final String codec;
	private double lo = 0, hi = 255;

	/** @throws FacemapException naming the folder (or the odd file) if it holds no images or sizes differ */
	public ImageFolderSource(Path folder) {
		this.folder = folder;
		if (!Files.isDirectory(folder)) throw new FacemapException(folder, "folder not found");
		List<Path> list = new ArrayList<>();
		try (Stream<Path> s = Files.list(folder)) {
			s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.contains(extension(p))).forEach(list::add);
		}
		catch (IOException e) {
			throw new FacemapException(folder, "cannot list the folder (" + e.getMessage() + ")", e);
		}
		if (list.isEmpty()) throw new FacemapException(folder, "holds no PNG, JPEG, TIFF or BMP images");
		list.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()));
		this.files = List.copyOf(list);
		int[] size0 = size(files.get(0));
		width = size0[0];
		height = size0[1];
		for (Path p : files.subList(1, files.size())) {
			int[] sz = size(p);
			if (sz[0] != width || sz[1] != height) throw new FacemapException(p, "image is " + sz[0] + "x" + sz[1]
				+ " but " + files.get(0).getFileName() + " is " + width + "x" + height
				+ "; all images of a folder must have the same size");
		}
		codec = extension(files.get(0)).replace("jpeg", "jpg").replace("tiff", "tif");
		BufferedImage first = decode(0);
		if (ImageFrames.isDeep(first)) {
			double l = Double.POSITIVE_INFINITY, h = Double.NEGATIVE_INFINITY;
			int n = Math.min(files.size(), TiffStackSource.RANGE_PAGES);
			for (int k = 0; k < n; k++) {
				int i = n == 1 ? 0 : (int) ((long) k * (files.size() - 1) / (n - 1));
				double[] mm = ImageFrames.range(i == 0 ? first : decode(i));
				l = Math.min(l, mm[0]);
				h = Math.max(h, mm[1]);
			}
			lo = l;
			hi = h;
		}
	}

	private static String extension(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static int[] size(Path p) {
		try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
			Iterator<ImageReader> it = in == null ? null : ImageIO.getImageReaders(in);
			if (it == null || !it.hasNext()) throw new FacemapException(p, "not a readable image");
			ImageReader r = it.next();
			try {
				r.setInput(in, true, true);
				return new int[] { r.getWidth(0), r.getHeight(0) };
			}
			finally {
				r.dispose();
			}
		}
		catch (IOException e) {
			throw new FacemapException(p, "not a readable image (" + e.getMessage() + ")", e);
		}
	}

	private BufferedImage decode(int index) {
		Path p = files.get(index);
		try {
			BufferedImage img = ImageIO.read(p.toFile());
			if (img == null) throw new FacemapException(p, "frame " + index + ": not a readable image");
			if (img.getWidth() != width || img.getHeight() != height) throw new FacemapException(p, "frame " + index
				+ " is " + img.getWidth() + "x" + img.getHeight() + ", expected " + width + "x" + height);
			return img;
		}
		catch (IOException e) {
			throw new FacemapException(p, "frame " + index + " could not be read (" + e.getMessage() + ")", e);
		}
	}

	/** The image files, in frame order. */
	public List<Path> files() {
		return files;
	}

	@Override
	public Path path() {
		return folder;
	}

	@Override
	public int frameCount() {
		return files.size();
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
		return codec;
	}

	@Override
	public void read(int index, byte[] dst) {
		if (index < 0 || index >= files.size()) throw new IndexOutOfBoundsException("frame " + index + " of "
			+ files.size() + " in " + folder);
		ImageFrames.toGray(decode(index), dst, lo, hi);
	}

	@Override
	public void close() {
		// nothing held open
	}
}
