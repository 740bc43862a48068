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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import sc.fiji.facemap.install.FijiInstall;
import sc.fiji.facemap.install.UpdateSite;

/** {@code facemap install-fiji} and {@code facemap install-gpu}: thin wrappers over the install package. */
class InstallCommandsTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	@Test
	void installGpuNeverDownloadsWithoutAYes(@TempDir Path tmp) throws Exception {
		int rc = run("install-gpu", "--target", tmp.toString(), "--repository", "http://127.0.0.1:1/");
		assertTrue(rc == 0 || rc == FacemapCli.EXIT_ERROR, "rc " + rc + ": " + err);
		assertTrue(out.toString().startsWith("Found: "), out.toString());
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(List.of(), s.collect(Collectors.toList()), "nothing downloaded: " + out);
		}
	}

	@Test
	void installFijiFromASiteFolder(@TempDir Path tmp) throws Exception {
		Path plugin = tmp.resolve("Facemap_Fiji-9.9.jar");
		try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(plugin))) {
			z.putNextEntry(new java.util.zip.ZipEntry("x/X.class"));
			z.write(1);
			z.closeEntry();
		}
		Path site = tmp.resolve("site");
		UpdateSite.build(new UpdateSite.Contents(plugin, List.of(), null, "9.9"), site);
		Path fiji = Files.createDirectories(tmp.resolve("Fiji.app/jars")).getParent();
		assertEquals(0, run("install-fiji", fiji.toString(), "--site", site.toString()), err.toString());
		assertTrue(Files.isRegularFile(fiji.resolve("plugins/Facemap_Fiji-9.9.jar")));
		assertTrue(Files.isRegularFile(fiji.resolve(FijiInstall.MANIFEST)));
		assertTrue(out.toString().contains("Installed 1 files into") && out.toString().contains("Restart Fiji"), out
			.toString());

		assertEquals(FacemapCli.EXIT_ERROR, run("install-fiji", tmp.resolve("nope").toString(), "--site", site.toString()));
		assertTrue(err.toString().contains("nope: no such folder"), err.toString());
	}
}
