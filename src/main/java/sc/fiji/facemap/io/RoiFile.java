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
package sc.fiji.facemap.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import sc.fiji.facemap.FacemapException;

/**
 * The ROI settings file: a small JSON object whose {@code "rois"} array lists typed regions in pixels of a view.
 * Unlike Facemap's "save ROIs" {@code _proc.npy} it holds no video file name, so one file serves every video of a
 * rig:
 *
 * <pre>
 * { "rois": [
 *   { "type": "pupil", "name": "pupil", "x": 300, "y": 238, "width": 112, "height": 80, "saturation": 65,
 *     "reflectors": [ { "x": 40, "y": 25, "width": 20, "height": 20 } ] },
 *   { "type": "motion", "name": "motion 1", "x": 420, "y": 250, "width": 200, "height": 150 } ] }
 * </pre>
 *
 * Keys of a ROI: {@code type} (pupil, motion, blink or running; when missing it is read from the name), {@code name},
 * {@code view} (camera index, default 0), {@code x}, {@code y}, {@code width}, {@code height} (pixels; pupil and
 * blink use the inscribed ellipse), {@code saturation} (pupil/blink threshold 0..255, default 255: only darker
 * pixels count), {@code pupil_sigma} (default: the run's), {@code bright_pupil} (default false) and
 * {@code reflectors} (corneal-reflection ellipses in ROI coordinates). The same file may hold job settings in
 * sections, e.g. {@code "svd": {"sbin": 4}}, which {@code facemap svd --settings FILE} reads with the ROIs;
 * {@link #read} ignores them. ImageJ's {@code .roi}/{@code RoiSet.zip} files are converted at the edge
 * ({@code ui.ImageJRois}).
 */
public final class RoiFile {

	/** The four types, as the file writes them. */
	public static final List<String> TYPES = List.of("pupil", "motion", "blink", "running");

	/** A corneal-reflection ellipse inside a pupil ROI, in ROI pixel coordinates (its bounding rectangle). */
	public record Ellipse(int x, int y, int width, int height) {}

	/**
	 * One ROI as the file holds it (validated further by the processing's own ROI type, {@code svd.RoiSpec}).
	 *
	 * @param type one of {@link #TYPES}
	 * @param pupilSigma NaN = the run's default
	 */
	public record Entry(String type, String name, int view, int x, int y, int width, int height, double saturation, double pupilSigma,
		boolean brightPupil, List<Ellipse> reflectors)
	{
		public Entry {
			if (!TYPES.contains(type)) throw new FacemapException("ROI type must be pupil, motion, blink or running, got '" + type + "'");
			name = name == null || name.isEmpty() ? type : name;
			reflectors = reflectors == null ? List.of() : List.copyOf(reflectors);
		}

		/** A ROI with the defaults: view 0, saturation 255, the run's sigma, dark pupil, no reflectors. */
		public static Entry of(String type, String name, int x, int y, int width, int height) {
			return new Entry(type, name, 0, x, y, width, height, 255, Double.NaN, false, List.of());
		}
	}

	/** The key of the ROI list. */
	public static final String ROIS = "rois";

	private static final Set<String> ROI_KEYS = Set.of("type", "name", "view", "x", "y", "width", "height",
		"saturation", "pupil_sigma", "bright_pupil", "reflectors");
	private static final Set<String> ELLIPSE_KEYS = Set.of("x", "y", "width", "height");

	private RoiFile() {}

	/** The ROIs of a settings file (an object with a {@code "rois"} array; no array = no ROIs). */
	public static List<Entry> read(Path file) {
		JsonElement e = parse(file);
		if (e.isJsonArray()) return fromJson(e.getAsJsonArray(), file);
		if (!e.isJsonObject()) throw new FacemapException(file, "an ROI file must hold a JSON object { \"rois\": [ ... ] }");
		JsonObject o = e.getAsJsonObject();
		if (!o.has(ROIS) || o.get(ROIS).isJsonNull()) return List.of();
		if (!o.get(ROIS).isJsonArray())
			throw new FacemapException(file, "\"rois\" must be a list [ {\"type\": ..., \"x\": ...}, ... ]");
		return fromJson(o.getAsJsonArray(ROIS), file);
	}

	/** Whether the file's JSON object has a {@code "rois"} key (a file that is not JSON: false). */
	public static boolean hasRois(Path file) {
		try {
			JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
			return e.isJsonArray() || e.isJsonObject() && e.getAsJsonObject().has(ROIS);
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}

	/** Writes {@code {"rois": [...]}} atomically. */
	public static void write(Path file, List<Entry> rois) {
		write(file, rois, Map.of());
	}

	/**
	 * Writes job settings sections (e.g. {@code "svd" -> SettingsSchema.toJsonObject(settings)}) and the ROIs into
	 * one file atomically: the form {@code facemap svd --settings FILE} reads.
	 */
	public static void write(Path file, List<Entry> rois, Map<String, JsonObject> sections) {
		AtomicFiles.writeString(file, toText(rois, sections));
	}

	/** The text {@link #write(Path, List, Map)} writes. */
	public static String toText(List<Entry> rois, Map<String, JsonObject> sections) {
		JsonObject o = new JsonObject();
		for (Map.Entry<String, JsonObject> s : sections.entrySet()) {
			if (ROIS.equals(s.getKey())) throw new IllegalArgumentException("'rois' is not a settings section");
			o.add(s.getKey(), s.getValue());
		}
		o.add(ROIS, toJson(rois));
		return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
	}

	/** The JSON list of ROIs (defaults left out: view 0, saturation 255, no own sigma, dark pupil, no reflectors). */
	public static JsonArray toJson(List<Entry> rois) {
		JsonArray a = new JsonArray();
		for (Entry r : rois) {
			JsonObject j = new JsonObject();
			j.addProperty("type", r.type());
			j.addProperty("name", r.name());
			if (r.view() != 0) j.addProperty("view", r.view());
			j.addProperty("x", r.x());
			j.addProperty("y", r.y());
			j.addProperty("width", r.width());
			j.addProperty("height", r.height());
			if (r.saturation() != 255) j.addProperty("saturation", compact(r.saturation()));
			if (!Double.isNaN(r.pupilSigma())) j.addProperty("pupil_sigma", compact(r.pupilSigma()));
			if (r.brightPupil()) j.addProperty("bright_pupil", true);
			if (!r.reflectors().isEmpty()) {
				JsonArray refl = new JsonArray();
				for (Ellipse e : r.reflectors()) {
					JsonObject ej = new JsonObject();
					ej.addProperty("x", e.x());
					ej.addProperty("y", e.y());
					ej.addProperty("width", e.width());
					ej.addProperty("height", e.height());
					refl.add(ej);
				}
				j.add("reflectors", refl);
			}
			a.add(j);
		}
		return a;
	}

	/**
	 * The type a word names: "pupil", "motion" (also "motion svd", "svd"), "blink", "running" (also "run"),
	 * case-insensitive, leading words only; null when it names none.
	 */
	public static String parseType(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.startsWith("pupil")) return "pupil";
		if (t.startsWith("motion") || t.startsWith("svd")) return "motion";
		if (t.startsWith("blink")) return "blink";
		if (t.startsWith("run")) return "running";
		return null;
	}

	/**
	 * Parses the command line's text form {@code TYPE:x,y,w,h[,saturation=S][,sigma=G][,view=V][,bright]}, e.g.
	 * {@code pupil:300,238,112,80,saturation=65} or {@code motion:420,250,200,150}.
	 */
	public static Entry parseText(String s) {
		int colon = s == null ? -1 : s.indexOf(':');
		if (colon < 0) throw new FacemapException("ROI must be TYPE:x,y,w,h (e.g. pupil:300,238,112,80,saturation=65), got '" + s + "'");
		String typeText = s.substring(0, colon);
		String kind = parseType(typeText);
		if (kind == null) throw new FacemapException("ROI '" + s + "': type must be pupil, motion, blink or running, got '" + typeText + "'");
		String[] p = s.substring(colon + 1).split(",");
		if (p.length < 4) throw new FacemapException("ROI '" + s + "' needs 4 numbers x,y,w,h after the type");
		int[] v = new int[4];
		for (int i = 0; i < 4; i++) {
			try {
				v[i] = Integer.parseInt(p[i].trim());
			} catch (NumberFormatException e) {
				throw new FacemapException("ROI '" + s + "': '" + p[i].trim() + "' is not a whole number of pixels");
			}
		}
		double sat = 255, sigma = Double.NaN;
		int view = 0;
		boolean bright = false;
		for (int i = 4; i < p.length; i++) {
			String item = p[i].trim();
			int eq = item.indexOf('=');
			String key = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
			String val = eq < 0 ? "" : item.substring(eq + 1).trim();
			try {
				switch (key) {
					case "saturation":
					case "sat":
						sat = Double.parseDouble(val);
						break;
					case "sigma":
					case "pupil_sigma":
						sigma = Double.parseDouble(val);
						if (!(sigma > 0)) throw new FacemapException("ROI '" + s + "': sigma must be positive, got " + val);
						break;
					case "view":
						view = Integer.parseInt(val);
						break;
					case "bright":
						bright = true;
						break;
					default:
						throw new FacemapException("ROI '" + s + "': unknown item '" + item + "' (known: saturation=S, sigma=G, view=V, bright)");
				}
			} catch (NumberFormatException e) {
				throw new FacemapException("ROI '" + s + "': '" + val + "' is not a number in '" + item + "'");
			}
		}
		if (!(sat >= 0 && sat <= 255)) throw new FacemapException("ROI '" + s + "': saturation must be within 0..255, got " + number(sat));
		return new Entry(kind, kind, view, v[0], v[1], v[2], v[3], sat, sigma, bright, List.of());
	}

	/** The text form {@link #parseText} reads (reflectors and the name are not part of it). */
	public static String toText(Entry r) {
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s:%d,%d,%d,%d", r.type(), r.x(), r.y(), r.width(), r.height()));
		if (r.saturation() != 255) b.append(",saturation=").append(number(r.saturation()));
		if (!Double.isNaN(r.pupilSigma())) b.append(",sigma=").append(number(r.pupilSigma()));
		if (r.view() != 0) b.append(",view=").append(r.view());
		if (r.brightPupil()) b.append(",bright");
		return b.toString();
	}

	/** ROIs from a JSON list; errors name {@code file} (may be null) and the ROI. */
	public static List<Entry> fromJson(JsonArray a, Path file) {
		List<Entry> out = new ArrayList<>();
		for (int i = 0; i < a.size(); i++) {
			String where = "ROI " + (i + 1);
			if (!a.get(i).isJsonObject()) throw error(file, where + " must be an object {\"type\": ..., \"x\": ...}");
			JsonObject j = a.get(i).getAsJsonObject();
			for (String k : j.keySet())
				if (!ROI_KEYS.contains(k)) throw error(file, where + ": unknown key '" + k + "' (known: " + String.join(", ",
					new java.util.TreeSet<>(ROI_KEYS)) + ")");
			String name = j.has("name") && !j.get("name").isJsonNull() ? text(j, "name", file, where) : "";
			if (!name.isEmpty()) where = where + " ('" + name + "')";
			String typeText = j.has("type") && !j.get("type").isJsonNull() ? text(j, "type", file, where) : name;
			String kind = parseType(typeText);
			if (kind == null) throw error(file, where + ": type must be pupil, motion, blink or running, got '" + typeText + "'");
			int view = j.has("view") ? integer(j, "view", file, where) : 0;
			int x = integer(j, "x", file, where), y = integer(j, "y", file, where);
			int w = integer(j, "width", file, where), h = integer(j, "height", file, where);
			double sat = j.has("saturation") ? number(j, "saturation", file, where) : 255;
			double sigma = j.has("pupil_sigma") && !j.get("pupil_sigma").isJsonNull() ? number(j, "pupil_sigma", file, where) : Double.NaN;
			boolean bright = j.has("bright_pupil") && bool(j, "bright_pupil", file, where);
			List<Ellipse> refl = new ArrayList<>();
			if (j.has("reflectors") && !j.get("reflectors").isJsonNull()) {
				if (!j.get("reflectors").isJsonArray()) throw error(file, where + ": \"reflectors\" must be a list of {x, y, width, height}");
				JsonArray ra = j.getAsJsonArray("reflectors");
				for (int k = 0; k < ra.size(); k++) {
					String rw = where + ", reflector " + (k + 1);
					if (!ra.get(k).isJsonObject()) throw error(file, rw + " must be an object {x, y, width, height}");
					JsonObject rj = ra.get(k).getAsJsonObject();
					for (String key : rj.keySet())
						if (!ELLIPSE_KEYS.contains(key)) throw error(file, rw + ": unknown key '" + key + "' (known: x, y, width, height)");
					refl.add(new Ellipse(integer(rj, "x", file, rw), integer(rj, "y", file, rw), integer(rj, "width", file, rw),
						integer(rj, "height", file, rw)));
				}
			}
			if (!(sigma > 0) && !Double.isNaN(sigma)) throw error(file, where + ": pupil_sigma must be positive, got " + sigma);
			if (!(sat >= 0 && sat <= 255)) throw error(file, where + ": saturation must be within 0..255, got " + number(sat));
			out.add(new Entry(kind, name, view, x, y, w, h, sat, sigma, bright, refl));
		}
		return out;
	}

	private static String text(JsonObject j, String key, Path file, String where) {
		JsonElement e = j.get(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
			throw error(file, where + ": \"" + key + "\" must be text, got " + e);
		return e.getAsString();
	}

	private static boolean bool(JsonObject j, String key, Path file, String where) {
		JsonElement e = j.get(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean())
			throw error(file, where + ": \"" + key + "\" must be true or false, got " + e);
		return e.getAsBoolean();
	}

	private static double number(JsonObject j, String key, Path file, String where) {
		JsonElement e = j.get(key);
		if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber())
			throw error(file, where + ": \"" + key + "\" must be a number, got " + e);
		return e.getAsDouble();
	}

	private static int integer(JsonObject j, String key, Path file, String where) {
		if (!j.has(key) || j.get(key).isJsonNull()) throw error(file, where + ": \"" + key + "\" is missing");
		JsonElement e = j.get(key);
		if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
			double d = e.getAsDouble();
			if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
		}
		throw error(file, where + ": \"" + key + "\" must be a whole number of pixels, got " + e);
	}

	/** Whole numbers as integers in JSON (65, not 65.0). */
	private static Number compact(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Number) Long.valueOf((long) d) : (Number) Double.valueOf(d);
	}

	private static String number(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
	}

	private static FacemapException error(Path file, String problem) {
		return file == null ? new FacemapException(problem) : new FacemapException(file, problem);
	}

	private static JsonElement parse(Path file) {
		try {
			return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new FacemapException(file, "cannot read the ROI file (" + e.getMessage() + ")", e);
		} catch (JsonParseException e) {
			throw new FacemapException(file, "not valid JSON (" + e.getMessage() + ")", e);
		}
	}
}
