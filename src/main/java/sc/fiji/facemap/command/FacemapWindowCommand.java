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
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.WindowManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.ui.FacemapWindow;
import sc.fiji.facemap.viewer.Results;
import sc.fiji.facemap.viewer.Traces;

/**
 * {@code Plugins > Facemap > Facemap Window...}: opens a video in the Facemap window (video, keypoints, ROIs,
 * synchronised traces; see {@link FacemapWindow}) with the results found beside it. Macro:
 * {@code run("Facemap Window...", "video=[/data/mouse.mp4]");}. Headless, it only reads the results and reports
 * what it found (outputs), since a window needs a display.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Facemap Window...", weight = 20) }, headless = true)
public class FacemapWindowCommand extends ContextCommand {

	@Parameter(label = "Video file", style = "open", required = false, persist = false,
		description = "The video to review. Empty: the video of the current image, if it was opened with Open Video...")
	private File video;

	@Parameter(label = "Keypoints file (optional)", style = "open", required = false, persist = false,
		description = "A _FacemapPose.h5 to show instead of the one found beside the video")
	private File keypoints;

	@Parameter(label = "Likelihood threshold", min = "0", max = "1", stepSize = "0.05", required = false,
		description = "Points whose likelihood (as stored in the .h5) is lower are hidden; 0 shows all")
	private double likelihood_threshold = 0.5;

	@Parameter(type = ItemIO.OUTPUT)
	private String keypoints_file = "";

	@Parameter(type = ItemIO.OUTPUT)
	private String proc_file = "";

	@Parameter(type = ItemIO.OUTPUT)
	private int trace_rows;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		Path path = videoOrCurrent(video, "Facemap Window");
		List<String> problems = new ArrayList<>();
		Results r = Results.beside(path, problems);
		for (String p : problems) say("Facemap Window: not loaded: " + p);
		if (keypoints != null && !keypoints.getPath().isEmpty()) r = r.load(keypoints.toPath());
		if (!(likelihood_threshold >= 0 && likelihood_threshold <= 1)) throw new FacemapException(
			"likelihood_threshold must be between 0 and 1, got " + likelihood_threshold);
		keypoints_file = r.poseFile() == null ? "" : r.poseFile().toString();
		proc_file = r.procFile() == null ? "" : r.procFile().toString();
		trace_rows = Traces.rows(r, Traces.Coordinates.BOTH, k -> true).size();
		if (GraphicsEnvironment.isHeadless()) {
			say("Facemap Window (headless, no window): " + path + ": keypoints " + (keypoints_file.isEmpty() ? "none"
				: keypoints_file) + ", processing " + (proc_file.isEmpty() ? "none" : proc_file));
			return;
		}
		FacemapWindow w = FacemapWindow.open(sc.fiji.facemap.ui.VideoImages.open(path), path, r);
		w.state().setLikelihoodThreshold(likelihood_threshold);
	}

	private void say(String line) {
		if (log != null) log.info(line);
		if (!GraphicsEnvironment.isHeadless()) IJ.log(line);
	}

	/** The given video, or, when the field is empty, the current image's video ({@link TrackKeypointsCommand#videoOf}). */
	static Path videoOrCurrent(File given, String command) {
		if (given != null && !given.getPath().isEmpty()) return given.toPath();
		try {
			return TrackKeypointsCommand.videoOf(WindowManager.getCurrentImage());
		}
		catch (FacemapException e) {
			throw new FacemapException(command + ": " + e.getMessage());
		}
	}
}
