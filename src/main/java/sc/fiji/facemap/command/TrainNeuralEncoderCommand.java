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
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.neural.NeuralEncoder;
import sc.fiji.facemap.neural.NeuralFiles;
import sc.fiji.facemap.neural.NeuralOutputs;
import sc.fiji.facemap.neural.NeuralResult;
import sc.fiji.facemap.neural.NeuralSettings;
import sc.fiji.facemap.neural.NeuralSources;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.NeuralViews;
import sc.fiji.facemap.ui.TrainingPlot;

/**
 * {@code Plugins>Facemap>Train Neural Encoder...}: predicts neural activity from behaviour (keypoints, SVDs or any
 * time series) with Facemap's KeypointsNetwork, ridge or reduced-rank regression, with the progress bar and a live plot
 * of training loss and test variance explained; Esc (or the Cancel of the status bar) stops training and keeps the
 * best model so far. Shows a ResultsTable of variance explained per model, a plot of per-neuron variance explained and
 * an image of the activity above its prediction; writes Facemap's {@code neural_predictions.npy} and the other outputs
 * ({@link NeuralOutputs}). Same core code as {@code facemap neural}; the field names are the keys of
 * {@link NeuralSources} and {@link NeuralSettings}.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Train Neural Encoder...", weight = 100) }, headless = true)
public class TrainNeuralEncoderCommand extends ContextCommand {

	// ---- NeuralSources ----

	@Parameter(label = "Behaviour file", style = "open",
		description = "_FacemapPose.h5, _proc.npy (motion SVD), or a time x features matrix (.npy, .csv, .mat FILE:var, .h5 FILE:dataset)")
	private File behavior;

	@Parameter(label = "Neural activity file", style = "open",
		description = "neurons x time .npy (spks.npy), .mat FILE:var (several struct fields: FILE.mat:D.neuron*), .h5 FILE:dataset")
	private File neural;

	@Parameter(label = "Behaviour timestamps (optional)", style = "open", required = false,
		description = "One time per camera frame (.npy); without timestamps both streams span the same time")
	private File behavior_times;

	@Parameter(label = "Neural timestamps (optional)", style = "open", required = false, description = "One time per neural sample (.npy)")
	private File neural_times;

	@Parameter(label = "Neuron positions (optional)", style = "open", required = false,
		description = "neurons x 2 (x, y), for the explainable-variance ceiling")
	private File positions;

	@Parameter(label = "Behaviour layout", choices = { "auto", "time-by-feature", "feature-by-time" }, required = false)
	private String behavior_layout = "auto";

	@Parameter(label = "Neural layout", choices = { "auto", "neurons-by-time", "time-by-neurons" }, required = false)
	private String neural_layout = "auto";

	@Parameter(label = "Leave out the paw keypoint", required = false)
	private boolean exclude_paw = false;

	@Parameter(label = "Z-score behaviour columns", required = false)
	private boolean zscore = true;

	// ---- NeuralSettings ----

	@Parameter(label = "Model", choices = { "network", "ridge", "rrr" },
		description = "network: Facemap's KeypointsNetwork; ridge: ridge regression; rrr: reduced-rank regression")
	private String model = "network";

	@Parameter(label = "Targets: neural PCs (0 = every neuron)", min = "0", required = false,
		description = "Predict this many principal components and project back to neurons; 0 predicts every neuron")
	private int pcs = 128;

	@Parameter(label = "Epochs", min = "1", required = false)
	private int epochs = 300;

	@Parameter(label = "Device", choices = { "cpu", "gpu" }, required = false)
	private String device = "cpu";

	@Parameter(label = "Learning rate", required = false)
	private double learning_rate = 1e-3;

	@Parameter(label = "Weight decay", required = false)
	private double weight_decay = 1e-4;

	@Parameter(label = "Smoothness penalty", required = false)
	private double smoothing_penalty = 0.5;

	@Parameter(label = "Delay (neural samples)", required = false)
	private int delay = -1;

	@Parameter(label = "Ridge lambda", required = false)
	private double ridge_lambda = 1.0;

	@Parameter(label = "RRR lambda", required = false)
	private double rrr_lambda = 0.0;

	@Parameter(label = "Highest RRR rank", min = "1", required = false)
	private int max_rank = 32;

	@Parameter(label = "Also fit the other models", required = false)
	private boolean baselines = true;

	@Parameter(label = "Compute latents", required = false)
	private boolean latents = true;

	@Parameter(label = "Test every (epochs)", min = "1", required = false)
	private int test_every = 20;

	@Parameter(label = "Random seed", required = false)
	private long seed = 0;

	@Parameter(label = "Facemap-compatible figures", required = false)
	private boolean facemap_compatible = false;

	@Parameter(label = "Settings file (optional)", style = "open", required = false,
		description = "A JSON settings file (keys as above); values set here win over the file's")
	private File settings_file;

	// ---- outputs ----

	@Parameter(label = "Output folder", style = "directory", required = false,
		description = "Where to write neural_predictions.npy and the other outputs; empty = beside the neural file")
	private File output_folder;

	@Parameter(label = "Output name", required = false)
	private String output_name = NeuralOutputs.DEFAULT_NAME;

	@Parameter(label = "Show table, plots and image", required = false)
	private boolean show_results = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Held-out variance explained")
	private double varexp;

	@Parameter(type = ItemIO.OUTPUT, label = "Predictions file")
	private String predictions_file;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		NeuralSources sources = CommandSettings.read(this, NeuralSources.class).requireFiles();
		NeuralSettings settings = CommandSettings.read(this, NeuralSettings.class);
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		NeuralFiles.Loaded in = NeuralFiles.load(sources, progress);
		boolean gui = show_results && !GraphicsEnvironment.isHeadless();
		TrainingPlot live = new TrainingPlot("Training: " + settings.model().key(), settings.epochs());
		progress.log("Training the " + settings.model().key() + " encoder on " + in.inputs().frames() + " frames x " + in.inputs().features() + " features, " +
			in.inputs().neurons() + " neurons x " + in.inputs().samples() + " samples" + (gui ? " (Esc stops and keeps the best model so far)" : ""));
		NeuralResult r = NeuralEncoder.fit(in.inputs(), settings, progress, gui ? live : null);
		for (String n : r.notices()) progress.log(n);
		Path dir = output_folder != null && !output_folder.getPath().isEmpty() ? output_folder.toPath()
			: sc.fiji.facemap.io.DataRef.parse(sources.neural()).file().toAbsolutePath().getParent();
		if (dir == null) throw new FacemapException("Train Neural Encoder: no output folder");
		NeuralOutputs.Written w = NeuralOutputs.write(dir, output_name, in, r);
		for (String n : w.notices()) progress.log(n);
		varexp = r.varexp();
		predictions_file = w.npy().toString();
		progress.log(String.format(java.util.Locale.ROOT, "Held-out variance explained (%s): %.4f%s; wrote %s", r.model().key(), varexp,
			r.canceled() ? " (canceled: best model so far)" : "", predictions_file));
		if (gui) {
			NeuralViews.scores(r).show("Neural encoder: variance explained per model");
			NeuralViews.perNeuron(r, "Per-neuron variance explained").show();
			NeuralViews.activityAndPrediction(in.inputs(), r, 1200, "Neural activity and prediction").show();
		}
	}

	public double getVarexp() {
		return varexp;
	}

	public String getPredictionsFile() {
		return predictions_file;
	}
}
