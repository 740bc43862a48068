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
import java.util.List;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.pose.EvaluationSettings;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;

/**
 * {@code facemap evaluate [--model M] --labels FILE --images DIR [--json]}: pixel error of a model on labelled frames
 * (mean, median, 90th percentile, per keypoint, PCK at 5 and 10 px) beside the constant guess's.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Keypoint error of a model on labelled frames, beside the constant guess (each keypoint at its mean training position).",
		"Errors are Euclidean distances in full-frame pixels; frames are predicted as facemap track predicts them.",
		"Options (the same keys as Evaluate Model... in Fiji and in settings files):" })
public class EvaluateCommand implements Callable<Integer>, CliSettings.Settable {

	@Option(names = "--labels", required = true, description = "Label file (DeepLabCut CSV or image,<kp> x,<kp> y CSV).")
	Path labels;

	@Option(names = "--images", description = "Folder of the labelled images (default: paths relative to the label file).")
	Path images;

	@Option(names = "--json", description = "Print JSON.")
	boolean json;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(EvaluationSettings.class);
	}

	@Override
	public Integer call() {
		EvaluationSettings s = CliSettings.read(spec, EvaluationSettings.class, "evaluate");
		PoseModel m = PoseModels.find(s.model());
		ModelTraining.EvaluationResult r = ModelTraining.evaluate(m, labels, images, s, new ConsoleProgress("frames"));
		PrintWriter out = spec.commandLine().getOut();
		if (json) out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
			.toJson(r.toMap(m.name())));
		else out.print(r.toText(m.name()));
		out.flush();
		return 0;
	}
}
