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
package sc.fiji.facemap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Facemap for Fiji, from the build-filtered resource {@code sc/fiji/facemap/version.properties}. */
public final class Version {

	private static final String VERSION = load();

	private Version() {}

	/** E.g. "0.1.0-SNAPSHOT"; "unknown" when the resource is missing or was not filtered. */
	public static String get() {
		return VERSION;
	}

	private static String load() {
		try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
			if (in == null) return "unknown";
			Properties p = new Properties();
			p.load(in);
			String v = p.getProperty("version", "").trim();
			return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
		}
		catch (IOException e) {
			return "unknown";
		}
	}
}
