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

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseTrainer;
import sc.fiji.facemap.pose.TrainingSettings;

/**
 * {@code facemap train --labels FILE --images DIR [--base M|none] [--epochs N] [--steps N] --out MODEL}: trains or fine-tunes
 * a keypoint model on labelled frames and writes MODEL/model.pt + model.json.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Train (or fine-tune) a keypoint model on labelled frames with Facemap's recipe.",
		"Labels: DeepLabCut CSV, or a CSV with columns image,<meta...>,<kp> x,<kp> y.",
		"Writes the model folder OUT (model.pt, loadable by PyTorch, and model.json).",
		"Options (the same keys as Refine Model... in Fiji and in settings files):" })
public class TrainCommand implements Callable<Integer>, CliSettings.Settable {

	@Option(names = "--labels", required = true, description = "Label file.")
	Path labels;

	@Option(names = "--images", description = "Folder of the labelled images (default: paths relative to the label file).")
	Path images;

	@Option(names = "--out", required = true, description = "Output model folder (its name is the model's name).")
	Path out;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(TrainingSettings.class);
	}

	@Override
	public Integer call() {
		TrainingSettings s = CliSettings.read(spec, TrainingSettings.class, "train");
		ModelTraining.Outcome r = ModelTraining.trainInto(labels, images, s, out, new ConsoleProgress("steps"));
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
		if (r.result.stop == PoseTrainer.Stop.BUDGET && s.checkpoint() != null)
			pw.println("Step budget reached; run again with the same --checkpoint to continue.");
		pw.println("Model written to " + out + " (channels " + Arrays.toString(r.model.channels()) + ", keypoints " +
			r.model.keypoints().names() + ")");
		pw.flush();
		return 0;
	}
}
