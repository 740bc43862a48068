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

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.AnnotationSession;
import sc.fiji.facemap.pose.FrameSelection;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.FrameSelectionSettings;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.ui.AnnotationView;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * {@code Plugins > Facemap > Suggest Frames...}: picks frames of a video worth labelling (part random, part hardest =
 * lowest model likelihood, part most different from each other and from frames already labelled) and writes them as
 * {@code img<frame>.png} with a label skeleton {@code labels.csv} into the output folder — the same code as
 * {@code facemap select-frames}. Optionally opens them in Annotate Keypoints. Macro:
 * {@code run("Suggest Frames...", "video=[/data/mouse.mp4] n=20 output=[/data/frames] model=none");}
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Suggest Frames...", weight = 50) }, headless = true)
public class SuggestFramesCommand extends ContextCommand {

	@Parameter(label = "Video file", style = "open", description = "A video, TIFF stack or folder of images")
	private File video;

	@Parameter(label = "Output folder", style = "directory",
		description = "Where img<frame>.png and labels.csv are written (created when absent)")
	private File output;

	// ---- the keys of FrameSelectionSettings (same names as facemap select-frames' options and settings files) ----

	@Parameter(label = "Number of frames", min = "1", description = "How many frames to suggest")
	private int n = 20;

	@Parameter(label = "Model (for the hardest frames)", required = false,
		description = "Name or folder of a keypoint model; 'default': the bundled base model; 'none': no model (random and most-different frames only)")
	private String model = "default";

	@Parameter(label = "Label file of frames already labelled", style = "open", required = false, persist = false,
		description = "Frames listed there (column 'frame' or img<N>.png names) are not suggested again")
	private File labelled;

	@Parameter(label = "Random fraction", min = "0", max = "1", stepSize = "0.05", required = false)
	private double random_fraction = 1 / 3.0;

	@Parameter(label = "Hardest fraction", min = "0", max = "1", stepSize = "0.05", required = false)
	private double hard_fraction = 1 / 3.0;

	@Parameter(label = "Candidate frames", min = "1", required = false, description = "Frames examined, drawn at random (Facemap: 250)")
	private int pool = 250;

	@Parameter(label = "Random seed", required = false)
	private long seed = 0;

	@Parameter(label = "Device", choices = { "cpu", "gpu" }, required = false,
		description = "Run the model on a CUDA GPU when one is usable (else the CPU)")
	private String device = "cpu";

	@Parameter(label = "Normalization", choices = { "per-frame", "batch" }, required = false,
		description = "per-frame (default, as Track Keypoints), or batch: Facemap's batch-wide percentiles")
	private String normalization = "per-frame";

	@Parameter(label = "Settings file (optional)", style = "open", required = false, persist = false,
		description = "A JSON settings file (keys as above); values set here win over the file's")
	private File settings_file;

	// ---- display ----

	@Parameter(label = "Open the frames for annotation", required = false)
	private boolean annotate = true;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	private Path labelFile;

	@Override
	public void run() {
		if (video == null) throw new FacemapException("Suggest Frames: no video given");
		if (output == null) throw new FacemapException("Suggest Frames: no output folder given");
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		FrameSelectionSettings o = CommandSettings.read(this, FrameSelectionSettings.class);
		PoseModel m = FrameSelection.model(o);
		try {
			java.nio.file.Files.createDirectories(output.toPath());
		}
		catch (java.io.IOException e) {
			throw new FacemapException(output.toPath(), "cannot create the output folder (" + e.getMessage() + ")", e);
		}
		try (VideoSource v = VideoSources.open(video.toPath())) {
			List<FrameSelection.Pick> picks = FrameSelection.select(v, m, o, progress);
			KeypointSet kp = m != null ? m.keypoints() : KeypointSet.facemap();
			labelFile = FrameSelection.write(v, picks, kp, output.toPath(), progress);
			StringBuilder sb = new StringBuilder();
			for (FrameSelection.Pick p : picks)
				sb.append(String.format(Locale.ROOT, "%d (%s) ", p.frame, p.reason));
			progress.log("Suggest Frames: " + picks.size() + " frames written to " + output + ": " + sb.toString()
				.trim());
		}
		if (annotate && !(GraphicsEnvironment.isHeadless() || (ui != null && ui.isHeadless())))
			AnnotationView.show(annotationSession(output.toPath(), labelFile, m, progress));
	}

	/**
	 * The annotation session of the suggested frames, with the model's predictions pre-placed on them when a model
	 * was used (issue 11: they opened with nothing placed although the model had just run on them).
	 */
	static AnnotationSession annotationSession(java.nio.file.Path dir, java.nio.file.Path labels, PoseModel m,
		sc.fiji.facemap.task.Progress progress) {
		AnnotationSession session = AnnotationSession.open(dir, labels, null);
		if (m != null) {
			int n = session.suggestFrom(m, progress);
			progress.log("Suggest Frames: predictions of " + m.name() + " pre-placed on " + n + " frames");
		}
		return session;
	}

	/** The label skeleton written (after run). */
	public Path getLabelFile() {
		return labelFile;
	}
}
