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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;
import sc.fiji.facemap.testutil.TestData;

class FacemapCliTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	@Test
	void infoJsonOnTheDemoVideo() {
		assertEquals(0, run("info", TestData.demoVideo().toString(), "--json"), err.toString());
		JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
		assertEquals(749, o.get("frames").getAsInt());
		assertEquals(800, o.get("width").getAsInt());
		assertEquals(480, o.get("height").getAsInt());
		assertEquals(25.0, o.get("fps").getAsDouble(), 1e-9);
		assertEquals("h264", o.get("codec").getAsString());
		assertEquals(29.96, o.get("duration").getAsDouble(), 1e-9);
	}

	@Test
	void infoOnSeveralFilesGivesOneEntryEach() {
		Path v = TestData.demoVideo();
		assertEquals(0, run("info", "--json", v.toString(), v.toString()), err.toString());
		JsonArray a = JsonParser.parseString(out.toString()).getAsJsonArray();
		assertEquals(2, a.size());
		assertEquals(749, a.get(1).getAsJsonObject().get("frames").getAsInt());
	}

	@Test
	void infoConcatDescribesOneRecording() {
		Path v = TestData.demoVideo();
		assertEquals(0, run("info", "--json", "--concat", v.toString(), v.toString()), err.toString());
		JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
		assertEquals(2 * 749, o.get("frames").getAsInt());
	}

	@Test
	void infoText() {
		assertEquals(0, run("info", TestData.demoVideo().toString()), err.toString());
		assertTrue(out.toString().contains("frames:   749"), out.toString());
		assertTrue(out.toString().contains("size:     800 x 480"), out.toString());
	}

	@Test
	void missingFileIsOneMessageWithoutStackTrace() {
		assertEquals(FacemapCli.EXIT_ERROR, run("info", "/no/such/video.mp4"));
		String e = err.toString();
		assertTrue(e.startsWith("facemap: /no/such/video.mp4: "), e);
		assertFalse(e.contains("\tat "), "no stack trace: " + e);
	}

	@Test
	void notAVideoNamesTheFile() {
		assertEquals(FacemapCli.EXIT_ERROR, run("info", "pom.xml"));
		assertTrue(err.toString().contains("pom.xml"), err.toString());
		assertFalse(err.toString().contains("\tat "), err.toString());
	}

	@Test
	void versionAndHelp() {
		assertEquals(0, run("--version"));
		assertTrue(out.toString().startsWith("Facemap for Fiji "), out.toString());
		assertFalse(out.toString().contains("unknown"), "version comes from the filtered resource: " + out);
		for (String sub : FacemapCli.commandLine().getSubcommands().keySet()) {
			out.getBuffer().setLength(0);
			assertEquals(0, run(sub, "--help"), sub);
			assertTrue(out.toString().contains("Usage: facemap " + sub), sub + ": " + out);
		}
	}

	@Test
	void unknownOptionIsAUsageError() {
		assertEquals(2, run("info", "--bogus", "x.mp4"));
		assertTrue(err.toString().contains("--bogus"), err.toString());
	}

	@Test
	void guiWithoutADisplayIsAClearError() {
		org.junit.jupiter.api.Assumptions.assumeTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests run headless");
		assertEquals(FacemapCli.EXIT_ERROR, run("gui"));
		assertTrue(err.toString().contains("needs a display"), err.toString());
	}
}
