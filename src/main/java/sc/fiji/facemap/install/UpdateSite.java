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
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * A servable ImageJ update site: {@code db.xml.gz} beside every file stored under the updater's name
 * {@code <path>-<timestamp>} (for instance {@code plugins/Facemap_Fiji-0.1.0.jar-20261203081512}), which is the URL
 * the updater downloads ({@code <site URL><path>-<timestamp>}). Any static web server over the folder
 * ({@code python3 -m http.server}) is an update site that Fiji can add; {@link FijiInstall} installs the same files
 * into a Fiji folder without the updater.
 * <p>
 * Layout as the updater expects it: the plugin in {@code plugins/}, libraries in {@code jars/}, native-classifier
 * jars in {@code jars/<platform>/} with a {@code <platform>} tag ({@code linux64}, {@code win64},
 * {@code macos-arm64}), the bundled models in {@code models/}. Checksums and timestamps as the updater computes them
 * ({@link UpdaterChecksums}).
 */
public final class UpdateSite {

	/** The updater's index file of a site. */
	public static final String DB = "db.xml.gz";

	/**
	 * Artifacts Fiji ships itself (by artifactId, in the versions our build uses too): the site leaves them out, so
	 * that no second copy lands on Fiji's class path. Extend with the system property
	 * {@code facemap.updatesite.exclude=a,b}.
	 */
	public static final Set<String> SHIPPED_BY_FIJI = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("ij",
		"scijava-common", "parsington", "imglib2", "gson", "slf4j-api", "jna", "commons-compress", "commons-io",
		"commons-lang3", "commons-codec", "lz4-java")));

	/** One file of the site, as its {@code db.xml.gz} record describes it. */
	public record Entry(String filename, long timestamp, String checksum, long filesize, NativePlatform platform) {

		/** The name the file is stored under on the site: {@code <path>-<timestamp>}. */
		public String storedName() {
			return filename + "-" + timestamp;
		}
	}

	/** What goes on the site: the plugin jar, the runtime jars (platform-independent and native), the models. */
	public record Contents(Path pluginJar, List<Path> jars, Path models, String version) {}

	private UpdateSite() {}

	/** "api-0.33.0.jar" -&gt; "api"; "ffmpeg-7.1.1-1.5.12-linux-x86_64.jar" -&gt; "ffmpeg". */
	public static String artifactId(String jarName) {
		String base = jarName.replaceAll("\\.jar$", "");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("-\\d").matcher(base);
		return m.find() ? base.substring(0, m.start()) : base;
	}

	/** The site path of a runtime jar: {@code jars/x.jar}, or {@code jars/<platform>/x.jar} for a native one. */
	public static String pathOf(String jarName) {
		NativePlatform p = NativePlatform.ofJar(jarName);
		return "jars/" + (p == null ? "" : p.folder + "/") + jarName;
	}

	/** The artifacts to leave out: {@link #SHIPPED_BY_FIJI} plus the system property's. */
	public static Set<String> excluded() {
		Set<String> exclude = new LinkedHashSet<>(SHIPPED_BY_FIJI);
		for (String s : System.getProperty("facemap.updatesite.exclude", "").split(","))
			if (!s.isBlank()) exclude.add(s.trim());
		return exclude;
	}

	/**
	 * Writes the site into {@code out} (replacing it): built in a temporary sibling folder and renamed into place,
	 * so a failed build never leaves half a site. Returns its entries (the plugin first).
	 */
	public static List<Entry> build(Contents c, Path out) throws IOException {
		if (!Files.isRegularFile(c.pluginJar())) throw new FacemapException(c.pluginJar(), "not built (run mvn package)");
		Set<String> exclude = excluded();
		Map<String, Path> files = new LinkedHashMap<>();
		files.put("plugins/" + c.pluginJar().getFileName(), c.pluginJar());
		List<Path> jars = new ArrayList<>(c.jars());
		jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
		for (Path jar : jars) {
			String name = jar.getFileName().toString();
			if (!name.endsWith(".jar") || exclude.contains(artifactId(name))) continue;
			// the CUDA build of libtorch (2.4 GB; Install GPU Support... fetches it where a GPU is) never goes on the site
			if (artifactId(name).startsWith("pytorch-native-cu")) continue;
			files.putIfAbsent(pathOf(name), jar);
		}
		if (c.models() != null && Files.isDirectory(c.models())) {
			List<Path> modelFiles;
			try (Stream<Path> s = Files.walk(c.models())) {
				modelFiles = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
			}
			for (Path f : modelFiles) {
				String rel = c.models().relativize(f).toString().replace('\\', '/');
				// the updater never looks at hidden files (.keep and the like): they are no part of a site
				if (rel.startsWith(".") || rel.contains("/.")) continue;
				files.put("models/" + rel, f);
			}
		}

		Path abs = out.toAbsolutePath();
		Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
		deleteTree(tmp);
		Files.createDirectories(tmp);
		List<Entry> entries = new ArrayList<>();
		try {
			for (Map.Entry<String, Path> f : files.entrySet()) {
				String rel = f.getKey();
				Path src = f.getValue();
				Entry e = new Entry(rel, UpdaterChecksums.timestamp(src), UpdaterChecksums.checksum(rel, src), Files.size(
					src), NativePlatform.ofPath(rel));
				place(src, tmp.resolve(e.storedName()));
				entries.add(e);
			}
			AtomicFiles.writeStream(tmp.resolve(DB), o -> {
				try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
					gz.write(xml(entries, c.version()).getBytes(StandardCharsets.UTF_8));
				}
			});
			AtomicFiles.writeString(tmp.resolve("README.md"), readme(c.version()));
			deleteTree(abs);
			Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException e) {
			deleteTree(tmp);
			throw e;
		}
		return entries;
	}

	/** The current version of every file recorded in a site's {@code db.xml.gz}. */
	public static List<Entry> read(Path site) {
		Path db = site.resolve(DB);
		if (!Files.isRegularFile(db)) throw new FacemapException(db, "not found: " + site +
			" is not an update site (build one with mvn package)");
		try (InputStream in = Files.newInputStream(db)) {
			return parse(in, db.toString());
		}
		catch (IOException e) {
			throw new FacemapException(db, "could not read (" + AtomicFiles.describe(e) + ")", e);
		}
	}

	/** Parses a gzipped {@code db.xml.gz} stream; {@code source} names it in errors. */
	public static List<Entry> parse(InputStream gzipped, String source) {
		Document doc;
		try (InputStream in = new GZIPInputStream(gzipped)) {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			doc = f.newDocumentBuilder().parse(in);
		}
		catch (Exception e) {
			throw new FacemapException(source + ": not a readable db.xml.gz (" + e.getMessage() + ")", e);
		}
		List<Entry> out = new ArrayList<>();
		NodeList plugins = doc.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			NodeList versions = p.getElementsByTagName("version");
			if (versions.getLength() == 0) continue; // only previous versions: obsolete
			Element v = (Element) versions.item(0);
			String name = p.getAttribute("filename");
			try {
				out.add(new Entry(name, Long.parseLong(v.getAttribute("timestamp")), v.getAttribute("checksum"), Long
					.parseLong(v.getAttribute("filesize")), NativePlatform.ofPath(name)));
			}
			catch (NumberFormatException e) {
				throw new FacemapException(source + ": record of " + name + " has no valid timestamp or filesize");
			}
		}
		return out;
	}

	private static void place(Path from, Path to) throws IOException {
		Files.createDirectories(to.getParent());
		try {
			Files.createLink(to, from); // the natives are large: hard links where the file system allows
		}
		catch (UnsupportedOperationException | IOException e) {
			if (e instanceof FileAlreadyExistsException) throw (IOException) e;
			Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
		}
	}

	static String xml(List<Entry> entries, String version) {
		StringBuilder x = new StringBuilder();
		x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		x.append(DTD);
		x.append("<pluginRecords>\n");
		Entry plugin = entries.get(0);
		for (Entry e : entries) {
			x.append("    <plugin filename=\"").append(esc(e.filename())).append("\">\n");
			if (e.platform() != null) x.append("        <platform>").append(e.platform().folder).append("</platform>\n");
			x.append("        <version checksum=\"").append(e.checksum()).append("\" timestamp=\"").append(e.timestamp())
				.append("\" filesize=\"").append(e.filesize()).append("\">\n");
			if (e == plugin) {
				x.append("            <description>Facemap for Fiji ").append(esc(version)).append(
					": orofacial keypoint tracking, motion SVD and neural prediction (Plugins &gt; Facemap).</description>\n");
				for (Entry d : entries)
					if (d != plugin && d.filename().startsWith("jars/")) x.append("            <dependency filename=\"")
						.append(esc(d.filename())).append("\" timestamp=\"").append(d.timestamp()).append("\"/>\n");
				x.append("            <author>Facemap for Fiji developers</author>\n");
			}
			x.append("        </version>\n");
			x.append("    </plugin>\n");
		}
		x.append("</pluginRecords>\n");
		return x.toString();
	}

	private static String readme(String version) {
		return String.join("\n", //
			"# Facemap for Fiji " + version + ": update site", //
			"", //
			"Generated by `mvn package` (full site with Windows and macOS natives: `mvn -Pupdate-site package`);", //
			"not tracked by git. Every file is stored as `<path>-<timestamp>` beside `db.xml.gz`, as the ImageJ", //
			"updater expects on a server: serve this folder as it is, e.g.", //
			"", //
			"    python3 -m http.server 8000 --directory update-site", //
			"", //
			"and add `http://HOST:8000/` in Fiji (Help > Update... > Manage update sites > Add unlisted site), or", //
			"copy the folder to any web server. Without the updater: `facemap install-fiji /path/to/Fiji.app`.", "");
	}

	private static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p)) return;
		try (Stream<Path> s = Files.walk(p)) {
			for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(q);
		}
	}

	/** The document type of the updater's index (the element structure of db.xml.gz). */
	private static final String DTD = "<!DOCTYPE pluginRecords [\n" + //
		"<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>\n" + //
		"<!ELEMENT update-site EMPTY>\n" + //
		"<!ELEMENT disabled-update-site EMPTY>\n" + //
		"<!ELEMENT plugin (platform*, category*, version?, previous-version*)>\n" + //
		"<!ELEMENT version (description?, dependency*, link*, author*)>\n" + //
		"<!ELEMENT previous-version EMPTY>\n" + //
		"<!ELEMENT description (#PCDATA)>\n" + //
		"<!ELEMENT dependency EMPTY>\n" + //
		"<!ELEMENT link (#PCDATA)>\n" + //
		"<!ELEMENT author (#PCDATA)>\n" + //
		"<!ELEMENT platform (#PCDATA)>\n" + //
		"<!ELEMENT category (#PCDATA)>\n" + //
		"<!ATTLIST update-site name CDATA #REQUIRED url CDATA #REQUIRED ssh-host CDATA #IMPLIED " +
		"upload-directory CDATA #IMPLIED description CDATA #IMPLIED maintainer CDATA #IMPLIED " +
		"timestamp CDATA #REQUIRED>\n" + //
		"<!ATTLIST disabled-update-site name CDATA #REQUIRED url CDATA #REQUIRED ssh-host CDATA #IMPLIED " +
		"upload-directory CDATA #IMPLIED description CDATA #IMPLIED maintainer CDATA #IMPLIED " +
		"timestamp CDATA #REQUIRED>\n" + //
		"<!ATTLIST plugin update-site CDATA #IMPLIED filename CDATA #REQUIRED executable CDATA #IMPLIED>\n" + //
		"<!ATTLIST dependency filename CDATA #REQUIRED timestamp CDATA #IMPLIED overrides CDATA #IMPLIED>\n" + //
		"<!ATTLIST version timestamp CDATA #REQUIRED checksum CDATA #REQUIRED filesize CDATA #REQUIRED>\n" + //
		"<!ATTLIST previous-version filename CDATA #IMPLIED timestamp CDATA #REQUIRED " +
		"timestamp-obsolete CDATA #IMPLIED checksum CDATA #REQUIRED>]>\n";
}
