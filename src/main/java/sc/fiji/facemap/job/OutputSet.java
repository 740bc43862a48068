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
package sc.fiji.facemap.job;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * All outputs of one run, written as a unit: each file is written under a unique hidden temporary name beside its
 * target ({@link #stage}), and only when every one was written does {@link #commit()} rename them onto their final
 * names. A failure before that (a full disk, a cancel, a crash) leaves none of the new files in place and the old
 * ones untouched; {@link #close()} removes the temporary files. Unique temporary names let concurrent runs write the
 * same output: the last complete one wins.
 */
public final class OutputSet implements AutoCloseable {

	private final Map<Path, Path> staged = new LinkedHashMap<>();
	private boolean committed;

	/** A fresh temporary path beside {@code target} (its folder is created). Write the file there. */
	public Path stage(Path target) {
		Path abs = target.toAbsolutePath();
		if (staged.containsKey(abs)) throw new IllegalStateException(abs + " staged twice in one output set");
		Path tmp = AtomicFiles.tempFor(abs);
		try {
			Files.createDirectories(abs.getParent());
		} catch (IOException e) {
			throw new FacemapException(abs.getParent(), "cannot create the output folder (" + AtomicFiles.describe(e) + ")", e);
		}
		staged.put(abs, tmp);
		return tmp;
	}

	/**
	 * Checks, before any work, that outputs can be written into {@code folder} (created if missing): a read-only
	 * folder, a file in its place or a full disk is refused now rather than after hours of tracking.
	 */
	public static void checkWritable(Path folder) {
		Path abs = folder.toAbsolutePath();
		if (Files.exists(abs) && !Files.isDirectory(abs)) throw new FacemapException(abs, "is a file, not a folder; choose an output folder");
		try {
			Files.createDirectories(abs);
			Path probe = AtomicFiles.tempFor(abs.resolve("write-check"));
			Files.write(probe, new byte[] { 0 });
			Files.delete(probe);
		} catch (IOException e) {
			throw new FacemapException(abs, "cannot write outputs here (" + AtomicFiles.describe(e) + "); choose another output folder", e);
		}
	}

	/** Stages {@code target} and lets {@code writer} fill it; a failure names the target and its cause. */
	public Path write(Path target, AtomicFiles.PathWriter writer) {
		Path tmp = stage(target);
		try {
			writer.write(tmp);
		} catch (IOException | RuntimeException e) {
			throw new FacemapException(target.toAbsolutePath(), "could not write (" + AtomicFiles.describe(e) + "); no output of this run was written", e);
		}
		if (!Files.isRegularFile(tmp)) throw new FacemapException(target.toAbsolutePath(), "the writer produced no file; no output of this run was written");
		return target.toAbsolutePath();
	}

	/** Renames every staged file onto its target. */
	public void commit() {
		for (Map.Entry<Path, Path> e : staged.entrySet())
			if (!Files.isRegularFile(e.getValue())) throw new FacemapException(e.getKey(), "was not written; no output of this run was written");
		for (Map.Entry<Path, Path> e : staged.entrySet()) {
			try {
				try {
					Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				} catch (AtomicMoveNotSupportedException x) {
					Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
				}
			} catch (IOException x) {
				throw new FacemapException(e.getKey(), "could not be put in place (" + AtomicFiles.describe(x) + ")", x);
			}
		}
		committed = true;
	}

	/** Removes temporary files that were not committed. */
	@Override
	public void close() {
		for (Path tmp : staged.values()) {
			try {
				Files.deleteIfExists(tmp);
			} catch (IOException ignored) {
				// best effort: the final names are untouched either way
			}
		}
		staged.clear();
	}

	public boolean committed() {
		return committed;
	}
}
