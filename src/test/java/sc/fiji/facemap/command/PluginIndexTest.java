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
package sc.fiji.facemap.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Checks the SciJava plugin index that the annotation processor writes into the main build output (and so into the
 * plugin jar): our commands are listed, with menu paths under Plugins>Facemap>, and ImageJ1 will not auto-register
 * any of our classes (no class name contains '_', and no plugins.config defines labels twice).
 */
class PluginIndexTest {

	static final String INDEX = "META-INF/json/org.scijava.plugin.Plugin";

	/** The main (not test) index, from target/classes on the test class path. */
	static URL mainIndex() throws IOException {
		List<URL> urls = Collections.list(PluginIndexTest.class.getClassLoader().getResources(INDEX));
		for (URL u : urls)
			if (!u.toString().contains("test-classes") && (u.toString().contains("/target/classes/") || u.toString()
				.contains("Facemap_Fiji"))) return u;
		throw new AssertionError("No main plugin index among " + urls +
			"; is the SciJava annotation processor running (-proc:full)?");
	}

	static List<JsonObject> entries(URL url) throws IOException {
		List<JsonObject> out = new ArrayList<>();
		try (Reader r = new InputStreamReader(url.openStream(), StandardCharsets.UTF_8)) {
			JsonReader jr = new JsonReader(r);
			jr.setLenient(true); // the index is a sequence of JSON objects
			while (jr.peek() != JsonToken.END_DOCUMENT) out.add(JsonParser.parseReader(jr).getAsJsonObject());
		}
		return out;
	}

	@Test
	void indexListsOurCommandsUnderThePluginsFacemapMenu() throws IOException {
		List<JsonObject> entries = entries(mainIndex());
		Set<String> labels = new HashSet<>();
		boolean openVideo = false;
		int commands = 0;
		for (JsonObject e : entries) {
			String cls = e.get("class").getAsString();
			JsonObject values = e.getAsJsonObject("values");
			assertNotNull(values, cls);
			if (!"org.scijava.command.Command".equals(values.has("type") ? values.get("type").getAsString() : ""))
				continue;
			commands++;
			assertTrue(cls.startsWith("sc.fiji.facemap."), cls);
			String menu = values.has("menuPath") ? values.get("menuPath").getAsString() : menuOf(values);
			assertTrue(menu.startsWith(FacemapCommands.MENU_PREFIX), cls + " has menu path '" + menu +
				"', not under " + FacemapCommands.MENU_PREFIX);
			String label = menu.substring(menu.lastIndexOf('>') + 1);
			assertFalse(label.contains("\u2026"), label + ": three ASCII dots, as ImageJ macros type them");
			assertTrue(labels.add(label), "two commands share the label '" + label + "'");
			if (cls.equals(OpenVideoCommand.class.getName())) {
				openVideo = true;
				assertEquals("Plugins>Facemap>Open Video...", menu);
				assertTrue(values.get("headless").getAsBoolean(), "Open Video runs headless");
			}
		}
		assertTrue(openVideo, "Open Video... is in the index");
		assertTrue(commands >= 1);
	}

	@Test
	void noClassNameWithAnUnderscoreAndNoPluginsConfig() throws Exception {
		Path classes = Paths.get(mainIndex().toURI()).getParent().getParent().getParent();
		assertFalse(Files.exists(classes.resolve("plugins.config")),
			"no plugins.config: in Fiji the SciJava commands are the one route, labels must not be defined twice");
		try (Stream<Path> files = Files.walk(classes.resolve("sc"))) {
			files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
				String simple = p.getFileName().toString().replaceAll("\\$.*|\\.class$", "");
				assertFalse(simple.contains("_"), p + ": ImageJ1 registers classes with '_' in their name from a " +
					"jar whose name has one (ours does)");
			});
		}
	}

	/** The menu path of an index entry written from {@code menu = { @Menu(...), ... }} (labels joined by '>'). */
	static String menuOf(JsonObject values) {
		if (!values.has("menu")) return "";
		StringBuilder b = new StringBuilder();
		for (com.google.gson.JsonElement e : values.getAsJsonArray("menu")) {
			if (b.length() > 0) b.append('>');
			b.append(e.getAsJsonObject().get("label").getAsString());
		}
		return b.toString();
	}

	@Test
	void theMenuIsInWorkflowOrder() {
		org.scijava.Context c = sc.fiji.facemap.launcher.Contexts.get();
		java.util.List<String> labels = new java.util.ArrayList<>();
		for (org.scijava.command.CommandInfo info : FacemapCommands.list(c.service(org.scijava.plugin.PluginService.class)))
			labels.add(FacemapCommands.label(info));
		// issue 11: open, review, track, label, refine, process, predict (it was alphabetical)
		java.util.List<String> workflow = java.util.List.of("Open Video...", "Facemap Window...", "Track Keypoints...",
			"Load Keypoints...", "Suggest Frames...", "Annotate Keypoints...", "Refine Model...", "Evaluate Model...",
			"Process Video (SVD, pupil, blink, running)...", "Train Neural Encoder...", "Save Facemap Figure...", "Batch Process...",
			"Install GPU Support...");
		assertEquals(workflow, labels.subList(0, workflow.size()), "the menu: " + labels);
	}
}
