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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/**
 * Plain HTTP(S) downloads with the JDK only: a file arrives under a temporary name beside its target and is renamed
 * only once it is complete and its checksum is right ({@link AtomicFiles}), so an interrupted or corrupt download
 * never leaves a file under the final name. Progress in bytes through {@link Progress}, which can also cancel.
 */
public final class Downloads {

	private static final int CONNECT_TIMEOUT_MS = 30_000, READ_TIMEOUT_MS = 120_000;

	private Downloads() {}

	/** {@code bytes} as whole MB (for progress bars that show a rate: "12.5 MB/s"). */
	public static Progress inMegabytes(Progress bytes) {
		return new Progress() {
			@Override
			public void update(long done, long total, String message) {
				bytes.update(done >> 20, total > 0 ? Math.max(1, total >> 20) : total, message);
			}

			@Override
			public boolean isCanceled() {
				return bytes.isCanceled();
			}

			@Override
			public void log(String line) {
				bytes.log(line);
			}
		};
	}

	/** Opens a GET of {@code uri} (redirects followed); an HTTP error status is an {@link IOException} naming it. */
	public static InputStream open(URI uri) throws IOException {
		return connect(uri, "GET").getInputStream();
	}

	private static URLConnection connect(URI uri, String method) throws IOException {
		URLConnection c = uri.toURL().openConnection();
		c.setConnectTimeout(CONNECT_TIMEOUT_MS);
		c.setReadTimeout(READ_TIMEOUT_MS);
		c.setRequestProperty("User-Agent", "Facemap-for-Fiji");
		if (c instanceof HttpURLConnection) {
			HttpURLConnection h = (HttpURLConnection) c;
			h.setInstanceFollowRedirects(true);
			h.setRequestMethod(method);
			int code = h.getResponseCode();
			if (code / 100 != 2) {
				h.disconnect();
				throw new IOException("HTTP " + code + (h.getResponseMessage() == null ? "" : " " + h.getResponseMessage()));
			}
		}
		return c;
	}

	/** The size of the file at {@code uri} from a HEAD request, or -1 when the server does not say. */
	public static long size(URI uri) {
		try {
			URLConnection c = connect(uri, "HEAD");
			long n = c.getContentLengthLong();
			if (c instanceof HttpURLConnection) ((HttpURLConnection) c).disconnect();
			return n;
		}
		catch (IOException e) {
			throw new FacemapException(uri + ": could not reach (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * The SHA-1 published beside an artifact ({@code X.sha1}: 40 hex digits, possibly followed by a file name).
	 */
	public static String publishedSha1(URI sha1Uri) {
		String text;
		try (InputStream in = open(sha1Uri)) {
			text = new String(in.readNBytes(4096), StandardCharsets.US_ASCII).trim();
		}
		catch (IOException e) {
			throw new FacemapException(sha1Uri + ": could not download the checksum (" + e.getMessage() + ")", e);
		}
		String first = text.split("\\s+")[0].toLowerCase(Locale.ROOT);
		if (!first.matches("[0-9a-f]{40}")) throw new FacemapException(sha1Uri + ": not a SHA-1 checksum: '" + (text
			.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
		return first;
	}

	/**
	 * Downloads {@code uri} to {@code target}, checking the bytes' SHA-1 against {@code expectedSha1} before the
	 * file gets its name. On a checksum mismatch, a short or broken transfer, or a cancel, nothing is left under
	 * {@code target} nor any temporary file, and a {@link FacemapException} (or {@link CanceledException}) says why.
	 */
	public static void download(URI uri, String expectedSha1, Path target, Progress progress) {
		String label = "Downloading " + target.getFileName();
		try {
			AtomicFiles.write(target, tmp -> {
				URLConnection c = connect(uri, "GET");
				long total = c.getContentLengthLong();
				MessageDigest md = UpdaterChecksums.sha1();
				long done = 0;
				try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
					byte[] buf = new byte[1 << 16];
					progress.update(0, total, label);
					for (int n; (n = in.read(buf)) >= 0;) {
						if (progress.isCanceled()) throw new CanceledException(label + " canceled; nothing was installed");
						out.write(buf, 0, n);
						md.update(buf, 0, n);
						done += n;
						progress.update(done, total, label);
					}
				}
				catch (IOException e) {
					throw new IOException("the transfer broke off after " + done + (total > 0 ? " of " + total : "") +
						" bytes (" + e.getMessage() + ")", e);
				}
				if (total > 0 && done != total) throw new IOException("the transfer broke off after " + done + " of " +
					total + " bytes");
				String got = UpdaterChecksums.hex(md.digest());
				if (!got.equalsIgnoreCase(expectedSha1)) throw new FacemapException(uri + ": checksum mismatch: the "
					+ "published SHA-1 is " + expectedSha1 + ", the downloaded file's is " + got + "; nothing was installed");
			});
		}
		catch (FacemapException e) {
			Throwable c = e.getCause();
			if (c instanceof CanceledException) throw (CanceledException) c;
			if (e.getMessage().contains("checksum mismatch")) throw e;
			throw new FacemapException(uri + ": download failed: " + (c != null ? AtomicFiles.describe(c) : e
				.getMessage()) + "; nothing was installed", e);
		}
	}
}
