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
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.measure.ResultsTable;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.EvaluationSettings;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.ui.RefinementViews;

/**
 * {@code Plugins > Facemap > Evaluate Model...}: a model's pixel error on labelled frames (mean, median, 90th
 * percentile, PCK@5/10 px, per keypoint) beside the constant guess's. The menu route of {@code facemap evaluate};
 * both call {@link ModelTraining#evaluate}.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Evaluate Model...", weight = 80) }, headless = true)
public class EvaluateModelCommand extends ContextCommand {

	@Parameter(label = "Label file", style = "open")
	private File labels;

	@Parameter(label = "Images folder (empty = paths relative to the label file)", style = "directory", required = false,
		persist = false)
	private File images;

	// ---- the keys of EvaluationSettings (same names as facemap evaluate's options and settings files) ----

	@Parameter(label = "Model (name, folder or .pt; 'default' = bundled base model)", required = false, persist = false)
	private String model = "default";

	@Parameter(label = "Batch size", min = "1", max = "5000", required = false, description = "Frames per network call")
	private int batch_size = 8;

	@Parameter(label = "Device", choices = { "cpu", "gpu" }, required = false,
		description = "Run the network on a CUDA GPU when one is usable (else the CPU)")
	private String device = "cpu";

	@Parameter(label = "Normalization", choices = { "per-frame", "batch" }, required = false,
		description = "per-frame (default, as Track Keypoints), or batch: Facemap's batch-wide percentiles")
	private String normalization = "per-frame";

	@Parameter(label = "Skip label rows whose image is missing", required = false, persist = false)
	private boolean skip_missing_images = false;

	@Parameter(label = "Settings file (optional)", style = "open", required = false, persist = false,
		description = "A JSON settings file (keys as above); values set here win over the file's")
	private File settings_file;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	@Override
	public void run() {
		if (labels == null) throw new FacemapException("Evaluate Model: no label file given");
		EvaluationSettings s = CommandSettings.read(this, EvaluationSettings.class);
		PoseModel m = PoseModels.find(s.model());
		ModelTraining.EvaluationResult r = ModelTraining.evaluate(m, labels.toPath(), images == null || images.getPath()
			.isEmpty() ? null : images.toPath(), s, new StatusServiceProgress(status, this));
		table = RefinementViews.errorTable(r.model, r.constantGuess);
		summary = r.toText(m.name());
		if (!GraphicsEnvironment.isHeadless()) table.show("Error of " + m.name());
	}
}
