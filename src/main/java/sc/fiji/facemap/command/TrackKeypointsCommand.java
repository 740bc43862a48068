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
import java.awt.Rectangle;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.io.FileInfo;
import ij.measure.ResultsTable;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.KeypointViews;
import sc.fiji.facemap.ui.VideoImages;
import sc.fiji.facemap.ui.VideoVirtualStack;
import sc.fiji.facemap.video.VideoSource;

/**
 * {@code Plugins>Facemap>Track Keypoints...}: tracks keypoints in a video file (or the current image's video) with a
 * model, writes {@code <video>_FacemapPose.h5} and its metadata, and shows the keypoints as an overlay on the video,
 * a results table and a plot of the traces. The bounding box is the current rectangle selection, the {@code bbox}
 * text, or the full frame. Same core code as {@code facemap track}.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Track Keypoints...", weight = 30) }, headless = true)
public class TrackKeypointsCommand extends ContextCommand {

	@Parameter(label = "Video file", style = "open", required = false,
		description = "The video to track; leave empty to track the video of the current image")
	private File video;

	// ---- the keys of TrackingSettings (same names as facemap track's options and settings files) ----

	@Parameter(label = "Model (name or file)", required = false,
		description = "A bundled model's name, a model folder or a .pt file; 'default' = the bundled base model")
	private String model = "default";

	@Parameter(label = "Bounding box y0,y1,x0,x1", required = false,
		description = "Rows y0..y1 and columns x0..x1 (exclusive ends); empty = the current rectangle selection, or the full frame")
	private String bbox = "";

	@Parameter(label = "Frames A:B", required = false, description = "Frame range (0-based, end exclusive); empty = all frames")
	private String frames = "";

	@Parameter(label = "Batch size", min = "1", max = "5000", required = false, description = "Frames per network call")
	private int batch_size = 8;

	@Parameter(label = "Device", choices = { "cpu", "gpu" }, required = false,
		description = "Run the network on a CUDA GPU when one is usable (else the CPU)")
	private String device = "cpu";

	@Parameter(label = "Engine", choices = { "auto", "djl", "onnxruntime" }, required = false,
		description = "Inference engine: auto (ONNX Runtime on the CPU, DJL/libtorch on a GPU), djl or onnxruntime; same model, same keypoints")
	private String engine = "auto";

	@Parameter(label = "Precision", choices = { "fp32", "int8" }, required = false,
		description = "fp32 (default), or int8: 8-bit convolutions on ONNX Runtime (faster; keypoints move by tenths of a pixel to a few pixels)")
	private String precision = "fp32";

	@Parameter(label = "Normalization", choices = { "per-frame", "batch" }, required = false,
		description = "per-frame (default), or batch: Facemap's batch-wide percentiles (results depend on the batch size)")
	private String normalization = "per-frame";

	@Parameter(label = "Filter outliers", required = false,
		description = "Apply Facemap's outlier filter (jumps > 25 px, median filter) to the traces before writing")
	private boolean filter_outliers = false;

	@Parameter(label = "Also write a CSV", required = false, description = "Also write a DeepLabCut-style <video>_FacemapPose.csv")
	private boolean csv = false;

	@Parameter(label = "Resume an interrupted run", required = false,
		description = "Continue from the side files of an interrupted run (same video, model and settings)")
	private boolean resume = false;

	@Parameter(label = "Checkpoint every (frames)", min = "0", required = false,
		description = "Frames between checkpoints of an unfinished run (0 = only when it fails or is canceled)")
	private int checkpoint_every = 500;

	@Parameter(label = "Settings file (optional)", style = "open", required = false,
		description = "A JSON settings file (keys as above); values set here win over the file's")
	private File settings_file;

	// ---- display and output place ----

	@Parameter(label = "Likelihood threshold", min = "0", max = "1", stepSize = "0.05", required = false,
		description = "Keypoints with a lower likelihood are not drawn")
	private double likelihood_threshold = 0;

	@Parameter(label = "Output folder", style = "directory", required = false, description = "Where to write the h5 file; empty = beside the video")
	private File output_folder;

	@Parameter(label = "Show overlay, table and plot", required = false)
	private boolean show_results = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Keypoints file")
	private String h5_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Frames tracked")
	private int frames_tracked;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		ImagePlus current = WindowManager.getCurrentImage();
		Path path;
		if (video != null && !video.getPath().isEmpty()) {
			path = video.toPath();
			if (current != null && !sameFile(current, path)) current = null; // use its selection only if it shows this video
		} else path = videoOf(current);
		TrackingSettings settings = CommandSettings.read(this, TrackingSettings.class);
		Recording rec = Recording.of(path).withOutputDir(output_folder == null || output_folder.getPath().isEmpty() ? null : output_folder.toPath());
		PoseModel m = PoseModels.find(settings.model());
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		TrackingJob.Outcome o;
		try (VideoSource src = rec.open()) {
			if (settings.bbox() == null) settings = settings.with("bbox", Box.of(selection(current, src)));
			o = TrackingJob.run(rec, src, m, settings, progress);
		}
		h5_file = o.h5.toString();
		frames_tracked = o.keypoints.frames();
		progress.log(String.format(java.util.Locale.ROOT, "Tracked %d frames of %s with %s at %.1f frames/s: %s", frames_tracked,
			path.getFileName(), m.name(), o.result.framesPerSecond, h5_file));
		if (show_results && !GraphicsEnvironment.isHeadless()) {
			ImagePlus imp = current != null ? current : VideoImages.open(path);
			KeypointViews.show(imp, o.keypoints, o.result.firstFrame, likelihood_threshold, true);
			if (current == null) imp.show();
			ResultsTable rt = KeypointViews.table(o.keypoints, o.result.firstFrame);
			rt.show(path.getFileName() + " keypoints");
			KeypointViews.plot(o.keypoints, o.result.firstFrame, path.getFileName() + " keypoint traces", imp
				.getCalibration().fps).show();
		}
	}

	/**
	 * The video behind the current image when the video field is empty: a video opened with Open Video... (or shown
	 * in the Facemap window), or a stack opened from a file (a TIFF stack). Anything else, such as a single frame, a
	 * preview stack or an image made by a command, is refused with a message that asks for the file, and the video
	 * used is said in the Log window (issue 11: an empty field silently took whatever image was in front).
	 */
	static Path videoOf(ImagePlus imp) {
		if (imp == null) throw new FacemapException("no video file given and no image is open; choose the video file");
		Path p = null;
		if (imp.getStack() instanceof VideoVirtualStack) p = ((VideoVirtualStack) imp.getStack()).source().path();
		else {
			FileInfo fi = imp.getOriginalFileInfo();
			if (imp.getStackSize() > 1 && fi != null && fi.fileName != null && fi.directory != null && java.nio.file.Files
				.isRegularFile(Paths.get(fi.directory, fi.fileName))) p = Paths.get(fi.directory, fi.fileName);
		}
		if (p == null) throw new FacemapException("no video file given, and the current image '" + imp.getTitle() +
			"' is not a video (open one with Open Video... or choose the video file)");
		if (!GraphicsEnvironment.isHeadless()) ij.IJ.log("No video file given: using the current image's video " + p);
		return p;
	}

	private static boolean sameFile(ImagePlus imp, Path path) {
		try {
			return videoOf(imp).toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize());
		} catch (FacemapException e) {
			return false;
		}
	}

	/** The rectangle selection of the tracked image (clipped to the frame) as y0,y1,x0,x1, else null (full frame). */
	static int[] selection(ImagePlus imp, VideoSource src) {
		if (imp != null) {
			Roi roi = imp.getRoi();
			if (roi != null && roi.isArea()) {
				Rectangle r = roi.getBounds().intersection(new Rectangle(0, 0, src.width(), src.height()));
				if (r.width > 0 && r.height > 0) return new int[] { r.y, r.y + r.height, r.x, r.x + r.width };
			}
		}
		return null;
	}

	public String getH5File() {
		return h5_file;
	}
}
