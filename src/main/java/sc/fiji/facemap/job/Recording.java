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

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * One recording session, immutable and serialisable (JSON): its video files, the face box and typed ROIs, and where
 * outputs go. Jobs take a recording; the {@link OutputLayout} derives every output name from it.
 *
 * @param views simultaneous cameras; {@code views.get(v)} lists view v's parts in time order (one file for most
 *        recordings). Several views are tiled as Facemap does ({@code video.MultiViewSource}).
 * @param fps frames per second when the video's own rate is wrong or missing; NaN = the video's rate
 * @param timestamps optional camera timestamps file ({@code .npy}, seconds), or null
 * @param faceBox optional face bounding box {@code [y0, y1, x0, x1]} (rows, columns; exclusive ends), or null =
 *        the whole frame (Facemap's pose bounding box)
 * @param rois regions for SVD, pupil, blink and running (pixels of the tiled frame)
 * @param outputDir where outputs go; null = beside the first video
 */
public record Recording(List<List<Path>> views, double fps, Path timestamps, int[] faceBox, List<Roi> rois, Path outputDir) {

	public Recording {
		if (views == null || views.isEmpty() || views.get(0).isEmpty()) throw new IllegalArgumentException("a recording needs at least one video file");
		List<List<Path>> v = new ArrayList<>();
		for (List<Path> parts : views) {
			if (parts.isEmpty()) throw new IllegalArgumentException("a view of the recording has no video file");
			if (parts.size() != views.get(0).size())
				throw new FacemapException(parts.get(0), "has " + parts.size() + " parts, but view 0 (" + views.get(0).get(0) + ") has " + views.get(0).size());
			v.add(List.copyOf(parts));
		}
		views = List.copyOf(v);
		if (faceBox != null) {
			if (faceBox.length != 4 || faceBox[0] < 0 || faceBox[2] < 0 || faceBox[1] <= faceBox[0] || faceBox[3] <= faceBox[2])
				throw new FacemapException("face box must be y0,y1,x0,x1 with y0 < y1 and x0 < x1, got " + Arrays.toString(faceBox));
			faceBox = faceBox.clone();
		}
		rois = rois == null ? List.of() : List.copyOf(rois);
		if (!Double.isNaN(fps) && !(fps > 0)) throw new FacemapException("fps must be positive, got " + fps);
	}

	/** A recording of one video file (or image folder / TIFF stack), outputs beside it. */
	public static Recording of(Path video) {
		return new Recording(List.of(List.of(video)), Double.NaN, null, null, List.of(), null);
	}

	/** One view made of sequential parts (concatenated in time). */
	public static Recording ofParts(List<Path> parts) {
		return new Recording(List.of(parts), Double.NaN, null, null, List.of(), null);
	}

	/** Simultaneous views, one file each. */
	public static Recording ofViews(List<Path> views) {
		List<List<Path>> v = new ArrayList<>();
		for (Path p : views)
			v.add(List.of(p));
		return new Recording(v, Double.NaN, null, null, List.of(), null);
	}

	public Recording withOutputDir(Path dir) {
		return new Recording(views, fps, timestamps, faceBox, rois, dir);
	}

	public Recording withFaceBox(int[] box) {
		return new Recording(views, fps, timestamps, box, rois, outputDir);
	}

	public Recording withRois(List<Roi> r) {
		return new Recording(views, fps, timestamps, faceBox, r, outputDir);
	}

	public Recording withFps(double f) {
		return new Recording(views, f, timestamps, faceBox, rois, outputDir);
	}

	public Recording withTimestamps(Path t) {
		return new Recording(views, fps, t, faceBox, rois, outputDir);
	}

	/** The face box (a copy), or null. */
	@Override
	public int[] faceBox() {
		return faceBox == null ? null : faceBox.clone();
	}

	/** The first part of the first view: names the outputs. */
	public Path primaryVideo() {
		return views.get(0).get(0);
	}

	/** Every video file, view by view. */
	public List<Path> files() {
		List<Path> out = new ArrayList<>();
		for (List<Path> parts : views)
			out.addAll(parts);
		return out;
	}

	/** The ROIs of one type, in order. */
	public List<Roi> rois(RoiType type) {
		List<Roi> out = new ArrayList<>();
		for (Roi r : rois)
			if (r.type() == type) out.add(r);
		return out;
	}

	/** Opens the frames (the caller closes them): concatenated parts, tiled views. */
	public VideoSource open() {
		if (views.size() == 1 && views.get(0).size() == 1) return VideoSources.openOne(primaryVideo());
		List<List<Path>> byPart = new ArrayList<>();
		for (int t = 0; t < views.get(0).size(); t++) {
			List<Path> set = new ArrayList<>();
			for (List<Path> parts : views)
				set.add(parts.get(t));
			byPart.add(set);
		}
		return VideoSources.open(byPart);
	}

	/** Every output name of this recording. */
	public OutputLayout outputs() {
		return new OutputLayout(this);
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Recording)) return false;
		Recording r = (Recording) o;
		return views.equals(r.views) && Double.compare(fps, r.fps) == 0 && java.util.Objects.equals(timestamps, r.timestamps)
			&& Arrays.equals(faceBox, r.faceBox) && rois.equals(r.rois) && java.util.Objects.equals(outputDir, r.outputDir);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(views, fps, timestamps, Arrays.hashCode(faceBox), rois, outputDir);
	}

	@Override
	public String toString() {
		return files().size() == 1 ? primaryVideo().toString() : files().toString();
	}

	// ---- JSON ----

	public JsonObject toJsonObject() {
		JsonObject o = new JsonObject();
		JsonArray vs = new JsonArray();
		for (List<Path> parts : views) {
			JsonArray a = new JsonArray();
			for (Path p : parts)
				a.add(p.toString());
			vs.add(a);
		}
		o.add("views", vs);
		if (!Double.isNaN(fps)) o.addProperty("fps", fps);
		if (timestamps != null) o.addProperty("timestamps", timestamps.toString());
		if (faceBox != null) {
			JsonArray b = new JsonArray();
			for (int v : faceBox)
				b.add(v);
			o.add("face_box", b);
		}
		JsonArray rs = new JsonArray();
		for (Roi r : rois) {
			JsonObject j = new JsonObject();
			j.addProperty("type", r.type().toString());
			j.addProperty("name", r.name());
			j.addProperty("x", r.x());
			j.addProperty("y", r.y());
			j.addProperty("width", r.width());
			j.addProperty("height", r.height());
			rs.add(j);
		}
		o.add("rois", rs);
		if (outputDir != null) o.addProperty("output_dir", outputDir.toString());
		return o;
	}

	public String toJson() {
		Gson g = new GsonBuilder().setPrettyPrinting().create();
		return g.toJson(toJsonObject()) + "\n";
	}

	public void writeJson(Path file) {
		AtomicFiles.writeString(file, toJson());
	}

	public static Recording fromJson(JsonObject o) {
		List<List<Path>> views = new ArrayList<>();
		for (JsonElement v : o.getAsJsonArray("views")) {
			List<Path> parts = new ArrayList<>();
			for (JsonElement p : v.getAsJsonArray())
				parts.add(Paths.get(p.getAsString()));
			views.add(parts);
		}
		double fps = o.has("fps") ? o.get("fps").getAsDouble() : Double.NaN;
		Path ts = o.has("timestamps") ? Paths.get(o.get("timestamps").getAsString()) : null;
		int[] box = null;
		if (o.has("face_box")) {
			JsonArray b = o.getAsJsonArray("face_box");
			box = new int[b.size()];
			for (int i = 0; i < box.length; i++)
				box[i] = b.get(i).getAsInt();
		}
		List<Roi> rois = new ArrayList<>();
		if (o.has("rois")) for (JsonElement e : o.getAsJsonArray("rois")) {
			JsonObject j = e.getAsJsonObject();
			rois.add(new Roi(RoiType.parse(j.get("type").getAsString()), j.has("name") ? j.get("name").getAsString() : "",
				j.get("x").getAsInt(), j.get("y").getAsInt(), j.get("width").getAsInt(), j.get("height").getAsInt()));
		}
		Path out = o.has("output_dir") ? Paths.get(o.get("output_dir").getAsString()) : null;
		return new Recording(views, fps, ts, box, rois, out);
	}

	public static Recording readJson(Path file) {
		try {
			return fromJson(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
		} catch (IOException e) {
			throw new FacemapException(file, "cannot read the recording (" + e.getMessage() + ")", e);
		} catch (RuntimeException e) {
			if (e instanceof FacemapException) throw e;
			throw new FacemapException(file, "not a recording description (" + e.getMessage() + ")", e);
		}
	}
}
