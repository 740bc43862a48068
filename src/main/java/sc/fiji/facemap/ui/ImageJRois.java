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
package sc.fiji.facemap.ui;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import ij.gui.OvalRoi;
import ij.io.RoiDecoder;
import ij.io.RoiEncoder;
import ij.plugin.frame.RoiManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.RoiSpec.Kind;

/**
 * Converts between ImageJ selections ({@link ij.gui.Roi}, the ROI Manager, {@code .roi} and {@code RoiSet.zip}
 * files) and Facemap's typed regions ({@link RoiSpec}). ImageJ's file classes are used only here, at the edge.
 * <ul>
 * <li>The type comes from the ROI's name: a name containing "pupil", "blink", "running" (or "run") or "motion" (or
 * "svd"), e.g. "pupil", "motion 1", "left blink"; the earliest such word wins.</li>
 * <li>A selection named "reflector" (or "corneal", "CR") is a corneal reflection: it belongs to the pupil ROI whose
 * rectangle contains its centre, and its pixels are missing data for the pupil fit.</li>
 * <li>Pupil and blink become ellipses ({@link OvalRoi}), motion and running rectangles; a region is always the
 * selection's bounding rectangle, clipped to the frame.</li>
 * <li>Saturation, pupil sigma, bright pupil and view are kept as ROI properties ({@code facemap_saturation}, ...),
 * which ImageJ saves in {@code .roi} files.</li>
 * </ul>
 */
public final class ImageJRois {

	/** Property names on ImageJ ROIs. */
	public static final String SATURATION = "facemap_saturation", SIGMA = "facemap_pupil_sigma",
		BRIGHT = "facemap_bright_pupil", VIEW = "facemap_view";

	private ImageJRois() {}

	/** The colour each type is drawn in. */
	public static Color color(Kind t) {
		switch (t) {
			case PUPIL:
				return new Color(255, 80, 80);
			case MOTION:
				return new Color(80, 200, 255);
			case BLINK:
				return new Color(255, 200, 0);
			default:
				return new Color(120, 255, 120);
		}
	}

	/** Whether Facemap draws the type as an ellipse (pupil, blink) rather than a rectangle. */
	public static boolean isEllipse(Kind k) {
		return k == Kind.PUPIL || k == Kind.BLINK;
	}

	/** Whether the name marks a corneal reflection ("reflector", "corneal", "CR" as a word). */
	public static boolean isReflector(String name) {
		if (name == null) return false;
		String n = name.toLowerCase(Locale.ROOT);
		return n.contains("reflector") || n.contains("reflection") || n.contains("corneal") || n.matches("(.*\\W)?cr(\\W.*)?");
	}

	/**
	 * The ROI type named in {@code name}: the earliest of the words pupil, blink, running/run, motion/svd it contains
	 * (case-insensitive), or null if it names none.
	 */
	public static Kind typeOf(String name) {
		if (name == null) return null;
		String n = name.toLowerCase(Locale.ROOT);
		int best = Integer.MAX_VALUE;
		Kind type = null;
		String[][] words = { { "pupil" }, { "blink" }, { "running", "run" }, { "motion", "svd" } };
		Kind[] types = { Kind.PUPIL, Kind.BLINK, Kind.RUNNING, Kind.MOTION };
		for (int i = 0; i < words.length; i++)
			for (String w : words[i]) {
				int at = n.indexOf(w);
				if (at >= 0 && at < best) {
					best = at;
					type = types[i];
				}
			}
		return type;
	}

	/**
	 * A Facemap region from an ImageJ selection: its type from the name, its bounding rectangle clipped to a
	 * {@code frameWidth} x {@code frameHeight} frame (&lt;= 0: not clipped), its settings from its properties.
	 *
	 * @param where names the selection's origin in errors (e.g. "ROI Manager", a file)
	 */
	public static RoiSpec toFacemap(ij.gui.Roi roi, int frameWidth, int frameHeight, String where) {
		String name = roi.getName() == null ? "" : roi.getName();
		Kind type = typeOf(name);
		if (type == null)
			throw new FacemapException(where + ": the ROI '" + name + "' does not say its type; name it pupil, motion, blink or running (e.g. \"motion 1\")");
		Rectangle b = clip(roi.getBounds(), frameWidth, frameHeight);
		if (b.width < 2 || b.height < 2) throw new FacemapException(where + ": the ROI '" + name + "' lies outside the frame or is smaller than 2 x 2 pixels");
		double sat = number(roi, SATURATION, 255, where);
		double sigma = number(roi, SIGMA, Double.NaN, where);
		int view = (int) number(roi, VIEW, 0, where);
		boolean bright = "true".equalsIgnoreCase(roi.getProperty(BRIGHT));
		try {
			return new RoiSpec(type, name, view, b.x, b.y, b.width, b.height, sat, sigma, bright, List.of());
		} catch (FacemapException e) {
			throw new FacemapException(where + ": " + e.getMessage(), e);
		}
	}

	private static Rectangle clip(Rectangle b, int frameWidth, int frameHeight) {
		if (frameWidth > 0 && frameHeight > 0) return b.intersection(new Rectangle(0, 0, frameWidth, frameHeight));
		return b.intersection(new Rectangle(0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE));
	}

	private static double number(ij.gui.Roi roi, String key, double dflt, String where) {
		String v = roi.getProperty(key);
		if (v == null || v.isBlank()) return dflt;
		try {
			return Double.parseDouble(v.trim());
		} catch (NumberFormatException e) {
			throw new FacemapException(where + ": the ROI '" + roi.getName() + "' has " + key + "=" + v + ", not a number");
		}
	}

	/** ImageJ selections for a region: an ellipse (pupil, blink) or rectangle, named and coloured, then its reflectors. */
	public static List<ij.gui.Roi> toImageJ(RoiSpec r) {
		List<ij.gui.Roi> out = new ArrayList<>();
		ij.gui.Roi roi = isEllipse(r.kind()) ? new OvalRoi(r.x(), r.y(), r.width(), r.height())
			: new ij.gui.Roi(r.x(), r.y(), r.width(), r.height());
		roi.setName(r.name());
		roi.setStrokeColor(color(r.kind()));
		if (r.saturation() != 255) roi.setProperty(SATURATION, text(r.saturation()));
		if (!Double.isNaN(r.pupilSigma())) roi.setProperty(SIGMA, text(r.pupilSigma()));
		if (r.brightPupil()) roi.setProperty(BRIGHT, "true");
		if (r.view() != 0) roi.setProperty(VIEW, Integer.toString(r.view()));
		out.add(roi);
		for (RoiSpec.Ellipse e : r.reflectors()) {
			OvalRoi refl = new OvalRoi(r.x() + e.x(), r.y() + e.y(), e.width(), e.height());
			refl.setName(r.name() + " reflector");
			refl.setStrokeColor(Color.WHITE);
			out.add(refl);
		}
		return out;
	}

	private static String text(double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}

	/**
	 * Facemap regions from ImageJ selections, in order; reflector selections are attached to the pupil ROI whose
	 * rectangle contains their centre.
	 */
	public static List<RoiSpec> toFacemap(List<ij.gui.Roi> rois, int frameWidth, int frameHeight, String where) {
		List<RoiSpec> out = new ArrayList<>();
		List<ij.gui.Roi> reflectors = new ArrayList<>();
		for (ij.gui.Roi r : rois) {
			if (isReflector(r.getName())) reflectors.add(r);
			else out.add(toFacemap(r, frameWidth, frameHeight, where));
		}
		for (ij.gui.Roi refl : reflectors) {
			Rectangle b = refl.getBounds();
			double cx = b.x + b.width / 2.0, cy = b.y + b.height / 2.0;
			int owner = -1;
			for (int i = 0; i < out.size(); i++) {
				RoiSpec p = out.get(i);
				if (p.kind() == Kind.PUPIL && cx >= p.x() && cx < p.x() + p.width() && cy >= p.y() && cy < p.y() + p.height()) {
					owner = i;
					break;
				}
			}
			if (owner < 0) throw new FacemapException(where + ": the corneal reflection '" + refl.getName() + "' lies in no pupil ROI");
			RoiSpec p = out.get(owner);
			List<RoiSpec.Ellipse> list = new ArrayList<>(p.reflectors());
			list.add(new RoiSpec.Ellipse(b.x - p.x(), b.y - p.y(), b.width, b.height));
			out.set(owner, p.withReflectors(list));
		}
		return out;
	}

	/** Every selection of the ROI Manager as a Facemap region (see {@link #toFacemap(List, int, int, String)}). */
	public static List<RoiSpec> fromRoiManager(RoiManager rm, int frameWidth, int frameHeight) {
		if (rm == null) return new ArrayList<>();
		return toFacemap(List.of(rm.getRoisAsArray()), frameWidth, frameHeight, "ROI Manager");
	}

	/** Replaces the ROI Manager's content with these regions. */
	public static void toRoiManager(RoiManager rm, List<RoiSpec> rois) {
		rm.reset();
		for (RoiSpec r : rois)
			for (ij.gui.Roi roi : toImageJ(r))
				rm.addRoi(roi);
	}

	/** Reads ROIs from our JSON file, an ImageJ {@code .roi} file or a {@code RoiSet.zip}. */
	public static List<RoiSpec> read(Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		if (n.endsWith(".json")) return SvdRois.read(file);
		List<ij.gui.Roi> rois = new ArrayList<>();
		if (n.endsWith(".roi")) {
			ij.gui.Roi r;
			try {
				r = new RoiDecoder(file.toString()).getRoi();
			} catch (IOException | RuntimeException e) {
				throw new FacemapException(file, "not an ImageJ .roi file (" + e.getMessage() + ")", e);
			}
			if (r == null) throw new FacemapException(file, "not an ImageJ .roi file");
			if (r.getName() == null || r.getName().isEmpty()) r.setName(stem(file.getFileName().toString()));
			rois.add(r);
		} else if (n.endsWith(".zip")) {
			try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
				for (ZipEntry e; (e = zin.getNextEntry()) != null;) {
					if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
					ij.gui.Roi r = new RoiDecoder(readAll(zin), e.getName()).getRoi();
					if (r == null) throw new FacemapException(file, "entry " + e.getName() + " is not an ImageJ ROI");
					if (r.getName() == null || r.getName().isEmpty()) r.setName(stem(e.getName()));
					rois.add(r);
				}
			} catch (IOException e) {
				throw new FacemapException(file, "not a readable RoiSet.zip (" + e.getMessage() + ")", e);
			}
			if (rois.isEmpty()) throw new FacemapException(file, "holds no ImageJ .roi entries");
		} else {
			throw new FacemapException(file, "unknown ROI file type; use .json (Facemap for Fiji), .roi or .zip (ImageJ)");
		}
		return toFacemap(rois, 0, 0, file.toString());
	}

	/** Writes ROIs as our JSON ({@code .json}), one ImageJ {@code .roi} (one ROI, no reflectors) or a {@code RoiSet.zip}. */
	public static void write(Path file, List<RoiSpec> rois) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".json")) {
			SvdRois.write(file, rois);
		} else if (n.endsWith(".roi")) {
			if (rois.size() != 1 || !rois.get(0).reflectors().isEmpty())
				throw new FacemapException(file, "a .roi file holds one selection; use a RoiSet .zip for " + rois.size() + " ROIs or reflectors");
			AtomicFiles.writeBytes(file, RoiEncoder.saveAsByteArray(toImageJ(rois.get(0)).get(0)));
		} else if (n.endsWith(".zip")) {
			AtomicFiles.writeStream(file, os -> {
				ZipOutputStream zos = new ZipOutputStream(os, StandardCharsets.UTF_8);
				Set<String> used = new HashSet<>();
				for (RoiSpec r : rois)
					for (ij.gui.Roi roi : toImageJ(r)) {
						String unique = roi.getName();
						for (int i = 2; !used.add(unique); i++)
							unique = roi.getName() + "-" + i;
						zos.putNextEntry(new ZipEntry(unique + ".roi"));
						zos.write(RoiEncoder.saveAsByteArray(roi));
						zos.closeEntry();
					}
				zos.finish();
			});
		} else {
			throw new FacemapException(file, "unknown ROI file type; use .json, .roi or .zip");
		}
	}

	private static String stem(String name) {
		int slash = name.lastIndexOf('/');
		if (slash >= 0) name = name.substring(slash + 1);
		return name.toLowerCase(Locale.ROOT).endsWith(".roi") ? name.substring(0, name.length() - 4) : name;
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		in.transferTo(b);
		return b.toByteArray();
	}
}
