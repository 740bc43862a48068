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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.neural.NeuralSettings.Model;
import sc.fiji.facemap.nn.Devices;
import sc.fiji.facemap.task.Progress;

/** One run of {@link NeuralEncoder#fit}: preprocessing, split, targets, models, figures. */
final class NeuralRun {

	private final NeuralInputs in;
	private final NeuralSettings s;
	private final Progress p;
	private final TrainingListener listener;
	private final List<String> notices = new ArrayList<>();

	// prepared data
	private float[][] x; // [frames][kept features]
	private int[] kept;
	private double[] tcam, tneural;
	private NeuralSplit split;
	private NeuralTargets targets;
	private float[][] yTest; // [test samples][targets] delayed targets at the test samples
	private float[][] xNeural; // behaviour at neural times (linear models), lazily

	NeuralRun(NeuralInputs in, NeuralSettings s, Progress p, TrainingListener listener) {
		this.in = in;
		this.s = s;
		this.p = p;
		this.listener = listener;
	}

	private void notice(String line) {
		notices.add(line);
		p.log(line);
	}

	/** What one model produced before scoring. */
	private static final class Fit {
		Model model;
		float[][] testPred; // [test samples][targets]
		float[][] allPred; // [samples][targets]
		double[] perRank; // RRR: test varexp per rank
		int rank;
		double lambda = Double.NaN;
		NetworkTrainer.Output net;
		float[][] latents;
		String device;
	}

	NeuralResult run() {
		prepare();
		List<Model> order = new ArrayList<>();
		order.add(s.model());
		if (s.baselines()) for (Model m : Model.values()) if (m != s.model()) order.add(m);
		List<Fit> fits = new ArrayList<>();
		for (Model m : order) {
			Fit f = switch (m) {
				case NETWORK -> fitNetwork();
				case RIDGE -> fitRidge();
				case RRR -> fitRrr();
			};
			fits.add(f);
			if (f.net != null && f.net.canceled) break; // cancel: report what was fitted
		}
		// after a cancel the figures of what was fitted are still computed
		Progress rest = p.isCanceled() ? Progress.logTo(p::log) : p;
		double ceiling = Double.NaN;
		float[] ceilingPerNeuron = null;
		if (in.positions() != null) {
			PeerPrediction.Result pr = PeerPrediction.compute(in.neural(), targets, in.positions(), split, rest);
			if (pr != null) {
				ceiling = pr.varexp();
				ceilingPerNeuron = pr.perNeuron();
			}
			else notice("Peer-prediction ceiling skipped: each checkerboard half needs at least 2 neurons.");
		}
		List<ModelScore> scores = new ArrayList<>();
		float[] perNeuron = null;
		float[][] testPredictions = null;
		for (Fit f : fits) {
			boolean first = f == fits.get(0);
			Score sc = score(f.testPred, first);
			double target = Varexp.pooled(yTest, f.testPred, !(s.facemapCompatible() && f.model != Model.NETWORK), null);
			if (s.facemapCompatible() && f.model == Model.RRR && f.perRank != null) target = max(f.perRank);
			scores.add(new ModelScore(f.model, sc.pooled, target, sc.mean, sc.pooled / ceiling, f.rank, f.lambda));
			if (first) {
				perNeuron = sc.perNeuron;
				testPredictions = sc.predictions;
			}
			p.log(String.format(Locale.ROOT, "%s: held-out variance explained %.4f (neurons, pooled), %.4f (targets)%s", f.model.key(),
				sc.pooled, target, f.rank > 0 ? ", rank " + f.rank : ""));
		}
		Fit main = fits.get(0);
		Fit rrr = null;
		for (Fit f : fits) if (f.model == Model.RRR) rrr = f;
		boolean compatDisplay = s.facemapCompatible();
		float[][] basis = targets.basis == null ? null : compatDisplay ? targets.displayBasis : targets.basis;
		float[] mean = targets.mean, scale = targets.scale;
		if (compatDisplay && (targets.basis != null || targets.raw)) {
			mean = new float[in.neurons()];
			scale = new float[in.neurons()];
			Arrays.fill(scale, 1f);
		}
		Fit netFit = null;
		for (Fit f : fits) if (f.model == Model.NETWORK) netFit = f;
		return new NeuralResult(s, s.model(), List.copyOf(scores), perNeuron, rrr == null ? null : rrr.perRank, split, testPredictions,
			main.allPred, basis, mean, scale, netFit == null ? null : netFit.latents, netFit == null ? null : netFit.net.best,
			netFit == null ? List.of() : List.copyOf(netFit.net.history), netFit == null ? -1 : netFit.net.bestEpoch, ceiling,
			ceilingPerNeuron, kept.clone(), netFit != null && netFit.net.canceled, netFit == null ? null : netFit.device, List.copyOf(notices));
	}

	private static double max(double[] a) {
		double m = Double.NEGATIVE_INFINITY;
		for (double v : a) m = Math.max(m, v);
		return m;
	}

	// ------------------------------------------------------------------------------------------------ preparation

	private void prepare() {
		if (in.frames() < 2) throw new FacemapException("behaviour: " + in.frames() + " frame; at least 2 are needed");
		int F = in.features(), T = in.frames();
		double[] mean = new double[F], m2 = new double[F];
		for (float[] r : in.behavior()) for (int j = 0; j < F; j++) mean[j] += r[j];
		for (int j = 0; j < F; j++) mean[j] /= T;
		for (float[] r : in.behavior()) for (int j = 0; j < F; j++) m2[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
		List<Integer> keep = new ArrayList<>();
		List<String> dropped = new ArrayList<>();
		for (int j = 0; j < F; j++) {
			double sd = Math.sqrt(m2[j] / T);
			if (sd > 1e-7 * Math.max(1, Math.abs(mean[j]))) keep.add(j);
			else dropped.add(in.featureName(j));
		}
		if (keep.isEmpty()) throw new FacemapException("behaviour: every feature is constant over time; nothing to predict from");
		if (!dropped.isEmpty()) notice("Dropped " + dropped.size() + " constant behaviour feature(s): " + dropped);
		kept = keep.stream().mapToInt(Integer::intValue).toArray();
		x = new float[T][kept.length];
		for (int t = 0; t < T; t++) for (int j = 0; j < kept.length; j++) x[t][j] = in.behavior()[t][kept[j]];
		if (!in.hasTimes())
			notice(s.facemapCompatible()
				? "No timestamps: frame i and neural sample j are taken at times i and j (Facemap's defaults)."
				: "No timestamps: behaviour and neural activity are taken to span the same time (" + in.frames() + " frames, " + in.samples() + " neural samples).");
		tcam = in.cameraTimes(s.facemapCompatible());
		tneural = in.sampleTimes();
		if (in.hasTimes() && (tneural[0] < tcam[0] || tneural[tneural.length - 1] > tcam[tcam.length - 1]))
			notice("Some neural samples lie outside the behaviour recording; they are given the nearest frame.");
		split = in.trialIds() != null ? NeuralSplits.byTrial(in.trialIds(), s.delay()) : NeuralSplits.interleaved(in.samples(), s.delay(), s.facemapCompatible());
		p.log(split.toString());
		int N = in.neurons();
		if (s.pcs() > 0 && s.pcs() > N - 1)
			notice(N < 2 ? "One neuron: predicting it directly instead of principal components." : "Predicting " + (N - 1) + " principal components (neurons - 1) instead of " + s.pcs() + ".");
		targets = NeuralTargets.build(in.neural(), s.pcs(), s.facemapCompatible(), s.seed(), p);
		int nConst = 0;
		for (boolean c : targets.constant) if (c) nConst++;
		if (nConst > 0) notice(nConst + " neuron(s) are constant: they are left out of the pooled variance explained (their own figure is 0).");
		int[] te = split.testIndices();
		yTest = new float[te.length][];
		for (int j = 0; j < te.length; j++) yTest[j] = targets.y[NeuralSplits.delayed(te[j], split.delay(), in.samples())];
	}

	// ------------------------------------------------------------------------------------------------ models

	private Fit fitNetwork() {
		Fit f = new Fit();
		f.model = Model.NETWORK;
		ai.djl.Device dev = Devices.choose(s.device(), p);
		f.device = Devices.name(dev);
		try (NDManager mg = NDManager.newBaseManager(dev);
			KeypointsNetwork net = KeypointsNetwork.random(mg, dev, kept.length, targets.count(), s.seed())) {
			p.log("Training KeypointsNetwork (" + kept.length + " inputs, " + targets.count() + " outputs, "
				+ KeypointsNetwork.parameterCount(kept.length, targets.count()) + " parameters) on the " + f.device);
			NetworkTrainer tr = new NetworkTrainer(s, dev, p, listener);
			f.net = tr.train(net, new NetworkTrainer.Data(x, tcam, tneural, targets.y, split));
			f.testPred = f.net.testPredictions;
			int nT = in.samples();
			int[] frames = new int[nT];
			for (int t = 0; t < nT; t++) frames[t] = NeuralSplits.nearest(tcam, tneural[clamp(t + s.delay(), nT)]);
			float[][][] a = NetworkTrainer.apply(net, x, frames, s.latents(), p.isCanceled() ? Progress.NONE : p);
			f.allPred = a[0];
			f.latents = a[1];
		}
		return f;
	}

	private static int clamp(int t, int n) {
		return Math.max(0, Math.min(n - 1, t));
	}

	/** Behaviour at neural sample times, for the linear models. */
	private float[][] xNeural() {
		if (xNeural == null)
			xNeural = s.facemapCompatible() ? Resampling.nearestFrame(x, tcam, tneural) : Resampling.smoothInterpolate(x, tcam, tneural);
		return xNeural;
	}

	/** Rows of the linear models' design: behaviour at t + delay for target row t (Ys[t] = Y[t - delay]). */
	private float[][] design(int[] rows) {
		float[][] xn = xNeural();
		float[][] r = new float[rows.length][];
		for (int j = 0; j < rows.length; j++) r[j] = xn[rows[j]];
		return r;
	}

	private float[][] targetRows(int[] rows) {
		float[][] r = new float[rows.length][];
		for (int j = 0; j < rows.length; j++) r[j] = targets.y[NeuralSplits.delayed(rows[j], split.delay(), in.samples())];
		return r;
	}

	/** Means of the training rows (zero in compatible mode: Facemap does not centre). */
	private static float[] colMeans(float[][] a, boolean zero) {
		float[] m = new float[a[0].length];
		if (zero) return m;
		double[] acc = new double[m.length];
		for (float[] r : a) for (int j = 0; j < m.length; j++) acc[j] += r[j];
		for (int j = 0; j < m.length; j++) m[j] = (float) (acc[j] / a.length);
		return m;
	}

	private static NDArray centred(NDManager mg, float[][] a, float[] mean) {
		return Projection.create(mg, a).sub(mg.create(mean, new Shape(1, mean.length)));
	}

	/** Predictions for every original sample t (behaviour at t + delay), [samples][targets]. */
	private float[][] allSamples(java.util.function.Function<float[][], float[][]> predict) {
		int nT = in.samples();
		float[][] xn = xNeural();
		float[][] rows = new float[nT][];
		for (int t = 0; t < nT; t++) rows[t] = xn[clamp(t + s.delay(), nT)];
		return predict.apply(rows);
	}

	private Fit fitRidge() {
		p.update(0, 1, "Ridge regression");
		Fit f = new Fit();
		f.model = Model.RIDGE;
		f.lambda = s.ridgeLambda();
		int[] tr = split.trainIndices(), te = split.testIndices();
		float[][] xtr = design(tr), ytr = targetRows(tr);
		float[] xm = colMeans(xtr, s.facemapCompatible()), ym = colMeans(ytr, s.facemapCompatible());
		try (NDManager mg = NDManager.newBaseManager()) {
			NDArray w = LinearModels.ridge(centred(mg, xtr, xm), centred(mg, ytr, ym), s.ridgeLambda());
			java.util.function.Function<float[][], float[][]> pred = rows -> {
				try (NDManager sm = mg.newSubManager()) {
					NDArray r = centred(sm, rows, xm).toType(DataType.FLOAT64, false).matMul(w).add(sm.create(ym, new Shape(1, ym.length)));
					return Projection.toMatrix(r);
				}
			};
			f.testPred = pred.apply(design(te));
			f.allPred = allSamples(pred);
		}
		p.update(1, 1, "Ridge regression");
		return f;
	}

	private Fit fitRrr() {
		p.update(0, 2, "Reduced-rank regression");
		Fit f = new Fit();
		f.model = Model.RRR;
		f.lambda = s.rrrLambda();
		boolean compat = s.facemapCompatible();
		int[] tr = split.trainIndices(), te = split.testIndices();
		float[][] xtr = design(tr), ytr = targetRows(tr), xte = design(te);
		float[] xm = colMeans(xtr, compat), ym = colMeans(ytr, compat);
		int R = Math.max(1, Math.min(s.maxRank(), LinearModels.maxRank(targets.count(), tr.length, kept.length, compat)));
		try (NDManager mg = NDManager.newBaseManager()) {
			int chosen;
			if (!compat) chosen = innerRank(mg, R);
			else chosen = -1;
			NDArray[] ab = LinearModels.rrr(centred(mg, xtr, xm), centred(mg, ytr, ym), R, s.rrrLambda(), compat);
			NDArray a = ab[0], b = ab[1];
			int got = (int) b.getShape().get(1);
			float[][][] perRank = LinearModels.perRankPredictions(centred(mg, xte, xm), a, b);
			f.perRank = new double[got];
			for (int r = 0; r < got; r++) f.perRank[r] = Varexp.pooled(yTest, addMean(perRank[r], ym), !compat, null);
			if (compat) {
				int arg = 0;
				for (int r = 1; r < got; r++) if (f.perRank[r] > f.perRank[arg]) arg = r;
				chosen = arg; // Facemap's GUI: B[:, :argmax] (off by one; 0 columns when the best rank is 1)
				notice("Facemap-compatible RRR: best rank " + (arg + 1) + " on the test data, predictions with rank " + arg + " (Facemap's off-by-one).");
			}
			chosen = Math.min(chosen, got);
			f.rank = chosen;
			final int rk = chosen;
			java.util.function.Function<float[][], float[][]> pred = rows -> {
				try (NDManager sm = mg.newSubManager()) {
					NDArray xr = centred(sm, rows, xm).toType(DataType.FLOAT64, false);
					NDArray out;
					if (rk == 0) out = sm.zeros(new Shape(rows.length, ym.length), DataType.FLOAT64);
					else out = xr.matMul(b.get(":, 0:" + rk)).matMul(a.get(":, 0:" + rk).transpose());
					return Projection.toMatrix(out.add(sm.create(ym, new Shape(1, ym.length))));
				}
			};
			f.testPred = pred.apply(xte);
			f.allPred = allSamples(pred);
		}
		p.update(2, 2, "Reduced-rank regression");
		return f;
	}

	private static float[][] addMean(float[][] a, float[] m) {
		for (float[] r : a) for (int j = 0; j < m.length; j++) r[j] += m[j];
		return a;
	}

	/**
	 * The rank chosen on training data only: the training segments are split again (every 4th held out, or the last
	 * one when there are fewer than 4), RRR is fitted on the rest, and the rank with the best centred variance
	 * explained on the held-out training segments wins.
	 */
	private int innerRank(NDManager mg, int R) {
		int[][] segs = split.train();
		List<int[]> fit = new ArrayList<>(), val = new ArrayList<>();
		for (int i = 0; i < segs.length; i++) {
			boolean v = segs.length >= 4 ? i % 4 == 3 : i == segs.length - 1;
			(v ? val : fit).add(segs[i]);
		}
		if (segs.length == 1) { // one segment: its last quarter
			int[] sg = segs[0];
			int cut = Math.max(1, sg.length * 3 / 4);
			fit.clear();
			val.clear();
			fit.add(Arrays.copyOfRange(sg, 0, cut));
			val.add(Arrays.copyOfRange(sg, Math.min(sg.length - 1, cut + NeuralSplits.PAD), sg.length));
		}
		int[] fi = fit.stream().flatMapToInt(Arrays::stream).toArray(), vi = val.stream().flatMapToInt(Arrays::stream).toArray();
		if (fi.length < 2 || vi.length < 1) return R;
		try (NDManager sm = mg.newSubManager()) {
			float[][] xf = design(fi), yf = targetRows(fi);
			float[] xm = colMeans(xf, false), ym = colMeans(yf, false);
			NDArray[] ab = LinearModels.rrr(centred(sm, xf, xm), centred(sm, yf, ym), R, s.rrrLambda(), false);
			float[][][] pr = LinearModels.perRankPredictions(centred(sm, design(vi), xm), ab[0], ab[1]);
			float[][] yv = targetRows(vi);
			int best = 1;
			double bv = Double.NEGATIVE_INFINITY;
			for (int r = 0; r < pr.length; r++) {
				double v = Varexp.pooled(yv, addMean(pr[r], ym), true, null);
				if (v > bv + 1e-9) {
					bv = v;
					best = r + 1;
				}
			}
			p.log("RRR rank " + best + " chosen on held-out training segments (variance explained " + String.format(Locale.ROOT, "%.4f", bv) + ")");
			return best;
		}
	}

	// ------------------------------------------------------------------------------------------------ scoring

	private record Score(double pooled, double mean, float[] perNeuron, float[][] predictions) {}

	/**
	 * Neuron-level figures of test predictions of the targets: the z-scored prediction Yhat U' (or Yhat) against the
	 * z-scored activity, in blocks of neurons (never test samples x all neurons at once); with {@code keep} also the
	 * predictions in input units [neurons][test samples].
	 */
	private Score score(float[][] testPred, boolean keep) {
		int N = in.neurons(), n = testPred.length;
		int[] teo = split.testIndicesOriginal();
		int nT = in.samples();
		float[] per = new float[N];
		float[][] preds = keep ? new float[N][] : null;
		double res = 0, tot = 0, sum = 0;
		int cnt = 0;
		int block = Math.max(1, (int) Math.min(N, 8_000_000L / Math.max(1, n)));
		try (NDManager mg = NDManager.newBaseManager()) {
			NDArray yhat = targets.basis == null ? null : Projection.create(mg, testPred);
			for (int a = 0; a < N; a += block) {
				int b = Math.min(N, a + block), nb = b - a;
				float[] zh; // [n][nb] z-scored predictions of neurons a..b
				if (targets.basis != null) {
					try (NDManager sm = mg.newSubManager()) {
						zh = yhat.matMul(Projection.create(sm, targets.basis, a, b).transpose()).toFloatArray();
					}
				}
				else {
					zh = new float[n * nb];
					for (int t = 0; t < n; t++)
						for (int i = a; i < b; i++) {
							float v = testPred[t][i];
							zh[t * nb + i - a] = targets.raw ? (v - targets.mean[i]) / targets.scale[i] : v;
						}
				}
				for (int i = a; i < b; i++) {
					float[] row = in.neural()[i];
					float m = targets.mean[i], sc = targets.scale[i];
					double mu = 0;
					for (int t = 0; t < n; t++) mu += (row[Math.min(nT - 1, teo[t])] - m) / sc;
					mu /= n;
					double r = 0, d = 0;
					float[] pr = keep ? new float[n] : null;
					for (int t = 0; t < n; t++) {
						double z = (row[Math.min(nT - 1, teo[t])] - m) / sc, h = zh[t * nb + i - a];
						r += (z - h) * (z - h);
						d += (z - mu) * (z - mu);
						if (keep) pr[t] = targets.constant[i] ? row[0] : (float) (m + h * sc);
					}
					if (keep) preds[i] = pr;
					if (targets.constant[i] || !(d > 1e-30)) per[i] = 0;
					else {
						per[i] = (float) (1 - r / d);
						res += r;
						tot += d;
						sum += per[i];
						cnt++;
					}
				}
			}
		}
		return new Score(tot > 0 ? 1 - res / tot : 0, cnt == 0 ? 0 : sum / cnt, per, preds);
	}

}
