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
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.nn.AdamW;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/**
 * Trains a {@link KeypointsNetwork} as Facemap's {@code train_model} (reference 6.2): AdamW, the learning rate
 * divided by 10 at epochs n - 50 and n - 100, every epoch one step per training segment in the order of
 * {@code np.random.seed(epoch); np.random.permutation(segments)}, loss MSE + smoothing x sum of squared first
 * differences of the filters, test variance explained every {@code testEvery} epochs and at the end.
 * Unlike Facemap the best model by test variance explained is kept (Facemap keeps the last one; compatible mode too),
 * and cancel stops at the next step with the best model so far.
 */
final class NetworkTrainer {

	/** Inputs of one training run. */
	record Data(float[][] x, double[] tcam, double[] tneural, float[][] y, NeuralSplit split) {}

	/** What the training produced. */
	static final class Output {
		Map<String, Tensor> best;
		int bestEpoch = -1;
		double bestVarexp = Double.NaN;
		/** [test samples][targets] predictions of the kept model, in split order. */
		float[][] testPredictions;
		final List<EpochRecord> history = new ArrayList<>();
		boolean canceled;
	}

	private final NeuralSettings s;
	private final Progress progress;
	private final TrainingListener listener;
	private final Device device;

	NetworkTrainer(NeuralSettings s, Device device, Progress progress, TrainingListener listener) {
		this.s = s;
		this.device = device;
		this.progress = progress;
		this.listener = listener;
	}

	/** Facemap's learning rate of an epoch: lr / 10 for each of n - 50, n - 100 already reached. */
	static double learningRate(double lr, int epoch, int epochs) {
		for (int k = 1; k <= 2; k++) if (epochs - 50 * k >= 0 && epoch >= epochs - 50 * k) lr /= 10;
		return lr;
	}

	/** One segment on the device: its camera window, the rows sampled and its delayed targets. */
	private static final class Segment {
		NDArray x, rows, y;
	}

	private static List<Segment> segments(NDManager mg, Data d, int[][] segs, NeuralSplits.CameraWindows w, int delay) {
		List<Segment> out = new ArrayList<>();
		int F = d.x()[0].length, K = d.y()[0].length, nT = d.y().length;
		for (int i = 0; i < segs.length; i++) {
			Segment g = new Segment();
			int L = w.length()[i];
			float[] xf = new float[L * F];
			for (int k = 0; k < L; k++) System.arraycopy(d.x()[w.frame(i, k)], 0, xf, k * F, F);
			g.x = mg.create(xf, new Shape(L, F));
			long[] r = new long[segs[i].length];
			for (int j = 0; j < r.length; j++) r[j] = w.rows()[i][j];
			g.rows = mg.create(r);
			float[] yf = new float[segs[i].length * K];
			for (int j = 0; j < segs[i].length; j++)
				System.arraycopy(d.y()[NeuralSplits.delayed(segs[i][j], delay, nT)], 0, yf, j * K, K);
			g.y = mg.create(yf, new Shape(segs[i].length, K));
			out.add(g);
		}
		return out;
	}

	/** Trains {@code net} in place; on return it holds the kept (best, or in compatible mode last) weights. */
	Output train(KeypointsNetwork net, Data d) {
		Output o = new Output();
		NeuralSplit split = d.split();
		NDManager mg = net.getManager().newSubManager();
		try (mg; AdamW opt = new AdamW(net.parameters(), net.getManager(), s.weightDecay())) {
			List<Segment> train = segments(mg, d, split.train(), NeuralSplits.windows(split.train(), d.tcam(), d.tneural(), !s.facemapCompatible()), split.delay());
			List<Segment> test = segments(mg, d, split.test(), NeuralSplits.windows(split.test(), d.tcam(), d.tneural(), !s.facemapCompatible()), split.delay());
			int E = s.epochs(), nb = train.size();
			// small windows: libtorch's thread pool costs more than it gives (and spins on a busy machine)
			long work = 0;
			for (Segment g : train) work += g.x.getShape().get(0);
			work = work / Math.max(1, nb) * d.x()[0].length;
			int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
			boolean single = work < 100_000 && threads > 1 && !net.getManager().getDevice().isGpu();
			if (single) ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
			long total = (long) E * nb, done = 0;
			long t0 = System.nanoTime();
			net.requireGradients(true);
			try {
				for (int epoch = 0; epoch < E; epoch++) {
					long te = System.nanoTime();
					double lr = learningRate(s.learningRate(), epoch, E);
					int[] perm = NumpyRandom.permutation(epoch, nb);
					double loss = 0;
					for (int b : perm) {
						if (progress.isCanceled()) throw new CanceledException();
						loss += step(net, opt, train.get(b), lr);
						done++;
						double el = (System.nanoTime() - t0) / 1e9;
						progress.update(done, total, String.format(Locale.ROOT, "Training epoch %d/%d%s, about %s left", epoch + 1, E,
							o.history.isEmpty() ? "" : String.format(Locale.ROOT, ", loss %.4f", o.history.get(o.history.size() - 1).trainLoss()),
							duration(el / done * (total - done))));
					}
					loss /= nb;
					double ve = Double.NaN;
					if (epoch % s.testEvery() == 0 || epoch == E - 1) {
						net.requireGradients(false);
						float[][] pred = predict(net, test);
						net.requireGradients(true);
						ve = Varexp.pooled(targets(test), pred);
						if (s.facemapCompatible() || o.best == null || ve > o.bestVarexp) {
							o.best = net.toStateDict();
							o.bestEpoch = epoch;
							o.bestVarexp = ve;
							o.testPredictions = pred;
						}
					}
					EpochRecord rec = new EpochRecord(epoch, loss, ve, lr, (System.nanoTime() - te) / 1e9);
					o.history.add(rec);
					listener.epoch(rec);
					if (!Double.isNaN(ve))
						progress.log(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, test variance explained %.4f", epoch + 1, E, loss, ve));
				}
			}
			catch (CanceledException e) {
				o.canceled = true;
				progress.log("Training canceled" + (o.best == null ? "; evaluating the current model" : "; keeping the best model so far (epoch " + (o.bestEpoch + 1) + ")"));
				if (o.best == null) {
					net.requireGradients(false);
					o.testPredictions = predict(net, test);
					o.bestVarexp = Varexp.pooled(targets(test), o.testPredictions);
					o.best = net.toStateDict();
					o.bestEpoch = o.history.size() - 1;
				}
			}
			finally {
				net.requireGradients(false);
				if (single) ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
			}
			net.load(o.best);
		}
		return o;
	}

	private double step(KeypointsNetwork net, AdamW opt, Segment g, double lr) {
		double v;
		try (NDManager sm = g.x.getManager().newSubManager()) {
			// every array of the step derives from this copy and so belongs to sm, freed after the step
			NDArray x = g.x.duplicate();
			x.attach(sm);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDList out = net.forward(x, g.rows);
				NDArray pred = out.get(0);
				NDArray loss = pred.sub(g.y).square().mean();
				if (s.smoothingPenalty() != 0) loss = loss.add(net.smoothness(sm).mul((float) s.smoothingPenalty()));
				gc.backward(loss);
				v = loss.getFloat();
			}
			opt.step(lr);
		}
		return v;
	}

	private static float[][] targets(List<Segment> segs) {
		List<float[]> rows = new ArrayList<>();
		for (Segment g : segs) rows.addAll(java.util.Arrays.asList(Projection.toMatrix(g.y)));
		return rows.toArray(new float[0][]);
	}

	/** Predictions for the segments (no gradients), rows in segment order. */
	static float[][] predict(KeypointsNetwork net, List<Segment> segs) {
		List<float[]> rows = new ArrayList<>();
		boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
		ai.djl.pytorch.jni.JniUtils.setGradMode(false);
		try {
			for (Segment g : segs)
				try (NDManager sm = g.x.getManager().newSubManager()) {
					NDArray x = g.x.duplicate();
					x.attach(sm);
					NDList out = net.forward(x, g.rows);
					rows.addAll(java.util.Arrays.asList(Projection.toMatrix(out.get(0))));
				}
		}
		finally {
			ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
		}
		return rows.toArray(new float[0][]);
	}

	/**
	 * Runs the trained core over the whole recording (in chunks that overlap by the filter half-width, so the result
	 * equals one pass over all frames) and returns the readout at {@code frames} (one row per entry) and, when
	 * {@code keepLatents}, the latents of every frame.
	 */
	static float[][][] apply(KeypointsNetwork net, float[][] x, int[] frames, boolean keepLatents, Progress progress) {
		int T = x.length, F = x[0].length, H = KeypointsNetwork.KERNEL / 2;
		int chunk = 20_000;
		float[][] lat = keepLatents ? new float[T][] : null;
		float[][] out = new float[frames.length][];
		// frames grouped by chunk
		boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
		ai.djl.pytorch.jni.JniUtils.setGradMode(false);
		try (NDManager mg = net.getManager().newSubManager()) {
			for (int from = 0; from < T; from += chunk) {
				progress.checkCanceled();
				progress.update(from, T, "Latents");
				int to = Math.min(T, from + chunk);
				int a = Math.max(0, from - H), b = Math.min(T, to + H);
				try (NDManager sm = mg.newSubManager()) {
					float[] xf = new float[(b - a) * F];
					for (int t = a; t < b; t++) System.arraycopy(x[t], 0, xf, (t - a) * F, F);
					NDArray l = net.latents(sm.create(xf, new Shape(b - a, F))).get((from - a) + ":" + (to - a));
					if (keepLatents) {
						float[][] lm = Projection.toMatrix(l);
						System.arraycopy(lm, 0, lat, from, to - from);
					}
					List<Integer> want = new ArrayList<>();
					for (int j = 0; j < frames.length; j++) if (frames[j] >= from && frames[j] < to) want.add(j);
					if (!want.isEmpty()) {
						long[] idx = new long[want.size()];
						for (int j = 0; j < idx.length; j++) idx[j] = frames[want.get(j)] - from;
						NDArray sel = l.get(new ai.djl.ndarray.index.NDIndex("{}", sm.create(idx)));
						float[][] p = Projection.toMatrix(net.readout(sel).toType(DataType.FLOAT32, false));
						for (int j = 0; j < idx.length; j++) out[want.get(j)] = p[j];
					}
				}
			}
		}
		finally {
			ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
		}
		return new float[][][] { out, lat };
	}

	static String duration(double seconds) {
		return sc.fiji.facemap.task.Durations.format(seconds);
	}
}
