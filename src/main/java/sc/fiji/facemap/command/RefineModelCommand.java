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
import java.util.Arrays;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseTrainer;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.PredictionPreview;

/**
 * {@code Plugins > Facemap > Refine Model...}: trains (fine-tunes) a keypoint model on a label file with Facemap's
 * recipe, saves it as a model folder, and shows its predictions on unlabelled frames of a video. Macro:
 * {@code run("Refine Model...", "labels=[/data/sel/labels.csv] base=facemap-base epochs=36 output=[/models/mine]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Facemap>Refine Model...", headless = true)
public class RefineModelCommand extends ContextCommand {

	@Parameter(label = "Label file", style = "open")
	private File labels;

	@Parameter(label = "Images folder", style = "directory", required = false)
	private File images;

	@Parameter(label = "Base model", required = false, description = "Model to fine-tune (name or path); empty = train from scratch")
	private String base = "facemap-base";

	@Parameter(label = "Channels (from scratch)", required = false)
	private String channels = "16,32,64,128,200";

	@Parameter(label = "Epochs", min = "1", max = "1000")
	private int epochs = 36;

	@Parameter(label = "Step budget (0 = none)", min = "0", required = false)
	private long steps = 0;

	@Parameter(label = "Learning rate", required = false)
	private double learning_rate = 1e-4;

	@Parameter(label = "Batch size", min = "1", max = "64", required = false)
	private int batch_size = 1;

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", required = false)
	private double validation = 0.2;

	@Parameter(label = "Output model folder", style = "directory")
	private File output;

	@Parameter(label = "Video for a preview (optional)", style = "open", required = false)
	private File video;

	@Parameter(label = "Preview frames", min = "1", max = "100", required = false)
	private int preview_frames = 9;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		if (labels == null || output == null) throw new FacemapException("Refine Model: a label file and an output folder are needed");
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		ModelTraining.Options o = new ModelTraining.Options();
		o.base = base == null || base.trim().isEmpty() ? null : base.trim();
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
		o.name = output.getName();
		ModelTraining.Outcome r = ModelTraining.train(labels.toPath(), images == null ? null : images.toPath(), o, progress);
		r.model.save(output.toPath());
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Trained %s on %d frames (%d validation): %d steps, %d s, %s%n", output.getName(),
			r.trainFrames, r.validationFrames, r.result.steps, Math.round(r.result.seconds), r.result.stop));
		for (PoseTrainer.Epoch e : r.result.history)
			sb.append(String.format(Locale.ROOT, "epoch %d: loss %.4f, validation %.2f px%n", e.epoch + 1, e.trainLoss, e.validationError));
		if (r.validation != null) sb.append("validation: ").append(r.validation.overall).append("\nconstant guess: ")
			.append(r.constantGuess.overall).append('\n');
		summary = sb.toString();
		progress.log(summary);
		if (video != null) {
			ImagePlus preview = PredictionPreview.open(r.model, video.toPath(), preview_frames, progress);
			if (!GraphicsEnvironment.isHeadless()) preview.show();
			else preview.close();
		}
	}
}
