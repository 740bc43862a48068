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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.cli.FacemapCli;

/**
 * After {@code mvn package} (failsafe, at {@code mvn verify}): {@code facemap install-fiji} installs the update site
 * the build wrote ({@code update-site/}) into a fresh Fiji-shaped folder that holds only what Fiji itself ships of
 * our dependencies, then ImageJ is started headless from that folder alone (a new JVM, class path
 * {@code jars/}, {@code jars/<platform>/}, {@code plugins/}): our commands are in its command table, and a video is
 * opened and tracked with the installed natives.
 */
class InstallFijiIT {

	@Test
	void installIntoAFreshFijiAndStartImageJFromIt() throws Exception {
		Path project = Paths.get("").toAbsolutePath();
		Path site = project.resolve("update-site"), lib = project.resolve("target/lib");
		assertTrue(Files.isRegularFile(site.resolve(UpdateSite.DB)), "mvn package builds " + site);
		Path fiji = project.resolve("target/it-fiji/Fiji.app");
		UpdateSite.deleteTree(fiji.getParent());
		Files.createDirectories(fiji.resolve("jars"));
		Files.createDirectories(fiji.resolve("plugins"));
		// "Fiji": the libraries Fiji ships that the site leaves out
		try (Stream<Path> s = Files.list(lib)) {
			for (Path j : s.collect(Collectors.toList()))
				if (UpdateSite.SHIPPED_BY_FIJI.contains(UpdateSite.artifactId(j.getFileName().toString())))
					Files.copy(j, fiji.resolve("jars").resolve(j.getFileName()));
		}

		assertEquals(0, FacemapCli.execute("install-fiji", fiji.toString(), "--site", site.toString()));
		NativePlatform here = NativePlatform.current();
		assertTrue(Files.isDirectory(fiji.resolve("jars/" + here.folder)), "natives for " + here.folder);
		try (Stream<Path> s = Files.list(fiji.resolve("plugins"))) {
			assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("Facemap_Fiji-")).count());
		}

		// the probe class alone, copied out of target/test-classes (whose test plugin index must not come along)
		Path probeDir = project.resolve("target/it-fiji/probe");
		String rel = InstalledFijiProbe.class.getName().replace('.', '/') + ".class";
		Path from = Paths.get(InstalledFijiProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve(rel);
		Files.createDirectories(probeDir.resolve(rel).getParent());
		Files.copy(from, probeDir.resolve(rel));

		String cp = String.join(File.pathSeparator, probeDir.toString(), fiji.resolve("jars/*").toString(), fiji.resolve(
			"jars/" + here.folder + "/*").toString(), fiji.resolve("plugins/*").toString());
		Path video = project.resolve("test-images/sample_video.mp4"), out = project.resolve("target/it-fiji/out");
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Xmx3g", "-cp", cp, InstalledFijiProbe.class.getName(),
			video.toString(), out.toString()));
		Path log = project.resolve("target/it-fiji/probe.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the probe finished");
		String text = Files.readString(log, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), text);
		for (String label : new String[] { "Open Video...", "Track Keypoints...", "Install GPU Support..." })
			assertTrue(text.contains("MENU " + label + " = sc.fiji.facemap.launcher.CommandBridge"), label + ":\n" + text);
		assertTrue(text.contains("OPENED 749 800x480"), text);
		assertTrue(text.contains("TRACKED 2 "), text);
		assertTrue(text.contains("FROM file:" + fiji.resolve("jars")), "ImageJ itself comes from the Fiji folder:\n" + text);
		assertTrue(Files.isRegularFile(out.resolve("sample_video_FacemapPose.h5")), text);
	}
}
