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

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * Builds {@code update-site/} at {@code mvn package}: a Fiji.app-shaped tree that can be copied into a Fiji
 * installation or uploaded with the real Fiji updater, plus the {@code db.xml.gz} index the updater reads.
 * <ul>
 * <li>{@code plugins/Facemap_Fiji-<version>.jar}: the plugin jar (its name has an underscore);</li>
 * <li>{@code jars/}: runtime dependencies Fiji does not ship already (DJL, JavaCV, FFmpeg, jhdf, EJML, picocli, ...);
 * </li>
 * <li>{@code jars/linux64/} (etc.): native-classifier jars;</li>
 * <li>{@code models/}: a copy of the project's models/ folder.</li>
 * </ul>
 * Files are hard-linked from target/ where the file system allows it (the natives are large), else copied. The tree is
 * built in a temporary sibling folder and renamed into place, so a failed build never leaves half a site.
 * <p>
 * Usage: {@code UpdateSiteBuilder PROJECT_DIR VERSION [OUTPUT_DIR]}; run by the build (exec-maven-plugin).
 */
public final class UpdateSiteBuilder {

	/**
	 * Artifacts Fiji already ships (by artifactId): shipping our own copy would put two versions on Fiji's class
	 * path. Extend with -Dfacemap.updatesite.exclude=a,b.
	 */
	static final Set<String> SHIPPED_BY_FIJI = new LinkedHashSet<>(Arrays.asList("ij", "scijava-common", "parsington",
		"imglib2", "gson", "slf4j-api", "jna", "commons-compress", "commons-io", "commons-lang3", "commons-codec",
		"lz4-java"));

	/** Native classifiers and the Fiji platform folder they go to (as the scijava-maven-plugin places them). */
	static final String[][] PLATFORMS = { { "linux-x86_64", "linux64" }, { "linux-arm64", "linux-arm64" }, {
		"windows-x86_64", "win64" }, { "win-x86_64", "win64" }, { "macosx-x86_64", "macosx" }, { "osx-x86_64",
			"macosx" }, { "macosx-arm64", "macosx-arm64" }, { "osx-aarch64", "macosx-arm64" } };

	private UpdateSiteBuilder() {}

	public static void main(String... args) throws IOException {
		if (args.length < 2) {
			System.err.println("Usage: UpdateSiteBuilder PROJECT_DIR VERSION [OUTPUT_DIR]");
			System.exit(2);
		}
		Path project = Paths.get(args[0]).toAbsolutePath();
		Path out = args.length > 2 ? Paths.get(args[2]).toAbsolutePath() : project.resolve("update-site");
		List<String> files = build(project, args[1], out);
		System.out.println("[update-site] " + files.size() + " files in " + out);
	}

	/**
	 * Builds the site; returns the relative paths of the files it holds (without db.xml.gz and README).
	 *
	 * @throws FacemapException if the plugin jar or target/lib is missing
	 */
	public static List<String> build(Path project, String version, Path out) throws IOException {
		Path target = project.resolve("target");
		Path pluginJar = target.resolve("Facemap_Fiji-" + version + ".jar");
		if (!Files.isRegularFile(pluginJar)) throw new FacemapException(pluginJar, "not built (run mvn package)");
		Path lib = target.resolve("lib");
		if (!Files.isDirectory(lib)) throw new FacemapException(lib,
			"missing (the maven-dependency-plugin copies runtime dependencies there at package)");
		Set<String> exclude = new LinkedHashSet<>(SHIPPED_BY_FIJI);
		for (String s : System.getProperty("facemap.updatesite.exclude", "").split(","))
			if (!s.isBlank()) exclude.add(s.trim());

		Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
		deleteTree(tmp);
		Files.createDirectories(tmp);
		List<String> rel = new ArrayList<>();
		try {
			String pluginRel = "plugins/" + pluginJar.getFileName();
			place(pluginJar, tmp.resolve(pluginRel));
			rel.add(pluginRel);
			List<Path> libs;
			try (Stream<Path> s = Files.list(lib)) {
				libs = s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
			}
			for (Path jar : libs) {
				String name = jar.getFileName().toString();
				if (exclude.contains(artifactId(name))) continue;
				String r = "jars/" + platformFolder(name) + name;
				place(jar, tmp.resolve(r));
				rel.add(r);
			}
			Path models = project.resolve("models");
			if (Files.isDirectory(models)) {
				List<Path> modelFiles;
				try (Stream<Path> s = Files.walk(models)) {
					modelFiles = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
				}
				for (Path f : modelFiles) {
					String r = "models/" + models.relativize(f).toString().replace('\\', '/');
					place(f, tmp.resolve(r));
					rel.add(r);
				}
			}
			writeDb(tmp, rel, pluginRel, version);
			writeReadme(tmp, version);
			deleteTree(out);
			Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException e) {
			deleteTree(tmp);
			throw e;
		}
		return rel;
	}

	/** "api-0.33.0.jar" -&gt; "api"; "ffmpeg-7.1.1-1.5.12-linux-x86_64.jar" -&gt; "ffmpeg". */
	static String artifactId(String jarName) {
		String base = jarName.replaceAll("\\.jar$", "");
		// the artifactId ends before the first "-<digit>"
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("-\\d").matcher(base);
		return m.find() ? base.substring(0, m.start()) : base;
	}

	/** "linux64/" for a linux-x86_64 classifier jar, "" for a platform-independent one. */
	static String platformFolder(String jarName) {
		String base = jarName.replaceAll("\\.jar$", "");
		for (String[] p : PLATFORMS)
			if (base.endsWith("-" + p[0])) return p[1] + "/";
		return "";
	}

	private static String platformOf(String rel) {
		for (String[] p : PLATFORMS)
			if (rel.startsWith("jars/" + p[1] + "/")) return p[1];
		return null;
	}

	private static void place(Path from, Path to) throws IOException {
		Files.createDirectories(to.getParent());
		try {
			Files.createLink(to, from);
		}
		catch (UnsupportedOperationException | IOException e) {
			if (e instanceof FileAlreadyExistsException) throw (IOException) e;
			Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
		}
	}

	private static void writeDb(Path site, List<String> rel, String pluginRel, String version) throws IOException {
		StringBuilder x = new StringBuilder();
		x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		x.append(DTD);
		x.append("<pluginRecords>\n");
		for (String r : rel) {
			Path f = site.resolve(r);
			x.append("    <plugin filename=\"").append(xml(r)).append("\">\n");
			String platform = platformOf(r);
			if (platform != null) x.append("        <platform>").append(platform).append("</platform>\n");
			x.append("        <version checksum=\"").append(UpdaterChecksums.checksum(r, f)).append(
				"\" timestamp=\"").append(UpdaterChecksums.timestamp(f)).append("\" filesize=\"").append(Files.size(f))
				.append("\">\n");
			if (r.equals(pluginRel)) {
				x.append("            <description>Facemap for Fiji ").append(xml(version)).append(
					": orofacial keypoint tracking (Plugins &gt; Facemap).</description>\n");
				for (String d : rel) {
					if (d.equals(pluginRel) || !d.startsWith("jars/")) continue;
					x.append("            <dependency filename=\"").append(xml(d)).append("\" timestamp=\"").append(
						UpdaterChecksums.timestamp(site.resolve(d))).append("\"/>\n");
				}
				x.append("            <author>Facemap for Fiji developers</author>\n");
			}
			x.append("        </version>\n");
			x.append("    </plugin>\n");
		}
		x.append("</pluginRecords>\n");
		byte[] bytes = x.toString().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.writeStream(site.resolve("db.xml.gz"), o -> {
			try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
				gz.write(bytes);
			}
		});
	}

	private static void writeReadme(Path site, String version) {
		AtomicFiles.writeString(site.resolve("README.md"), String.join("\n", //
			"# Facemap for Fiji " + version + ": update-site folder", //
			"", //
			"Generated by `mvn package` (sc.fiji.facemap.cli.UpdateSiteBuilder); not tracked by git.", //
			"", //
			"This folder has the shape of a Fiji installation (`Fiji.app`):", //
			"", //
			"- `plugins/Facemap_Fiji-" + version + ".jar`: the plugin (menus under Plugins > Facemap);", //
			"- `jars/`: libraries Fiji does not ship (DJL, JavaCV/FFmpeg, jhdf, EJML, picocli, ...);", //
			"- `jars/linux64/` etc.: native libraries (libtorch, FFmpeg) for each platform;", //
			"- `models/`: the bundled keypoint models;", //
			"- `db.xml.gz`: the updater's index of these files, with the checksums the Fiji updater computes.", //
			"", //
			"Install by hand: quit Fiji, copy `plugins/`, `jars/` and `models/` into your `Fiji.app` folder, restart.", //
			"", //
			"Publish as an update site (needs a real Fiji and an account on sites.imagej.net or any WebDAV/SFTP/file", //
			"host): install the files into a Fiji as above, then in Fiji use Help > Update... > Manage update sites >", //
			"Add my site (or an existing personal site), mark the Facemap files for upload and press Apply changes", //
			"(upload). From the command line:", //
			"", //
			"    ./fiji-linux-x64 --update edit-update-site Facemap https://sites.imagej.net/Facemap/ webdav:USER:PASS .", //
			"    ./fiji-linux-x64 --update upload-complete-site --force-shadow Facemap", //
			"", //
			"The updater then stores each file as `<path>-<timestamp>` next to its own `db.xml.gz` on the server.", //
			"Only the native jars of the platform this was built on are included; build on each platform (or add", //
			"the other classifiers to the pom) to publish natives for Windows and macOS.", ""));
	}

	private static String xml(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static void deleteTree(Path p) throws IOException {
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
