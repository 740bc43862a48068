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
package sc.fiji.facemap.job;

import java.util.Locale;

/** The kinds of region Facemap processes, with Facemap's integer codes ({@code rois[i]['rind']}). */
public enum RoiType {
	/** Pupil: an ellipse; Gaussian fit of the dark (or bright) pupil. Facemap code 0. */
	PUPIL(0),
	/** Motion (and movie) SVD of a rectangle. Facemap code 1. */
	MOTION(1),
	/** Blink: an ellipse; summed eye-region intensity. Facemap code 2. */
	BLINK(2),
	/** Running: a rectangle; phase correlation of consecutive frames. Facemap code 3. */
	RUNNING(3);

	private final int code;

	RoiType(int code) {
		this.code = code;
	}

	/** Facemap's {@code rind}. */
	public int facemapCode() {
		return code;
	}

	public static RoiType ofFacemapCode(int code) {
		for (RoiType t : values())
			if (t.code == code) return t;
		throw new IllegalArgumentException("no ROI type with Facemap code " + code + " (0 pupil, 1 motion, 2 blink, 3 running)");
	}

	/** Parses "pupil", "motion", "blink", "running" (case-insensitive; also "motion svd", "run"). */
	public static RoiType parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.startsWith("pupil")) return PUPIL;
		if (t.startsWith("motion") || t.startsWith("mot") || t.startsWith("svd")) return MOTION;
		if (t.startsWith("blink")) return BLINK;
		if (t.startsWith("run")) return RUNNING;
		throw new IllegalArgumentException("ROI type must be pupil, motion, blink or running, got '" + s + "'");
	}

	/** Whether Facemap draws this type as an ellipse (pupil, blink) rather than a rectangle. */
	public boolean isEllipse() {
		return this == PUPIL || this == BLINK;
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
