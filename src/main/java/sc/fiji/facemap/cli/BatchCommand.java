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
package sc.fiji.facemap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.BatchRunner;
import sc.fiji.facemap.batch.BatchSettings;
import sc.fiji.facemap.batch.BatchStatus;
import sc.fiji.facemap.batch.BatchTasks;
import sc.fiji.facemap.batch.ExecutorSettings;
import sc.fiji.facemap.batch.VideoList;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.nn.Threads;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdBatch;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.ui.ImageJRois;

/**
 * {@code facemap batch plan|run|status|retry|task}: many recordings, and long videos in chunks, on this machine or
 * as one SLURM job array (see {@link sc.fiji.facemap.batch.BatchRun} for the run folder).
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
	description = { "Process many recordings, and long videos in chunks, on this machine or on a SLURM cluster.",
		"  facemap batch plan --videos 'data/*.mp4' --steps track --chunk-frames 18000 --out RUN",
		"  facemap batch run RUN --executor local --workers 2     (or --executor slurm --partition P ...)",
		"  facemap batch status RUN;  facemap batch retry RUN" },
	subcommands = { BatchCommand.Plan.class, BatchCommand.Run.class, BatchCommand.Status.class, BatchCommand.Retry.class, BatchCommand.TaskCmd.class })
public class BatchCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	static Progress logProgress(PrintWriter pw) {
		return new ConsoleProgress("tasks") {
			@Override
			public synchronized void log(String line) {
				pw.println(line);
				pw.flush();
			}
		};
	}

	/** {@code facemap batch plan}. */
	@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Write a run folder: one task per recording and step (one per chunk for videos longer than --chunk-frames), with the exact "
			+ "settings, model and version. A video that cannot be read becomes a task that fails with the reader's message.",
			"Options (each step's own options as in facemap track and facemap svd, and settings files with sections track, svd, batch):" })
	public static class Plan implements Callable<Integer>, CliSettings.Settable {

		@Option(names = "--videos", required = true, arity = "1..*", paramLabel = "GLOB|FILE.txt|DIR|VIDEO",
			description = "Videos: files, folders, globs (quote them: 'data/**/cam0.mp4') or a .txt list, one path per line.")
		List<String> videos = new ArrayList<>();

		@Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "The run folder to create (outputs go inside it, one folder per recording).")
		Path out;

		@Option(names = "--roi", paramLabel = "TYPE:x,y,w,h[,saturation=S]", description = "An ROI of the svd step (repeatable), as in facemap svd.")
		List<String> roi = new ArrayList<>();

		@Option(names = "--rois", paramLabel = "FILE", description = "ROIs of the svd step from a file (.json, ImageJ .roi or RoiSet.zip).")
		Path roiFile;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public List<Class<? extends JobSettings>> settingsTypes() {
			return List.of(BatchSettings.class, TrackingSettings.class, SvdSettings.class);
		}

		@Override
		public Integer call() {
			PrintWriter pw = spec.commandLine().getOut();
			BatchSettings batch = CliSettings.read(spec, BatchSettings.class, "batch");
			TrackingSettings track = CliSettings.read(spec, TrackingSettings.class, "track");
			SvdSettings svd = CliSettings.read(spec, SvdSettings.class, SvdBatch.SECTION);
			List<RoiSpec> rois = new ArrayList<>();
			if (roiFile != null) rois.addAll(ImageJRois.read(roiFile));
			for (String r : roi)
				rois.add(SvdRois.parse(r));
			List<Path> vids = VideoList.expand(videos);
			BatchRun run = BatchRun.plan(vids, batch, track, svd, rois, out, logProgress(pw));
			int chunked = 0;
			for (BatchRun.Task t : run.tasks())
				if (t.kind() == BatchRun.Kind.TRACK_CHUNK && t.chunk() == 0) chunked++;
			pw.printf(Locale.ROOT, "Planned %d tasks for %d recordings (%d split into chunks) in %s%n", run.tasks().size(), run.recordings().size(), chunked, run.dir());
			pw.println("Tasks: " + run.dir().resolve(BatchRun.TASKS) + "; run them with: facemap batch run " + run.dir() + " --executor local|slurm");
			pw.flush();
			return 0;
		}
	}

	/** {@code facemap batch run}. */
	@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Run every task of a planned batch (done tasks are skipped): on this machine (waits for them) or as one SLURM job array "
			+ "(prints the job id and returns).", "Options:" })
	public static class Run implements Callable<Integer>, CliSettings.Settable {

		@Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (from facemap batch plan).")
		Path dir;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public List<Class<? extends JobSettings>> settingsTypes() {
			return List.of(ExecutorSettings.class);
		}

		@Override
		public Integer call() {
			BatchRun run = BatchRun.open(dir);
			ExecutorSettings s = CliSettings.read(spec, ExecutorSettings.class, "executor");
			return report(spec.commandLine().getOut(), run, BatchRunner.run(run, s, logProgress(spec.commandLine().getOut())));
		}
	}

	/** Prints what a run or retry started; non-zero when a local task failed. */
	static int report(PrintWriter pw, BatchRun run, BatchRunner.Started st) {
		if (st.jobId() != null) {
			pw.println("Submitted batch job " + st.jobId() + " (" + st.tasks().size() + " tasks); follow it with: facemap batch status " + run.dir());
			pw.flush();
			return 0;
		}
		if (st.local() == null) {
			pw.flush();
			return 0;
		}
		List<BatchStatus.Row> rows = BatchStatus.of(run);
		pw.printf(Locale.ROOT, "Ran %d tasks in %.1f s with %d worker(s) x %d thread(s)%n", st.tasks().size(), st.local().seconds(), st.local().workers(),
			st.local().threadsPerWorker());
		pw.println(BatchStatus.summary(rows));
		if (!st.failed().isEmpty()) {
			pw.println("Failed tasks:");
			for (int i : st.failed()) {
				BatchStatus.Row r = rows.get(i);
				pw.println("  " + i + " " + r.video() + " (" + r.step() + "): " + r.message());
			}
			pw.println("Fix the cause and run facemap batch retry " + run.dir());
		}
		pw.flush();
		return st.failed().isEmpty() ? 0 : FacemapCli.EXIT_ERROR;
	}

	/** {@code facemap batch status}. */
	@Command(name = "status", mixinStandardHelpOptions = true, description = "Show done / pending / running / failed / missing per task, with each task's "
		+ "video and each failure's message.")
	public static class Status implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
		Path dir;

		@Option(names = "--wait", description = "Wait until no task is pending or running, then show the table.")
		boolean waitForAll;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws InterruptedException {
			BatchRun run = BatchRun.open(dir);
			List<BatchStatus.Row> rows = BatchStatus.of(run);
			while (waitForAll && rows.stream().anyMatch(r -> r.state() == BatchStatus.State.PENDING || r.state() == BatchStatus.State.RUNNING)) {
				if (ConsoleProgress.INTERRUPTED.get()) break;
				Thread.sleep(2000);
				rows = BatchStatus.of(run);
			}
			PrintWriter pw = spec.commandLine().getOut();
			pw.print(BatchStatus.table(rows));
			pw.flush();
			boolean bad = rows.stream().anyMatch(r -> r.state() == BatchStatus.State.FAILED);
			return waitForAll && bad ? FacemapCli.EXIT_ERROR : 0;
		}
	}

	/** {@code facemap batch retry}. */
	@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Run again only the failed and missing tasks (interrupted tracking resumes from its checkpoint), with the last run's executor "
			+ "settings unless options say otherwise.", "Options:" })
	public static class Retry implements Callable<Integer>, CliSettings.Settable {

		@Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
		Path dir;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public List<Class<? extends JobSettings>> settingsTypes() {
			return List.of(ExecutorSettings.class);
		}

		@Override
		public Integer call() {
			BatchRun run = BatchRun.open(dir);
			ExecutorSettings s = BatchRunner.lastExecutor(run);
			ExecutorSettings given = CliSettings.read(spec, ExecutorSettings.class, "executor");
			CommandLine.ParseResult pr = spec.commandLine().getParseResult();
			SettingsSchema<ExecutorSettings> schema = ExecutorSettings.schema();
			boolean fromFile = spec.findOption(CliSettings.SETTINGS_OPTION).getValue() != null;
			for (SettingsSchema.Key k : schema.keys())
				if (fromFile || pr.hasMatchedOption(k.cliName())) s = s.with(k.name(), schema.values(given).get(k.name()));
			return report(spec.commandLine().getOut(), run, BatchRunner.retry(run, s, logProgress(spec.commandLine().getOut())));
		}
	}

	/** {@code facemap batch task}: what a worker or SLURM node runs. */
	@Command(name = "task", mixinStandardHelpOptions = true, description = "Run one task of a batch in this process (what local workers and SLURM "
		+ "array tasks run; skips a task that is already done, resumes an interrupted one).")
	public static class TaskCmd implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
		Path dir;

		@Option(names = "--index", required = true, paramLabel = "I", description = "The task's index (the SLURM array index).")
		int index;

		@Option(names = "--threads", paramLabel = "N", description = "libtorch threads (default: SLURM_CPUS_PER_TASK, else libtorch's default).")
		Integer threads;

		@Override
		public Integer call() {
			Integer n = threads;
			String env = System.getenv("SLURM_CPUS_PER_TASK");
			if (n == null && env != null && env.matches("\\d+")) n = Integer.parseInt(env);
			if (n != null) {
				if (n < 1) throw new FacemapException("--threads must be at least 1, got " + n);
				Threads.limit(n);
			}
			BatchRun run = BatchRun.open(Paths.get(dir.toString()));
			BatchTasks.run(run, index, new ConsoleProgress(System.err, false, "frames"));
			return 0;
		}
	}
}
