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
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: the demo video, committed fixtures, framemd5 parsing. */
final class Fixtures {

	private Fixtures() {}

	/** The demo video committed in test-images/. */
	static Path demoVideo() {
		Path p = Path.of("test-images", "sample_video.mp4");
		if (!Files.exists(p)) throw new IllegalStateException("missing " + p.toAbsolutePath());
		return p;
	}

	static Path resource(String name) {
		try {
			return Path.of(Fixtures.class.getResource("/video/" + name).toURI());
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("missing test resource /video/" + name, e);
		}
	}

	/** The MD5 column of an FFmpeg framemd5 file (one entry per frame, in output order). */
	static List<String> framemd5(Path file) {
		try {
			List<String> out = new ArrayList<>();
			for (String line : Files.readAllLines(file)) {
				if (line.isBlank() || line.startsWith("#")) continue;
				String[] f = line.split(",");
				out.add(f[f.length - 1].trim());
			}
			return out;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String md5(byte[] b, int len) {
		try {
			MessageDigest m = MessageDigest.getInstance("MD5");
			m.update(b, 0, len);
			return HexFormat.of().formatHex(m.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
