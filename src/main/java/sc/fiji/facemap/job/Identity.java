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
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import sc.fiji.facemap.FacemapException;

/**
 * Content digests that identify a run's inputs, so that a resumed run or a skipped batch task is never mixed with
 * another input of the same name: the file's size and the SHA-256 of its first, middle and last MiB (a folder: of
 * its sorted file names, sizes and the same samples of each file).
 */
public final class Identity {

	private static final int SAMPLE = 1 << 20;

	private Identity() {}

	/** "size:sha256-prefix" of a file or folder. */
	public static String of(Path p) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			long size;
			if (Files.isDirectory(p)) {
				size = 0;
				List<Path> files;
				try (Stream<Path> s = Files.list(p)) {
					files = s.filter(Files::isRegularFile).sorted().toList();
				}
				for (Path f : files) {
					md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
					size += sample(f, md);
				}
			} else size = sample(p, md);
			return size + ":" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
		} catch (IOException e) {
			throw new FacemapException(p, "cannot read (" + e.getMessage() + ")", e);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** SHA-256 (hex) of a whole file, e.g. a model's weights. */
	public static String ofWholeFile(Path p) {
		try (InputStream in = Files.newInputStream(p)) {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;)
				md.update(buf, 0, n);
			return HexFormat.of().formatHex(md.digest()).substring(0, 16);
		} catch (IOException e) {
			throw new FacemapException(p, "cannot read (" + e.getMessage() + ")", e);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** SHA-256 (hex, 16 digits) of some bytes. */
	public static String ofBytes(byte[] b) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static long sample(Path f, MessageDigest md) throws IOException {
		try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
			long size = ch.size();
			md.update(Long.toString(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			long[] starts = size <= 3L * SAMPLE ? new long[] { 0 } : new long[] { 0, size / 2 - SAMPLE / 2, size - SAMPLE };
			ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size <= 3L * SAMPLE ? size : SAMPLE, Integer.MAX_VALUE));
			for (long s : starts) {
				buf.clear();
				long pos = s;
				while (buf.hasRemaining()) {
					int n = ch.read(buf, pos);
					if (n < 0) break;
					pos += n;
				}
				buf.flip();
				md.update(buf);
			}
			return size;
		}
	}
}
