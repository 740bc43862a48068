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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.Version;
import sc.fiji.facemap.io.RoiFile;
import sc.fiji.facemap.job.Identity;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/**
 * A batch of recordings processed with the same settings and ROIs, one after the other: each recording's outputs
 * are written as soon as it finishes, and a recording whose outputs already exist and were made from the same
 * input, settings and ROIs is skipped (so a rerun after an interruption continues where it stopped). The proof is a
 * small run record beside the outputs, {@code <base>_proc.json}: the settings ({@code "svd"} section), the ROIs and
 * the input's content digest, written after the outputs. It has the form of a settings file, so
 * {@code facemap svd --settings <base>_proc.json OTHER.mp4} processes another video the same way (no file names
 * are stored in it).
 */
public final class SvdBatch {

	/** Suffix of the run record beside {@code <base>_proc.npy}. */
	public static final String RECORD_SUFFIX = "_proc.json";
	/** The settings section of settings files and run records. */
	public static final String SECTION = "svd";

	/** Processes one recording with the given ROIs and writes its outputs ({@code _proc.npy}, ...). */
	@FunctionalInterface
	public interface Processor {
		ProcessingResult process(Recording recording, List<RoiSpec> rois, SvdSettings settings, Progress progress);
	}

	/** What happened to one recording. */
	public enum Status {
		PROCESSED, SKIPPED, FAILED
	}

	/**
	 * @param result the result when processed (null when skipped or failed)
	 * @param output the {@code _proc.npy}
	 * @param message why it was skipped or failed, or a one-line summary
	 * @param seconds wall time spent on it
	 */
	public record Item(Recording recording, Status status, Path output, ProcessingResult result, String message, double seconds) {}

	/**
	 * The classic pipeline on a recording with explicit ROIs, outputs written ({@link SvdJob}): what the CLI, the Fiji
	 * command and scripts run.
	 */
	public static ProcessingResult processAndWrite(Recording r, List<RoiSpec> rois, SvdSettings s, Progress progress) {
		return new SvdJob().run(r, rois, s, progress);
	}

	private final Processor processor;
	private final SvdSettings settings;
	private final List<RoiSpec> rois;
	private boolean force;

	/** A batch running {@link #processAndWrite}. */
	public SvdBatch(SvdSettings settings, List<RoiSpec> rois) {
		this(SvdBatch::processAndWrite, settings, rois);
	}

	public SvdBatch(Processor processor, SvdSettings settings, List<RoiSpec> rois) {
		this.processor = processor;
		this.settings = settings;
		this.rois = List.copyOf(rois);
	}

	/** Process every recording again even when its outputs are up to date. */
	public SvdBatch force(boolean f) {
		this.force = f;
		return this;
	}

	/** The run record of a recording. */
	public static Path record(Recording r) {
		return r.outputs().file(RECORD_SUFFIX);
	}

	/** The run record's content for these settings, ROIs and input. */
	public static JsonObject recordJson(Recording r, SvdSettings s, List<RoiSpec> rois) {
		JsonObject o = new JsonObject();
		o.add(SECTION, SettingsSchema.of(SvdSettings.class).toJsonObject(s));
		o.add(RoiFile.ROIS, SvdRois.toJson(rois));
		JsonObject input = new JsonObject();
		JsonArray ids = new JsonArray();
		for (Path p : r.files())
			ids.add(Identity.of(p));
		input.add("identity", ids);
		o.add("input", input);
		JsonObject made = new JsonObject();
		made.addProperty("facemap_fiji", Version.get());
		o.add("made_by", made);
		return o;
	}

	/**
	 * Null when {@code r}'s outputs exist and were made from the same input, settings (identity keys) and ROIs;
	 * else the reason they must be (re)made.
	 */
	public static String whyNotDone(Recording r, SvdSettings s, List<RoiSpec> rois) {
		OutputLayout out = r.outputs();
		if (!Files.isRegularFile(out.procNpy())) return "no output yet";
		if (s.writeH5() && !Files.isRegularFile(out.procH5())) return out.procH5().getFileName() + " is missing";
		Path rec = record(r);
		if (!Files.isRegularFile(rec)) return "no run record " + rec.getFileName() + " beside the output";
		JsonObject old;
		try {
			old = JsonParser.parseString(Files.readString(rec, StandardCharsets.UTF_8)).getAsJsonObject();
		} catch (IOException | RuntimeException e) {
			return "unreadable run record " + rec.getFileName();
		}
		JsonObject now = recordJson(r, s, rois);
		if (!now.get("input").equals(old.get("input"))) return "the video differs from the one processed";
		SettingsSchema<SvdSettings> schema = SettingsSchema.of(SvdSettings.class);
		SvdSettings before;
		try {
			before = schema.fromJson(old.getAsJsonObject(SECTION));
		} catch (RuntimeException e) {
			return "the run record's settings are not readable (" + e.getMessage() + ")";
		}
		JsonObject a = schema.identity(before), b = schema.identity(s);
		if (!a.equals(b)) return "settings changed (" + changedKeys(a, b) + ")";
		JsonElement oldRois = old.get(RoiFile.ROIS);
		if (oldRois == null || !oldRois.equals(now.get(RoiFile.ROIS))) return "ROIs changed";
		return null;
	}

	private static String changedKeys(JsonObject a, JsonObject b) {
		List<String> keys = new ArrayList<>();
		for (String k : b.keySet())
			if (!java.util.Objects.equals(a.get(k), b.get(k))) keys.add(k + " " + a.get(k) + " -> " + b.get(k));
		return String.join(", ", keys);
	}

	/** Processes (or skips) one recording and writes its run record. A cancel propagates; other failures too. */
	public Item runOne(Recording r, Progress progress) {
		long t0 = System.nanoTime();
		Path npy = r.outputs().procNpy();
		String why = force ? "forced" : whyNotDone(r, settings, rois);
		if (why == null) return new Item(r, Status.SKIPPED, npy, null, "already done with these settings and ROIs (" + record(r).getFileName() + ")", 0);
		ProcessingResult res = processor.process(r, rois, settings, progress);
		sc.fiji.facemap.io.AtomicFiles.writeString(record(r), new com.google.gson.GsonBuilder().setPrettyPrinting().create()
			.toJson(recordJson(r, settings, rois)) + "\n");
		double sec = (System.nanoTime() - t0) / 1e9;
		return new Item(r, Status.PROCESSED, npy, res, String.format(java.util.Locale.ROOT, "%d frames in %.1f s (%.1f frames/s)%s",
			res.nFrames(), sec, res.nFrames() / Math.max(1e-9, sec), why.equals("no output yet") ? "" : "; processed again: " + why), sec);
	}

	/**
	 * Processes every recording in turn, handing each outcome to {@code done} as soon as it is known. A failing
	 * recording is reported ({@link Status#FAILED}) and the batch goes on; a cancel stops the batch.
	 *
	 * @param progressFor the progress of each recording (e.g. a fresh console bar)
	 */
	public List<Item> run(List<Recording> recordings, java.util.function.Function<Recording, Progress> progressFor, Consumer<Item> done) {
		checkDistinctOutputs(recordings);
		List<Item> out = new ArrayList<>();
		for (Recording r : recordings) {
			Item it;
			long t0 = System.nanoTime();
			try {
				it = runOne(r, progressFor.apply(r));
			} catch (CanceledException e) {
				throw e;
			} catch (FacemapException e) {
				it = new Item(r, Status.FAILED, r.outputs().procNpy(), null, e.getMessage(), (System.nanoTime() - t0) / 1e9);
			}
			out.add(it);
			done.accept(it);
		}
		return out;
	}

	/**
	 * Refuses, before any work, two recordings that would write the same {@code _proc.npy} (videos of the same name
	 * from different folders into one output folder): the second would overwrite the first.
	 */
	public static void checkDistinctOutputs(List<Recording> recordings) {
		Map<Path, Recording> seen = new LinkedHashMap<>();
		for (Recording r : recordings) {
			Path out = r.outputs().procNpy().toAbsolutePath().normalize();
			Recording other = seen.putIfAbsent(out, r);
			if (other != null)
				throw new FacemapException(out, "would be written by both " + other + " and " + r + "; give them different output folders (--out) or process them separately");
		}
	}

	/** "3 recordings: 2 processed, 1 skipped (already done), 0 failed". */
	public static String summary(List<Item> items) {
		Map<Status, Integer> n = new LinkedHashMap<>();
		for (Status s : Status.values())
			n.put(s, 0);
		for (Item i : items)
			n.merge(i.status(), 1, Integer::sum);
		return items.size() + (items.size() == 1 ? " recording: " : " recordings: ") + n.get(Status.PROCESSED) + " processed, "
			+ n.get(Status.SKIPPED) + " skipped (already done), " + n.get(Status.FAILED) + " failed";
	}
}
