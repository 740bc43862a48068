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
package sc.fiji.facemap.batch;

import com.google.gson.JsonObject;

/**
 * What a task wrote about itself in {@code state/NNNN.json}: {@code running} when it started, then {@code done} or
 * {@code failed} with its message.
 *
 * @param host the machine it ran on; {@code pid} its process there
 * @param slurmJob {@code JOBID_INDEX} when it ran under SLURM, else null
 * @param started ISO time it started, {@code finished} when it ended (null while running)
 * @param threads libtorch threads it used (0 = unknown)
 * @param identity what its output was made from (settings, model, video content); a done task with the same
 *        identity and its output present is skipped
 */
public record TaskState(String state, String message, String host, long pid, String slurmJob, String started, String finished, double seconds,
	int threads, JsonObject identity) {

	public static final String RUNNING = "running", DONE = "done", FAILED = "failed";

	JsonObject toJson() {
		JsonObject o = new JsonObject();
		o.addProperty("state", state);
		if (message != null) o.addProperty("message", message);
		if (host != null) o.addProperty("host", host);
		if (pid > 0) o.addProperty("pid", pid);
		if (slurmJob != null) o.addProperty("slurm_job", slurmJob);
		if (started != null) o.addProperty("started", started);
		if (finished != null) o.addProperty("finished", finished);
		if (seconds > 0) o.addProperty("seconds", seconds);
		if (threads > 0) o.addProperty("threads", threads);
		if (identity != null) o.add("identity", identity);
		return o;
	}

	static TaskState fromJson(JsonObject o) {
		return new TaskState(o.get("state").getAsString(), str(o, "message"), str(o, "host"), o.has("pid") ? o.get("pid").getAsLong() : 0, str(o, "slurm_job"),
			str(o, "started"), str(o, "finished"), o.has("seconds") ? o.get("seconds").getAsDouble() : 0, o.has("threads") ? o.get("threads").getAsInt() : 0,
			o.has("identity") && o.get("identity").isJsonObject() ? o.getAsJsonObject("identity") : null);
	}

	private static String str(JsonObject o, String k) {
		return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : null;
	}
}
