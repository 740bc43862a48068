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
package sc.fiji.facemap.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import sc.fiji.facemap.io.AtomicFiles;

/** Checks that no temporary file of an atomic write is left behind. */
public final class TempFiles {

	private TempFiles() {}

	/** No {@code .<name>.<random>.part} file in the folder of {@code file}. */
	public static void assertNoneBeside(Path file) {
		assertNoneIn(file.toAbsolutePath().getParent());
	}

	/** No temporary file anywhere below {@code dir}. */
	public static void assertNoneIn(Path dir) {
		if (!Files.isDirectory(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			List<Path> left = s.filter(Files::isRegularFile).filter(AtomicFiles::isTemporary).toList();
			assertEquals(List.of(), left, "temporary files left behind");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
