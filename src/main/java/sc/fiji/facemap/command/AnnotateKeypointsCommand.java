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

import org.scijava.ItemIO;
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
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.ui.AnnotationView;
import sc.fiji.facemap.ui.IJProgress;

/**
 * {@code Plugins > Facemap > Annotate Keypoints...}: opens frames (a folder written by Suggest Frames, or a label
 * CSV) as a stack with one named, coloured point per keypoint to drag; every edit is saved to the label CSV at once
 * and reopening resumes where it stopped (position in {@code <labels>.session.json}). Keys: {@code .}/right = next, {@code ,}/left = previous,
 * {@code d}/Delete/Backspace = mark missing, {@code o} = mark out of view, right-click = place the selected keypoint, up/down or {@code [}/{@code ]}
 * = select keypoint. Headless, it only prepares the session (label file created, predictions computed). Macro:
 * {@code run("Annotate Keypoints...", "images=[/data/frames] labels=[/data/frames/labels.csv] model=facemap-base");}
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Annotate Keypoints...", weight = 60) }, headless = true)
public class AnnotateKeypointsCommand extends ContextCommand {

	@Parameter(label = "Images folder", style = "directory", required = false, persist = false,
		description = "A folder of frames (e.g. written by Suggest Frames), or a label file whose folder holds the images; empty: the label file's folder")
	private File images;

	@Parameter(label = "Label file", style = "save", required = false, persist = false,
		description = "CSV (DeepLabCut or image,<kp> x,<kp> y) or Facemap *_Facemap_refined_data.npy, saved after every edit; created when absent. Empty: labels.csv in the images folder (or the label file given as images)")
	private File labels;

	@Parameter(label = "Model for starting points", required = false, persist = false,
		description = "Name or folder of a keypoint model whose predictions are the starting points on frames without labels; empty: none")
	private String model = "";

	@Parameter(label = "Keypoints (comma-separated)", required = false, persist = false,
		description = "Names for a new label file; empty: the model's keypoints, or Facemap's 15")
	private String keypoints = "";

	@Parameter(type = ItemIO.OUTPUT)
	private String label_file;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	private AnnotationSession session;

	@Override
	public void run() {
		boolean noImages = images == null || images.getPath().isEmpty(), noLabels = labels == null || labels.getPath()
			.isEmpty();
		if (noImages && noLabels) throw new FacemapException("Annotate Keypoints: give a label file or an images folder");
		if (noImages && !labels.exists()) throw new FacemapException(labels.toPath(),
			"no such label file (give an images folder to start a new one)");
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		PoseModel m = model == null || model.isBlank() || model.trim().equalsIgnoreCase("none") ? null
			: PoseModels.find(model.trim());
		KeypointSet kp = AnnotationSession.parseKeypoints(keypoints);
		if (kp == null && m != null) kp = m.keypoints();
		session = noImages ? AnnotationSession.open(labels.toPath(), null, kp) : AnnotationSession.open(images.toPath(),
			noLabels ? null : labels.toPath(), kp);
		label_file = session.labelFile().toString();
		if (m != null) {
			int n = session.suggestFrom(m, progress);
			progress.log("Annotate: predictions of " + m.name() + " as starting points on " + n + " frames");
		}
		progress.log("Annotate: " + session.frameCount() + " frames, " + session.framesLabelled() +
			" labelled; labels are saved to " + session.labelFile());
		if (isHeadless()) AnnotationView.createImage(session); // headless: build the stack (checks every image), no window
		else AnnotationView.show(session);
	}

	private boolean isHeadless() {
		return GraphicsEnvironment.isHeadless() || (ui != null && ui.isHeadless());
	}

	/** The session (after run), for scripts and tests. */
	public AnnotationSession getSession() {
		return session;
	}
}
