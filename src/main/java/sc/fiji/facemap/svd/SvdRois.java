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
package sc.fiji.facemap.svd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.RoiFile;

/**
 * ROI settings files ({@link RoiFile}) as the processing's ROIs ({@link RoiSpec}): read, write, and the command
 * line's text form {@code TYPE:x,y,w,h[,saturation=S][,sigma=G][,view=V][,bright]}. Reusable across videos: no file
 * names.
 */
public final class SvdRois {

	private SvdRois() {}

	/** The ROIs of a ROI or settings file; errors name the file and the ROI. */
	public static List<RoiSpec> read(Path file) {
		List<RoiFile.Entry> entries = RoiFile.read(file);
		List<RoiSpec> out = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			try {
				out.add(fromEntry(entries.get(i)));
			} catch (FacemapException e) {
				throw new FacemapException(file, "ROI " + (i + 1) + ": " + e.getMessage(), e);
			}
		}
		return out;
	}

	/** Writes the ROIs (and job settings sections, e.g. {@code "svd"}) atomically. */
	public static void write(Path file, List<RoiSpec> rois, Map<String, JsonObject> sections) {
		RoiFile.write(file, entries(rois), sections);
	}

	public static void write(Path file, List<RoiSpec> rois) {
		write(file, rois, Map.of());
	}

	/** The JSON list the file holds. */
	public static JsonArray toJson(List<RoiSpec> rois) {
		return RoiFile.toJson(entries(rois));
	}

	/** Parses the text form, e.g. {@code pupil:300,238,112,80,saturation=65}. */
	public static RoiSpec parse(String text) {
		try {
			return fromEntry(RoiFile.parseText(text));
		} catch (FacemapException e) {
			if (e.getMessage().contains(text)) throw e;
			throw new FacemapException("ROI '" + text + "': " + e.getMessage(), e);
		}
	}

	/** The text form (name and reflectors left out). */
	public static String toText(RoiSpec r) {
		return RoiFile.toText(toEntry(r));
	}

	public static RoiSpec fromEntry(RoiFile.Entry e) {
		List<RoiSpec.Ellipse> refl = new ArrayList<>();
		for (RoiFile.Ellipse x : e.reflectors())
			refl.add(new RoiSpec.Ellipse(x.x(), x.y(), x.width(), x.height()));
		return new RoiSpec(RoiSpec.Kind.valueOf(e.type().toUpperCase(Locale.ROOT)), e.name(), e.view(), e.x(), e.y(), e.width(), e.height(),
			e.saturation(), e.pupilSigma(), e.brightPupil(), refl);
	}

	public static RoiFile.Entry toEntry(RoiSpec r) {
		List<RoiFile.Ellipse> refl = new ArrayList<>();
		for (RoiSpec.Ellipse x : r.reflectors())
			refl.add(new RoiFile.Ellipse(x.x(), x.y(), x.width(), x.height()));
		return new RoiFile.Entry(r.kind().name().toLowerCase(Locale.ROOT), r.name(), r.view(), r.x(), r.y(), r.width(), r.height(), r.saturation(),
			r.pupilSigma(), r.brightPupil(), refl);
	}

	static List<RoiFile.Entry> entries(List<RoiSpec> rois) {
		List<RoiFile.Entry> out = new ArrayList<>();
		for (RoiSpec r : rois)
			out.add(toEntry(r));
		return out;
	}
}
