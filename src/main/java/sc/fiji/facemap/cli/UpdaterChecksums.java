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
package sc.fiji.facemap.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksums and timestamps the ImageJ updater records in an update site's {@code db.xml.gz}, computed the way
 * the updater computes them (behaviour read from imagej-updater; no code taken from it):
 * <ul>
 * <li>a jar: SHA-1 over its entries sorted by name, each contributing its name (ASCII) and its bytes, where in
 * {@code .properties} files every line starting with '#' contributes only its line feed (build dates live there),
 * and the manifest contributes nothing but lines starting with "Main-Class:" as the updater compares them
 * upper-cased, which in effect is nothing;</li>
 * <li>any other file: SHA-1 over its path relative to the Fiji folder (ASCII), then its bytes;</li>
 * <li>a timestamp: the modification time as the number yyyyMMddHHmmss in the local time zone.</li>
 * </ul>
 */
final class UpdaterChecksums {

	private UpdaterChecksums() {}

	/** The checksum of {@code file} installed at {@code relativePath} (forward slashes), e.g. "jars/x.jar". */
	static String checksum(String relativePath, Path file) throws IOException {
		if (relativePath.endsWith(".jar")) return jar(file);
		MessageDigest md = sha1();
		md.update(relativePath.getBytes(StandardCharsets.US_ASCII));
		try (InputStream in = Files.newInputStream(file)) {
			digest(in, md);
		}
		return hex(md.digest());
	}

	static String jar(Path file) throws IOException {
		MessageDigest md = sha1();
		try (JarFile jar = new JarFile(file.toFile(), false)) {
			List<JarEntry> entries = Collections.list(jar.entries());
			entries.sort((a, b) -> a.getName().compareTo(b.getName()));
			for (JarEntry e : entries) {
				md.update(e.getName().getBytes(StandardCharsets.US_ASCII));
				byte[] content;
				try (InputStream in = jar.getInputStream(e)) {
					content = in.readAllBytes();
				}
				if (e.getName().endsWith(".properties")) content = withoutHashedLines(content);
				if (e.getName().equals("META-INF/MANIFEST.MF")) content = new byte[0];
				md.update(content);
			}
		}
		return hex(md.digest());
	}

	/** Every line that starts with '#' is reduced to its terminating line feed (if it has one). */
	static byte[] withoutHashedLines(byte[] in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		boolean lineStart = true;
		for (int i = 0; i < in.length; i++) {
			byte b = in[i];
			if (lineStart && b == '#') {
				while (i < in.length && in[i] != '\n') i++;
				if (i < in.length) out.write('\n'); // lineStart stays true
				continue;
			}
			out.write(b);
			lineStart = b == '\n';
		}
		return out.toByteArray();
	}

	/** yyyyMMddHHmmss of the file's modification time, local time zone. */
	static long timestamp(Path file) throws IOException {
		Calendar c = Calendar.getInstance();
		c.setTimeInMillis(Files.getLastModifiedTime(file).toMillis());
		return Long.parseLong(String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d", c.get(Calendar.YEAR), c.get(
			Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH), c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c
				.get(Calendar.SECOND)));
	}

	private static void digest(InputStream in, MessageDigest md) throws IOException {
		byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) >= 0;) md.update(buf, 0, n);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static String hex(byte[] bytes) {
		StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (byte b : bytes) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}

	/** For tests: the sorted entry names of a jar. */
	static List<String> entryNames(Path file) throws IOException {
		List<String> names = new ArrayList<>();
		try (JarFile jar = new JarFile(file.toFile(), false)) {
			for (JarEntry e : Collections.list(jar.entries())) names.add(e.getName());
		}
		Collections.sort(names);
		return names;
	}
}
