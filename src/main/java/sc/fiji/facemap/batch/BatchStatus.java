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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.facemap.batch.BatchRun.Task;

/**
 * The state of every task of a run, from the tasks' own state files and logs and, for tasks submitted to SLURM,
 * from SLURM ({@code squeue}; {@code scontrol} for a task that stopped without saying so, e.g. after
 * {@code scancel}).
 */
public final class BatchStatus {

	public enum State {
		PENDING, RUNNING, DONE, FAILED, MISSING;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * One task's line of the status table.
	 *
	 * @param message the task's result, or its failure's message (from its state file, else the last line of its log)
	 * @param where the host (and SLURM job) it ran on
	 */
	public record Row(int index, String step, Path video, String frames, State state, String message, double seconds, String where) {}

	private BatchStatus() {}

	/** The status of every task; asks SLURM about the run's jobs when it submitted any and SLURM is there. */
	public static List<Row> of(BatchRun run) {
		Map<Integer, String> queued = Map.of();
		boolean slurm = !SlurmExecutor.jobs(run).isEmpty();
		if (slurm) {
			try {
				queued = SlurmExecutor.queued(run);
			} catch (RuntimeException e) {
				slurm = false; // SLURM not reachable from here: the state files alone
			}
		}
		String here = BatchTasks.host();
		List<Row> rows = new ArrayList<>();
		for (Task t : run.tasks()) {
			TaskState s = run.state(t.index());
			String q = queued.get(t.index());
			State state;
			String msg = s == null ? null : s.message();
			if (q != null && (q.equals("PENDING") || q.equals("CONFIGURING") || q.equals("REQUEUED")) && (s == null || !TaskState.RUNNING.equals(s.state()))) {
				state = State.PENDING;
				msg = "queued in SLURM";
			} else if (q != null && (q.equals("RUNNING") || q.equals("COMPLETING"))) state = s != null && !TaskState.RUNNING.equals(s.state()) && q.equals("COMPLETING")
				? fromState(s) : State.RUNNING;
			else if (s == null) {
				state = State.MISSING;
				String last = lastLine(run.logFile(t.index()));
				msg = last != null ? "never recorded a state; its log ends: " + last : "not run yet";
			} else if (TaskState.RUNNING.equals(s.state())) {
				if (s.slurmJob() != null && slurm) {
					String fin = SlurmExecutor.finalState(s.slurmJob());
					state = State.FAILED;
					msg = "stopped without finishing" + (fin != null ? " (SLURM: " + fin + ")" : "") + lastLineNote(run, t);
				} else if (s.host() != null && s.host().equals(here) && s.pid() > 0 && ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)) {
					state = State.RUNNING;
				} else if (s.host() != null && s.host().equals(here)) {
					state = State.FAILED;
					msg = "stopped without finishing (its process " + s.pid() + " is gone)" + lastLineNote(run, t);
				} else state = State.RUNNING; // on another machine, no way to tell
			} else state = fromState(s);
			String where = s == null ? "" : (s.host() == null ? "" : s.host()) + (s.slurmJob() != null ? " job " + s.slurmJob() : "");
			rows.add(new Row(t.index(), BatchRun.describeStep(t), run.video(t), BatchRun.framesText(t), state, msg == null ? "" : msg, s == null ? 0 : s.seconds(), where));
		}
		return rows;
	}

	private static State fromState(TaskState s) {
		return TaskState.DONE.equals(s.state()) ? State.DONE : State.FAILED;
	}

	private static String lastLineNote(BatchRun run, Task t) {
		String l = lastLine(run.logFile(t.index()));
		return l == null ? "" : "; its log ends: " + l;
	}

	/** The last non-empty line of a log, or null. */
	static String lastLine(Path log) {
		if (!Files.isRegularFile(log)) return null;
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			for (int i = lines.size() - 1; i >= 0; i--) {
				String l = lines.get(i).replaceAll("\r.*\r", "").trim();
				int cr = l.lastIndexOf('\r');
				if (cr >= 0) l = l.substring(cr + 1).trim();
				if (!l.isEmpty()) return l.length() > 300 ? l.substring(0, 300) + "..." : l;
			}
		} catch (IOException | RuntimeException e) {
			return null;
		}
		return null;
	}

	/** "3 done, 1 failed, 2 running" (states with no task left out). */
	public static String summary(List<Row> rows) {
		Map<State, Integer> n = new EnumMap<>(State.class);
		for (Row r : rows)
			n.merge(r.state(), 1, Integer::sum);
		List<String> parts = new ArrayList<>();
		for (State s : State.values())
			if (n.containsKey(s)) parts.add(n.get(s) + " " + s);
		return rows.size() + " tasks: " + String.join(", ", parts);
	}

	/** A plain-text table: index, state, step, frames, video, message. */
	public static String table(List<Row> rows) {
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-5s %-8s %-16s %-16s %-28s %s%n", "task", "state", "step", "frames", "video", "message"));
		for (Row r : rows)
			b.append(String.format(Locale.ROOT, "%-5d %-8s %-16s %-16s %-28s %s%n", r.index(), r.state(), r.step(), r.frames(), r.video().getFileName(), r.message()));
		b.append(summary(rows)).append('\n');
		return b.toString();
	}
}
