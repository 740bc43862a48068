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
import org.scijava.plugin.Menu;
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
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Load Keypoints...", weight = 40) }, headless = true)
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
		int first = sc.fiji.facemap.job.OutputLayout.firstFrameOf(h5);
		table = KeypointViews.table(kp, first);
		if (csv) {
			Path dst = sc.fiji.facemap.job.OutputLayout.csvBeside(h5);
			TrackingJob.writeCsv(dst, kp, first);
			csv_file = dst.toString();
		}
		if (!GraphicsEnvironment.isHeadless()) {
			java.util.List<String> taken = java.util.Arrays.asList(ij.WindowManager.getNonImageTitles());
			table.show(uniqueTitle(h5.getFileName().toString(), taken));
			Path given = video != null && !video.getPath().isEmpty() ? video.toPath() : null;
			ImagePlus imp = openImageOf(given, h5);
			double fps = imp != null ? imp.getCalibration().fps : 0;
			KeypointViews.plot(kp, first, uniqueTitle(h5.getFileName() + " keypoint traces", java.util.Arrays.asList(
				ij.WindowManager.getImageTitles())), fps).show();
			if (imp != null) {
				KeypointViews.show(imp, kp, first, likelihood_threshold, true);
				ij.IJ.log("Load Keypoints: " + h5 + " drawn on the open video '" + imp.getTitle() + "'");
			}
			else if (given != null) {
				imp = VideoImages.open(given);
				KeypointViews.show(imp, kp, first, likelihood_threshold, true);
				imp.show();
			}
		}
	}

	/**
	 * An open image that shows the keypoints' video: {@code video} when given, else the video whose keypoints file
	 * {@code h5} is (same folder and name); null when none is open (issue 11: Load Keypoints opened a second window
	 * of a video already open, with the same title).
	 */
	static ImagePlus openImageOf(Path video, Path h5) {
		int[] ids = ij.WindowManager.getIDList();
		if (ids == null) return null;
		for (int id : ids) {
			ImagePlus imp = ij.WindowManager.getImage(id);
			if (imp != null && imp.getStack() instanceof sc.fiji.facemap.ui.VideoVirtualStack && shows(
				((sc.fiji.facemap.ui.VideoVirtualStack) imp.getStack()).source().path(), video, h5)) return imp;
		}
		return null;
	}

	/** Whether a video at {@code source} is {@code video} (when given) or the video of keypoints file {@code h5}. */
	static boolean shows(Path source, Path video, Path h5) {
		Path s = source.toAbsolutePath().normalize();
		if (video != null) return s.equals(video.toAbsolutePath().normalize());
		return sc.fiji.facemap.job.OutputLayout.of(s, null).poseH5().equals(h5.toAbsolutePath().normalize());
	}

	/** {@code title}, or "title (2)", "title (3)", ... when a window of that title is open (a second result never replaces the first's table). */
	static String uniqueTitle(String title, java.util.Collection<String> taken) {
		if (!taken.contains(title)) return title;
		for (int i = 2;; i++)
			if (!taken.contains(title + " (" + i + ")")) return title + " (" + i + ")";
	}

}
