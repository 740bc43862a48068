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
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.LabelSession;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.KeypointAnnotator;

/**
 * {@code Plugins > Facemap > Annotate Keypoints...}: opens a label file (e.g. the skeleton written by
 * {@code facemap select-frames}) with its frames as a stack; the model's predictions fill frames not yet labelled;
 * every edit is saved at once and labelling resumes where it stopped. Headless, it only prepares the session
 * (prefill and save). Macro: {@code run("Annotate Keypoints...", "labels=[/data/sel/labels.csv] model=facemap-base");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Facemap>Annotate Keypoints...", headless = true)
public class AnnotateKeypointsCommand extends ContextCommand {

	@Parameter(label = "Label file", style = "open", description = "CSV (DeepLabCut or image,<kp> x,<kp> y) or Facemap *_Facemap_refined_data.npy")
	private File labels;

	@Parameter(label = "Images folder", style = "directory", required = false,
		description = "Folder of the frames (default: paths relative to the label file)")
	private File images;

	@Parameter(label = "Model for starting points", required = false, persist = false,
		description = "Model name or path whose predictions fill unlabelled frames; empty for none")
	private String model = "";

	@Parameter(type = ItemIO.OUTPUT)
	private String label_file;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		if (labels == null) throw new FacemapException("Annotate Keypoints: no label file given");
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		LabelSession s = LabelSession.open(labels.toPath(), images == null ? null : images.toPath());
		if (model != null && !model.trim().isEmpty()) {
			int n = s.prefill(PoseModels.find(model.trim()), progress);
			progress.log("Annotate Keypoints: " + n + " frames prefilled with predictions of " + model);
		}
		else s.save();
		label_file = s.labelFile().toString();
		if (!GraphicsEnvironment.isHeadless()) KeypointAnnotator.show(s);
	}
}
