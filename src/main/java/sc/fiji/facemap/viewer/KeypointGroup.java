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
package sc.fiji.facemap.viewer;

import java.util.Locale;

import sc.fiji.facemap.keypoints.KeypointSet;

/**
 * The body part a keypoint belongs to, as Facemap's GUI groups its traces (eye, nose, whiskers, mouth, paw): one
 * small plot per group in the Facemap window and in the keypoint-trace figure. Names that are none of these are
 * {@link #OTHER}.
 */
public enum KeypointGroup {
	EYE("eye"), NOSE("nose"), WHISKERS("whiskers"), MOUTH("mouth"), PAW("paw"), OTHER("other");

	private final String label;

	KeypointGroup(String label) {
		this.label = label;
	}

	/** "eye", "nose", ... */
	public String label() {
		return label;
	}

	/** The group of a keypoint name (Facemap's names and their aliases; otherwise by the name's start). */
	public static KeypointGroup of(String name) {
		String f = KeypointSet.toFacemapName(name);
		String n = (f != null ? f : name).toLowerCase(Locale.ROOT);
		if (n.startsWith("eye") || n.startsWith("pupil")) return EYE;
		if (n.startsWith("nose")) return NOSE;
		if (n.startsWith("whisker")) return WHISKERS;
		if (n.startsWith("mouth") || n.contains("lip") || n.startsWith("jaw") || n.startsWith("tongue")) return MOUTH;
		if (n.startsWith("paw") || n.contains("paw")) return PAW;
		return OTHER;
	}
}
