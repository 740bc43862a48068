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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.task.Progress;

/**
 * Runs a planned batch: the one entry point of {@code facemap batch run|retry}, {@code Batch Process...} and
 * scripts. {@link #run} executes every task (done ones skip themselves), {@link #retry} only the failed and missing
 * ones. With the local executor both return when the tasks are finished; with SLURM they return once the job array
 * is submitted.
 */
public final class BatchRunner {

	/** The executor settings of the last run are kept here, so that a retry uses the same ones. */
	public static final String EXECUTOR_FILE = "executor.json";

	/**
	 * What was started.
	 *
	 * @param jobId SLURM's job id (null for a local run)
	 * @param local the local run's summary (null for SLURM)
	 */
	public record Started(List<Integer> tasks, String jobId, LocalExecutor.Summary local) {
		/** Local runs: the tasks that failed (empty for SLURM, which is asynchronous: see {@link BatchStatus}). */
		public List<Integer> failed() {
			return local == null ? List.of() : local.failed();
		}
	}

	private BatchRunner() {}

	/** Runs (local) or submits (SLURM) every task of the run. */
	public static Started run(BatchRun run, ExecutorSettings s, Progress progress) {
		List<Integer> all = new ArrayList<>();
		for (BatchRun.Task t : run.tasks())
			all.add(t.index());
		return execute(run, s, all, progress);
	}

	/** Runs or submits only the tasks that failed or never ran (none running, pending or done). */
	public static Started retry(BatchRun run, ExecutorSettings s, Progress progress) {
		List<Integer> again = toRetry(run);
		if (again.isEmpty()) {
			progress.log("Nothing to retry: no task failed or is missing.");
			return new Started(List.of(), null, null);
		}
		progress.log("Retrying " + again.size() + " task" + (again.size() == 1 ? "" : "s") + ": " + SlurmExecutor.arraySpec(again));
		return execute(run, s, again, progress);
	}

	/** The failed and missing tasks. */
	public static List<Integer> toRetry(BatchRun run) {
		List<Integer> out = new ArrayList<>();
		for (BatchStatus.Row r : BatchStatus.of(run))
			if (r.state() == BatchStatus.State.FAILED || r.state() == BatchStatus.State.MISSING) out.add(r.index());
		return out;
	}

	/** The executor settings of the run's last {@code run} or {@code retry} (defaults when none). */
	public static ExecutorSettings lastExecutor(BatchRun run) {
		Path f = run.dir().resolve(EXECUTOR_FILE);
		return Files.isRegularFile(f) ? ExecutorSettings.schema().fromJson(f, null) : ExecutorSettings.DEFAULTS;
	}

	static Started execute(BatchRun run, ExecutorSettings s, List<Integer> indices, Progress progress) {
		AtomicFiles.writeString(run.dir().resolve(EXECUTOR_FILE), ExecutorSettings.schema().toJson(s) + "\n");
		if (s.gpus() > 0 && run.trackingSettings() != null && run.trackingSettings().device() != sc.fiji.facemap.job.Device.GPU)
			progress.log("Warning: --gpus " + s.gpus() + " but the plan tracks with device " + run.trackingSettings().device()
				+ "; plan with --device gpu to use the GPUs");
		if (s.executor() == ExecutorSettings.Executor.SLURM) {
			String id = SlurmExecutor.submit(run, s, indices);
			progress.log("Submitted job array " + id + " (" + indices.size() + " tasks: " + SlurmExecutor.arraySpec(indices) + ")");
			return new Started(List.copyOf(indices), id, null);
		}
		LocalExecutor.Summary sum = LocalExecutor.run(run, s, indices, progress);
		return new Started(List.copyOf(indices), null, sum);
	}
}
