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
package sc.fiji.facemap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imagej.patcher.LegacyEnvironment;
import net.imagej.patcher.LegacyInjector;

import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.FfmpegVideoSource;

/**
 * Runs ImageJ macros headless in a patched ImageJ1 (ij1-patcher), the way plain ImageJ without Fiji would: the
 * Facemap commands are installed into ImageJ's command table by {@link MenuInstaller} (from the plugin index), then
 * {@code run("Open Video...", "path=[...]")} goes through {@link CommandBridge} and {@link CommandDialog}. Results
 * come back through files written by the macro.
 */
class MacroTest {

	static {
		LegacyInjector.preinit();
	}

	private static LegacyEnvironment ij1;

	@BeforeAll
	static void patchImageJ() throws ClassNotFoundException {
		ij1 = new LegacyEnvironment(null, true);
		ij1.disableIJ1PluginDirs();
		ij1.addPluginClasspath(MacroTest.class.getClassLoader());
	}

	private static String q(Path p) {
		return p.toAbsolutePath().toString().replace("\\", "/");
	}

	@Test
	void openVideoFromAMacro(@TempDir Path tmp) throws Exception {
		Path video = TestData.demoVideo();
		Path result = tmp.resolve("result.txt");
		String macro = "setBatchMode(true); close(\"*\");\n" + //
			"n = call(\"sc.fiji.facemap.launcher.MenuInstaller.installCommands\");\n" + //
			"run(\"Open Video...\", \"path=[" + q(video) + "]\");\n" + //
			"s = n + \"\\n\" + getTitle() + \"\\n\" + getWidth() + \"\\n\" + getHeight() + \"\\n\" + nSlices;\n" + //
			"setSlice(501);\n" + //
			"s = s + \"\\n\" + getPixel(10, 20) + \"\\n\" + getPixel(799, 479) + \"\\n\" + Stack.isHyperstack;\n" + //
			"File.saveString(s, \"" + q(result) + "\");\n";
		ij1.runMacro(macro, "");
		assertTrue(Files.exists(result), "the macro wrote no result (it failed before the end)");
		List<String> lines = Files.readAllLines(result);
		assertTrue(Integer.parseInt(lines.get(0)) >= 1, "installed commands: " + lines.get(0));
		assertEquals("sample_video.mp4", lines.get(1));
		assertEquals("800", lines.get(2));
		assertEquals("480", lines.get(3));
		assertEquals("749", lines.get(4));
		byte[] frame500;
		try (FfmpegVideoSource s = new FfmpegVideoSource(video)) {
			frame500 = s.read(500);
		}
		assertEquals(frame500[20 * 800 + 10] & 0xff, Integer.parseInt(lines.get(5)), "pixel (10,20) of frame 500");
		assertEquals(frame500[479 * 800 + 799] & 0xff, Integer.parseInt(lines.get(6)), "pixel (799,479)");
	}

	@Test
	void dialogIsFilledFromMacroOptionsWithFieldNamesAsKeys(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("values.txt");
		String macro = "setBatchMode(true); close(\"*\");\n" + //
			"call(\"sc.fiji.facemap.launcher.MenuInstaller.installCommands\", \"Plugins>FacemapTest>\");\n" + //
			"newImage(\"blobs here\", \"8-bit black\", 16, 16, 1);\n" + //
			"run(\"Dialog Types Test...\", \"out=[" + q(out) + "] text=[hello world] count=7 ratio=0.25 flag " + //
			"choice=gamma mode=SLOW folder=[" + q(tmp) + "] image=[blobs here]\");\n";
		ij1.runMacro(macro, "");
		assertTrue(Files.exists(out), "the command did not run");
		List<String> lines = Files.readAllLines(out);
		assertEquals(List.of("text=hello world", "count=7", "ratio=0.25", "flag=true", "choice=gamma", "mode=SLOW",
			"folder=" + tmp.toAbsolutePath(), "image=blobs here"), lines);
	}

	@Test
	void missingOptionsTakeTheFieldDefaultsAndAbsentBooleansAreFalse(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("values.txt");
		String macro = "setBatchMode(true); close(\"*\");\n" + //
			"call(\"sc.fiji.facemap.launcher.MenuInstaller.installCommands\", \"Plugins>FacemapTest>\");\n" + //
			"run(\"Dialog Types Test...\", \"out=[" + q(out) + "]\");\n";
		ij1.runMacro(macro, "");
		List<String> lines = Files.readAllLines(out);
		assertEquals(List.of("text=default text", "count=3", "ratio=0.5", "flag=false", "choice=alpha", "mode=FAST",
			"folder=null", "image=null"), lines);
	}

	@Test
	void outOfRangeValueStopsTheMacro(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("values.txt");
		Path after = tmp.resolve("after.txt");
		String macro = "setBatchMode(true); close(\"*\");\n" + //
			"call(\"sc.fiji.facemap.launcher.MenuInstaller.installCommands\", \"Plugins>FacemapTest>\");\n" + //
			"run(\"Dialog Types Test...\", \"out=[" + q(out) + "] count=11\");\n" + //
			"File.saveString(\"continued\", \"" + q(after) + "\");\n";
		try {
			ij1.runMacro(macro, "");
		}
		catch (RuntimeException e) {
			// an aborted macro may surface as an exception in the patched headless ImageJ
		}
		assertTrue(!Files.exists(out), "the command must not run with count=11 (max 10)");
		assertTrue(!Files.exists(after), "the macro must stop at the error");
	}

	@Test
	void aMissingVideoStopsTheMacro(@TempDir Path tmp) throws Exception {
		Path after = tmp.resolve("after.txt");
		String macro = "setBatchMode(true); close(\"*\");\n" + //
			"call(\"sc.fiji.facemap.launcher.MenuInstaller.installCommands\");\n" + //
			"run(\"Open Video...\", \"path=[" + q(tmp.resolve("no such video.mp4")) + "]\");\n" + //
			"File.saveString(\"\" + nImages, \"" + q(after) + "\");\n";
		try {
			ij1.runMacro(macro, "");
		}
		catch (RuntimeException e) {
			// an aborted macro may surface as an exception in the patched headless ImageJ
		}
		assertTrue(!Files.exists(after), "the macro must stop when the video cannot be opened");
	}
}
