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
package sc.fiji.facemap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.testutil.TestData;

/**
 * Runs {@link FacemapWindowGuiCheck} (the Facemap window on the tracked and processed demo video, screenshots
 * checked) in a child JVM on a virtual display: under {@code xvfb-run} (Debian's {@code xvfb} and {@code xauth},
 * installed by {@code .ci/run}), or on the display of {@code DISPLAY} when one is set. The screenshots are left in
 * {@code target/facemap-window-gui/}.
 */
class FacemapWindowGuiTest {

	@Test
	void theFacemapWindowShowsTheDemoVideoWithItsKeypointsAndTraces() throws Exception {
		Path out = Paths.get("target", "facemap-window-gui").toAbsolutePath();
		Files.createDirectories(out);
		List<String> cmd = new ArrayList<>();
		String display = System.getenv("DISPLAY");
		if (display == null || display.isEmpty()) {
			Path xvfb = onPath("xvfb-run");
			assertNotNull(xvfb, "the Facemap window test needs a display: install xvfb-run (Debian/Ubuntu: apt-get "
				+ "install -y xvfb xauth; .ci/run does this) or set DISPLAY");
			cmd.addAll(List.of(xvfb.toString(), "-a", "-s", "-screen 0 1600x1500x24"));
		}
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Dfacemap.shared=" + TestData.shared().toAbsolutePath());
		cmd.add("-Djava.util.prefs.userRoot=" + Paths.get("target", "test-prefs").toAbsolutePath());
		cmd.add("-Xmx3g");
		cmd.add("-cp");
		cmd.add(cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
		cmd.add(FacemapWindowGuiCheck.class.getName());
		cmd.add(out.toString());
		Path log = out.resolve("check.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean done = p.waitFor(20, TimeUnit.MINUTES);
		if (!done) p.destroyForcibly();
		String text = Files.readString(log);
		System.out.println(text);
		assertTrue(done, "the window check did not finish in 20 minutes:\n" + text);
		assertEquals(0, p.exitValue(), "the window check failed:\n" + text);
		assertTrue(text.contains("Facemap window check: OK"), text);
		for (String f : List.of("facemap-window.png", "facemap-traces-figure.png"))
			assertTrue(Files.size(out.resolve(f)) > 1000, f + " written");
		assertTrue(Files.size(Paths.get("target", "facemap-window-check", "facemap-traces-figure.svg")) > 1000);
	}

	private static Path onPath(String exe) {
		String path = System.getenv("PATH");
		if (path == null) return null;
		for (String dir : path.split(File.pathSeparator)) {
			Path p = Paths.get(dir, exe);
			if (Files.isExecutable(p)) return p;
		}
		return null;
	}
}
