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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.neural.ModelScore;
import sc.fiji.facemap.neural.NeuralEncoder;
import sc.fiji.facemap.neural.NeuralFiles;
import sc.fiji.facemap.neural.NeuralOutputs;
import sc.fiji.facemap.neural.NeuralResult;
import sc.fiji.facemap.neural.NeuralSettings;
import sc.fiji.facemap.neural.NeuralSources;

/**
 * {@code facemap neural --behavior FILE --neural FILE [--behavior-times F --neural-times F] [--positions F]
 * [--model network|ridge|rrr] [--pcs 128] [--epochs 300] [--device cpu|gpu] --out DIR [--json]}: predicts neural
 * activity from behaviour and writes Facemap's {@code neural_predictions.npy} (and .h5, the encoder .pt, the
 * latents). The input and model options come from {@link NeuralSources} and {@link NeuralSettings}. With
 * {@code --json} standard output carries only one JSON object whose first key is {@code varexp}; notices and
 * progress go to standard error.
 */
@Command(name = "neural", mixinStandardHelpOptions = true,
	description = { "Predict neural activity from behaviour (keypoints, motion SVDs or any time series) with Facemap's "
		+ "KeypointsNetwork, ridge or reduced-rank regression, and report held-out variance explained.",
		"Neural files are neurons x time (.npy; .mat FILE:var; .h5 FILE:dataset); behaviour is a _FacemapPose.h5, a "
			+ "_proc.npy or a time x features matrix. Without timestamps both streams are taken to span the same time.",
		"Writes <out>/neural_predictions.npy (Facemap's dict; its neural window loads it), .h5, .json, and for the "
			+ "network _encoder.pt and _latents.npy." })
public class NeuralCommand implements Callable<Integer>, CliSettings.Settable {

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
	Path out;

	@Option(names = "--name", paramLabel = "NAME", defaultValue = NeuralOutputs.DEFAULT_NAME,
		description = "Base name of the output files (default ${DEFAULT-VALUE}).")
	String name;

	@Option(names = "--json", description = "Print only one JSON object (first key varexp) on standard output.")
	boolean json;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(NeuralSources.class, NeuralSettings.class);
	}

	@Override
	public Integer call() {
		NeuralSources sources = CliSettings.read(spec, NeuralSources.class, "neural").requireFiles();
		NeuralSettings settings = CliSettings.read(spec, NeuralSettings.class, "neural");
		try {
			Files.createDirectories(out);
		}
		catch (IOException e) {
			throw new FacemapException(out, "cannot create the output folder (" + e.getMessage() + ")", e);
		}
		ConsoleProgress progress = new ConsoleProgress("epochs");
		NeuralFiles.Loaded in = NeuralFiles.load(sources, progress);
		System.err.printf(Locale.ROOT, "%d camera frames x %d features, %d neurons x %d samples; model %s%n", in.inputs().frames(), in.inputs().features(),
			in.inputs().neurons(), in.inputs().samples(), settings.model().key());
		NeuralResult r = NeuralEncoder.fit(in.inputs(), settings, progress);
		for (String n : r.notices()) System.err.println(n);
		NeuralOutputs.Written w = NeuralOutputs.write(out, name, in, r);
		for (String n : w.notices()) System.err.println(n);
		PrintWriter pw = spec.commandLine().getOut();
		if (json) {
			Map<String, Object> m = new LinkedHashMap<>(NeuralOutputs.summary(in, r));
			Map<String, String> files = new LinkedHashMap<>();
			files.put("npy", String.valueOf(w.npy()));
			files.put("h5", String.valueOf(w.h5()));
			if (w.encoder() != null) files.put("encoder", String.valueOf(w.encoder()));
			if (w.latents() != null) files.put("latents", String.valueOf(w.latents()));
			files.put("json", String.valueOf(w.json()));
			m.put("files", files);
			pw.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(m));
		}
		else {
			pw.printf(Locale.ROOT, "Held-out variance explained (%s): %.4f%s%n", r.model().key(), r.varexp(), r.canceled() ? " (canceled: best model so far)" : "");
			pw.println("model     varexp  targets  mean/neuron  rank");
			for (ModelScore s : r.scores())
				pw.printf(Locale.ROOT, "%-8s  %.4f  %.4f   %.4f       %s%n", s.model().key(), s.varexp(), s.targetVarexp(), s.meanNeuronVarexp(),
					s.rank() > 0 ? String.valueOf(s.rank()) : "-");
			if (!Double.isNaN(r.ceiling())) pw.printf(Locale.ROOT, "explainable variance (peer prediction): %.4f%n", r.ceiling());
			for (Path p : w.all()) pw.println("wrote " + p);
		}
		pw.flush();
		return 0;
	}
}
