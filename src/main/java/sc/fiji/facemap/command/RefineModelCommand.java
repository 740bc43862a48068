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
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseTrainer;
import sc.fiji.facemap.pose.RefinementPreview;
import sc.fiji.facemap.pose.TrainingSettings;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.PredictionPreview;
import sc.fiji.facemap.ui.RefinementViews;

/**
 * {@code Plugins > Facemap > Refine Model...}: trains a keypoint model on annotated labels with Facemap's recipe
 * (fine-tuning a base model, or from scratch), saves it as a model folder, reports its validation error beside the
 * constant guess's (each keypoint at its mean training position) in a results table, and shows its predictions on a
 * few frames without labels: frames of a video when one is given, else images of the images folder that have no
 * labels. The same training as {@code facemap train}. Macro:
 * {@code run("Refine Model...", "labels=[/data/sel/labels.csv] base=facemap-base epochs=36 output=[/models/mine]");}
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Refine Model...", weight = 70) }, headless = true)
public class RefineModelCommand extends ContextCommand {

	@Parameter(label = "Label file", style = "open", description = "Labels written by Annotate Keypoints (CSV or Facemap .npy)")
	private File labels;

	@Parameter(label = "Images folder", style = "directory", required = false, persist = false,
		description = "Where the labelled images are; empty: paths relative to the label file")
	private File images;

	// ---- the keys of TrainingSettings (same names as facemap train's options and settings files) ----

	@Parameter(label = "Base model", required = false,
		description = "Model to fine-tune (name or folder); 'default' = the bundled base model; empty or 'none': train from scratch")
	private String base = "default";

	@Parameter(label = "Channels (from scratch)", required = false, description = "Channel widths of a network trained from scratch, comma-separated")
	private String channels = "16,32,64,128,200";

	@Parameter(label = "Epochs", min = "1", max = "1000", description = "Passes over the training frames (Facemap: 36)")
	private int epochs = 36;

	@Parameter(label = "Step budget (0 = none)", min = "0", required = false, persist = false,
		description = "Stop after this many optimiser steps (for a quick try, or a long run in parts with a checkpoint)")
	private long steps = 0;

	@Parameter(label = "Learning rate", required = false)
	private double learning_rate = 1e-4;

	@Parameter(label = "Batch size", min = "1", max = "64", required = false)
	private int batch_size = 1;

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", required = false,
		description = "Share of the labelled frames held out (by video/batch when the labels have those columns)")
	private double validation = 0.2;

	@Parameter(label = "Validation groups (columns)", required = false, persist = false,
		description = "Label-file columns that define the validation groups, comma-separated; empty = video, batch where present")
	private String group_by = "";

	@Parameter(label = "Random seed", required = false)
	private long seed = 0;

	@Parameter(label = "Augmentation", choices = { "full", "strong", "facemap", "none" }, required = false,
		description = "full (flip, contrast, scale, rotation, translation), strong (wider), facemap (flip, contrast) or none")
	private String augment = "full";

	@Parameter(label = "Checkpoint file (optional)", style = "save", required = false, persist = false,
		description = "For long runs: written during training and resumed from when it exists")
	private File checkpoint;

	@Parameter(label = "Checkpoint every (steps)", min = "0", required = false,
		description = "Optimiser steps between checkpoints (also at every epoch end and on stop; 0 = only then)")
	private int checkpoint_every = 200;

	@Parameter(label = "Skip label rows whose image is missing", required = false, persist = false)
	private boolean skip_missing_images = false;

	@Parameter(label = "Overwrite a model in the output folder", required = false, persist = false,
		description = "Off: a folder that holds a model already is refused before training")
	private boolean overwrite = false;

	@Parameter(label = "Settings file (optional)", style = "open", required = false, persist = false,
		description = "A JSON settings file (keys as above); values set here win over the file's")
	private File settings_file;

	// ---- output and preview ----

	@Parameter(label = "Output model folder", style = "directory",
		description = "The refined model's folder (model.pt + model.json); its name is the model's name")
	private File output;

	@Parameter(label = "Video for the preview (optional)", style = "open", required = false, persist = false,
		description = "Predict random frames of this video; empty: images of the images folder without labels")
	private File video;

	@Parameter(label = "Preview frames", min = "0", max = "100", required = false)
	private int preview_frames = 9;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	private ModelTraining.Outcome outcome;
	private ResultsTable table;
	private ImagePlus previewImage;

	@Override
	public void run() {
		if (labels == null || output == null || output.getPath().isEmpty())
			throw new FacemapException("Refine Model: a label file and an output folder are needed");
		Path labelFile = labels.toPath();
		Path imagesDir = images == null || images.getPath().isEmpty() ? null : images.toPath();
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		TrainingSettings o = CommandSettings.read(this, TrainingSettings.class);
		outcome = ModelTraining.trainInto(labelFile, imagesDir, o, output.toPath(), progress);
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Trained %s on %d frames (%d validation): %d steps, %d s, %s%n",
			output.getName(), outcome.trainFrames, outcome.validationFrames, outcome.result.steps, Math.round(
				outcome.result.seconds), outcome.result.stop));
		for (PoseTrainer.Epoch e : outcome.result.history)
			sb.append(Double.isNaN(e.validationError) ? String.format(Locale.ROOT, "epoch %d: loss %.4f%n", e.epoch + 1,
				e.trainLoss) : String.format(Locale.ROOT, "epoch %d: loss %.4f, validation %.2f px%n", e.epoch + 1,
					e.trainLoss, e.validationError));
		if (outcome.validation != null) sb.append("validation: ").append(outcome.validation.overall).append(
			"\nconstant guess: ").append(outcome.constantGuess.overall).append('\n');
		sb.append("saved to ").append(output).append('\n');
		summary = sb.toString();
		progress.log(summary);
		table = RefinementViews.errorTable(outcome);
		if (preview_frames > 0) {
			if (video != null && !video.getPath().isEmpty())
				previewImage = PredictionPreview.open(outcome.model, video.toPath(), preview_frames, progress);
			else {
				Path dir = imagesDir != null ? imagesDir : labelFile.toAbsolutePath().getParent();
				previewImage = RefinementViews.previewImage(RefinementPreview.of(outcome.model, labelFile, dir,
					preview_frames, o.seed(), progress), output.getName());
			}
		}
		if (!(GraphicsEnvironment.isHeadless() || (ui != null && ui.isHeadless()))) {
			table.show("Refine Model: " + output.getName() + " validation error (px)");
			RefinementViews.lossPlot(outcome, "Refine Model: " + output.getName() + " training").show();
			if (previewImage != null) previewImage.show();
		}
	}

	public ModelTraining.Outcome getOutcome() {
		return outcome;
	}

	/** Validation error per keypoint, model vs constant guess (after run). */
	public ResultsTable getTable() {
		return table;
	}

	/** The predictions on frames without labels (null when there were none). */
	public ImagePlus getPreviewImage() {
		return previewImage;
	}
}
