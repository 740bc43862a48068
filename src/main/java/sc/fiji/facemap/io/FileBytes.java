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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import sc.fiji.facemap.FacemapException;

/** Whole-file and file-head reads whose errors name the file (one place for every reader's "cannot read"). */
public final class FileBytes {

	private FileBytes() {}

	/** Every byte of {@code file}. */
	public static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
	}

	/** The first {@code n} bytes of {@code file}, fewer when the file is shorter (to recognise its format). */
	public static byte[] head(Path file, int n) {
		byte[] head = new byte[n];
		int got;
		try (InputStream in = Files.newInputStream(file)) {
			got = in.readNBytes(head, 0, n);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
		return got == n ? head : Arrays.copyOf(head, got);
	}
}
