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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.facemap.FacemapException;

/**
 * Opens any supported input as a {@link VideoSource}: a video file (FFmpeg: AVI, MP4, MKV, MOV, MJ2, ...), a TIFF
 * stack (.tif/.tiff, or TIFF content under another name), or a folder of images; several files as sequential parts of
 * one recording; Facemap's 2-D file list (outer = time, inner = simultaneous views).
 */
public final class VideoSources {

	private VideoSources() {}

	/**
	 * Opens one file or folder, or several files as sequential parts of one recording (concatenated in time).
	 *
	 * @throws FacemapException naming the file that cannot be read, or whose frame size differs
	 */
	public static VideoSource open(Path... paths) {
		if (paths.length == 0) throw new IllegalArgumentException("no input");
		if (paths.length == 1) return openOne(paths[0]);
		return sequential(List.of(paths));
	}

	/**
	 * Opens Facemap's 2-D file list: {@code files.get(t).get(v)} is part {@code t} (in time) of view {@code v}. Every
	 * inner list must have the same number of views, and the views of one part the same number of frames. One view
	 * gives the concatenated source; several give a {@link MultiViewSource} of concatenated views.
	 */
	public static VideoSource open(List<List<Path>> files) {
		if (files.isEmpty() || files.get(0).isEmpty()) throw new IllegalArgumentException("no input");
		int nViews = files.get(0).size();
		for (int t = 0; t < files.size(); t++) {
			List<Path> set = files.get(t);
			if (set.size() != nViews) throw new FacemapException("part " + t + " " + set + " has " + set.size()
				+ " simultaneous views, but part 0 " + files.get(0) + " has " + nViews);
		}
		List<List<VideoSource>> opened = new ArrayList<>();
		try {
			for (List<Path> set : files) {
				List<VideoSource> row = new ArrayList<>();
				opened.add(row);
				for (Path p : set)
					row.add(openOne(p));
				for (VideoSource s : row)
					if (s.frameCount() != row.get(0).frameCount()) throw new FacemapException(s.path(), s.frameCount()
						+ " frames, but the simultaneous view " + row.get(0).path() + " has " + row.get(0).frameCount()
						+ "; simultaneous views must have equal frame counts");
			}
			List<VideoSource> views = new ArrayList<>();
			for (int v = 0; v < nViews; v++) {
				List<VideoSource> parts = new ArrayList<>();
				for (List<VideoSource> row : opened)
					parts.add(row.get(v));
				views.add(parts.size() == 1 ? parts.get(0) : new ConcatenatedSource(parts));
			}
			return views.size() == 1 ? views.get(0) : new MultiViewSource(views);
		}
		catch (RuntimeException e) {
			for (List<VideoSource> row : opened)
				for (VideoSource s : row)
					closeQuietly(s);
			throw e;
		}
	}

	private static VideoSource sequential(List<Path> paths) {
		List<VideoSource> parts = new ArrayList<>();
		try {
			for (Path p : paths)
				parts.add(openOne(p));
			return new ConcatenatedSource(parts);
		}
		catch (RuntimeException e) {
			for (VideoSource s : parts)
				closeQuietly(s);
			throw e;
		}
	}

	/** Opens one file or folder, choosing the reader by type, extension and content. */
	public static VideoSource openOne(Path p) {
		if (Files.isDirectory(p)) return new ImageFolderSource(p);
		if (!Files.exists(p)) throw new FacemapException(p, "file not found");
		String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff") || isTiff(p)) return new TiffStackSource(p);
		return new FfmpegVideoSource(p);
	}

	/** Whether the file starts with a TIFF (or BigTIFF) byte-order mark and magic number. */
	static boolean isTiff(Path p) {
		byte[] b = new byte[4];
		try (InputStream in = Files.newInputStream(p)) {
			if (in.readNBytes(b, 0, 4) < 4) return false;
		}
		catch (IOException e) {
			return false;
		}
		boolean ii = b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0;
		boolean mm = b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43);
		return ii || mm;
	}

	private static void closeQuietly(VideoSource s) {
		try {
			s.close();
		}
		catch (RuntimeException ignored) {
			// already failing
		}
	}
}
