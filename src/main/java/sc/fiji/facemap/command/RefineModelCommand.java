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
import java.nio.file.Paths;
import java.util.List;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.RefinementPreview;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.RefinementViews;

/**
 * {@code Plugins > Facemap > Refine Model...}: trains a keypoint model on annotated labels (fine-tuning a base model,
 * or from scratch), saves it as a model folder, reports its validation error beside the constant guess's in a
 * results table, and shows its predictions on a few frames of the images folder that have no labels. The same
 * training as {@code facemap train}. Macro:
 * {@code run("Refine Model...", "labels=[/data/frames/labels.csv] base=facemap-base epochs=36 name=refined_model");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Facemap>Refine Model...", headless = true)
public class RefineModelCommand extends ContextCommand {

	@Parameter(label = "Label file (CSV)", style = "open", description = "Labels written by Annotate Keypoints (or DeepLabCut CSV)")
	private File labels;

	@Parameter(label = "Images folder", style = "directory", required = false,
		description = "Where the labelled images are; empty: the label file's folder")
	private File images;

	@Parameter(label = "Base model", required = false,
		description = "Name or folder of the model to fine-tune; empty: the bundled base model; 'none': train from scratch")
	private String base = "";

	@Parameter(label = "Epochs", min = "1", required = false, description = "Passes over the training frames (Facemap: 36)")
	private int epochs = 36;

	@Parameter(label = "Maximum steps (0 = no limit)", min = "0", required = false,
		description = "Stop after this many optimiser steps (for a quick try)")
	private long max_steps = 0;

	@Parameter(label = "Output model name", required = false)
	private String name = "refined_model";

	@Parameter(label = "Output folder", style = "directory", required = false,
		description = "Where the model folder <name> is written; empty: the models folder (Fiji.app/models or ./models)")
	private File output;

	@Parameter(label = "Preview frames", min = "0", required = false,
		description = "How many unlabelled frames of the images folder to predict with the refined model")
	private int preview_frames = 9;

	@Parameter(label = "Random seed", required = false)
	private long seed = 0;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	private ModelTraining.Outcome outcome;
	private Path modelFolder;
	private ResultsTable table;
	private ImagePlus previewImage;

	@Override
	public void run() {
		if (labels == null) throw new FacemapException("Refine Model: no label file given");
		String modelName = name == null || name.isBlank() ? "refined_model" : name.trim();
		if (!modelName.matches("[A-Za-z0-9._-]+") || modelName.startsWith("."))
			throw new FacemapException("Refine Model: the model name '" + modelName +
				"' must be letters, digits, '.', '_' or '-' (it names a folder)");
		Path labelFile = labels.toPath();
		Path imagesDir = images == null || images.getPath().isEmpty() ? labelFile.toAbsolutePath().getParent()
			: images.toPath();
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		ModelTraining.Options o = new ModelTraining.Options();
		String b = base == null ? "" : base.trim();
		o.base = b.equalsIgnoreCase("none") ? null : (b.isEmpty() ? PoseModels.DEFAULT_NAME : b);
		o.epochs = epochs;
		o.maxSteps = max_steps;
		o.seed = seed;
		o.name = modelName;
		noGradOnThisThread();
		outcome = ModelTraining.train(labelFile, imagesDir, o, progress);
		Path dir = output == null || output.getPath().isEmpty() ? defaultModelsFolder() : output.toPath();
		modelFolder = dir.resolve(modelName);
		outcome.model.save(modelFolder);
		progress.log(String.format(java.util.Locale.ROOT,
			"Refine Model: %s saved to %s (%d training, %d validation frames, %d steps, %s)", modelName, modelFolder,
			outcome.trainFrames, outcome.validationFrames, outcome.result.steps, outcome.result.stop));
		table = RefinementViews.errorTable(outcome);
		RefinementPreview preview = RefinementPreview.of(outcome.model, labelFile, imagesDir, preview_frames, seed,
			progress);
		previewImage = RefinementViews.previewImage(preview, modelName);
		if (!(GraphicsEnvironment.isHeadless() || (ui != null && ui.isHeadless()))) {
			table.show("Refine Model: " + modelName + " validation error (px)");
			if (previewImage != null) previewImage.show();
		}
	}

	/**
	 * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that loaded the engine,
	 * and a GradientCollector restores the mode it found. On a command thread the optimiser's in-place parameter
	 * updates would then fail ("a leaf Variable that requires grad is being used in an in-place operation"), so turn
	 * it off here, as on the engine's own thread.
	 */
	static void noGradOnThisThread() {
		if ("PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName()))
			ai.djl.pytorch.jni.JniUtils.setGradMode(false);
	}

	private static Path defaultModelsFolder() {
		List<Path> dirs = PoseModels.modelFolders();
		String prop = System.getProperty("facemap.models");
		if (prop != null && !prop.isEmpty()) return Paths.get(prop);
		return dirs.isEmpty() ? Paths.get("models") : dirs.get(dirs.size() - 1);
	}

	public ModelTraining.Outcome getOutcome() {
		return outcome;
	}

	public Path getModelFolder() {
		return modelFolder;
	}

	public ResultsTable getTable() {
		return table;
	}

	/** The predictions on unlabelled frames (null when there were none). */
	public ImagePlus getPreviewImage() {
		return previewImage;
	}
}
