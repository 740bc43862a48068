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
package sc.fiji.facemap.neural;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.H5Arrays;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;
import sc.fiji.facemap.job.OutputSet;
import sc.fiji.facemap.neural.NeuralSettings.Model;

/**
 * The files of one neural-encoding run, all written as a unit ({@link OutputSet}: none appears unless all were
 * written), into a folder that is created if missing:
 * <ul>
 * <li>{@code <name>.npy}: Facemap's dict (reference 4.4) that its neural window loads ("Load neural predictions"):
 * {@code predictions} (neurons x neural samples, float32), {@code test_indices} (test segments into the neural
 * samples: an n_segs x l_test int64 array, or a list of lists when the segments differ in length, as Facemap's linear
 * model writes), {@code variance_explained} (a float for the network and ridge, the per-rank array for RRR) and
 * {@code plot_extent} ([0, 0, camera frame of the last neural sample, neurons], int64, the rectangle Facemap's window
 * draws the heatmap in);</li>
 * <li>{@code <name>.h5}: the same four, plus {@code varexp_per_neuron}, {@code neuron_indices} (each row's neuron in
 * the input file), {@code feature_names}-free figures per model and the training history; attributes
 * {@code model}, {@code varexp} and one {@code varexp_<model>} per fitted model;</li>
 * <li>{@code <name>_encoder.pt}: the trained KeypointsNetwork as a state dict with Facemap's key names (network
 * only);</li>
 * <li>{@code <name>_latents.npy}: the network's latents, camera frames x 256, float32 (network with latents);</li>
 * <li>{@code <name>.json}: the summary the CLI prints with {@code --json}.</li>
 * </ul>
 * Predictions too large for one pickle (over about 1.9 GB) are left out of the {@code .npy} (a notice says so) and
 * kept in the {@code .h5}.
 */
public final class NeuralOutputs {

	/** The default base name, Facemap's. */
	public static final String DEFAULT_NAME = "neural_predictions";

	private static final long MAX_PICKLE_BYTES = 1_900_000_000L;

	/** Where each file went (null for a file not written). */
	public record Written(Path npy, Path h5, Path encoder, Path latents, Path json, List<String> notices) {
		public List<Path> all() {
			List<Path> l = new ArrayList<>();
			for (Path p : new Path[] { npy, h5, encoder, latents, json })
				if (p != null) l.add(p);
			return l;
		}
	}

	private NeuralOutputs() {}

	/** Writes every output of {@code r} into {@code dir} under base name {@code name} (null = neural_predictions). */
	public static Written write(Path dir, String name, NeuralFiles.Loaded in, NeuralResult r) {
		String base = name == null || name.isBlank() ? DEFAULT_NAME : name;
		List<String> notices = new ArrayList<>();
		float[][] pred = r.predictions();
		int N = pred.length, T = N == 0 ? 0 : pred[0].length;
		Tensor predictions = matrix(pred);
		int[][] segs = r.testSegments();
		Object testIndices = testIndices(segs);
		Object varexp = r.facemapVarianceExplained();
		Tensor extent = Tensor.ofLongs("int64", new long[] { 4 }, new long[] { 0, 0, lastFrame(in == null ? null : in.inputs(), r), N });

		Map<String, Object> dict = new LinkedHashMap<>();
		boolean npyPredictions = (long) N * T * 4L < MAX_PICKLE_BYTES;
		if (npyPredictions) dict.put("predictions", predictions);
		else notices.add("predictions (" + N + " x " + T + ") are too large for one .npy pickle; they are in " + base + ".h5 only");
		dict.put("test_indices", testIndices);
		dict.put("variance_explained", varexp instanceof double[] ? Tensor.ofDoubles(new long[] { ((double[]) varexp).length }, (double[]) varexp) : varexp);
		dict.put("plot_extent", extent);

		Map<String, Object> h5 = new LinkedHashMap<>();
		h5.put("predictions", predictions);
		if (testIndices instanceof Tensor) h5.put("test_indices", testIndices);
		else {
			int[] flat = r.split().testIndicesOriginal();
			long[] lens = new long[segs.length];
			for (int i = 0; i < segs.length; i++) lens[i] = segs[i].length;
			h5.put("test_indices", toLongs(flat));
			h5.put("test_segment_lengths", Tensor.ofLongs("int64", new long[] { lens.length }, lens));
		}
		h5.put("variance_explained", varexp instanceof double[] ? (double[]) varexp : new double[] { ((Number) varexp).doubleValue() });
		h5.put("plot_extent", extent);
		h5.put("varexp_per_neuron", r.varexpPerNeuron());
		if (in != null) h5.put("neuron_indices", toLongs(in.neuronIndices()));
		if (r.varexpPerRank() != null && r.varexpPerRank().length > 0) h5.put("rrr_varexp_per_rank", r.varexpPerRank());
		if (r.history() != null && !r.history().isEmpty()) {
			double[] loss = new double[r.history().size()], test = new double[loss.length];
			for (int i = 0; i < loss.length; i++) {
				loss[i] = r.history().get(i).trainLoss();
				test[i] = r.history().get(i).testVarexp();
			}
			h5.put("history/train_loss", loss);
			h5.put("history/test_varexp", test);
		}
		Map<String, Object> attrs = new LinkedHashMap<>();
		attrs.put("model", r.model().key());
		attrs.put("varexp", r.varexp());
		for (ModelScore s : r.scores()) attrs.put("varexp_" + s.model().key(), s.varexp());
		if (!Double.isNaN(r.ceiling())) attrs.put("explainable_variance", r.ceiling());
		attrs.put("made_by", "Facemap for Fiji");

		Path d = dir.toAbsolutePath();
		Path npyPath = d.resolve(base + ".npy"), h5Path = d.resolve(base + ".h5"), jsonPath = d.resolve(base + ".json");
		Path ptPath = r.stateDict() != null ? d.resolve(base + "_encoder.pt") : null;
		Path latPath = r.latents() != null ? d.resolve(base + "_latents.npy") : null;
		String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(summary(in, r));
		try (OutputSet out = new OutputSet()) {
			out.write(npyPath, tmp -> AtomicFiles.writeBytes(tmp, Npy.objectToBytes(dict)));
			out.write(h5Path, tmp -> H5Arrays.write(tmp, h5, attrs));
			if (ptPath != null) out.write(ptPath, tmp -> AtomicFiles.writeBytes(tmp, TorchStateDict.toBytes(r.stateDict())));
			if (latPath != null) out.write(latPath, tmp -> Npy.write(tmp, matrix(r.latents())));
			out.write(jsonPath, tmp -> AtomicFiles.writeString(tmp, json + "\n"));
			out.commit();
		}
		return new Written(npyPath, h5Path, ptPath, latPath, jsonPath, notices);
	}

	/**
	 * The figures of a run as an ordered map whose first key is {@code varexp} (pooled held-out variance explained of
	 * the requested model), then the model, every fitted model's figures, sizes, the split, and the notices.
	 */
	public static Map<String, Object> summary(NeuralFiles.Loaded in, NeuralResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("varexp", r.varexp());
		m.put("model", r.model().key());
		m.put("target_varexp", r.targetVarexp());
		m.put("mean_neuron_varexp", r.scores().get(0).meanNeuronVarexp());
		Map<String, Object> models = new LinkedHashMap<>();
		for (ModelScore s : r.scores()) {
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("varexp", s.varexp());
			e.put("target_varexp", s.targetVarexp());
			e.put("mean_neuron_varexp", s.meanNeuronVarexp());
			if (!Double.isNaN(s.normalized())) e.put("normalized_varexp", s.normalized());
			if (s.model() == Model.RRR) e.put("rank", s.rank());
			if (!Double.isNaN(s.lambda())) e.put("lambda", s.lambda());
			models.put(s.model().key(), e);
		}
		m.put("models", models);
		if (!Double.isNaN(r.ceiling())) m.put("explainable_variance", r.ceiling());
		m.put("neurons", r.neurons());
		m.put("neural_samples", r.samples());
		if (in != null) {
			m.put("camera_frames", in.inputs().frames());
			m.put("features", in.inputs().features());
			m.put("behavior", in.behaviorKind());
			if (in.originalNeurons() != r.neurons()) m.put("neurons_in_file", in.originalNeurons());
		}
		m.put("pcs", r.basis() == null ? 0 : r.basis()[0].length);
		m.put("test_samples", r.split().testCount());
		m.put("train_samples", r.split().trainCount());
		m.put("split_by_trial", r.split().byTrial());
		if (r.bestEpoch() >= 0) {
			m.put("epochs", r.history().size());
			m.put("best_epoch", r.bestEpoch());
		}
		if (r.device() != null) m.put("device", r.device());
		m.put("canceled", r.canceled());
		List<String> notices = new ArrayList<>();
		if (in != null) notices.addAll(in.notices());
		if (r.notices() != null) notices.addAll(r.notices());
		m.put("notices", notices);
		return m;
	}

	/** Facemap's test_indices: a 2-D int64 array when the segments are equally long, else a list of lists. */
	static Object testIndices(int[][] segs) {
		boolean equal = segs.length > 0;
		for (int[] s : segs) equal &= s.length == segs[0].length && s.length > 0;
		if (equal) {
			int L = segs[0].length;
			long[] v = new long[segs.length * L];
			for (int i = 0; i < segs.length; i++)
				for (int j = 0; j < L; j++) v[i * L + j] = segs[i][j];
			return Tensor.ofLongs("int64", new long[] { segs.length, L }, v);
		}
		List<Object> out = new ArrayList<>();
		for (int[] s : segs) {
			List<Object> l = new ArrayList<>();
			for (int x : s) l.add((long) x);
			out.add(l);
		}
		return out;
	}

	/** The camera frame nearest the last neural sample (Facemap's {@code neural_timestamps_resampled[-1]}). */
	static long lastFrame(NeuralInputs in, NeuralResult r) {
		if (in == null) return Math.max(0, r.samples() - 1);
		boolean fc = r.settings() != null && r.settings().facemapCompatible();
		double[] cam = in.cameraTimes(fc);
		double[] st = in.sampleTimes();
		double t = st[st.length - 1];
		int lo = 0, hi = cam.length - 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (cam[mid] <= t) lo = mid;
			else hi = mid;
		}
		return Math.abs(cam[hi] - t) < Math.abs(cam[lo] - t) ? hi : lo;
	}

	private static Tensor matrix(float[][] m) {
		int r = m.length, c = r == 0 ? 0 : m[0].length;
		float[] f = new float[r * c];
		for (int i = 0; i < r; i++) System.arraycopy(m[i], 0, f, i * c, c);
		return Tensor.ofFloats(new long[] { r, c }, f);
	}

	private static Tensor toLongs(int[] a) {
		long[] l = new long[a.length];
		for (int i = 0; i < a.length; i++) l[i] = a[i];
		return Tensor.ofLongs("int64", new long[] { a.length }, l);
	}
}
