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
import java.util.Locale;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import ij.plugin.frame.RoiManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdBatch;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.ImageJRois;
import sc.fiji.facemap.ui.SvdViews;
import sc.fiji.facemap.ui.TaskWindow;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * {@code Plugins>Facemap>Process Video (SVD, pupil, blink, running)...}: Facemap's classic processing of a video
 * (the file given, or the current image's video) on the ROIs of the ROI Manager (type from each ROI's name: "pupil",
 * "motion 1", "blink", "running"; a "reflector" ellipse inside a pupil is a corneal reflection), a ROI file, or ROI
 * text. Writes {@code <video>_proc.npy}, {@code _proc.h5} and the run record {@code _proc.json}; shows plots of the
 * first components, motion energy and pupil area, the spatial masks as stacks and a ResultsTable. Same core code as
 * {@code facemap svd}; the settings fields are {@link SvdSettings}' keys (the macro keys).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Process Video (SVD, pupil, blink, running)...", weight = 90) }, headless = true)
public class ProcessVideoCommand extends ContextCommand {

	@Parameter(label = "Video file", style = "open", required = false,
		description = "The video to process; leave empty to process the video of the current image")
	private File video;

	@Parameter(label = "ROIs from", choices = { "ROI Manager", "ROI file", "ROI text", "none" }, required = false,
		description = "ROI Manager: its ROIs, typed by name (pupil, motion, blink, running); ROI file: a .json, .roi or RoiSet.zip; ROI text: the field below")
	private String rois_from = "ROI Manager";

	@Parameter(label = "ROI file", style = "open", required = false, description = "A ROI settings .json, an ImageJ .roi or a RoiSet.zip")
	private File roi_file;

	@Parameter(label = "ROI text", required = false,
		description = "ROIs as TYPE:x,y,w,h[,saturation=S] separated by ';', e.g. pupil:300,238,112,80,saturation=65; motion:420,250,200,150")
	private String roi_text = "";

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String processing_header = "Processing";

	@Parameter(label = "SVD spatial bin", min = "1", max = "64", required = false,
		description = "Spatial bin size in pixels: frames are averaged over sbin x sbin blocks before motion energy and SVD")
	private int sbin = SvdSettings.DEFAULTS.sbin();

	@Parameter(label = "Motion SVD", required = false, description = "Compute the motion SVD (of the absolute frame-to-frame difference)")
	private boolean motsvd = SvdSettings.DEFAULTS.motsvd();

	@Parameter(label = "Movie SVD", required = false, description = "Compute the movie SVD (of the raw frames minus the mean frame)")
	private boolean movsvd = SvdSettings.DEFAULTS.movsvd();

	@Parameter(label = "Full-frame SVD", required = false, description = "Also process the whole frame as region 0, as Facemap does")
	private boolean full_frame = SvdSettings.DEFAULTS.fullFrame();

	@Parameter(label = "Motion energy", required = false, description = "Compute motion energy traces (also without any SVD)")
	private boolean motion_energy = SvdSettings.DEFAULTS.motionEnergy();

	@Parameter(label = "Components", min = "1", required = false, description = "SVD components kept per region (Facemap: 500)")
	private int n_components = SvdSettings.DEFAULTS.nComponents();

	@Parameter(label = "Pupil sigma", min = "0.1", stepSize = "0.1", required = false,
		description = "Pupil fit width in standard deviations, for pupil ROIs without their own (Facemap GUI: 2.0)")
	private double pupil_sigma = SvdSettings.DEFAULTS.pupilSigma();

	@Parameter(label = "Facemap-compatible", required = false, description = "Reproduce Facemap 1.0.8's quirks exactly (for parity with its _proc.npy)")
	private boolean facemap_compatible = SvdSettings.DEFAULTS.facemapCompatible();

	@Parameter(label = "Write HDF5", required = false, description = "Also write <video>_proc.h5 beside <video>_proc.npy")
	private boolean write_h5 = SvdSettings.DEFAULTS.writeH5();

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String advanced_header = "Advanced (Facemap's values by default)";

	@Parameter(label = "Frames per SVD chunk", min = "3", required = false, description = "Facemap: 1000")
	private int svd_chunk_frames = SvdSettings.DEFAULTS.svdChunkFrames();

	@Parameter(label = "Max SVD chunks", min = "1", required = false, description = "Facemap: 15")
	private int svd_max_chunks = SvdSettings.DEFAULTS.svdMaxChunks();

	@Parameter(label = "Components per chunk", min = "1", required = false, description = "Facemap: 250")
	private int chunk_components = SvdSettings.DEFAULTS.chunkComponents();

	@Parameter(label = "Frames for the mean", min = "1", required = false, description = "Facemap: 1000")
	private int mean_frames = SvdSettings.DEFAULTS.meanFrames();

	@Parameter(label = "Frames per mean segment", min = "2", required = false, description = "Facemap: 100")
	private int mean_segment_frames = SvdSettings.DEFAULTS.meanSegmentFrames();

	@Parameter(label = "Frames per projection batch", min = "1", required = false, description = "Facemap: 500")
	private int projection_chunk_frames = SvdSettings.DEFAULTS.projectionChunkFrames();

	@Parameter(label = "Pupil smoothing window", min = "1", required = false, description = "Frames (Facemap: 30)")
	private int pupil_smooth_window = SvdSettings.DEFAULTS.pupilSmoothWindow();

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	private String files_header = "Files";

	@Parameter(label = "Settings file (optional)", style = "open", required = false,
		description = "A settings .json (e.g. a previous run's <video>_proc.json); fields left at their defaults take its values")
	private File settings_file;

	@Parameter(label = "Save ROIs and settings to (optional)", style = "save", required = false,
		description = "Writes this run's settings and ROIs to a .json, reusable for other videos (facemap svd --settings)")
	private File save_settings;

	@Parameter(label = "Output folder", style = "directory", required = false, description = "Empty = beside the video")
	private File output_folder;

	@Parameter(label = "Process again even if done", required = false,
		description = "Off: a video already processed with the same settings and ROIs is not processed again")
	private boolean force = false;

	@Parameter(label = "Show plots, masks and table", required = false)
	private boolean show_results = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Output file")
	private String proc_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Frames processed")
	private int frames_processed;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	private SvdBatch.Item item;

	@Override
	public void run() {
		ImagePlus current = WindowManager.getCurrentImage();
		Path path = video != null && !video.getPath().isEmpty() ? video.toPath() : TrackKeypointsCommand.videoOf(current);
		SvdSettings settings = CommandSettings.read(this, SvdSettings.class);
		int w, h;
		try (VideoSource src = VideoSources.openOne(path)) {
			w = src.width();
			h = src.height();
		}
		List<RoiSpec> rois = rois(w, h);
		if (save_settings != null)
			SvdRois.write(save_settings.toPath(), rois, Map.of(SvdBatch.SECTION, SettingsSchema.of(SvdSettings.class).toJsonObject(settings)));
		Recording rec = Recording.of(path).withOutputDir(output_folder == null ? null : output_folder.toPath());
		boolean gui = show_results && !GraphicsEnvironment.isHeadless();
		Progress bar = new StatusServiceProgress(status, log, this, new IJProgress());
		TaskWindow window = gui ? new TaskWindow("Facemap: " + path.getFileName(), "frame reads", bar) : null;
		try {
			item = new SvdBatch(settings, rois).force(force).runOne(rec, window != null ? window : bar);
		} catch (CanceledException e) {
			bar.log(path.getFileName() + ": canceled; nothing was written");
			if (!isCanceled()) cancel("Canceled: nothing was written");
			return;
		} finally {
			if (window != null) window.close();
		}
		proc_file = item.output().toString();
		String line = path.getFileName() + ": " + (item.status() == SvdBatch.Status.SKIPPED ? "skipped, " : "") + item.message() + " -> " + proc_file;
		bar.log(line);
		if (item.result() == null) return;
		frames_processed = item.result().nFrames();
		if (gui) show(path.getFileName().toString());
	}

	/** The ROIs chosen by {@code rois_from}. */
	List<RoiSpec> rois(int width, int height) {
		String from = rois_from == null ? "ROI Manager" : rois_from.trim().toLowerCase(Locale.ROOT);
		List<RoiSpec> out = new ArrayList<>();
		switch (from) {
			case "roi manager":
				RoiManager rm = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance();
				out.addAll(ImageJRois.fromRoiManager(rm, width, height));
				break;
			case "roi file":
				if (roi_file == null) throw new FacemapException("Process Video: 'ROIs from' is ROI file, but no ROI file was given");
				out.addAll(ImageJRois.read(roi_file.toPath()));
				break;
			case "roi text":
				for (String part : (roi_text == null ? "" : roi_text).split(";"))
					if (!part.isBlank()) out.add(SvdRois.parse(part.trim()));
				break;
			case "none":
				break;
			default:
				throw new FacemapException("Process Video: 'ROIs from' must be ROI Manager, ROI file, ROI text or none, got '" + rois_from + "'");
		}
		return out;
	}

	private void show(String title) {
		for (Plot p : SvdViews.plots(item.result(), title))
			p.show();
		for (ImagePlus imp : SvdViews.masks(item.result(), 20, title))
			imp.show();
		SvdViews.table(item.result()).show(title + " traces");
	}

	/** What the run did (for scripts and tests). */
	public SvdBatch.Item item() {
		return item;
	}
}
