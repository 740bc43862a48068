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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class UpdaterChecksumsTest {

	static final Path RES = Paths.get("src/test/resources/updater");

	/** filename -> {checksum, filesize} of the records in the committed excerpt of a real db.xml.gz. */
	static Map<String, String[]> realRecords() throws Exception {
		Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(RES.resolve("db-excerpt.xml")
			.toFile());
		Map<String, String[]> out = new LinkedHashMap<>();
		NodeList plugins = doc.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			Element v = (Element) p.getElementsByTagName("version").item(0);
			out.put(p.getAttribute("filename"), new String[] { v.getAttribute("checksum"), v.getAttribute("filesize") });
		}
		return out;
	}

	@Test
	void jarChecksumIsTheOneTheRealUpdaterRecorded() throws Exception {
		String[] rec = realRecords().get("jars/base64-2.3.8.jar");
		Path jar = RES.resolve("base64-2.3.8.jar");
		assertEquals("2daf8bdd9c1bf5c3a81fa76a7c33cccdff335a3c", rec[0], "the excerpt is the committed one");
		assertEquals(Long.parseLong(rec[1]), Files.size(jar), "the jar is the one the record describes");
		assertEquals(rec[0], UpdaterChecksums.checksum("jars/base64-2.3.8.jar", jar));
		// not a plain SHA-1 of the bytes: the updater's rules (sorted entries, no manifest, no dated comments) apply
		assertNotEquals(rec[0], UpdaterChecksums.sha1(jar));
	}

	@Test
	void plainFileChecksumIsTheOneTheRealUpdaterRecorded() throws Exception {
		String[] rec = realRecords().get("plugins/readme.txt");
		Path f = RES.resolve("plugins/readme.txt");
		assertEquals(Long.parseLong(rec[1]), Files.size(f));
		assertEquals(rec[0], UpdaterChecksums.checksum("plugins/readme.txt", f));
		assertNotEquals(rec[0], UpdaterChecksums.checksum("plugins/other.txt", f), "the path is part of it");
	}

	static void jar(Path p, Map<String, String> entries) throws IOException {
		Files.createDirectories(p.getParent());
		try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
			for (Map.Entry<String, String> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
				z.closeEntry();
			}
		}
	}

	static Map<String, String> entries(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void jarChecksumIgnoresOrderBuildDatesAndManifest(@TempDir Path tmp) throws IOException {
		Path a = tmp.resolve("a.jar"), b = tmp.resolve("b.jar"), c = tmp.resolve("c.jar"), d = tmp.resolve("d.jar");
		jar(a, entries("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: x.A\nBuilt-By: me\n", "x/A.class",
			"AAA", "x/pom.properties", "#Mon Nov 30 2026\nversion=1\n"));
		jar(b, entries("x/pom.properties", "#Tue Dec 01 2026\nversion=1\n", "x/A.class", "AAA", "META-INF/MANIFEST.MF",
			"Manifest-Version: 1.0\nBuilt-By: you\nCreated-By: Maven\n"));
		jar(c, entries("x/A.class", "AAB", "x/pom.properties", "#Mon Nov 30 2026\nversion=1\n"));
		jar(d, entries("x/A.class", "AAA", "x/pom.properties", "#Mon Nov 30 2026\nversion=2\n"));
		String ca = UpdaterChecksums.checksum("jars/a.jar", a);
		assertEquals(40, ca.length());
		assertEquals(ca, UpdaterChecksums.checksum("jars/a.jar", b), "order, comment dates, manifest do not count");
		assertNotEquals(ca, UpdaterChecksums.checksum("jars/a.jar", c), "class bytes count");
		assertNotEquals(ca, UpdaterChecksums.checksum("jars/a.jar", d), "property values count");
	}

	private static String filtered(String s) {
		return new String(UpdaterChecksums.withoutHashedLines(s.getBytes(StandardCharsets.ISO_8859_1)),
			StandardCharsets.ISO_8859_1);
	}

	@Test
	void hashedLinesAsTheUpdaterReadsThem() {
		assertEquals("\nversion=1\n\n", filtered("#date\nversion=1\n#x\n#tail"));
		assertEquals("a=#1\n", filtered("a=#1\n"), "a '#' inside a line stays");
		assertEquals("\n\nv=1\n", filtered("#Generated by Maven\n#Fri Mar 26 18:39:03 PDT 2010\nv=1\n"));
		// the updater's reader: a line feed read at a line start ends that state, so the next '#' is kept
		assertEquals("\n#kept\n", filtered("\n#kept\n"), "after an empty line");
		assertEquals("\n#kept\n", filtered("#\n#kept\n"), "after a line that is only '#'");
		assertEquals("\n", filtered("##x\n"), "several '#' at a line start");
	}
}
