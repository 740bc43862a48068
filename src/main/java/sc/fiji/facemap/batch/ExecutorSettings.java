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

import java.util.Locale;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Setting;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * Where and how a batch's tasks run: on this machine ({@link Executor#LOCAL}, worker processes) or as one SLURM job
 * array ({@link Executor#SLURM}; SLURM schedules, we only submit and read its state).
 */
public record ExecutorSettings(
	@Setting(description = "local (worker processes on this machine) or slurm (one SLURM job array)") Executor executor,
	@Setting(description = "Local worker processes (0 = one per 2 cores); each gets cores / workers libtorch threads, so workers never oversubscribe the cores") int workers,
	@Setting(optional = true, description = "SLURM partition (sbatch --partition); empty = the cluster's default") String partition,
	@Setting(description = "CPU cores per SLURM task (sbatch --cpus-per-task; also the task's libtorch threads)") int cpusPerTask,
	@Setting(description = "GPUs per SLURM task (sbatch --gpus-per-task); 0 = none. Plan with --device gpu to track on them") int gpus,
	@Setting(optional = true, description = "Time limit per SLURM task, [D-]HH:MM:SS (sbatch --time); empty = the partition's") String time,
	@Setting(optional = true, description = "Memory per SLURM task, e.g. 8G (sbatch --mem); empty = the partition's default") String mem,
	@Setting(description = "At most this many SLURM tasks at once (the job array's throttle); 0 = no limit") int maxParallel,
	@Setting(optional = true, description = "Java options of each task, e.g. -Xmx8g") String javaOptions)
	implements JobSettings {

	/** Where tasks run. */
	public enum Executor {
		LOCAL, SLURM;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public static final ExecutorSettings DEFAULTS = new ExecutorSettings(Executor.LOCAL, 0, null, 2, 0, null, null, 0, "-Xmx3g");

	public ExecutorSettings {
		if (executor == null) executor = Executor.LOCAL;
		SettingsSchema.check(workers >= 0 && workers <= 4096, "workers", "must be 0 (automatic) or a number of processes, got " + workers);
		SettingsSchema.check(cpusPerTask >= 1 && cpusPerTask <= 4096, "cpus_per_task", "must be at least 1, got " + cpusPerTask);
		SettingsSchema.check(gpus >= 0 && gpus <= 64, "gpus", "must be 0 or more, got " + gpus);
		SettingsSchema.check(maxParallel >= 0, "max_parallel", "must be 0 (no limit) or more, got " + maxParallel);
		SettingsSchema.check(time == null || time.isBlank() || time.trim().matches("(\\d+-)?\\d{1,3}(:\\d{2}){0,2}"), "time",
			"must be [D-]HH:MM:SS (e.g. 02:00:00), got '" + time + "'");
		SettingsSchema.check(mem == null || mem.isBlank() || mem.trim().matches("\\d+[KMGT]?"), "mem", "must be a number with an optional K, M, G or T (e.g. 8G), got '" + mem + "'");
		SettingsSchema.check(partition == null || partition.trim().matches("[A-Za-z0-9_.,-]*"), "partition", "must be a SLURM partition name, got '" + partition + "'");
	}

	/** Local workers: as asked (at most the cores), or one per two cores. */
	public int localWorkers(int cores) {
		int w = workers > 0 ? workers : Math.max(1, cores / 2);
		return Math.max(1, Math.min(w, cores));
	}

	/** libtorch threads of each of {@code workers} local workers on {@code cores} cores: workers x threads <= cores. */
	public static int threadsPerWorker(int workers, int cores) {
		return Math.max(1, cores / Math.max(1, workers));
	}

	/** The schema (keys, defaults, text and JSON forms). */
	public static SettingsSchema<ExecutorSettings> schema() {
		return SettingsSchema.of(ExecutorSettings.class);
	}
}
