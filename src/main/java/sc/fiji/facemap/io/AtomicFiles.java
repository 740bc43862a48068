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
package sc.fiji.facemap.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import sc.fiji.facemap.FacemapException;

/**
 * Every output of Facemap for Fiji is written through here: into a temporary file beside the target, then renamed
 * over it. A crash, a full disk or a cancel never leaves a half-written file under the final name.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** Something that writes a whole file at a given path. */
	@FunctionalInterface
	public interface PathWriter {
		void write(Path tmp) throws IOException;
	}

	/** Something that writes a whole file to a stream. */
	@FunctionalInterface
	public interface StreamWriter {
		void write(OutputStream out) throws IOException;
	}

	/**
	 * A fresh temporary sibling for writing {@code target}: hidden, unique per call ({@code .<name>.<random>.part}),
	 * so that two processes writing the same output never share a temporary file (the last complete write wins).
	 */
	public static Path tempFor(Path target) {
		Path abs = target.toAbsolutePath();
		cleanStale(abs);
		return abs.resolveSibling("." + abs.getFileName() + "." + OWNER + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".part");
	}

	/** This process on this machine: "host-pid" (letters, digits and dashes only). */
	private static final String OWNER = (host() + "-" + ProcessHandle.current().pid());

	private static String host() {
		String h = System.getenv("HOSTNAME");
		if (h == null || h.isEmpty()) {
			try {
				h = java.net.InetAddress.getLocalHost().getHostName();
			} catch (IOException e) {
				h = "host";
			}
		}
		return h.replaceAll("[^A-Za-z0-9]", "");
	}

	/**
	 * Removes temporary files of {@code target} left by a process of this machine that no longer runs (killed with
	 * kill -9, or a crash); temporary files of running processes, and of other machines, are left alone.
	 */
	static void cleanStale(Path target) {
		Path dir = target.getParent();
		if (dir == null || !Files.isDirectory(dir)) return;
		String name = target.getFileName().toString(), mark = "." + host() + "-";
		// ours: ".<name>.<host>-<pid>-<random>.part", also nested (a writer's temporary of a staged temporary)
		try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
			p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(name) && p.getFileName().toString().endsWith(".part"))) {
			for (Path p : ds) {
				String n = p.getFileName().toString();
				int at = n.lastIndexOf(mark);
				if (at < 0) continue;
				String rest = n.substring(at + mark.length());
				int dash = rest.indexOf('-');
				if (dash <= 0) continue;
				try {
					long pid = Long.parseLong(rest.substring(0, dash));
					if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) Files.deleteIfExists(p);
				} catch (NumberFormatException | IOException e) {
					// not ours, or gone already
				}
			}
		} catch (IOException e) {
			// nothing to clean
		}
	}

	/** Whether {@code file} is a temporary file of this class (for clean-up checks). */
	public static boolean isTemporary(Path file) {
		String n = file.getFileName().toString();
		return n.startsWith(".") && n.endsWith(".part");
	}

	/**
	 * Writes {@code target} by letting {@code writer} fill a temporary sibling, then renaming it over the target.
	 * On any failure the temporary file is removed, the old target (if any) is untouched, and a
	 * {@link FacemapException} names the file.
	 */
	public static void write(Path target, PathWriter writer) {
		Path abs = target.toAbsolutePath();
		Path tmp = tempFor(abs);
		try {
			Path parent = abs.getParent();
			if (parent != null) Files.createDirectories(parent);
			writer.write(tmp);
			try {
				Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException | RuntimeException e) {
			try {
				Files.deleteIfExists(tmp);
			}
			catch (IOException ignored) {
				// nothing more we can do; the final name is untouched either way
			}
			if (e instanceof FacemapException) throw (FacemapException) e;
			throw new FacemapException(abs, "could not write (" + describe(e) + "); nothing was written", e);
		}
	}

	/** Same as {@link #write(Path, PathWriter)} for stream writers. */
	public static void writeStream(Path target, StreamWriter writer) {
		write(target, tmp -> {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.write(out);
			}
		});
	}

	/** Writes bytes atomically. */
	public static void writeBytes(Path target, byte[] bytes) {
		writeStream(target, out -> out.write(bytes));
	}

	/** Writes UTF-8 text atomically. */
	public static void writeString(Path target, String text) {
		writeBytes(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * The cause of a failed write in words: walks the whole cause chain, so that a full disk is called "the disk is
	 * full" however deep a library wrapped it.
	 */
	public static String describe(Throwable e) {
		for (Throwable c = e; c != null; c = c.getCause()) {
			String m = c.getMessage();
			if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) return "the disk is full";
		}
		for (Throwable c = e; c != null; c = c.getCause())
			if (c instanceof java.nio.file.AccessDeniedException || c.getMessage() != null && c.getMessage().contains("Permission denied"))
				return "permission denied";
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root)
			root = root.getCause();
		String m = e.getMessage(), r = root.getMessage();
		if (root != e && r != null && (m == null || !m.contains(r))) return (m == null ? "" : m + ": ") + r;
		return m == null ? e.getClass().getSimpleName() : m;
	}
}
