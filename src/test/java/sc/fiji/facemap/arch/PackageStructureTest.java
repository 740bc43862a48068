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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;

/**
 * The package structure, read from the compiled classes (their constant pools): no package imports a package that
 * imports it back (no cycles of any length), and the UI-free core never refers to AWT, Swing or ImageJ.
 */
class PackageStructureTest {

	/** The core: no windows. */
	static final Set<String> CORE = Set.of("", "task", "video", "keypoints", "io", "job", "nn", "pose", "svd", "neural", "viewer", "install", "batch");

	static final String ROOT = "sc/fiji/facemap";

	/** package -> packages (of ours) it refers to; package -> foreign prefixes it refers to. */
	static final Map<String, Set<String>> DEPS = new TreeMap<>();
	static final Map<String, Set<String>> FOREIGN = new TreeMap<>();

	@BeforeAll
	static void readClasses() throws IOException, URISyntaxException {
		Path classes = Paths.get(FacemapException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path root = classes.resolve(ROOT);
		try (Stream<Path> s = Files.walk(root)) {
			for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".class"))::iterator) {
				String pkg = packageOf(classes.relativize(f).toString().replace('\\', '/'));
				Set<String> deps = DEPS.computeIfAbsent(pkg, k -> new TreeSet<>());
				Set<String> foreign = FOREIGN.computeIfAbsent(pkg, k -> new TreeSet<>());
				for (String name : referencedNames(f)) {
					int i = name.indexOf(ROOT + "/");
					while (i >= 0) {
						int end = i;
						while (end < name.length() && (Character.isJavaIdentifierPart(name.charAt(end)) || name.charAt(end) == '/' || name.charAt(end) == '$')) end++;
						String other = packageOf(name.substring(i, end));
						if (!other.equals(pkg)) deps.add(other);
						i = name.indexOf(ROOT + "/", end);
					}
					for (String prefix : List.of("java/awt/", "javax/swing/", "ij/", "org/scijava/ui", "javax/imageio/"))
						if (name.contains(prefix) && !name.contains("java/awt/image/")) foreign.add(prefix);
				}
			}
		}
	}

	/** "sc/fiji/facemap/pose/X" -> "pose" ("" for the root package). */
	static String packageOf(String internalName) {
		String rest = internalName.substring(ROOT.length());
		if (rest.startsWith("/")) rest = rest.substring(1);
		int slash = rest.lastIndexOf('/');
		return slash < 0 ? "" : rest.substring(0, slash);
	}

	/** Every UTF-8 constant of a class file (class names, descriptors, signatures). */
	static List<String> referencedNames(Path classFile) throws IOException {
		List<String> out = new ArrayList<>();
		try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
			d.readInt();
			d.readUnsignedShort();
			d.readUnsignedShort();
			int n = d.readUnsignedShort();
			for (int i = 1; i < n; i++) {
				int tag = d.readUnsignedByte();
				switch (tag) {
					case 1 -> out.add(d.readUTF());
					case 3, 4 -> d.readInt();
					case 5, 6 -> {
						d.readLong();
						i++;
					}
					case 7, 8, 16, 19, 20 -> d.readUnsignedShort();
					case 9, 10, 11, 12, 17, 18 -> d.readInt();
					case 15 -> {
						d.readUnsignedByte();
						d.readUnsignedShort();
					}
					default -> throw new IOException(classFile + ": unknown constant tag " + tag);
				}
			}
		}
		return out;
	}

	@Test
	void noPackageCycles() {
		assertTrue(DEPS.containsKey("pose") && DEPS.containsKey("job") && DEPS.containsKey("cli"), DEPS.keySet().toString());
		List<List<String>> cycles = new ArrayList<>();
		for (Set<String> scc : stronglyConnected())
			if (scc.size() > 1) cycles.add(new ArrayList<>(scc));
		StringBuilder why = new StringBuilder();
		for (List<String> c : cycles)
			for (String a : c)
				for (String b : DEPS.get(a))
					if (c.contains(b)) why.append("\n  ").append(a.isEmpty() ? "(root)" : a).append(" -> ").append(b);
		assertEquals(List.of(), cycles, "package cycles:" + why);
	}

	@Test
	void theCoreKnowsNoWindows() {
		Map<String, Set<String>> bad = new TreeMap<>();
		for (String p : DEPS.keySet()) {
			if (!CORE.contains(p)) continue;
			Set<String> f = new TreeSet<>(FOREIGN.get(p));
			f.remove("javax/imageio/"); // decoding still images (headless; java.awt.image rasters are allowed for the same reason)
			if (!f.isEmpty()) bad.put(p, f);
			for (String d : DEPS.get(p))
				if (!CORE.contains(d)) bad.computeIfAbsent(p, k -> new TreeSet<>()).add(d);
		}
		assertEquals(Map.of(), bad, "core packages referring to UI packages or classes");
	}

	/** Tarjan's strongly connected components of the package graph. */
	private static List<Set<String>> stronglyConnected() {
		Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new TreeSet<>();
		List<Set<String>> out = new ArrayList<>();
		int[] counter = { 0 };
		for (String v : DEPS.keySet())
			if (!index.containsKey(v)) connect(v, index, low, stack, onStack, out, counter);
		return out;
	}

	private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
		List<Set<String>> out, int[] counter) {
		index.put(v, counter[0]);
		low.put(v, counter[0]++);
		stack.push(v);
		onStack.add(v);
		for (String w : DEPS.getOrDefault(v, Set.of())) {
			if (!index.containsKey(w)) {
				connect(w, index, low, stack, onStack, out, counter);
				low.put(v, Math.min(low.get(v), low.get(w)));
			} else if (onStack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
		}
		if (low.get(v).equals(index.get(v))) {
			Set<String> scc = new TreeSet<>();
			String w;
			do {
				w = stack.pop();
				onStack.remove(w);
				scc.add(w);
			} while (!w.equals(v));
			out.add(scc);
		}
	}
}
