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
package sc.fiji.facemap.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.BatchRunner;
import sc.fiji.facemap.batch.BatchSettings;
import sc.fiji.facemap.batch.BatchStatus;
import sc.fiji.facemap.batch.ExecutorSettings;
import sc.fiji.facemap.batch.VideoList;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.ui.BatchStatusView;
import sc.fiji.facemap.ui.IJProgress;

/**
 * {@code Plugins>Facemap>Batch Process...}: plans a batch of videos (or reopens a run folder) and runs it on this
 * machine or submits it to SLURM, showing the status table while it runs: the same run folder and core calls as
 * {@code facemap batch plan} and {@code facemap batch run}. SVD settings and ROIs come from the settings file (its
 * {@code svd} section and {@code rois}); tracking, batch and executor keys are fields here.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Batch Process...", weight = 120) }, headless = true)
public class BatchProcessCommand extends ContextCommand {

	@Parameter(label = "Videos (files, globs or a .txt list; ';' between)", required = false,
		description = "Video files, glob patterns such as /data/*/cam0.mp4, or a .txt list of paths; empty = reopen the run folder's plan")
	private String videos = "";

	@Parameter(label = "Or a folder of videos", style = "directory", required = false, description = "Every video file in this folder")
	private File video_folder;

	@Parameter(label = "Run folder", style = "directory", description = "Where the plan, the task logs and all outputs go (one folder per recording)")
	private File run_folder;

	// ---- BatchSettings ----

	@Parameter(label = "Steps", required = false, description = "track, svd or track,svd")
	private String steps = "track";

	@Parameter(label = "Chunk frames (0 = whole videos)", min = "0", required = false,
		description = "Split longer videos into chunks of about this many frames (rounded up to a multiple of the batch size), merged after tracking")
	private int chunk_frames = 0;

	// ---- TrackingSettings (as Track Keypoints...) ----

	@Parameter(label = "Model (name or file)", required = false, description = "A bundled model's name, a model folder or a .pt file; 'default' = the bundled base model")
	private String model = "default";

	@Parameter(label = "Batch size", min = "1", max = "5000", required = false, description = "Frames per network call")
	private int batch_size = 8;

	@Parameter(label = "Device", choices = { "cpu", "gpu" }, required = false, description = "Run the network on a CUDA GPU when one is usable (else the CPU)")
	private String device = "cpu";

	@Parameter(label = "Frames A:B", required = false, description = "Frame range of every video (0-based, end exclusive); empty = all frames")
	private String frames = "";

	@Parameter(label = "Bounding box y0,y1,x0,x1", required = false, description = "Face box of every video; empty = the full frame")
	private String bbox = "";

	@Parameter(label = "Engine", choices = { "auto", "djl", "onnxruntime" }, required = false,
		description = "Inference engine: auto (ONNX Runtime on the CPU, DJL/libtorch on a GPU), djl or onnxruntime")
	private String engine = "auto";

	@Parameter(label = "Precision", choices = { "fp32", "int8" }, required = false,
		description = "fp32 (default), or int8 on ONNX Runtime (faster; keypoints move by tenths of a pixel)")
	private String precision = "fp32";

	@Parameter(label = "Normalization", choices = { "per-frame", "batch" }, required = false, description = "per-frame (default) or batch (Facemap's)")
	private String normalization = "per-frame";

	@Parameter(label = "Filter outliers", required = false, description = "Apply Facemap's outlier filter to the traces before writing")
	private boolean filter_outliers = false;

	@Parameter(label = "Also write a CSV", required = false, description = "Also write a DeepLabCut-style <video>_FacemapPose.csv")
	private boolean csv = false;

	@Parameter(label = "Resume interrupted tasks", required = false, description = "Batch tasks always resume from their checkpoints")
	private boolean resume = true;

	@Parameter(label = "Checkpoint every (frames)", min = "0", required = false, description = "Frames between checkpoints of an unfinished task")
	private int checkpoint_every = 500;

	// ---- ExecutorSettings ----

	@Parameter(label = "Run on", choices = { "local", "slurm" }, required = false, description = "local: worker processes on this machine; slurm: one SLURM job array")
	private String executor = "local";

	@Parameter(label = "Local workers (0 = cores / 2)", min = "0", required = false, description = "Worker processes; each gets cores / workers libtorch threads")
	private int workers = 0;

	@Parameter(label = "SLURM partition", required = false, description = "sbatch --partition; empty = the cluster's default")
	private String partition = "";

	@Parameter(label = "SLURM CPUs per task", min = "1", required = false, description = "sbatch --cpus-per-task (also the task's libtorch threads)")
	private int cpus_per_task = 2;

	@Parameter(label = "SLURM GPUs per task", min = "0", required = false, description = "sbatch --gpus-per-task (plan with device gpu to track on them)")
	private int gpus = 0;

	@Parameter(label = "SLURM time limit", required = false, description = "[D-]HH:MM:SS per task; empty = the partition's")
	private String time = "";

	@Parameter(label = "SLURM memory", required = false, description = "Per task, e.g. 8G; empty = the partition's default")
	private String mem = "";

	@Parameter(label = "SLURM: at most this many tasks at once", min = "0", required = false, description = "The job array throttle; 0 = no limit")
	private int max_parallel = 0;

	@Parameter(label = "Java options of each task", required = false, description = "e.g. -Xmx8g")
	private String java_options = "-Xmx3g";

	@Parameter(label = "Settings file (optional)", style = "open", required = false,
		description = "A JSON settings file (sections track, svd, batch, executor and the svd step's rois); values set here win")
	private File settings_file;

	@Parameter(label = "Show the status table", required = false)
	private boolean show_status = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Tasks")
	private int tasks;

	@Parameter(type = ItemIO.OUTPUT, label = "Failed tasks")
	private int failed_tasks;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		if (run_folder == null || run_folder.getPath().isEmpty()) throw new FacemapException("Batch Process: choose a run folder");
		Path dir = run_folder.toPath();
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		List<String> specs = new ArrayList<>();
		for (String s : videos.split(";"))
			if (!s.isBlank()) specs.add(s.trim());
		if (video_folder != null && !video_folder.getPath().isEmpty()) specs.add(video_folder.getPath());
		BatchRun run;
		if (specs.isEmpty()) run = BatchRun.open(dir);
		else {
			BatchSettings batch = CommandSettings.read(this, BatchSettings.class);
			TrackingSettings track = CommandSettings.read(this, TrackingSettings.class);
			SvdSettings svd = SvdSettings.DEFAULTS;
			List<RoiSpec> rois = List.of();
			if (settings_file != null && !settings_file.getPath().isEmpty()) {
				Path f = settings_file.toPath();
				svd = SettingsSchema.of(SvdSettings.class).fromJson(f, "svd");
				if (Files.isRegularFile(f)) rois = SvdRois.read(f);
			}
			run = BatchRun.plan(VideoList.expand(specs), batch, track, svd, rois, dir, progress);
		}
		ExecutorSettings ex = CommandSettings.read(this, ExecutorSettings.class);
		tasks = run.tasks().size();
		if (show_status) BatchStatusView.follow(run, 3);
		BatchRunner.Started st = BatchRunner.run(run, ex, progress);
		if (st.jobId() != null) progress.log("Submitted SLURM job array " + st.jobId() + " (" + st.tasks().size() + " tasks) for " + run.dir());
		List<BatchStatus.Row> rows = BatchStatus.of(run);
		failed_tasks = (int) rows.stream().filter(r -> r.state() == BatchStatus.State.FAILED).count();
		if (show_status) BatchStatusView.show(run);
		progress.log("Batch " + run.dir() + ": " + BatchStatus.summary(rows));
	}
}
