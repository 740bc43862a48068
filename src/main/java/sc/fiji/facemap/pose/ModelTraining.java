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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.KeypointSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;

/**
 * Trains a keypoint model from a label file, the way {@code facemap train}, {@code Refine Model...} and scripts do
 * it: read labels, split off validation frames by group, fine-tune a base model (reusing its heads when it predicts
 * the same keypoints, otherwise new heads on its trunk) or train from scratch, evaluate against the constant guess,
 * and return a {@link PoseModel} carrying its training record. Also evaluates a model on labelled frames.
 */
public final class ModelTraining {

	/** What a training run produced. */
	public static final class Outcome {
		public PoseModel model;
		public PoseTrainer.Result result;
		public int trainFrames, validationFrames;
		/** Validation reports (null without validation frames). */
		public Evaluation.Report validation, constantGuess;
	}

	private ModelTraining() {}

	/**
	 * Rows of {@code labels} with at least one labelled point, split into {training, validation}: groups (by the
	 * metadata columns) are assigned whole, the last groups in file order going to validation until the fraction is
	 * reached; without group columns, blocks of 5 consecutive frames stand in for groups (neighbouring frames are near
	 * duplicates), every k-th block going to validation.
	 */
	public static int[][] split(LabelSet labels, double fraction, List<String> groupBy) {
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			boolean any = false;
			for (int k = 0; k < labels.keypointCount() && !any; k++) any = !labels.isMissing(i, k);
			if (any) rows.add(i);
		}
		if (fraction <= 0 || rows.size() < 2) return new int[][] { toArray(rows), new int[0] };
		List<String> cols = groupBy;
		if (cols == null) {
			cols = new ArrayList<>();
			for (String c : List.of("video", "batch"))
				if (labels.metaNames().contains(c)) cols.add(c);
		}
		Map<String, List<Integer>> groups = new LinkedHashMap<>();
		for (int j = 0; j < rows.size(); j++) {
			int i = rows.get(j);
			String key;
			if (cols.isEmpty()) key = "block" + (j / 5);
			else {
				StringBuilder sb = new StringBuilder();
				for (String c : cols) sb.append(labels.meta(i, c)).append('/');
				key = sb.toString();
			}
			groups.computeIfAbsent(key, g -> new ArrayList<>()).add(i);
		}
		List<List<Integer>> gl = new ArrayList<>(groups.values());
		int want = (int) Math.max(1, Math.round(fraction * rows.size()));
		List<Integer> val = new ArrayList<>(), train = new ArrayList<>();
		boolean[] isVal = new boolean[gl.size()];
		if (gl.size() >= 2) {
			if (cols.isEmpty()) {
				// spread validation blocks over the sequence
				int step = Math.max(2, (int) Math.round(1 / fraction));
				int count = 0;
				for (int g = step - 1; g < gl.size() && count < want; g += step) {
					isVal[g] = true;
					count += gl.get(g).size();
				}
			}
			else {
				int count = 0;
				for (int g = gl.size() - 1; g > 0 && count < want; g--) {
					isVal[g] = true;
					count += gl.get(g).size();
				}
			}
		}
		for (int g = 0; g < gl.size(); g++) (isVal[g] ? val : train).addAll(gl.get(g));
		if (train.isEmpty()) return new int[][] { toArray(val), new int[0] };
		return new int[][] { toArray(train), toArray(val) };
	}

	private static int[] toArray(List<Integer> l) {
		return l.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * Trains on a label file and saves the model into {@code out} (its name is the folder's name), the route of
	 * {@code facemap train} and Refine Model...: the folder is checked before any work (not a file, writable, and no
	 * model there unless {@code overwrite}), and model.pt and model.json are put in place together.
	 */
	public static Outcome trainInto(Path labelFile, Path imagesDir, TrainingSettings o, Path out, Progress progress) {
		PoseModel.checkSaveTarget(out, o.overwrite());
		Outcome r = train(labelFile, imagesDir, o, out.toAbsolutePath().getFileName().toString(), progress);
		r.model.save(out);
		return r;
	}

	/** Reads a label file and trains (see {@link #train(LabelSet, Path, Path, TrainingSettings, String, Progress)}). */
	public static Outcome train(Path labelFile, Path imagesDir, TrainingSettings o, String name, Progress progress) {
		return train(LabelSet.read(labelFile), labelFile, imagesDir, o, name, progress);
	}

	/**
	 * Trains a model on {@code labels}.
	 *
	 * @param name the model's name (e.g. its folder's name)
	 * @throws FacemapException for bad labels, missing images or an unusable base model
	 */
	public static Outcome train(LabelSet labels, Path labelFile, Path imagesDir, TrainingSettings o, String name, Progress progress) {
		if (o.skipMissingImages()) {
			int[] ok = labels.rowsWithImages(imagesDir, labelFile);
			if (ok.length < labels.size())
				progress.log("Skipping " + (labels.size() - ok.length) + " label rows whose image is missing");
			labels = labels.subset(ok);
		}
		else labels.resolveImages(imagesDir, labelFile);
		PoseModel base = o.fineTunes() ? PoseModels.find(o.base()) : null;
		if (base != null && base.warning() != null) progress.log("Warning: " + base.warning());
		LabelSet used = labels;
		boolean keepHeads = false;
		if (base != null && coversAll(labels.keypointSet(), base.keypoints())) {
			used = labels.mappedTo(base.keypoints());
			warnUnmatched(labels, base.keypoints(), base.name(), labelFile, progress);
			keepHeads = true;
		}
		int[][] sp = split(used, o.validation(), o.groupColumns());
		if (sp[0].length == 0) throw new FacemapException(labelFile, "no labelled frames to train on");
		TrainingSet train = TrainingSet.load(used, sp[0], imagesDir, labelFile, false, progress);
		TrainingSet val = sp[1].length == 0 ? null : TrainingSet.load(used, sp[1], imagesDir, labelFile, true, progress);
		Outcome out = new Outcome();
		out.trainFrames = train.size();
		out.validationFrames = val == null ? 0 : val.size();
		if (val == null) progress.log(o.validation() > 0 ? String.format(java.util.Locale.ROOT, "No validation frames: "
			+ "%d labelled frame%s too few to hold any out (validation %.2f), so the model trains on all of them, no "
			+ "validation error is measured and the last epoch is kept. Label more frames (Suggest Frames...) to measure "
			+ "its error.", train.size(), train.size() == 1 ? " is" : "s are", o.validation()) : "No validation frames "
				+ "(validation 0): the model trains on all " + train.size() + " labelled frames and the last epoch is kept.");
		float[][] mean = Evaluation.meanPositions(train);
		try (NDManager manager = NDManager.newBaseManager()) {
			FMnet net = base == null ? FMnet.random(manager, o.channels().toArray(), used.keypointCount(), o.seed())
				: PoseTrainer.fineTuneNetwork(manager, base.stateDict(), used.keypointCount(), keepHeads, o.seed());
			try {
				out.result = new PoseTrainer(net, o).train(train, val, progress);
				net.load(out.result.best);
				if (val != null) {
					out.validation = Evaluation.evaluate(net, val);
					out.constantGuess = Evaluation.constantGuess(mean, val);
				}
				JsonObject extra = new JsonObject();
				Gson g = new Gson();
				Map<String, Object> tr = new LinkedHashMap<>();
				tr.put("labels", labelFile == null ? "" : labelFile.toString());
				tr.put("frames", train.size());
				tr.put("base", base == null ? "none (from scratch)" : base.name() + (keepHeads ? "" : " (trunk; new heads)"));
				tr.put("epochs", o.epochs());
				tr.put("batchSize", o.batchSize());
				tr.put("learningRate", o.learningRate());
				tr.put("seed", o.seed());
				tr.put("augment", o.augment().toString().toLowerCase(Locale.ROOT));
				tr.put("steps", out.result.steps);
				tr.put("stop", out.result.stop.toString());
				tr.put("seconds", Math.round(out.result.seconds));
				tr.put("bestEpoch", out.result.bestEpoch + 1);
				tr.put("meanPositions", Map.of("x", round(mean[0]), "y", round(mean[1])));
				extra.add("training", g.toJsonTree(tr));
				if (val != null) {
					Map<String, Object> va = new LinkedHashMap<>();
					va.put("frames", val.size());
					va.put("model", out.validation.toMap());
					va.put("constantGuess", out.constantGuess.toMap());
					extra.add("validation", g.toJsonTree(va));
				}
				String desc = "FMnet " + Arrays.toString(net.channels()) + (base == null ? " trained from scratch"
					: " fine-tuned from " + base.name()) + " on " + train.size() + " frames";
				out.model = PoseModel.of(name, new LinkedHashMap<>(out.result.best), used.keypointSet(), desc,
					"Facemap for Fiji training", extra);
			}
			finally {
				net.close();
			}
		}
		return out;
	}

	private static double[] round(float[] v) {
		double[] r = new double[v.length];
		for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i] * 100) / 100.0;
		return r;
	}

	/** Whether every keypoint of {@code model} has a column in {@code labels} (by name or Facemap name). */
	static boolean coversAll(KeypointSet labels, KeypointSet model) {
		return labels.covers(model);
	}

	/** A model's accuracy on labelled frames, with the constant guess beside it. */
	public static final class EvaluationResult {
		public Evaluation.Report model, constantGuess;
		/** Where the constant guess's mean positions came from. */
		public String constantGuessSource;
		public int frames;

		public Map<String, Object> toMap(String modelName) {
			Map<String, Object> m = new LinkedHashMap<>();
			// first: the one figure scripts read (the model's mean error over all labelled points, px)
			Map<String, Object> error = model.toMap();
			m.put("mean_px", ((Map<?, ?>) error.get("overall")).get("mean"));
			m.put("model", modelName);
			m.put("frames", frames);
			m.put("error", error);
			m.put("constantGuess", constantGuess.toMap());
			m.put("constantGuessSource", constantGuessSource);
			return m;
		}

		public String toText(String modelName) {
			StringBuilder sb = new StringBuilder();
			sb.append(String.format(Locale.ROOT, "%d frames, model %s%n", frames, modelName));
			sb.append(String.format(Locale.ROOT, "%-16s %8s %8s %8s %7s %7s | %8s %8s%n", "keypoint", "mean", "median",
				"p90", "PCK@5", "PCK@10", "guess", "guess90"));
			for (int k = 0; k < model.perKeypoint.length; k++)
				row(sb, model.keypoints.name(k), model.perKeypoint[k], constantGuess.perKeypoint[k]);
			row(sb, "ALL", model.overall, constantGuess.overall);
			sb.append("(errors in full-frame pixels; 'guess' = constant guess, each keypoint at its mean ")
				.append(constantGuessSource).append(")\n");
			if (model.overall.missed > 0) sb.append(String.format(Locale.ROOT,
				"%d of %d labelled points were placed nowhere (an empty heatmap): misses in PCK, left out of mean, median and p90%n",
				model.overall.missed, model.overall.count));
			return sb.toString();
		}

		private static void row(StringBuilder sb, String name, Evaluation.Stats s, Evaluation.Stats g) {
			sb.append(String.format(Locale.ROOT, "%-16s %8.2f %8.2f %8.2f %6.1f%% %6.1f%% | %8.2f %8.2f%n", name, s.mean,
				s.median, s.p90, 100 * s.pck5, 100 * s.pck10, g.mean, g.p90));
		}
	}

	/**
	 * Evaluates {@code model} on the labelled frames of {@code labelFile}: labels are mapped onto the model's
	 * keypoints (by name or Facemap name); keypoints without labels are left out. The constant guess uses the mean
	 * training positions stored in the model's metadata, or (saying so) the mean of these labels. The frames are
	 * predicted as the tracker predicts them ({@link Predictor}; settings: batch size, device, normalisation).
	 */
	public static EvaluationResult evaluate(PoseModel model, Path labelFile, Path imagesDir, EvaluationSettings settings,
		Progress progress) {
		LabelSet labels = LabelSet.read(labelFile);
		if (settings.skipMissingImages()) labels = labels.subset(labels.rowsWithImages(imagesDir, labelFile));
		else labels.resolveImages(imagesDir, labelFile);
		LabelSet mapped = labels.mappedTo(model.keypoints());
		warnUnmatched(labels, model.keypoints(), model.name(), labelFile, progress);
		boolean any = false;
		for (int i = 0; i < mapped.size() && !any; i++)
			for (int k = 0; k < mapped.keypointCount() && !any; k++) any = !mapped.isMissing(i, k);
		if (!any) throw new FacemapException(labelFile, "none of the model's keypoints " + model.keypoints().names() +
			" is labelled here (the file has " + labels.keypointSet().names() + ")" + (model.warning() == null ? "" : "; " + model.warning()));
		int[] rows = new int[mapped.size()];
		for (int i = 0; i < rows.length; i++) rows[i] = i;
		TrainingSet set = TrainingSet.load(mapped, rows, imagesDir, labelFile, true, progress);
		EvaluationResult r = new EvaluationResult();
		r.frames = set.size();
		try (Predictor predictor = Predictor.open(model, settings.device(), settings.normalization(), progress)) {
			r.model = Evaluation.evaluate(predictor, set, settings.batchSize());
		}
		float[][] mean = storedMeanPositions(model);
		if (mean != null) r.constantGuessSource = "training position (from the model's metadata)";
		else {
			mean = Evaluation.meanPositions(set);
			r.constantGuessSource = "position over these frames (the model stores no training positions)";
		}
		r.constantGuess = Evaluation.constantGuess(mean, set);
		return r;
	}

	/** Says which label columns match no keypoint of the model (they are left out, which was silent). */
	private static void warnUnmatched(LabelSet labels, KeypointSet target, String model, Path labelFile, Progress progress) {
		List<String> extra = labels.unmatched(target);
		if (!extra.isEmpty())
			progress.log("Warning: " + (labelFile == null ? "labels" : labelFile.getFileName().toString()) + ": label column"
				+ (extra.size() == 1 ? " " : "s ") + extra + (extra.size() == 1 ? " matches" : " match") + " no keypoint of model "
				+ model + " " + target.names() + " and " + (extra.size() == 1 ? "is" : "are") + " left out");
	}

	/** Mean training positions saved in model.json ("training": {"meanPositions": {"x": [...], "y": [...]}}). */
	static float[][] storedMeanPositions(PoseModel model) {
		try {
			JsonObject t = model.metadata().getAsJsonObject("training");
			if (t == null || !t.has("meanPositions")) return null;
			JsonObject mp = t.getAsJsonObject("meanPositions");
			float[][] m = new float[2][];
			m[0] = new Gson().fromJson(mp.get("x"), float[].class);
			m[1] = new Gson().fromJson(mp.get("y"), float[].class);
			if (m[0].length != model.keypoints().size() || m[1].length != model.keypoints().size()) return null;
			return m;
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/** For exports: the state dict of a checkpoint's best weights. */
	public static Map<String, Tensor> checkpointWeights(Path checkpoint) {
		return PoseTrainer.checkpointWeights(checkpoint, true);
	}
}
