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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;

/**
 * Java against the reference fixtures written by Python Facemap 1.0.8 (src/test/resources/reference/training, made by
 * scripts/reference/make_fixtures.py from facemap's own model_training.train): heatmap and offset targets, the offset
 * mask, the loss for given network outputs, and the learning-rate schedule over 36 epochs.
 */
class TrainingFixtureTest {

	static final Path DIR = Path.of("src/test/resources/reference/training");
	static final int GG = 64 * 64;

	static double[] d(String name) {
		return Npy.readTensor(DIR.resolve(name)).doubles();
	}

	static float[] f(String name) {
		return Npy.readTensor(DIR.resolve(name)).floats();
	}

	/** The loss facemap's own model_training.train computed (manifest.json: loss.facemap_train_loss, float64). */
	static double facemapLoss() {
		try (java.io.Reader r = java.nio.file.Files.newBufferedReader(DIR.resolve("manifest.json"))) {
			return com.google.gson.JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("loss")
				.get("facemap_train_loss").getAsDouble();
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void targetsAndMaskMatchFacemap() {
		float[] lbl = f("labels_256.npy");
		float[] hm = f("hm_target.npy"), lx = f("locx_target.npy"), ly = f("locy_target.npy");
		double[] mask = d("offset_mask.npy"), valid = d("valid.npy");
		int n = valid.length, checked = 0;
		for (int j = 0; j < n; j++) {
			TrainingTargets.Target t = TrainingTargets.target(lbl[2 * j], lbl[2 * j + 1]);
			assertEquals(valid[j] != 0, t != null, "instance " + j);
			if (t == null) continue;
			for (int i = 0; i < GG; i++) {
				assertEquals(hm[j * GG + i], t.heatmap[i], 1e-6, "heatmap " + j + "/" + i);
				assertEquals(lx[j * GG + i], t.locx[i], 1e-6);
				assertEquals(ly[j * GG + i], t.locy[i], 1e-6);
				assertEquals(mask[j * GG + i] != 0, t.mask[i], "mask " + j + "/" + i);
			}
			checked++;
		}
		assertEquals(24, checked);
	}

	@Test
	void lossMatchesFacemap() {
		float[] lbl = f("labels_256.npy");
		float[] hm = f("hm_pred.npy"), lx = f("locx_pred.npy"), ly = f("locy_pred.npy");
		double[] perInstance = d("loss_per_instance.npy");
		int v = 0;
		for (int j = 0; j < lbl.length / 2; j++) {
			TrainingTargets.Target t = TrainingTargets.target(lbl[2 * j], lbl[2 * j + 1]);
			if (t == null) continue;
			assertEquals(perInstance[v++], TrainingTargets.instanceLoss(t, hm, lx, ly, j * GG), 1e-4, "instance " + j);
		}
		float[] xs = new float[lbl.length / 2], ys = new float[lbl.length / 2];
		for (int j = 0; j < xs.length; j++) {
			xs[j] = lbl[2 * j];
			ys[j] = lbl[2 * j + 1];
		}
		assertEquals(facemapLoss(), TrainingTargets.loss(hm, lx, ly, xs, ys), 1e-5);
	}

	@Test
	void learningRateScheduleMatchesFacemap() {
		double[] lr = d("lr_schedule.npy");
		assertEquals(36, lr.length);
		for (int e = 0; e < 36; e++) assertEquals(lr[e], TrainingTargets.learningRate(1e-4, e, 36), 1e-15, "epoch " + e);
	}

	@Test
	void trainingNetworkLossMatchesFacemapThroughDjl() {
		// the same loss computed by PoseTrainer's NDArray code on Facemap's captured outputs
		float[] lbl = f("labels_256.npy");
		Tensor hm = Npy.readTensor(DIR.resolve("hm_pred.npy"));
		int b = (int) hm.shape()[0], k = (int) hm.shape()[1];
		float[] xs = new float[b * k], ys = new float[b * k];
		for (int j = 0; j < xs.length; j++) {
			xs[j] = lbl[2 * j];
			ys[j] = lbl[2 * j + 1];
		}
		double djl = PoseTrainer.lossOnOutputs(hm.floats(), f("locx_pred.npy"), f("locy_pred.npy"), xs, ys, b, k);
		assertEquals(facemapLoss(), djl, 2e-3);
		assertTrue(djl > 0);
	}
}
