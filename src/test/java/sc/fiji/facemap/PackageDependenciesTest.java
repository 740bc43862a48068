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
package sc.fiji.facemap;

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
 * The package rules of ARCHITECTURE.md, read from the compiled classes (every class, field and method type a class
 * file names is in its constant pool): no package depends on a package that depends back on it (directly or through
 * others), and the UI-free packages name no ImageJ, SciJava, Swing or AWT type (the video package may decode still
 * images with {@code java.awt.image}).
 */
class PackageDependenciesTest {

	private static final Pattern OURS = Pattern.compile("sc/fiji/facemap/([a-z0-9]+)/[A-Za-z0-9_$]+");
	private static final Set<String> CORE = Set.of("task", "video", "io", "pose", "job", "keypoints", "viewer",
		"svd", "neural", "nn");
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
	void noPackageDependsOnAPackageThatDependsBackOnIt() throws Exception {
		scan();
		assertTrue(deps.containsKey("ui") && deps.containsKey("launcher"), "scanned: " + deps.keySet());
		// reachability by repeated widening (a few dozen packages at most)
		Map<String, Set<String>> reach = new TreeMap<>();
		for (var e : deps.entrySet()) reach.put(e.getKey(), new TreeSet<>(e.getValue()));
		boolean grew = true;
		while (grew) {
			grew = false;
			for (Set<String> r : reach.values())
				for (String via : new ArrayList<>(r)) grew |= r.addAll(reach.getOrDefault(via, Set.of()));
		}
		List<String> cycles = new ArrayList<>();
		for (String a : reach.keySet())
			for (String b : reach.get(a))
				if (a.compareTo(b) < 0 && reach.getOrDefault(b, Set.of()).contains(a)) cycles.add(a + " <-> " + b + " (" +
					a + " uses " + deps.get(a) + ", " + b + " uses " + deps.get(b) + ")");
		assertEquals(List.of(), cycles, "package cycles");
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
	void theCoreNamesNoUserInterfaceType() throws Exception {
		scan();
		List<String> bad = new ArrayList<>();
		for (String pkg : CORE) {
			for (String use : foreign.getOrDefault(pkg, Set.of())) {
				String type = use.substring(use.indexOf(": ") + 2);
				boolean allowed = type.startsWith("java/awt/image/") && !NO_AWT_AT_ALL.contains(pkg);
				if (!allowed) bad.add(pkg + "/" + use);
			}
			assertTrue(deps.getOrDefault(pkg, Set.of()).stream().noneMatch(Set.of("ui", "command", "cli",
				"launcher")::contains), pkg + " uses a front end: " + deps.get(pkg));
		}
		assertEquals(List.of(), bad, "UI types in the core");
	}
}
