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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * Submits a batch as one SLURM job array and reads SLURM's view of it. SLURM does the scheduling; this class writes
 * {@code RUN_DIR/slurm/array.sh} (the {@code #SBATCH} options and the task command, readable and adaptable), calls
 * {@code sbatch --parsable --array=SPEC[%K]} and appends the job id to {@code RUN_DIR/slurm/jobs.tsv}. Task
 * {@code I} of the plan is array index {@code I}; its output goes to {@code RUN_DIR/logs/NNNN.log} (appended, so a
 * retry keeps the earlier attempt's lines).
 */
public final class SlurmExecutor {

	public static final String SCRIPT = "array.sh", JOBS = "jobs.tsv";

	private SlurmExecutor() {}

	/** Submits tasks {@code indices} (a job array) and returns SLURM's job id. */
	public static String submit(BatchRun run, ExecutorSettings s, List<Integer> indices) {
		if (indices.isEmpty()) throw new FacemapException(run.dir(), "no tasks to submit");
		Path dir = run.dir().resolve("slurm");
		Path script = dir.resolve(SCRIPT);
		AtomicFiles.writeString(script, script(run, s));
		script.toFile().setExecutable(true);
		String spec = arraySpec(indices) + (s.maxParallel() > 0 ? "%" + s.maxParallel() : "");
		List<String> cmd = List.of("sbatch", "--parsable", "--array=" + spec, script.toString());
		Result r = exec(cmd, 60);
		if (r.rc != 0) throw new FacemapException(run.dir(), "sbatch refused the job array (exit status " + r.rc + "): " + r.out.trim());
		String id = r.out.trim();
		int semi = id.indexOf(';');
		if (semi >= 0) id = id.substring(0, semi); // "JOBID;CLUSTER"
		if (!id.matches("\\d+")) throw new FacemapException(run.dir(), "sbatch did not print a job id: " + r.out.trim());
		try {
			Files.writeString(dir.resolve(JOBS), id + "\t" + arraySpec(indices) + "\t" + Instant.now() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		} catch (IOException e) {
			throw new FacemapException(dir.resolve(JOBS), "cannot record job " + id + " (" + AtomicFiles.describe(e) + ")", e);
		}
		return id;
	}

	/** The job array script: {@code #SBATCH} lines from the settings, then the task command. */
	public static String script(BatchRun run, ExecutorSettings s) {
		StringBuilder b = new StringBuilder("#!/bin/bash\n");
		b.append("# Facemap for Fiji batch ").append(run.dir()).append(": one array task per line of tasks.tsv\n");
		b.append("#SBATCH --job-name=facemap-").append(run.dir().getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_")).append('\n');
		b.append("#SBATCH --output=").append(run.dir().resolve("logs")).append("/%4a.log\n");
		b.append("#SBATCH --open-mode=append\n");
		b.append("#SBATCH --cpus-per-task=").append(s.cpusPerTask()).append('\n');
		if (s.partition() != null && !s.partition().isBlank()) b.append("#SBATCH --partition=").append(s.partition().trim()).append('\n');
		if (s.gpus() > 0) b.append("#SBATCH --gpus-per-task=").append(s.gpus()).append('\n');
		if (s.time() != null && !s.time().isBlank()) b.append("#SBATCH --time=").append(s.time().trim()).append('\n');
		if (s.mem() != null && !s.mem().isBlank()) b.append("#SBATCH --mem=").append(s.mem().trim()).append('\n');
		b.append("export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1} MKL_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n");
		List<String> cmd = TaskLauncher.javaCommand(s);
		StringBuilder c = new StringBuilder("exec");
		for (String w : cmd)
			c.append(' ').append(TaskLauncher.quote(w));
		c.append(" batch task ").append(TaskLauncher.quote(run.dir().toString())).append(" --index \"$SLURM_ARRAY_TASK_ID\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"");
		b.append(c).append('\n');
		return b.toString();
	}

	/** "0-3,7,9-10" for the sorted distinct indices. */
	public static String arraySpec(List<Integer> indices) {
		List<Integer> s = new ArrayList<>(new java.util.TreeSet<>(indices));
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < s.size();) {
			int j = i;
			while (j + 1 < s.size() && s.get(j + 1) == s.get(j) + 1) j++;
			if (b.length() > 0) b.append(',');
			b.append(s.get(i));
			if (j > i) b.append('-').append(s.get(j));
			i = j + 1;
		}
		return b.toString();
	}

	/** The job ids submitted for this run, oldest first. */
	public static List<String> jobs(BatchRun run) {
		Path f = run.dir().resolve("slurm").resolve(JOBS);
		List<String> out = new ArrayList<>();
		if (!Files.isRegularFile(f)) return out;
		try {
			for (String line : Files.readAllLines(f, StandardCharsets.UTF_8))
				if (!line.isBlank()) out.add(line.split("\t")[0].trim());
		} catch (IOException e) {
			throw new FacemapException(f, "cannot read (" + e.getMessage() + ")", e);
		}
		return out;
	}

	/** Whether SLURM's commands are on this machine. */
	public static boolean available() {
		try {
			return exec(List.of("sbatch", "--version"), 20).rc == 0;
		} catch (FacemapException e) {
			return false;
		}
	}

	/**
	 * SLURM's state of each array task of this run's jobs still in the queue (array index -> PENDING, RUNNING, ...):
	 * a later submission of an index wins.
	 */
	public static Map<Integer, String> queued(BatchRun run) {
		Map<Integer, String> out = new HashMap<>();
		List<String> jobs = jobs(run);
		if (jobs.isEmpty()) return out;
		Result r = exec(List.of("squeue", "-h", "-r", "-j", String.join(",", jobs), "-o", "%F|%K|%T"), 30);
		if (r.rc != 0) return out; // jobs no longer known: nothing queued
		Map<Integer, Integer> by = new HashMap<>();
		for (String line : r.out.split("\n")) {
			String[] p = line.trim().split("\\|");
			if (p.length != 3 || !p[1].matches("\\d+")) continue;
			int idx = Integer.parseInt(p[1]);
			int job = jobs.indexOf(p[0]);
			if (by.containsKey(idx) && by.get(idx) > job) continue;
			by.put(idx, job);
			out.put(idx, p[2]);
		}
		return out;
	}

	/** SLURM's final state of one array task ({@code JOBID_INDEX}: CANCELLED, TIMEOUT, ...), or null when it no longer knows it. */
	public static String finalState(String jobTask) {
		Result r = exec(List.of("scontrol", "-o", "show", "job", jobTask), 30);
		if (r.rc != 0) return null;
		for (String w : r.out.split("\\s+"))
			if (w.startsWith("JobState=")) return w.substring("JobState=".length());
		return null;
	}

	/** Cancels array tasks ({@code scancel JOBID_INDEX ...}). */
	public static void cancel(List<String> jobTasks) {
		List<String> cmd = new ArrayList<>(List.of("scancel"));
		cmd.addAll(jobTasks);
		Result r = exec(cmd, 30);
		if (r.rc != 0) throw new FacemapException("scancel failed (exit status " + r.rc + "): " + r.out.trim());
	}

	record Result(int rc, String out) {}

	static Result exec(List<String> cmd, int timeoutSeconds) {
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new FacemapException(cmd.get(0) + " did not answer within " + timeoutSeconds + " s");
			}
			return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new FacemapException(cmd.get(0) + " could not be run (" + e.getMessage() + "); is SLURM installed on this machine?", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FacemapException(cmd.get(0) + " was interrupted", e);
		}
	}

	static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
