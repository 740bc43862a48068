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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;

class UpdateSiteTest {

	/** A project-like tree: plugin jar, runtime jars incl. natives of three platforms and one shipped by Fiji, models. */
	static UpdateSite.Contents contents(Path dir, String version) throws Exception {
		Path plugin = dir.resolve("target/Facemap_Fiji-" + version + ".jar");
		UpdaterChecksumsTest.jar(plugin, UpdaterChecksumsTest.entries("sc/fiji/facemap/X.class", "x" + version,
			"META-INF/json/org.scijava.plugin.Plugin", "{}"));
		List<Path> jars = new ArrayList<>();
		for (String n : new String[] { "ij-1.54p.jar", "scijava-common-2.99.2.jar", "api-0.33.0.jar",
			"pytorch-native-cpu-2.5.1-linux-x86_64.jar", "pytorch-native-cpu-2.5.1-win-x86_64.jar",
			"pytorch-native-cpu-2.5.1-osx-aarch64.jar", "ffmpeg-7.1.1-1.5.12-windows-x86_64.jar",
			"ffmpeg-7.1.1-1.5.12-macosx-arm64.jar", "pytorch-native-cu124-2.5.1-linux-x86_64.jar" }) {
			Path j = dir.resolve("target/lib/" + n);
			UpdaterChecksumsTest.jar(j, UpdaterChecksumsTest.entries("native/" + n, n));
			jars.add(j);
		}
		Files.createDirectories(dir.resolve("models/facemap_base"));
		Files.writeString(dir.resolve("models/facemap_base/model.json"), "{\"name\":\"facemap_base\"}");
		// fixed times, so that the stored names are known
		for (Path p : jars) Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
		return new UpdateSite.Contents(plugin, jars, dir.resolve("models"), version);
	}

	static Set<String> files(Path root) throws Exception {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).collect(
				Collectors.toCollection(TreeSet::new));
		}
	}

	@Test
	void theSiteIsServableAsItIs(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("update-site");
		List<UpdateSite.Entry> entries = UpdateSite.build(contents(tmp, "1.2.3"), out);
		List<String> names = entries.stream().map(UpdateSite.Entry::filename).collect(Collectors.toList());
		assertEquals(List.of("plugins/Facemap_Fiji-1.2.3.jar", "jars/api-0.33.0.jar",
			"jars/macos-arm64/ffmpeg-7.1.1-1.5.12-macosx-arm64.jar", "jars/win64/ffmpeg-7.1.1-1.5.12-windows-x86_64.jar",
			"jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar", "jars/macos-arm64/pytorch-native-cpu-2.5.1-osx-aarch64.jar",
			"jars/win64/pytorch-native-cpu-2.5.1-win-x86_64.jar", "models/facemap_base/model.json"), names,
			"Fiji's own ij and scijava-common are left out, and so is the CUDA build");
		String ts = Long.toString(UpdaterChecksums.timestamp(1_700_000_000_000L));
		assertTrue(files(out).contains("jars/api-0.33.0.jar-" + ts), files(out).toString());

		// every record is stored as <path>-<timestamp>, nothing under a plain path, and nothing else but db and README
		Set<String> expected = new TreeSet<>(Set.of("db.xml.gz", "README.md"));
		for (UpdateSite.Entry e : entries) expected.add(e.storedName());
		assertEquals(expected, files(out));
		for (UpdateSite.Entry e : entries) {
			assertEquals(UpdaterChecksums.checksum(e.filename(), out.resolve(e.storedName())), e.checksum(), e.filename());
			assertEquals(Files.size(out.resolve(e.storedName())), e.filesize());
		}
		assertFalse(Files.exists(tmp.resolve(".update-site.tmp")), "the temporary tree is gone");

		// db.xml.gz: valid against the updater's DTD, with the platform tags the updater uses
		Document doc = parseValidating(out);
		NodeList plugins = doc.getElementsByTagName("plugin");
		assertEquals(entries.size(), plugins.getLength());
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			String name = p.getAttribute("filename");
			NodeList platform = p.getElementsByTagName("platform");
			String folder = name.split("/").length > 2 && name.startsWith("jars/") ? name.split("/")[1] : null;
			if (folder == null) assertEquals(0, platform.getLength(), name);
			else assertEquals(folder, platform.item(0).getTextContent(), name);
			if (name.startsWith("plugins/")) assertEquals(6, ((Element) p.getElementsByTagName("version").item(0))
				.getElementsByTagName("dependency").getLength(), "depends on every jar of the site");
		}
		assertEquals(entries, UpdateSite.read(out), "read back as written");
	}

	static Document parseValidating(Path site) throws Exception {
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setValidating(true); // against the embedded DTD
		DocumentBuilder db = f.newDocumentBuilder();
		List<String> errors = new ArrayList<>();
		db.setErrorHandler(new ErrorHandler() {
			@Override
			public void warning(SAXParseException e) {}

			@Override
			public void error(SAXParseException e) {
				errors.add(e.getMessage());
			}

			@Override
			public void fatalError(SAXParseException e) {
				errors.add(e.getMessage());
			}
		});
		Document doc;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
			doc = db.parse(in);
		}
		assertEquals(List.of(), errors, "db.xml.gz is valid against its DTD");
		return doc;
	}

	static Path freshFiji(Path dir) throws Exception {
		Files.createDirectories(dir.resolve("jars"));
		Files.createDirectories(dir.resolve("plugins"));
		return dir;
	}

	@Test
	void installFromTheServedSiteAsFijiWouldDownloadIt(@TempDir Path tmp) throws Exception {
		Path site = tmp.resolve("update-site");
		List<UpdateSite.Entry> entries = UpdateSite.build(contents(tmp, "1.2.3"), site);
		Path fiji = freshFiji(tmp.resolve("Fiji.app"));
		Files.createDirectories(fiji.resolve("jars/win64")); // this Fiji also serves Windows
		FijiInstall.Result r;
		try (LoopbackServer server = new LoopbackServer(site)) {
			r = FijiInstall.install(SiteSource.url(server.url()), fiji, Progress.NONE);
		}
		Set<String> expected = new TreeSet<>(Set.of(FijiInstall.MANIFEST));
		for (UpdateSite.Entry e : entries) {
			NativePlatform p = e.platform();
			if (p == null || p == NativePlatform.WIN64 || p == NativePlatform.current()) expected.add(e.filename());
		}
		assertEquals(expected, files(fiji), "plugin, jars, models, and natives of this machine and of win64 only");
		for (UpdateSite.Entry e : entries)
			if (expected.contains(e.filename())) assertEquals(e.checksum(), UpdaterChecksums.checksum(e.filename(), fiji
				.resolve(e.filename())));
		assertEquals(expected.size() - 1, r.installed().size());

		// again from the folder: everything up to date
		FijiInstall.Result again = FijiInstall.install(SiteSource.folder(site), fiji, Progress.NONE);
		assertEquals(List.of(), again.installed());
		assertEquals(expected.size() - 1, again.unchanged().size());
	}

	@Test
	void aNewVersionReplacesOursAndKeepsFijisOwn(@TempDir Path tmp) throws Exception {
		Path fiji = freshFiji(tmp.resolve("Fiji.app"));
		FijiInstall.install(SiteSource.folder(UpdateSiteTestSites.site(tmp.resolve("v1"), "1.0.0")), fiji, Progress.NONE);
		assertTrue(Files.isRegularFile(fiji.resolve("plugins/Facemap_Fiji-1.0.0.jar")));
		// Fiji has its own, other version of one of our libraries (not put there by us)
		UpdaterChecksumsTest.jar(fiji.resolve("jars/jhdf-0.9.1.jar"), UpdaterChecksumsTest.entries("io/jhdf/A.class", "a"));
		FijiInstall.Result r = FijiInstall.install(SiteSource.folder(UpdateSiteTestSites.site(tmp.resolve("v2"), "2.0.0")),
			fiji, Progress.NONE);
		assertFalse(Files.exists(fiji.resolve("plugins/Facemap_Fiji-1.0.0.jar")), "the old plugin is gone");
		assertTrue(Files.isRegularFile(fiji.resolve("plugins/Facemap_Fiji-2.0.0.jar")));
		assertTrue(Files.isRegularFile(fiji.resolve("jars/jhdf-0.9.1.jar")), "Fiji's own version stays");
		assertFalse(Files.exists(fiji.resolve("jars/jhdf-0.9.4.jar")), "and ours is not put beside it");
		assertEquals(List.of("jars/jhdf-0.9.1.jar"), r.keptFijis());
		assertTrue(r.removed().contains("plugins/Facemap_Fiji-1.0.0.jar"), r.removed().toString());
		assertTrue(r.summary(fiji).contains("Kept Fiji's own versions"), r.summary(fiji));
	}

	@Test
	void aCorruptSiteFileIsRefusedAndLeavesNothing(@TempDir Path tmp) throws Exception {
		Path site = tmp.resolve("update-site");
		List<UpdateSite.Entry> entries = UpdateSite.build(contents(tmp, "1.2.3"), site);
		UpdateSite.Entry model = entries.get(entries.size() - 1);
		Path stored = site.resolve(model.storedName());
		Files.delete(stored); // a hard link: replace, not edit in place
		Files.writeString(stored, "{\"name\":\"tampered\"}");
		Path fiji = freshFiji(tmp.resolve("Fiji.app"));
		FacemapException e = assertThrows(FacemapException.class, () -> FijiInstall.install(SiteSource.folder(site), fiji,
			Progress.NONE));
		assertTrue(e.getMessage().contains("does not match its checksum"), e.getMessage());
		assertFalse(Files.exists(fiji.resolve(model.filename())));
		try (Stream<Path> s = Files.walk(fiji)) {
			assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".part")).collect(Collectors.toList()));
		}
	}

	@Test
	void notAFijiFolderIsNamed(@TempDir Path tmp) throws Exception {
		Path site = UpdateSiteTestSites.site(tmp.resolve("s"), "1.0.0");
		FacemapException e = assertThrows(FacemapException.class, () -> FijiInstall.install(SiteSource.folder(site), tmp
			.resolve("nothing"), Progress.NONE));
		assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("no such folder"), e.getMessage());
		Files.createDirectories(tmp.resolve("empty"));
		e = assertThrows(FacemapException.class, () -> FijiInstall.install(SiteSource.folder(site), tmp.resolve("empty"),
			Progress.NONE));
		assertTrue(e.getMessage().contains("no jars/ folder"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> SiteSource.folder(tmp.resolve("empty")));
		assertTrue(e.getMessage().contains("db.xml.gz"), e.getMessage());
	}

	@Test
	void platformsAndNames() {
		assertEquals(NativePlatform.MACOS_ARM64, NativePlatform.ofJar("javacpp-1.5.12-macosx-arm64.jar"));
		assertEquals(NativePlatform.MACOS_ARM64, NativePlatform.ofJar("pytorch-native-cpu-2.5.1-osx-aarch64.jar"));
		assertEquals(NativePlatform.WIN64, NativePlatform.ofJar("pytorch-native-cpu-2.5.1-win-x86_64.jar"));
		assertEquals(null, NativePlatform.ofJar("javacpp-1.5.12-macosx-x86_64.jar"), "Intel macOS is not served");
		assertEquals("macos-arm64", NativePlatform.MACOS_ARM64.folder, "imagej-updater's Apple Silicon platform");
		assertEquals(NativePlatform.LINUX64, NativePlatform.of("Linux", "amd64"));
		assertEquals(NativePlatform.WIN64, NativePlatform.of("Windows 11", "amd64"));
		assertEquals(NativePlatform.MACOS_ARM64, NativePlatform.of("Mac OS X", "aarch64"));
		assertEquals(null, NativePlatform.of("Mac OS X", "x86_64"));
		assertEquals("api", UpdateSite.artifactId("api-0.33.0.jar"));
		assertEquals("pytorch-native-cpu", UpdateSite.artifactId("pytorch-native-cpu-2.5.1-linux-x86_64.jar"));
		assertEquals("jars/linux64/ffmpeg-7.1.1-1.5.12-linux-x86_64.jar", UpdateSite.pathOf("ffmpeg-7.1.1-1.5.12-linux-x86_64.jar"));
		assertEquals("jars/ffmpeg-7.1.1-1.5.12.jar", UpdateSite.pathOf("ffmpeg-7.1.1-1.5.12.jar"));
	}
}
