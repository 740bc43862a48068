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

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.ui.KeypointViews;
import sc.fiji.facemap.ui.VideoImages;

/**
 * {@code Plugins > Facemap > Load Keypoints...}: reads a {@code _FacemapPose.h5} (ours or Python Facemap's), gives
 * its traces as a ResultsTable, optionally writes the DeepLabCut-style CSV beside it, and with a display shows the
 * trace plot and, when a video is given, the keypoints drawn on it. The menu route of {@code facemap keypoints}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Facemap>Load Keypoints...", headless = true)
public class LoadKeypointsCommand extends ContextCommand {

	@Parameter(label = "Keypoints file (_FacemapPose.h5)", style = "open")
	private File file;

	@Parameter(label = "Video to draw them on (optional)", style = "open", required = false, persist = false)
	private File video;

	@Parameter(label = "Likelihood threshold", min = "0", max = "1", required = false)
	private double likelihood_threshold = 0;

	@Parameter(label = "Also write a DeepLabCut-style CSV", required = false, persist = false)
	private boolean csv = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Parameter(type = ItemIO.OUTPUT)
	private int frames;

	@Parameter(type = ItemIO.OUTPUT)
	private String csv_file = "";

	@Override
	public void run() {
		if (file == null) throw new FacemapException("Load Keypoints: no keypoints file given");
		Path h5 = file.toPath();
		Keypoints kp = PoseH5.read(h5);
		frames = kp.frames();
		int first = firstFrame(h5);
		table = KeypointViews.table(kp, first);
		if (csv) {
			Path dst = sc.fiji.facemap.job.OutputLayout.csvBeside(h5);
			TrackingJob.writeCsv(dst, kp, first);
			csv_file = dst.toString();
		}
		if (!GraphicsEnvironment.isHeadless()) {
			table.show(h5.getFileName().toString());
			KeypointViews.plot(kp, first, h5.getFileName() + " keypoint traces", 0).show();
			if (video != null && !video.getPath().isEmpty()) {
				ImagePlus imp = VideoImages.open(video.toPath());
				KeypointViews.show(imp, kp, first, likelihood_threshold, true);
				imp.show();
			}
		}
	}

	/** The video frame of the file's first row: {@link sc.fiji.facemap.viewer.Results#firstFrame}. */
	static int firstFrame(Path h5) {
		return sc.fiji.facemap.viewer.Results.firstFrame(h5);
	}
}
