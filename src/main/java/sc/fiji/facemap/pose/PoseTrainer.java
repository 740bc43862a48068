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

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.nn.AdamW;
import sc.fiji.facemap.nn.LearningRateSchedule;
import sc.fiji.facemap.nn.TensorBlocks;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/**
 * Trains or fine-tunes an {@link FMnet} with Facemap's recipe (reference 2.1): Gaussian heatmap + offset targets, loss
 * L1(heatmap) + 0.5 x masked offset distance averaged over labelled instances, {@link AdamW} (PyTorch's update rule; Adam with weight decay 0) with
 * Facemap's learning-rate schedule (lr, then lr/10 for epochs [n-6, n-3), lr/25 for the last 3), gradient-norm
 * clipping at 50, BatchNorm in training mode. Augmentation: {@link Augmentation}. Added: a keypoint out of view
 * ({@link TrainingTargets#OUTSIDE}) adds the mass of its raw heatmap to the loss, where Facemap leaves it out.
 * <p>
 * Additions for a desktop tool: seeds fixed per (seed, epoch, position) so that a run, and a resumed run, is
 * repeatable; an optional validation set evaluated after every epoch (mean pixel error in full-frame pixels, with
 * Facemap's inference preprocessing); the best state by validation error is kept; a step budget per call; a
 * checkpoint file (weights, Adam moments, position, history, best state) written atomically so that a run can be
 * resumed; cancel returns the best state so far.
 */
public final class PoseTrainer {

	/** Gradient-norm clipping of Facemap's recipe. */
	public static final double CLIP_NORM = 50;
	/** Weight decay of Facemap's recipe (none). */
	public static final double WEIGHT_DECAY = 0;

	/** Why a call to {@link #train} returned. */
	public enum Stop {
		/** Every epoch ran. */
		FINISHED,
		/** The step budget ({@link TrainingSettings#steps}) was reached; resume from the checkpoint to continue. */
		BUDGET,
		/** Canceled through the progress. */
		CANCELED;

		/** "finished", "budget", "canceled" (as in model.json). */
		@Override
		public String toString() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/** One epoch's record. */
	public static final class Epoch {
		public int epoch;
		public double learningRate, trainLoss, validationError = Double.NaN, seconds;
		public long steps;
	}

	/** What a call to {@link #train} produced. */
	public static final class Result {
		/** The best state (by validation error, else the last complete state). */
		public Map<String, Tensor> best;
		public int bestEpoch = -1;
		public double bestValidationError = Double.NaN;
		public List<Epoch> history = new ArrayList<>();
		public long steps;
		public Stop stop;
		public double seconds;
	}

	private final FMnet net;
	private final TrainingSettings cfg;
	private final Augmentation.Config augmentation;
	private final NDManager manager;
	private final AdamW adam;

	/**
	 * A trainer of {@code net} with the recipe's keys of {@code settings}: epochs, steps (budget per call), batch size,
	 * learning rate, seed, augmentation, checkpoint (resumed when the file exists) and checkpoint interval.
	 */
	public PoseTrainer(FMnet net, TrainingSettings settings) {
		this(net, settings, settings.augment().config());
	}

	/** A trainer with an augmentation other than the presets (for experiments). */
	PoseTrainer(FMnet net, TrainingSettings settings, Augmentation.Config augmentation) {
		this.net = net;
		this.cfg = settings;
		this.augmentation = augmentation;
		this.manager = net.getManager().newSubManager();
		this.adam = new AdamW(net.parameters(), manager, WEIGHT_DECAY).clipGradientNorm(CLIP_NORM);
	}

	/** Facemap's per-epoch learning rate. */
	public double learningRate(int epoch) {
		return LearningRateSchedule.facemap(cfg.learningRate(), epoch, cfg.epochs());
	}

	/**
	 * Trains on {@code train}; evaluates on {@code validation} (may be null) after each epoch.
	 *
	 * @return the best state; on cancel the best state so far (never null once one step ran)
	 */
	public Result train(TrainingSet train, TrainingSet validation, Progress progress) {
		if (train.size() == 0) throw new FacemapException("no training frames");
		int K = net.keypoints();
		if (train.keypointSet().size() != K)
			throw new FacemapException("the network has " + K + " keypoints, the labels " + train.keypointSet().size());
		Augmentation aug = new Augmentation(augmentation, train.keypointSet());
		int n = train.size(), B = Math.max(1, cfg.batchSize());
		int stepsPerEpoch = (n + B - 1) / B;
		long totalSteps = (long) stepsPerEpoch * cfg.epochs();

		Result res = new Result();
		int startEpoch = 0, startStep = 0;
		double partialLoss = 0;
		int partialCount = 0;
		if (cfg.checkpoint() != null && Files.isRegularFile(cfg.checkpoint())) {
			Checkpoint c = readCheckpoint(cfg.checkpoint());
			net.load(c.state);
			adam.restore(c.adamM, c.adamV, c.adamStep);
			startEpoch = c.epoch;
			startStep = c.stepInEpoch;
			partialLoss = c.partialLoss;
			partialCount = c.partialCount;
			res.history.addAll(c.history);
			res.best = c.best;
			res.bestEpoch = c.bestEpoch;
			res.bestValidationError = c.bestError;
			progress.log("Resuming training at epoch " + (startEpoch + 1) + ", step " + startStep + " (" + cfg.checkpoint() + ")");
		}
		long doneBefore = (long) startEpoch * stepsPerEpoch + startStep;
		long t0 = System.nanoTime();
		long stepsThisCall = 0;
		res.stop = Stop.FINISHED;
		net.requireGradients(true);
		try {
			for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
				double lr = learningRate(epoch);
				int[] order = permutation(n, new Random(mix(cfg.seed(), epoch, -1)));
				long te = System.nanoTime();
				for (int s = epoch == startEpoch ? startStep : 0; s < stepsPerEpoch; s++) {
					if (progress.isCanceled()) throw new CanceledException();
					if (cfg.steps() > 0 && stepsThisCall >= cfg.steps()) {
						res.stop = Stop.BUDGET;
						saveCheckpoint(epoch, s, partialLoss, partialCount, res);
						if (res.best == null) res.best = net.toStateDict();
						return finish(res, t0, stepsThisCall);
					}
					int from = s * B, to = Math.min(n, from + B);
					double loss = step(train, order, from, to, epoch, aug, lr);
					if (!Double.isNaN(loss)) {
						partialLoss += loss;
						partialCount++;
					}
					stepsThisCall++;
					long done = doneBefore + stepsThisCall;
					double elapsed = (System.nanoTime() - t0) / 1e9;
					double left = elapsed / stepsThisCall * (totalSteps - done);
					if (cfg.steps() > 0) left = Math.min(left, elapsed / stepsThisCall * (cfg.steps() - stepsThisCall));
					progress.update(done, totalSteps, String.format(java.util.Locale.ROOT,
						"Training epoch %d/%d, loss %.3f, about %s left", epoch + 1, cfg.epochs(),
						partialCount == 0 ? Double.NaN : partialLoss / partialCount, duration(left)));
					if (cfg.checkpoint() != null && cfg.checkpointEvery() > 0 && stepsThisCall % cfg.checkpointEvery() == 0 &&
						s + 1 < stepsPerEpoch) saveCheckpoint(epoch, s + 1, partialLoss, partialCount, res);
				}
				Epoch rec = new Epoch();
				rec.epoch = epoch;
				rec.learningRate = lr;
				rec.trainLoss = partialCount == 0 ? Double.NaN : partialLoss / partialCount;
				rec.steps = doneBefore + stepsThisCall;
				rec.seconds = (System.nanoTime() - te) / 1e9;
				partialLoss = 0;
				partialCount = 0;
				if (validation != null && validation.size() > 0) {
					rec.validationError = Evaluation.meanError(net, validation);
					if (res.best == null || !(rec.validationError >= res.bestValidationError)) {
						res.best = net.toStateDict();
						res.bestEpoch = epoch;
						res.bestValidationError = rec.validationError;
					}
				}
				else {
					res.best = net.toStateDict();
					res.bestEpoch = epoch;
				}
				res.history.add(rec);
				// without validation frames there is no error to print (said once by the caller), not "val NaN px"
				if (Double.isNaN(rec.validationError)) progress.log(String.format(java.util.Locale.ROOT,
					"epoch %d/%d lr %.2g loss %.4f (%.0f s)", epoch + 1, cfg.epochs(), lr, rec.trainLoss, rec.seconds));
				else progress.log(String.format(java.util.Locale.ROOT, "epoch %d/%d lr %.2g loss %.4f val %.2f px (%.0f s)",
					epoch + 1, cfg.epochs(), lr, rec.trainLoss, rec.validationError, rec.seconds));
				saveCheckpoint(epoch + 1, 0, 0, 0, res);
			}
		}
		catch (CanceledException e) {
			res.stop = Stop.CANCELED;
			if (res.best == null) res.best = net.toStateDict();
			return finish(res, t0, stepsThisCall);
		}
		finally {
			net.requireGradients(false);
		}
		return finish(res, t0, stepsThisCall);
	}

	private static Result finish(Result res, long t0, long steps) {
		res.steps = steps;
		res.seconds = (System.nanoTime() - t0) / 1e9;
		return res;
	}

	static String duration(double seconds) {
		return sc.fiji.facemap.task.Durations.format(seconds);
	}

	static long mix(long seed, long a, long b) {
		long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
		h ^= h >>> 31;
		h *= 0xBF58476D1CE4E5B9L;
		return h ^ (h >>> 29);
	}

	static int[] permutation(int n, Random rng) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++) p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}

	/** One optimiser step on items order[from..to); returns the batch loss (NaN when nothing was labelled). */
	private double step(TrainingSet train, int[] order, int from, int to, int epoch, Augmentation aug, double lr) {
		int K = net.keypoints(), S = TrainingImages.SIZE, G = TrainingTargets.GRID, GG = G * G;
		int b = to - from;
		float[] images = new float[b * S * S];
		float[] hmT = new float[b * K * GG], lxT = new float[b * K * GG], lyT = new float[b * K * GG];
		float[] mask = new float[b * K * GG];
		float[] valid = new float[b * K], absent = new float[b * K];
		boolean[] mk = new boolean[b * K * GG];
		int nValid = 0;
		for (int j = 0; j < b; j++) {
			int item = order[from + j];
			TrainingImages.Prepared p = train.item(item);
			float[] x = p.x.clone(), y = p.y.clone();
			float[] img = aug.apply(p.image, x, y, new Random(mix(cfg.seed(), epoch, from + j)));
			System.arraycopy(img, 0, images, j * S * S, S * S);
			for (int k = 0; k < K; k++) {
				int off = (j * K + k) * GG;
				if (TrainingTargets.isOutside(x[k], y[k])) {
					absent[j * K + k] = 1;
					nValid++;
				}
				else if (TrainingTargets.fill(x[k], y[k], hmT, lxT, lyT, mk, off)) {
					valid[j * K + k] = 1;
					nValid++;
					for (int i = off; i < off + GG; i++) mask[i] = mk[i] ? 1 : 0;
				}
			}
		}
		if (nValid == 0) return Double.NaN;
		double lossValue;
		try (NDManager sm = manager.newSubManager()) {
			NDArray input = sm.create(images, new Shape(b, 1, S, S));
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDList out = net.forward(input, true, false);
				NDArray raw = out.get(0), lx = out.get(1), ly = out.get(2);
				NDArray loss = ndLoss(sm, FMnet.normalizeHeatmap(raw), raw, lx, ly, hmT, lxT, lyT, mask, valid, absent, nValid, b, K);
				gc.backward(loss);
				lossValue = loss.getFloat();
			}
			adam.step(lr);
		}
		return lossValue;
	}

	/**
	 * Facemap's loss on NDArrays (differentiable): mean over valid instances of sum |hm* - hm| + 0.5 sum_mask
	 * |loc* - loc|. A 1e-12 inside the square root keeps the gradient finite where prediction equals target.
	 * Instances marked {@code absent} (keypoints out of view, {@link TrainingTargets#OUTSIDE}) add the sum of their
	 * raw heatmap instead: the normalised map always sums to 10 and cannot express "nowhere"; nValid counts both kinds.
	 */
	static NDArray ndLoss(NDManager sm, NDArray hm, NDArray raw, NDArray lx, NDArray ly, float[] hmT, float[] lxT,
		float[] lyT, float[] mask, float[] valid, float[] absent, int nValid, int b, int K) {
		int G = TrainingTargets.GRID;
		Shape shp = new Shape(b, K, G, G);
		NDArray tHm = sm.create(hmT, shp), tLx = sm.create(lxT, shp), tLy = sm.create(lyT, shp);
		NDArray tMask = sm.create(mask, shp);
		NDArray w = sm.create(valid, new Shape(b, K));
		NDArray l1 = tHm.sub(hm).abs().sum(new int[] { 2, 3 });
		NDArray dx = tLx.sub(lx), dy = tLy.sub(ly);
		NDArray dist = dx.mul(dx).add(dy.mul(dy)).add(1e-12f).sqrt().mul(tMask).sum(new int[] { 2, 3 });
		NDArray present = l1.add(dist.mul((float) TrainingTargets.OFFSET_WEIGHT)).mul(w).sum();
		boolean anyAbsent = false;
		for (float a : absent) anyAbsent |= a != 0;
		if (anyAbsent) present = present.add(raw.sum(new int[] { 2, 3 }).mul(sm.create(absent, new Shape(b, K))).sum());
		return present.div((float) nValid);
	}

	/** {@link #ndLoss} on given outputs (B, K, 64, 64) and 256-space labels (B*K); for tests against Facemap. */
	static double lossOnOutputs(float[] hm, float[] lx, float[] ly, float[] labelX, float[] labelY, int b, int K) {
		int GG = TrainingTargets.GRID * TrainingTargets.GRID;
		float[] hmT = new float[b * K * GG], lxT = new float[b * K * GG], lyT = new float[b * K * GG];
		float[] mask = new float[b * K * GG], valid = new float[b * K], absent = new float[b * K];
		boolean[] mk = new boolean[b * K * GG];
		int nValid = 0;
		for (int j = 0; j < b * K; j++)
			if (TrainingTargets.isOutside(labelX[j], labelY[j])) {
				absent[j] = 1;
				nValid++;
			}
			else if (TrainingTargets.fill(labelX[j], labelY[j], hmT, lxT, lyT, mk, j * GG)) {
				valid[j] = 1;
				nValid++;
				for (int i = j * GG; i < (j + 1) * GG; i++) mask[i] = mk[i] ? 1 : 0;
			}
		Shape shp = new Shape(b, K, TrainingTargets.GRID, TrainingTargets.GRID);
		try (NDManager m = NDManager.newBaseManager()) {
			// hm stands for both the normalised map (present points) and the raw one (absent points)
			return ndLoss(m, m.create(hm, shp), m.create(hm, shp), m.create(lx, shp), m.create(ly, shp), hmT, lxT, lyT, mask,
				valid, absent, nValid, b, K).getFloat();
		}
	}

	// --------------------------------------------------------------------------------------------- checkpoints

	private static final int MAGIC = 0x464D434B; // "FMCK"

	static final class Checkpoint {
		Map<String, Tensor> state, adamM = new LinkedHashMap<>(), adamV = new LinkedHashMap<>(), best;
		long adamStep;
		int epoch, stepInEpoch, bestEpoch, partialCount;
		double bestError, partialLoss;
		List<Epoch> history = new ArrayList<>();
	}

	private void saveCheckpoint(int epoch, int stepInEpoch, double partialLoss, int partialCount, Result res) {
		if (cfg.checkpoint() == null) return;
		Map<String, Tensor> state = net.toStateDict();
		AtomicFiles.writeStream(cfg.checkpoint(), out -> {
			DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
			d.writeInt(MAGIC);
			d.writeInt(1);
			d.writeInt(epoch);
			d.writeInt(stepInEpoch);
			d.writeLong(adam.steps());
			d.writeDouble(partialLoss);
			d.writeInt(partialCount);
			d.writeInt(res.bestEpoch);
			d.writeDouble(res.bestValidationError);
			d.writeInt(res.history.size());
			for (Epoch e : res.history) {
				d.writeInt(e.epoch);
				d.writeDouble(e.learningRate);
				d.writeDouble(e.trainLoss);
				d.writeDouble(e.validationError);
				d.writeDouble(e.seconds);
				d.writeLong(e.steps);
			}
			TensorBlocks.write(d, state);
			TensorBlocks.write(d, adam.moments(false));
			TensorBlocks.write(d, adam.moments(true));
			d.writeBoolean(res.best != null);
			if (res.best != null) TensorBlocks.write(d, res.best);
			d.flush();
		});
	}

	static Checkpoint readCheckpoint(Path file) {
		try (InputStream in = Files.newInputStream(file);
			DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
			if (d.readInt() != MAGIC) throw new FacemapException(file, "not a Facemap training checkpoint");
			int version = d.readInt();
			if (version != 1) throw new FacemapException(file, "unknown checkpoint version " + version);
			Checkpoint c = new Checkpoint();
			c.epoch = d.readInt();
			c.stepInEpoch = d.readInt();
			c.adamStep = d.readLong();
			c.partialLoss = d.readDouble();
			c.partialCount = d.readInt();
			c.bestEpoch = d.readInt();
			c.bestError = d.readDouble();
			int h = d.readInt();
			for (int i = 0; i < h; i++) {
				Epoch e = new Epoch();
				e.epoch = d.readInt();
				e.learningRate = d.readDouble();
				e.trainLoss = d.readDouble();
				e.validationError = d.readDouble();
				e.seconds = d.readDouble();
				e.steps = d.readLong();
				c.history.add(e);
			}
			c.state = TensorBlocks.read(d);
			c.adamM = TensorBlocks.read(d);
			c.adamV = TensorBlocks.read(d);
			if (d.readBoolean()) c.best = TensorBlocks.read(d);
			return c;
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read checkpoint (" + e.getMessage() + ")", e);
		}
	}

	/** The best (or latest) weights stored in a checkpoint file. */
	public static Map<String, Tensor> checkpointWeights(Path file, boolean best) {
		Checkpoint c = readCheckpoint(file);
		return best && c.best != null ? c.best : c.state;
	}

	/**
	 * A network for fine-tuning: the trunk (encoder and decoder) from {@code base}; output heads from {@code base}
	 * when the keypoint count matches and {@code keepHeads}, otherwise new random heads for {@code keypoints}.
	 */
	public static FMnet fineTuneNetwork(NDManager manager, Map<String, Tensor> base, int keypoints, boolean keepHeads,
		long seed) {
		FMnet probe = FMnet.fromStateDict(manager, base, "base model");
		int[] channels = probe.channels();
		int baseK = probe.keypoints();
		probe.close();
		if (keepHeads && baseK == keypoints) return FMnet.fromStateDict(manager, base, "base model");
		try (FMnet fresh = FMnet.random(manager, channels, keypoints, seed)) {
			Map<String, Tensor> sd = new LinkedHashMap<>(fresh.toStateDict());
			for (Map.Entry<String, Tensor> e : base.entrySet())
				if (!e.getKey().startsWith("Conv2_1x1.")) sd.put(e.getKey(), e.getValue());
			return FMnet.fromStateDict(manager, sd, "base model with new heads");
		}
	}

	/** For tests: the settings. */
	TrainingSettings settings() {
		return cfg;
	}

	@Override
	public String toString() {
		return "PoseTrainer" + Arrays.toString(net.channels());
	}
}
