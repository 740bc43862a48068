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
package sc.fiji.facemap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.Augmentation;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseTrainer;

/**
 * {@code facemap train --labels FILE --images DIR [--base M] [--epochs N] [--steps N] --out MODEL}: trains or fine-tunes
 * a keypoint model on labelled frames and writes MODEL/model.pt + model.json.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
	description = { "Train (or fine-tune) a keypoint model on labelled frames with Facemap's recipe.",
		"Labels: DeepLabCut CSV, or a CSV with columns image,<meta...>,<kp> x,<kp> y.",
		"Writes the model folder OUT (model.pt, loadable by PyTorch, and model.json)." })
public class TrainCommand implements Callable<Integer> {

	@Option(names = "--labels", required = true, description = "Label file.")
	Path labels;

	@Option(names = "--images", description = "Folder of the labelled images (default: paths relative to the label file).")
	Path images;

	@Option(names = "--base", description = "Model to fine-tune (name or path); omit to train from scratch.")
	String base;

	@Option(names = "--channels", split = ",", description = "Channel widths when training from scratch (default ${DEFAULT-VALUE}).",
		defaultValue = "16,32,64,128,200")
	int[] channels;

	@Option(names = "--epochs", defaultValue = "36", description = "Epochs (default ${DEFAULT-VALUE}).")
	int epochs;

	@Option(names = "--steps", defaultValue = "0", description = "Step budget of this run (0 = none); resume with --checkpoint.")
	long steps;

	@Option(names = "--batch", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate (default ${DEFAULT-VALUE}).")
	double lr;

	@Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--validation", defaultValue = "0.2", description = "Fraction of frames held out, as whole video/batch groups (default ${DEFAULT-VALUE}).")
	double validation;

	@Option(names = "--augment", defaultValue = "full", description = "full (flip, contrast, scale, rotation, translation), strong (wider scale 0.6-1.5, rotation, translation, gamma, inversion), facemap (flip, contrast) or none.")
	String augment;

	@Option(names = "--checkpoint", description = "Checkpoint file for long runs (resumed when it exists).")
	Path checkpoint;

	@Option(names = "--skip-missing-images", description = "Ignore label rows whose image is missing instead of failing.")
	boolean skipMissing;

	@Option(names = "--out", required = true, description = "Output model folder.")
	Path out;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		ModelTraining.Options o = new ModelTraining.Options();
		o.base = base;
		o.channels = channels;
		o.epochs = epochs;
		o.maxSteps = steps;
		o.batchSize = batch;
		o.learningRate = lr;
		o.seed = seed;
		o.validationFraction = validation;
		o.checkpoint = checkpoint;
		o.skipMissingImages = skipMissing;
		o.augmentation = augmentation(augment);
		o.name = out.toAbsolutePath().getFileName().toString();
		if (epochs < 1) throw new FacemapException("--epochs must be at least 1");
		ModelTraining.Outcome r = ModelTraining.train(labels, images, o, new ConsoleProgress("steps"));
		PrintWriter pw = spec.commandLine().getOut();
		pw.printf(Locale.ROOT, "Trained on %d frames (%d validation), %d steps in %s; stop: %s%n", r.trainFrames,
			r.validationFrames, r.result.steps, Math.round(r.result.seconds) + " s", r.result.stop);
		for (PoseTrainer.Epoch e : r.result.history)
			pw.printf(Locale.ROOT, "  epoch %2d  lr %.1e  loss %.4f  validation %.2f px%n", e.epoch + 1, e.learningRate,
				e.trainLoss, e.validationError);
		if (r.validation != null) {
			pw.println("Validation (best epoch " + (r.result.bestEpoch + 1) + "): " + r.validation.overall);
			pw.println("Constant guess on the same frames: " + r.constantGuess.overall);
		}
		if ("budget".equals(r.result.stop) && checkpoint != null)
			pw.println("Step budget reached; run again with the same --checkpoint to continue.");
		r.model.save(out);
		pw.println("Model written to " + out + " (channels " + Arrays.toString(r.model.channels()) + ", keypoints " +
			r.model.keypoints().names() + ")");
		pw.flush();
		return 0;
	}

	static Augmentation.Config augmentation(String name) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "full": return new Augmentation.Config();
			case "facemap": return Augmentation.Config.facemap();
			case "strong": return Augmentation.Config.strong();
			case "none": return Augmentation.Config.none();
			default: throw new FacemapException("--augment must be one of " + List.of("full", "strong", "facemap", "none") + ", got '" + name + "'");
		}
	}
}
