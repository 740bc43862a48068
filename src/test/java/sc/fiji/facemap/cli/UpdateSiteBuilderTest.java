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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

class UpdateSiteBuilderTest {

	private static void jar(Path p, Map<String, String> entries) throws IOException {
		Files.createDirectories(p.getParent());
		try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
			for (Map.Entry<String, String> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
				z.closeEntry();
			}
		}
	}

	private static Map<String, String> entries(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void jarChecksumIgnoresOrderBuildDatesAndManifest(@TempDir Path tmp) throws IOException {
		Path a = tmp.resolve("a.jar"), b = tmp.resolve("b.jar"), c = tmp.resolve("c.jar"), d = tmp.resolve("d.jar");
		jar(a, entries("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBuilt-By: me\n", "x/A.class", "AAA",
			"x/pom.properties", "#Mon Nov 30 2026\nversion=1\n"));
		jar(b, entries("x/pom.properties", "#Tue Dec 01 2026\nversion=1\n", "x/A.class", "AAA",
			"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBuilt-By: you\nCreated-By: Maven\n"));
		jar(c, entries("x/A.class", "AAB", "x/pom.properties", "#Mon Nov 30 2026\nversion=1\n"));
		jar(d, entries("x/A.class", "AAA", "x/pom.properties", "#Mon Nov 30 2026\nversion=2\n"));
		String ca = UpdaterChecksums.checksum("jars/a.jar", a);
		assertEquals(40, ca.length());
		assertEquals(ca, UpdaterChecksums.checksum("jars/a.jar", b), "order, comment dates, manifest do not count");
		assertNotEquals(ca, UpdaterChecksums.checksum("jars/a.jar", c), "class bytes count");
		assertNotEquals(ca, UpdaterChecksums.checksum("jars/a.jar", d), "property values count");
	}

	@Test
	void hashedLinesKeepTheirLineFeed() {
		assertEquals("\nversion=1\n\n", new String(UpdaterChecksums.withoutHashedLines(
			"#date\nversion=1\n#x\n#tail".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
		assertEquals("a=#1\n", new String(UpdaterChecksums.withoutHashedLines("a=#1\n".getBytes(
			StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
	}

	@Test
	void plainFileChecksumIncludesItsPath(@TempDir Path tmp) throws IOException {
		Path f = tmp.resolve("m.json");
		Files.writeString(f, "{}");
		assertNotEquals(UpdaterChecksums.checksum("models/a/m.json", f), UpdaterChecksums.checksum("models/b/m.json",
			f));
	}

	@Test
	void namesAndPlatforms() {
		assertEquals("api", UpdateSiteBuilder.artifactId("api-0.33.0.jar"));
		assertEquals("pytorch-native-cpu", UpdateSiteBuilder.artifactId("pytorch-native-cpu-2.5.1-linux-x86_64.jar"));
		assertEquals("scijava-common", UpdateSiteBuilder.artifactId("scijava-common-2.99.2.jar"));
		assertEquals("linux64/", UpdateSiteBuilder.platformFolder("ffmpeg-7.1.1-1.5.12-linux-x86_64.jar"));
		assertEquals("", UpdateSiteBuilder.platformFolder("ffmpeg-7.1.1-1.5.12.jar"));
	}

	@Test
	void buildsAFijiShapedTreeWithAValidIndex(@TempDir Path project) throws Exception {
		jar(project.resolve("target/Facemap_Fiji-1.2.3.jar"), entries("sc/fiji/facemap/X.class", "x",
			"META-INF/json/org.scijava.plugin.Plugin", "{}"));
		jar(project.resolve("target/lib/ij-1.54p.jar"), entries("ij/IJ.class", "ij"));
		jar(project.resolve("target/lib/scijava-common-2.99.2.jar"), entries("org/scijava/C.class", "c"));
		jar(project.resolve("target/lib/api-0.33.0.jar"), entries("ai/djl/A.class", "a"));
		jar(project.resolve("target/lib/pytorch-native-cpu-2.5.1-linux-x86_64.jar"), entries("native/lib", "so"));
		Files.createDirectories(project.resolve("models/facemap_base"));
		Files.writeString(project.resolve("models/facemap_base/model.json"), "{\"name\":\"facemap_base\"}");
		Path out = project.resolve("update-site");
		List<String> files = UpdateSiteBuilder.build(project, "1.2.3", out);
		assertEquals(List.of("plugins/Facemap_Fiji-1.2.3.jar", "jars/api-0.33.0.jar",
			"jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar", "models/facemap_base/model.json"), files);
		for (String f : files) assertTrue(Files.isRegularFile(out.resolve(f)), f);
		assertFalse(Files.exists(out.resolve("jars/ij-1.54p.jar")), "Fiji ships ij");
		assertFalse(Files.exists(project.resolve(".update-site.tmp")), "the temporary tree is gone");

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
		try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("db.xml.gz")))) {
			doc = db.parse(in);
		}
		assertEquals(List.of(), errors, "db.xml.gz is valid against its DTD");
		NodeList plugins = doc.getElementsByTagName("plugin");
		assertEquals(files.size(), plugins.getLength());
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			String name = p.getAttribute("filename");
			Element v = (Element) p.getElementsByTagName("version").item(0);
			assertEquals(UpdaterChecksums.checksum(name, out.resolve(name)), v.getAttribute("checksum"), name);
			assertEquals(Long.toString(Files.size(out.resolve(name))), v.getAttribute("filesize"), name);
			assertTrue(v.getAttribute("timestamp").matches("\\d{14}"), name);
			if (name.contains("linux64")) assertEquals("linux64", p.getElementsByTagName("platform").item(0)
				.getTextContent());
			if (name.startsWith("plugins/")) assertEquals(2, v.getElementsByTagName("dependency").getLength(),
				"depends on the two shipped jars");
		}
	}
}
