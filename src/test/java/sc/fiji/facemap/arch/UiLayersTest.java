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
package sc.fiji.facemap.arch;

import sc.fiji.facemap.FacemapException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of the user interface, read from the compiled classes (as {@link PackageStructureTest}, which checks
 * cycles and the core): {@code ui} (views) never uses the front ends that use it ({@code command}, {@code launcher},
 * {@code cli}); {@code command} does not use the ImageJ1 launcher route; and the data packages the views share
 * ({@code keypoints}, {@code viewer}, {@code task}, {@code job}) name no AWT type at all, not even
 * {@code java.awt.image}.
 */
class UiLayersTest {

	private static final Pattern OURS = Pattern.compile("sc/fiji/facemap/([a-z0-9]+)/[A-Za-z0-9_$]+");
	private static final Set<String> NO_AWT_AT_ALL = Set.of("keypoints", "viewer", "task", "job");

	/** package -> the other packages of ours its classes name; and package -> the foreign type names they use. */
	private static Map<String, Set<String>> deps;
	private static Map<String, Set<String>> foreign;

	private static synchronized void scan() throws Exception {
		if (deps != null) return;
		deps = new TreeMap<>();
		foreign = new TreeMap<>();
		Path root = Path.of(FacemapException.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve("sc/fiji/facemap");
		try (Stream<Path> s = Files.list(root)) {
			for (Path dir : s.filter(Files::isDirectory).toList()) {
				String pkg = dir.getFileName().toString();
				Set<String> d = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
				Set<String> f = foreign.computeIfAbsent(pkg, k -> new TreeSet<>());
				try (Stream<Path> classes = Files.list(dir)) {
					for (Path c : classes.filter(p -> p.toString().endsWith(".class")).toList()) read(c, pkg, d, f);
				}
			}
		}
	}

	private static void read(Path c, String pkg, Set<String> d, Set<String> f) throws IOException {
		String text = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
		Matcher m = OURS.matcher(text);
		while (m.find()) if (!m.group(1).equals(pkg)) d.add(m.group(1));
		for (String prefix : new String[] { "ij/", "org/scijava/", "javax/swing/", "java/awt/", "net/imagej/" }) {
			int i = -1;
			while ((i = text.indexOf(prefix, i + 1)) >= 0) {
				// a type name, not part of a longer one (e.g. "xij/")
				if (i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1))) continue;
				int end = i;
				while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(
					end) == '/')) end++;
				f.add(c.getFileName() + ": " + text.substring(i, end));
			}
		}
	}

	@Test
	void uiIsReachedFromTheFrontEndsAndNeverCallsThemBack() throws Exception {
		scan();
		for (String front : new String[] { "command", "launcher", "cli" })
			assertFalse(deps.get("ui").contains(front), "ui uses " + front + ": " + deps.get("ui"));
		assertFalse(deps.get("command").contains("launcher"), "command uses the launcher: " + deps.get("command"));
		assertTrue(foreign.get("ui").stream().anyMatch(u -> u.endsWith("ij/ImagePlus")), "the scan sees ImageJ in ui");
		assertTrue(deps.get("launcher").contains("command"), "the scan sees launcher -> command");
	}

	@Test
	void theSharedDataPackagesNameNoUserInterfaceType() throws Exception {
		scan();
		List<String> bad = new ArrayList<>();
		for (String pkg : NO_AWT_AT_ALL) bad.addAll(foreign.getOrDefault(pkg, Set.of()).stream().map(u -> pkg + "/" + u)
			.toList());
		assertEquals(List.of(), bad, "UI types in the shared data packages");
		assertTrue(deps.containsKey("viewer") && deps.containsKey("keypoints"), deps.keySet().toString());
	}
}
