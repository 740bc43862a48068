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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.task.Progress;

/** A tiny FMnet trained for a few steps on real labelled frames: loss falls, runs repeat, resume continues exactly. */
class PoseTrainerTest {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "../shared")).resolve("data");
	static final int[] TINY = { 4, 8, 8, 8, 8 };
	static TrainingSet train;
	static Path file;

	@TempDir
	Path tmp;

	@BeforeAll
	static void load() {
		file = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet labels = LabelSet.read(file);
		train = TrainingSet.load(labels, new int[] { 0, 60 }, null, file, false, Progress.NONE);
	}

	static PoseTrainer.Config config() {
		PoseTrainer.Config c = new PoseTrainer.Config();
		c.epochs = 8;
		c.batchSize = 2;
		c.learningRate = 1e-2;
		c.seed = 5;
		c.augmentation = Augmentation.Config.none();
		return c;
	}

	@Test
	void lossFallsOnRealFrames() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, TINY, 12, 1)) {
			PoseTrainer.Result r = new PoseTrainer(net, config()).train(train, null, Progress.NONE);
			assertEquals("finished", r.stop);
			assertEquals(8, r.history.size());
			double first = r.history.get(0).trainLoss, last = r.history.get(7).trainLoss;
			assertTrue(last < 0.9 * first, "loss " + first + " -> " + last);
			for (int e = 1; e < 8; e++)
				assertTrue(r.history.get(e).trainLoss < r.history.get(0).trainLoss, "epoch " + e + " loss not below the first");
			// Facemap's LR schedule was applied
			assertEquals(1e-3, r.history.get(2).learningRate, 1e-12);
			assertEquals(4e-4, r.history.get(7).learningRate, 1e-12);
		}
	}

	@Test
	void fixedSeedRepeatsAndResumeContinuesExactly() {
		PoseTrainer.Config c = config();
		c.epochs = 3;
		c.augmentation = new Augmentation.Config();
		Map<String, Tensor> once;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, TINY, 12, 1)) {
			new PoseTrainer(net, c).train(train, null, Progress.NONE);
			once = net.toStateDict();
		}
		Path ck = tmp.resolve("run.ckpt");
		c.checkpoint = ck;
		c.maxSteps = 2; // stop mid-way (3 epochs x 1 step)
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, TINY, 12, 1)) {
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train, null, Progress.NONE);
			assertEquals("budget", r.stop);
			assertEquals(2, r.steps);
		}
		assertTrue(Files.exists(ck));
		c.maxSteps = 0;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, TINY, 12, 99)) {
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train, null, Progress.NONE);
			assertEquals("finished", r.stop);
			assertEquals(1, r.steps);
			Map<String, Tensor> resumed = net.toStateDict();
			for (String k : List.of("Conv.conv0.conv.conv_0.1.weight", "Conv2_1x1.conv0.bias", "Up_conv.upconv1.conv.conv_1.2.weight"))
				assertArrayEquals(once.get(k).floats(), resumed.get(k).floats(), 1e-6f, k);
		}
	}

	@Test
	void cancelKeepsBestStateSoFar() {
		PoseTrainer.Config c = config();
		AtomicInteger updates = new AtomicInteger();
		Progress p = new Progress() {
			@Override
			public void update(long done, long total, String message) {
				updates.incrementAndGet();
				assertTrue(message.contains("loss") && message.contains("left"), message);
			}

			@Override
			public boolean isCanceled() {
				return updates.get() >= 3;
			}
		};
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, TINY, 12, 1)) {
			PoseTrainer.Result r = new PoseTrainer(net, c).train(train, train, p);
			assertEquals("canceled", r.stop);
			assertEquals(3, r.steps);
			assertEquals(3, r.history.size(), "one step per epoch: three epochs completed before the cancel");
			assertTrue(r.best != null && r.bestEpoch >= 0);
			assertTrue(r.history.get(0).validationError > 0);
		}
	}

	@Test
	void fineTuneNetworkReusesTrunkWithNewHeads() {
		try (NDManager m = NDManager.newBaseManager(); FMnet base = FMnet.random(m, TINY, 12, 1)) {
			Map<String, Tensor> sd = base.toStateDict();
			try (FMnet ft = PoseTrainer.fineTuneNetwork(m, sd, 17, false, 3)) {
				assertEquals(17, ft.keypoints());
				Map<String, Tensor> f = ft.toStateDict();
				assertArrayEquals(sd.get("Conv.conv2.conv.conv_1.2.weight").floats(), f.get("Conv.conv2.conv.conv_1.2.weight").floats());
				assertEquals(17, f.get("Conv2_1x1.conv0.weight").shape()[0]);
			}
			try (FMnet same = PoseTrainer.fineTuneNetwork(m, sd, 12, true, 3)) {
				assertArrayEquals(sd.get("Conv2_1x1.conv1.weight").floats(), same.toStateDict().get("Conv2_1x1.conv1.weight").floats());
			}
		}
	}

	@Test
	void concatJoinsSetsOfTheSameKeypointsOnly() {
		TrainingSet both = TrainingSet.concat(java.util.List.of(train, train.head(1)));
		assertEquals(3, both.size());
		assertArrayEquals(train.frameX(1), both.frameX(1));
		assertArrayEquals(train.frameY(0), both.frameY(2));
		assertEquals(train.name(0), both.name(2));
		LabelSet renamed = LabelSet.read(file).mappedTo(new KeypointSet(java.util.List.of("eye top", "lip")));
		TrainingSet other = TrainingSet.load(renamed, new int[] { 0 }, null, file, false, Progress.NONE);
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> TrainingSet.concat(java.util.List.of(train, other)));
		assertTrue(e.getMessage().contains("different keypoints"), e.getMessage());
	}

	@Test
	void labelsOutsideTheImageMeanOutOfView() {
		LabelSet labels = LabelSet.read(file);
		int K = labels.keypointCount();
		labels.set(0, 0, -1f, -1f); // out of view
		labels.set(0, 1, Float.NaN, Float.NaN); // not labelled
		labels.set(0, 2, 863.3f, 645.4f); // the last pixel: in view
		TrainingSet s = TrainingSet.load(labels, new int[] { 0 }, null, file, false, Progress.NONE);
		assertTrue(TrainingTargets.isOutside(s.item(0).x[0], s.item(0).y[0]));
		assertTrue(Float.isNaN(s.frameX(0)[0]), "no error term for an out-of-view label");
		assertTrue(Float.isNaN(s.item(0).x[1]) && !TrainingTargets.isOutside(s.item(0).x[1], s.item(0).y[1]));
		assertTrue(Float.isFinite(s.item(0).x[2]) && s.item(0).x[2] <= 256f);
		assertEquals(K, s.frameX(0).length);
	}

	@Test
	void aPointPlacedNowhereIsAMissNotAGap() {
		int K = train.keypointSet().size();
		float[][] px = { train.frameX(0).clone(), train.frameX(1).clone() }, py = { train.frameY(0).clone(), train.frameY(1).clone() };
		px[0][0] = py[0][0] = Float.NaN;
		px[1][1] += 3;
		py[1][1] += 4;
		Evaluation.Stats s = Evaluation.compare(train, px, py).overall;
		assertEquals(2 * K, s.count);
		assertEquals(1, s.missed);
		assertEquals(5.0 / (2 * K - 1), s.mean, 1e-9);
		assertEquals((2 * K - 1) / (double) (2 * K), s.pck5, 1e-9);
		assertTrue(s.toString().contains("1 placed nowhere"), s.toString());
		// all placed nowhere: no mean, and the JSON of model.json / --json stays valid (no NaN)
		String json = new com.google.gson.Gson().toJson(Evaluation.Stats.of(new double[] { Double.POSITIVE_INFINITY }).toMap());
		assertEquals("{\"count\":1,\"missed\":1,\"pck5\":0.0,\"pck10\":0.0}", json);
	}
}
