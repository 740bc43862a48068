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
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;

/**
 * The shared checkpoint of a resumable job: hidden side files beside the output it will write,
 * {@code .<output name>.partial.npy} (the state so far, one array) and {@code .partial.json} (the run's identity and
 * how much is done). A run resumes only when its identity (settings, input and model digests, see {@link Identity})
 * equals the saved one; otherwise {@link #resume()} refuses and says what changed.
 */
public final class Checkpoint {

	/** What an interrupted run left. */
	public record Saved(Tensor state, long done) {
	}

	private final Path output, data, info;
	private final JsonObject identity;

	private Checkpoint(Path output, JsonObject identity) {
		this.output = output;
		this.identity = identity.deepCopy();
		this.data = OutputLayout.partial(output, ".npy");
		this.info = OutputLayout.partial(output, ".json");
	}

	/** The checkpoint of the run that writes {@code output}, identified by {@code identity}. */
	public static Checkpoint beside(Path output, JsonObject identity) {
		return new Checkpoint(output.toAbsolutePath(), identity);
	}

	public Path dataFile() {
		return data;
	}

	public Path infoFile() {
		return info;
	}

	/** Whether an interrupted run left side files. */
	public boolean exists() {
		return Files.isRegularFile(data) && Files.isRegularFile(info);
	}

	/**
	 * The saved state, or empty when there is none.
	 *
	 * @throws FacemapException when side files exist for another input, model or settings (naming what changed)
	 */
	public Optional<Saved> resume() {
		if (!exists()) return Optional.empty();
		JsonObject saved;
		try {
			saved = JsonParser.parseString(Files.readString(info, StandardCharsets.UTF_8)).getAsJsonObject();
		} catch (IOException | RuntimeException e) {
			throw new FacemapException(info, "cannot read the interrupted run's record (" + e.getMessage() + "); delete it to start again", e);
		}
		JsonObject savedId = saved.has("identity") && saved.get("identity").isJsonObject() ? saved.getAsJsonObject("identity") : new JsonObject();
		List<String> changed = differences(savedId, identity);
		if (!changed.isEmpty())
			throw new FacemapException(output, "cannot resume: the interrupted run (" + info.getFileName() + ") used other settings or inputs: "
				+ String.join("; ", changed) + ". Run without resume to start again (this replaces the interrupted run's frames).");
		long done = saved.has("done") ? saved.get("done").getAsLong() : 0;
		Tensor t;
		try {
			t = Npy.readTensor(data);
		} catch (RuntimeException e) {
			throw new FacemapException(data, "cannot read the interrupted run's results (" + e.getMessage() + "); delete it to start again", e);
		}
		return Optional.of(new Saved(t, done));
	}

	/** What differs between two identities, key by key ("video (was a1b2, now c3d4)"). */
	static List<String> differences(JsonObject was, JsonObject now) {
		List<String> out = new ArrayList<>();
		for (String k : now.keySet()) {
			JsonElement a = was.get(k), b = now.get(k);
			if (a == null) out.add(k + " (not recorded, now " + b + ")");
			else if (!a.equals(b)) out.add(k + " (was " + a + ", now " + b + ")");
		}
		for (String k : was.keySet())
			if (!now.has(k)) out.add(k + " (was " + was.get(k) + ", not set now)");
		return out;
	}

	/** Saves the state: the array first, then the record that says how much of it is valid. */
	public void save(Tensor state, long done) {
		Npy.write(data, state);
		JsonObject s = new JsonObject();
		s.add("identity", identity);
		s.addProperty("done", done);
		Gson g = new GsonBuilder().setPrettyPrinting().create();
		AtomicFiles.writeString(info, g.toJson(s) + "\n");
	}

	/** Removes the side files (after the outputs were committed). */
	public void clear() {
		try {
			Files.deleteIfExists(info);
			Files.deleteIfExists(data);
		} catch (IOException e) {
			throw new FacemapException(data, "could not delete the finished run's side file (" + e.getMessage() + ")", e);
		}
	}
}
