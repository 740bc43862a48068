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
package sc.fiji.facemap.install;

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
 * the updater computes them (behaviour read from imagej-updater's source; no code taken from it). Checked against
 * records the real updater wrote ({@code src/test/resources/updater/SOURCE.md}).
 * <ul>
 * <li>a jar: SHA-1 over its entries sorted by name, each contributing its name (ASCII) and its bytes, where in
 * {@code .properties} files lines starting with '#' contribute only their line feed (Maven writes build dates there;
 * see {@link #withoutHashedLines} for the exact rule), and the manifest contributes nothing (the updater keeps only
 * lines that, upper-cased, start with "Main-Class:", which none does);</li>
 * <li>any other file: SHA-1 over its path relative to the Fiji folder (ASCII), then its bytes;</li>
 * <li>a timestamp: the modification time as the number yyyyMMddHHmmss in the local time zone.</li>
 * </ul>
 */
public final class UpdaterChecksums {

	private UpdaterChecksums() {}

	/** The checksum of {@code file} installed at {@code relativePath} (forward slashes), e.g. "jars/x.jar". */
	public static String checksum(String relativePath, Path file) throws IOException {
		if (relativePath.endsWith(".jar")) return jar(file);
		MessageDigest md = sha1();
		md.update(relativePath.getBytes(StandardCharsets.US_ASCII));
		try (InputStream in = Files.newInputStream(file)) {
			digest(in, md);
		}
		return hex(md.digest());
	}

	/** The updater's checksum of a jar (independent of where it is installed). */
	public static String jar(Path file) throws IOException {
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

	/**
	 * A {@code .properties} file as the updater digests it. A '#' at the start of a line drops the rest of that line
	 * up to (not including) its line feed. "Start of a line" follows the updater's reader exactly: the stream starts
	 * at a line start; any byte read at a line start other than '#' ends it, even a line feed (so after an empty
	 * line, or after a line that is only "#", the next line does not count as starting a line); a line feed read
	 * inside a line starts the next one. Inside a dropped comment a '#' right after the first '#' is dropped too.
	 */
	public static byte[] withoutHashedLines(byte[] in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		Reader r = new Reader(in);
		for (int b; (b = r.next()) >= 0;) out.write(b);
		return out.toByteArray();
	}

	/** The updater's filtering reader over a byte array: {@link #next} returns what the updater reads next. */
	private static final class Reader {
		private final byte[] in;
		private int pos;
		private boolean lineStart = true;

		Reader(byte[] in) {
			this.in = in;
		}

		private int raw() {
			return pos < in.length ? in[pos++] & 0xff : -1;
		}

		int next() {
			int b = raw();
			if (!lineStart) {
				if (b == '\n') lineStart = true;
				return b;
			}
			if (b != '#') {
				lineStart = false;
				return b;
			}
			// a comment: read on (through this same filter) until a line feed or the end; return that
			int c;
			do c = next();
			while (c != '\n' && c != -1);
			return c;
		}
	}

	/** yyyyMMddHHmmss of the file's modification time, local time zone. */
	public static long timestamp(Path file) throws IOException {
		return timestamp(Files.getLastModifiedTime(file).toMillis());
	}

	/** yyyyMMddHHmmss of a time in milliseconds, local time zone (the updater's format). */
	public static long timestamp(long millis) {
		Calendar c = Calendar.getInstance();
		c.setTimeInMillis(millis);
		return Long.parseLong(String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d", c.get(Calendar.YEAR), c.get(
			Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH), c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c
				.get(Calendar.SECOND)));
	}

	/** The SHA-1 of a file's bytes, as 40 hex digits (what Maven Central publishes as {@code .sha1}). */
	public static String sha1(Path file) throws IOException {
		MessageDigest md = sha1();
		try (InputStream in = Files.newInputStream(file)) {
			digest(in, md);
		}
		return hex(md.digest());
	}

	private static void digest(InputStream in, MessageDigest md) throws IOException {
		byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) >= 0;) md.update(buf, 0, n);
	}

	static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Lower-case hex digits of bytes. */
	public static String hex(byte[] bytes) {
		StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (byte b : bytes) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}

	/** The sorted entry names of a jar. */
	public static List<String> entryNames(Path file) throws IOException {
		List<String> names = new ArrayList<>();
		try (JarFile jar = new JarFile(file.toFile(), false)) {
			for (JarEntry e : Collections.list(jar.entries())) names.add(e.getName());
		}
		Collections.sort(names);
		return names;
	}
}
