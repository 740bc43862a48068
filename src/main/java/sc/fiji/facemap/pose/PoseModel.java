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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.KeypointSet;
import ai.djl.ndarray.NDManager;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;
import sc.fiji.facemap.job.OutputSet;

/**
 * A keypoint model: FMnet weights (a PyTorch state dict with Facemap's key names) plus metadata (name, keypoint
 * names in output-channel order, channel widths, input size, description, provenance). On disk it is a folder
 * {@code <name>/} with {@code model.pt} and {@code model.json}, or any {@code .pt} file (then a {@code <file>.json}
 * or {@code <stem>.json} beside it is used if present; without metadata a 15-keypoint model is taken to predict
 * Facemap's 15 keypoints and other counts get the names {@code keypoint1..N}).
 */
public final class PoseModel {

	public static final String WEIGHTS_FILE = "model.pt", METADATA_FILE = "model.json";

	private final String name;
	private final KeypointSet keypoints;
	private final int[] channels;
	private final int inChannels;
	private final int inputSize;
	private final String description, provenance;
	private final Path source;
	private final LinkedHashMap<String, Tensor> stateDict;
	private final JsonObject metadata;

	private String warning;

	private PoseModel(String name, KeypointSet keypoints, int inChannels, int[] channels, int inputSize, String description,
		String provenance, Path source, LinkedHashMap<String, Tensor> stateDict, JsonObject metadata) {
		this.name = name;
		this.keypoints = keypoints;
		this.inChannels = inChannels;
		this.channels = channels;
		this.inputSize = inputSize;
		this.description = description;
		this.provenance = provenance;
		this.source = source;
		this.stateDict = stateDict;
		this.metadata = metadata;
	}

	/**
	 * Wraps a state dict (e.g. from training). Channels and keypoint count are read from the shapes.
	 *
	 * @param keypoints names in output order, or null for the defaults described above
	 */
	public static PoseModel of(String name, LinkedHashMap<String, Tensor> stateDict, KeypointSet keypoints, String description,
		String provenance, JsonObject extra) {
		int[] ck = inspect(stateDict, name);
		int[] channels = Arrays.copyOfRange(ck, 2, ck.length);
		KeypointSet kp = keypoints != null ? keypoints : defaultKeypoints(ck[1]);
		if (kp.size() != ck[1])
			throw new FacemapException(name + ": the weights predict " + ck[1] + " keypoints but " + kp.size() + " names were given: " + kp.names());
		JsonObject meta = extra == null ? new JsonObject() : extra.deepCopy();
		return new PoseModel(name, kp, ck[0], channels, FMnet.INPUT_SIZE, description == null ? "" : description,
			provenance == null ? "" : provenance, null, stateDict, meta);
	}

	private static int[] inspect(Map<String, Tensor> sd, String where) {
		return FMnet.architecture(sd, where);
	}

	static KeypointSet defaultKeypoints(int n) {
		if (n == KeypointSet.FACEMAP.size()) return KeypointSet.facemap();
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= n; i++) names.add("keypoint" + i);
		return new KeypointSet(names);
	}

	/**
	 * Loads a model folder (with model.pt and optionally model.json) or a .pt file.
	 *
	 * @throws FacemapException naming the file when it is missing, not a PyTorch state dict, or not an FMnet
	 */
	public static PoseModel load(Path path) {
		Path weights, json;
		String name;
		if (Files.isDirectory(path)) {
			weights = path.resolve(WEIGHTS_FILE);
			json = path.resolve(METADATA_FILE);
			name = path.getFileName().toString();
			if (!Files.isRegularFile(weights))
				throw new FacemapException(path, "not a model folder: it has no " + WEIGHTS_FILE + " (a model is a folder with "
					+ WEIGHTS_FILE + " and " + METADATA_FILE + ", or a .pt file)");
		} else {
			if (!Files.exists(path)) throw new FacemapException(path, "model file not found");
			weights = path;
			String fn = path.getFileName().toString();
			int dot = fn.lastIndexOf('.');
			String stem = dot > 0 ? fn.substring(0, dot) : fn;
			json = path.resolveSibling(fn + ".json");
			if (!Files.isRegularFile(json)) json = path.resolveSibling(stem + ".json");
			name = stem.equals("model") && path.getParent() != null && path.getParent().getFileName() != null
				? path.getParent().getFileName().toString() : stem;
		}
		LinkedHashMap<String, Tensor> sd;
		try {
			sd = TorchStateDict.read(weights);
		} catch (FacemapException e) {
			throw new FacemapException("Cannot load keypoint model: " + e.getMessage(), e);
		}
		int[] ck = inspect(sd, weights.toString());
		int[] channels = Arrays.copyOfRange(ck, 2, ck.length);
		JsonObject meta = new JsonObject();
		if (Files.isRegularFile(json)) {
			try {
				JsonElement el = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
				if (!el.isJsonObject()) throw new FacemapException(json, "model metadata must be a JSON object");
				meta = el.getAsJsonObject();
			} catch (IOException | RuntimeException e) {
				if (e instanceof FacemapException) throw (FacemapException) e;
				throw new FacemapException(json, "cannot read model metadata (" + e.getMessage() + ")", e);
			}
		}
		KeypointSet kp = defaultKeypoints(ck[1]);
		if (meta.has("keypoints")) {
			List<String> names = new ArrayList<>();
			for (JsonElement e : meta.getAsJsonArray("keypoints")) names.add(e.getAsString());
			if (names.size() != ck[1])
				throw new FacemapException(json, "lists " + names.size() + " keypoints but the weights in " + weights.getFileName()
					+ " predict " + ck[1]);
			kp = new KeypointSet(names);
		}
		if (meta.has("channels")) {
			JsonArray a = meta.getAsJsonArray("channels");
			int[] mc = new int[a.size()];
			for (int i = 0; i < mc.length; i++) mc[i] = a.get(i).getAsInt();
			if (!Arrays.equals(mc, channels))
				throw new FacemapException(json, "says channels " + Arrays.toString(mc) + " but the weights have " + Arrays.toString(channels));
		}
		int inputSize = meta.has("inputSize") ? meta.get("inputSize").getAsInt() : FMnet.INPUT_SIZE;
		if (inputSize <= 0 || inputSize % 16 != 0) throw new FacemapException(json, "inputSize must be a positive multiple of 16, got " + inputSize);
		if (meta.has("name")) name = meta.get("name").getAsString();
		PoseModel m = new PoseModel(name, kp, ck[0], channels, inputSize, str(meta, "description"), str(meta, "provenance"), weights, sd, meta);
		if (!meta.has("keypoints"))
			m.warning = weights + " has no " + json.getFileName() + " naming its keypoints: "
				+ (ck[1] == KeypointSet.FACEMAP.size() ? "taken to be Facemap's 15 keypoints in Facemap's order"
					: "they are called keypoint1..keypoint" + ck[1]) + "; keep the model.json that was written with the weights";
		return m;
	}

	/** What the user should know about how this model was read (e.g. keypoint names guessed), or null. */
	public String warning() {
		return warning;
	}

	private static String str(JsonObject o, String key) {
		return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
	}

	/**
	 * Writes {@code folder/model.pt} and {@code folder/model.json} (each atomically). Extra metadata given to
	 * {@link #of} (e.g. "training", "validation") is kept.
	 */
	public void save(Path folder) {
		try {
			Files.createDirectories(folder);
		} catch (IOException e) {
			throw new FacemapException(folder, "cannot create model folder (" + e.getMessage() + ")", e);
		}
		try (OutputSet out = new OutputSet()) { // model.pt and model.json in place together, or neither
			out.write(folder.resolve(WEIGHTS_FILE), tmp -> TorchStateDict.write(tmp, stateDict));
			out.write(folder.resolve(METADATA_FILE), tmp -> AtomicFiles.writeString(tmp, metadataJson()));
			out.commit();
		}
	}

	/**
	 * Checks, before any training, that a model can be saved into {@code folder}: not a file, writable, and no model
	 * already there unless {@code overwrite} (a finished model is never replaced without being asked).
	 */
	public static void checkSaveTarget(Path folder, boolean overwrite) {
		if (Files.exists(folder) && !Files.isDirectory(folder))
			throw new FacemapException(folder, "is a file, not a model folder; choose a folder for the model");
		if (!overwrite && (Files.exists(folder.resolve(WEIGHTS_FILE)) || Files.exists(folder.resolve(METADATA_FILE))))
			throw new FacemapException(folder, "holds a model already (" + (Files.exists(folder.resolve(WEIGHTS_FILE)) ? WEIGHTS_FILE
				: METADATA_FILE) + "); choose another output folder, or replace it with --overwrite (Overwrite in Refine Model...)");
		OutputSet.checkWritable(folder);
	}

	/** The model.json text. */
	public String metadataJson() {
		JsonObject o = new JsonObject();
		o.addProperty("name", name);
		JsonArray k = new JsonArray();
		for (String s : keypoints.names()) k.add(s);
		o.add("keypoints", k);
		JsonArray c = new JsonArray();
		for (int v : channels) c.add(v);
		o.add("channels", c);
		o.addProperty("inputSize", inputSize);
		o.addProperty("description", description);
		o.addProperty("provenance", provenance);
		for (Map.Entry<String, JsonElement> e : metadata.entrySet())
			if (!o.has(e.getKey())) o.add(e.getKey(), e.getValue());
		Gson g = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
		return g.toJson(o) + "\n";
	}

	/** A network with this model's weights (caller closes it). */
	public FMnet createNetwork(NDManager manager) {
		return FMnet.fromStateDict(manager, stateDict, source == null ? name : source.toString());
	}

	/**
	 * Checks that this model predicts exactly {@code expected} (same names, same order).
	 *
	 * @throws FacemapException saying which keypoints differ
	 */
	public void requireKeypoints(KeypointSet expected) {
		if (keypoints.equals(expected)) return;
		List<String> missing = new ArrayList<>(expected.names());
		missing.removeAll(keypoints.names());
		List<String> extra = new ArrayList<>(keypoints.names());
		extra.removeAll(expected.names());
		throw new FacemapException("model '" + name + "'" + (source == null ? "" : " (" + source + ")") + " predicts keypoints "
			+ keypoints.names() + " but " + expected.names() + " are expected"
			+ (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; not expected " + extra)
			+ (missing.isEmpty() && extra.isEmpty() ? "; the order differs" : ""));
	}

	public String name() {
		return name;
	}

	public KeypointSet keypoints() {
		return keypoints;
	}

	public int[] channels() {
		return channels.clone();
	}

	public int inChannels() {
		return inChannels;
	}

	public int inputSize() {
		return inputSize;
	}

	public String description() {
		return description;
	}

	public String provenance() {
		return provenance;
	}

	/** The weights file it was loaded from, or null. */
	public Path source() {
		return source;
	}

	/** The weights (shared, do not modify). */
	private volatile String digest;

	/** A digest of the weights (SHA-256 of the state dict's bytes): identifies the model in resume checks. */
	public String digest() {
		if (digest == null) digest = sc.fiji.facemap.job.Identity.ofBytes(sc.fiji.facemap.io.TorchStateDict.toBytes(stateDict()));
		return digest;
	}

	public LinkedHashMap<String, Tensor> stateDict() {
		return stateDict;
	}

	/** The metadata as read from model.json (or given), including extra fields such as "training". */
	public JsonObject metadata() {
		return metadata.deepCopy();
	}

	@Override
	public String toString() {
		return name + " (" + keypoints.size() + " keypoints, channels " + Arrays.toString(channels) + ")";
	}
}
