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
package sc.fiji.facemap.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import sc.fiji.facemap.FacemapException;

/**
 * The videos of a batch from what a user types: a video file, a folder (its video files), a glob
 * ({@code /data/2026-*&#47;cam0.mp4}, {@code **} crosses folders) or a {@code .txt} list (one path per line, relative
 * to the list's folder; blank lines and {@code #} comments skipped). A named file that does not exist is kept: its
 * task then fails with a clear message, the others run.
 */
public final class VideoList {

	/** File name extensions taken from a folder. */
	public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mkv", "mov", "mj2", "m4v", "webm", "wmv", "mpg", "mpeg", "h264", "tif", "tiff");

	private VideoList() {}

	/** Every video named by {@code specs}, in order, each once. */
	public static List<Path> expand(List<String> specs) {
		List<Path> out = new ArrayList<>();
		for (String s : specs)
			for (Path p : expand(s))
				if (!out.contains(p)) out.add(p);
		return out;
	}

	/** The videos named by one spec. */
	public static List<Path> expand(String spec) {
		String s = spec.trim();
		if (s.isEmpty()) return List.of();
		if (s.matches(".*[*?\\[{].*")) return glob(s);
		Path p = Paths.get(s).toAbsolutePath().normalize();
		if (Files.isDirectory(p)) return folder(p);
		if (s.toLowerCase(Locale.ROOT).endsWith(".txt")) {
			if (!Files.isRegularFile(p)) throw new FacemapException(p, "no such list file");
			List<Path> out = new ArrayList<>();
			try {
				for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
					String l = line.trim();
					if (l.isEmpty() || l.startsWith("#")) continue;
					Path v = p.getParent().resolve(l).toAbsolutePath().normalize();
					out.addAll(Files.isDirectory(v) ? folder(v) : List.of(v));
				}
			} catch (IOException e) {
				throw new FacemapException(p, "cannot read the list (" + e.getMessage() + ")", e);
			}
			return out;
		}
		return List.of(p);
	}

	private static List<Path> folder(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			List<Path> out = s.filter(Files::isRegularFile).filter(VideoList::isVideo).sorted().toList();
			if (out.isEmpty()) throw new FacemapException(dir, "holds no video files (" + String.join(", ", new java.util.TreeSet<>(VIDEO_EXTENSIONS)) + ")");
			return out;
		} catch (IOException e) {
			throw new FacemapException(dir, "cannot list the folder (" + e.getMessage() + ")", e);
		}
	}

	static boolean isVideo(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 && !n.startsWith(".") && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	private static List<Path> glob(String pattern) {
		// the fixed folder before the first wildcard
		String fixed = pattern.substring(0, prefixLength(pattern));
		Path base = Paths.get(fixed.isEmpty() ? "." : fixed).toAbsolutePath().normalize();
		String rest = pattern.substring(prefixLength(pattern));
		PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + base + "/" + rest);
		if (!Files.isDirectory(base)) throw new FacemapException(base, "no such folder (from the pattern " + pattern + ")");
		try (Stream<Path> s = Files.walk(base, rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length)) {
			List<Path> out = s.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).filter(m::matches).sorted().toList();
			if (out.isEmpty()) throw new FacemapException("no file matches " + pattern);
			return out;
		} catch (IOException e) {
			throw new FacemapException(base, "cannot list the folder (" + e.getMessage() + ")", e);
		}
	}

	/** Length of the pattern's folder part before the first wildcard, up to and including its last '/'. */
	private static int prefixLength(String pattern) {
		int w = 0;
		while (w < pattern.length() && "*?[{".indexOf(pattern.charAt(w)) < 0)
			w++;
		int slash = pattern.lastIndexOf('/', w);
		return slash < 0 ? 0 : slash + 1;
	}
}
