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
import java.util.Arrays;
import java.util.Locale;

import org.scijava.ItemIO;
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
import sc.fiji.facemap.pose.PoseTrainer;
import sc.fiji.facemap.pose.RefinementPreview;
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
@Plugin(type = Command.class, menuPath = "Plugins>Facemap>Refine Model...", headless = true)
public class RefineModelCommand extends ContextCommand {

	@Parameter(label = "Label file", style = "open", description = "Labels written by Annotate Keypoints (CSV or Facemap .npy)")
	private File labels;

	@Parameter(label = "Images folder", style = "directory", required = false, persist = false,
		description = "Where the labelled images are; empty: paths relative to the label file")
	private File images;

	@Parameter(label = "Base model", required = false,
		description = "Model to fine-tune (name or folder); empty or 'none': train from scratch")
	private String base = PoseModels.DEFAULT_NAME;

	@Parameter(label = "Channels (from scratch)", required = false)
	private String channels = "16,32,64,128,200";

	@Parameter(label = "Epochs", min = "1", max = "1000", description = "Passes over the training frames (Facemap: 36)")
	private int epochs = 36;

	@Parameter(label = "Step budget (0 = none)", min = "0", required = false, persist = false,
		description = "Stop after this many optimiser steps (for a quick try)")
	private long steps = 0;

	@Parameter(label = "Learning rate", required = false)
	private double learning_rate = 1e-4;

	@Parameter(label = "Batch size", min = "1", max = "64", required = false)
	private int batch_size = 1;

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", required = false,
		description = "Share of the labelled frames held out (by video/batch when the labels have those columns)")
	private double validation = 0.2;

	@Parameter(label = "Random seed", required = false)
	private long seed = 0;

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
		ModelTraining.Options o = new ModelTraining.Options();
		String b = base == null ? "" : base.trim();
		o.base = b.isEmpty() || b.equalsIgnoreCase("none") ? null : b;
		try {
			o.channels = Arrays.stream(channels.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
		}
		catch (NumberFormatException e) {
			throw new FacemapException("Refine Model: channels must be comma-separated integers, got '" + channels + "'");
		}
		o.epochs = epochs;
		o.maxSteps = steps;
		o.learningRate = learning_rate;
		o.batchSize = batch_size;
		o.validationFraction = validation;
		o.seed = seed;
		o.name = output.getName();
		outcome = ModelTraining.train(labelFile, imagesDir, o, progress);
		outcome.model.save(output.toPath());
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Trained %s on %d frames (%d validation): %d steps, %d s, %s%n",
			output.getName(), outcome.trainFrames, outcome.validationFrames, outcome.result.steps, Math.round(
				outcome.result.seconds), outcome.result.stop));
		for (PoseTrainer.Epoch e : outcome.result.history)
			sb.append(String.format(Locale.ROOT, "epoch %d: loss %.4f, validation %.2f px%n", e.epoch + 1, e.trainLoss,
				e.validationError));
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
					preview_frames, seed, progress), output.getName());
			}
		}
		if (!(GraphicsEnvironment.isHeadless() || (ui != null && ui.isHeadless()))) {
			table.show("Refine Model: " + output.getName() + " validation error (px)");
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
