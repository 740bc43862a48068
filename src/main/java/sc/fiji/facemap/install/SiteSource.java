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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.facemap.FacemapException;

/**
 * Where an update site's files come from: a folder built by {@link UpdateSite#build} or a served site's URL. Both
 * are read the way the ImageJ updater reads them: {@code db.xml.gz}, then each file as {@code <path>-<timestamp>}.
 */
public interface SiteSource {

	/** The site's current records. */
	List<UpdateSite.Entry> entries();

	/** The stored bytes of one record. */
	InputStream open(UpdateSite.Entry entry) throws IOException;

	/** The folder or URL, for messages. */
	String describe();

	/** A site folder (what {@code mvn package} writes to {@code update-site/}). */
	static SiteSource folder(Path dir) {
		if (!Files.isDirectory(dir)) throw new FacemapException(dir, "no such folder (build the update site with mvn package)");
		List<UpdateSite.Entry> entries = UpdateSite.read(dir);
		return new SiteSource() {
			@Override
			public List<UpdateSite.Entry> entries() {
				return entries;
			}

			@Override
			public InputStream open(UpdateSite.Entry e) throws IOException {
				Path f = dir.resolve(e.storedName());
				if (!Files.isRegularFile(f)) throw new FacemapException(f, "missing from the update site (db.xml.gz lists it)");
				return Files.newInputStream(f);
			}

			@Override
			public String describe() {
				return dir.toString();
			}
		};
	}

	/** A served site: {@code base} is the site URL (what one adds in Fiji's updater), with or without the last '/'. */
	static SiteSource url(String base) {
		String b = base.endsWith("/") ? base : base + "/";
		List<UpdateSite.Entry> entries;
		try (InputStream in = Downloads.open(URI.create(b + UpdateSite.DB))) {
			entries = UpdateSite.parse(in, b + UpdateSite.DB);
		}
		catch (IOException e) {
			throw new FacemapException(b + UpdateSite.DB + ": could not download (" + e.getMessage() + ")", e);
		}
		return new SiteSource() {
			@Override
			public List<UpdateSite.Entry> entries() {
				return entries;
			}

			@Override
			public InputStream open(UpdateSite.Entry e) throws IOException {
				// the updater's URL of a file: site URL + path (spaces as %20) + "-" + timestamp
				return Downloads.open(URI.create(b + e.filename().replace(" ", "%20") + "-" + e.timestamp()));
			}

			@Override
			public String describe() {
				return b;
			}
		};
	}
}
