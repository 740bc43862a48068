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
package sc.fiji.facemap.keypoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An ordered set of keypoint names. Keypoint sets are data: any names, any count. Facemap's own 15 names (in its
 * fixed output order) and their aliases are known, so that other sets can be mapped onto Facemap's order.
 */
public final class KeypointSet {

	/** Facemap's 15 keypoints in the order of the network's output channels (reference 1.1). */
	public static final List<String> FACEMAP = Collections.unmodifiableList(Arrays.asList("eye(back)", "eye(bottom)",
		"eye(front)", "eye(top)", "lowerlip", "mouth", "nose(bottom)", "nose(r)", "nose(tip)", "nose(top)", "nosebridge",
		"paw", "whisker(I)", "whisker(III)", "whisker(II)"));

	private final List<String> names;

	public KeypointSet(List<String> names) {
		if (names.isEmpty()) throw new IllegalArgumentException("a keypoint set needs at least one name");
		if (names.size() != names.stream().distinct().count())
			throw new IllegalArgumentException("keypoint names must be unique: " + names);
		this.names = Collections.unmodifiableList(new ArrayList<>(names));
	}

	public static KeypointSet facemap() {
		return new KeypointSet(FACEMAP);
	}

	public List<String> names() {
		return names;
	}

	public int size() {
		return names.size();
	}

	public String name(int i) {
		return names.get(i);
	}

	public int indexOf(String name) {
		return names.indexOf(name);
	}

	/**
	 * The one keypoint matcher: the keypoint of this set that {@code name} refers to, by exact name first, else the
	 * first keypoint with the same Facemap name ({@link #toFacemapName}: "eye top" matches "eye(top)"); -1 when none.
	 */
	public int match(String name) {
		int i = names.indexOf(name);
		if (i >= 0) return i;
		String f = toFacemapName(name);
		if (f == null) return -1;
		for (int k = 0; k < names.size(); k++)
			if (f.equals(toFacemapName(names.get(k)))) return k;
		return -1;
	}

	/** Whether every keypoint of {@code other} has a match here ({@link #match}). */
	public boolean covers(KeypointSet other) {
		for (String n : other.names)
			if (match(n) < 0) return false;
		return true;
	}

	/**
	 * The Facemap name for {@code name}, or null when it has none. Accepts Facemap's own names, the names of the
	 * mouse-face data set ("eye top", "whisker 1", "lip", ...) and Facemap's older aliases (reference 3).
	 */
	public static String toFacemapName(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		for (String f : FACEMAP)
			if (f.toLowerCase(Locale.ROOT).equals(n)) return f;
		String compact = n.replaceAll("[\\s_()\\-]+", " ").trim();
		switch (compact) {
			case "eye back": return "eye(back)";
			case "eye bottom": return "eye(bottom)";
			case "eye front": case "tear": return "eye(front)";
			case "eye top": return "eye(top)";
			case "lowerlip": case "lower lip": case "lip": return "lowerlip";
			case "mouth": return "mouth";
			case "nose bottom": return "nose(bottom)";
			case "nose r": return "nose(r)";
			case "nose tip": return "nose(tip)";
			case "nose top": return "nose(top)";
			case "nosebridge": case "nose bridge": return "nosebridge";
			case "paw": return "paw";
			case "whisker i": case "whisker 1": case "whisker c1": case "whisker u1": return "whisker(I)";
			case "whisker ii": case "whisker 2": case "whisker d1": return "whisker(II)";
			case "whisker iii": case "whisker 3": case "whisker c2": case "whisker u2": case "whisker d2": return "whisker(III)";
			default: return null;
		}
	}

	/** For each of this set's names, its index in Facemap's 15, or -1 when it has no Facemap name. */
	public int[] facemapIndices() {
		int[] idx = new int[names.size()];
		for (int i = 0; i < idx.length; i++) {
			String f = toFacemapName(names.get(i));
			idx[i] = f == null ? -1 : FACEMAP.indexOf(f);
		}
		return idx;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof KeypointSet && ((KeypointSet) o).names.equals(names);
	}

	@Override
	public int hashCode() {
		return names.hashCode();
	}

	@Override
	public String toString() {
		return names.toString();
	}
}
