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
package sc.fiji.facemap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import sc.fiji.facemap.neural.EpochRecord;
import sc.fiji.facemap.neural.FakeResults;
import sc.fiji.facemap.neural.NeuralEncoder;
import sc.fiji.facemap.neural.NeuralInputs;
import sc.fiji.facemap.neural.NeuralResult;
import sc.fiji.facemap.neural.NeuralSettings;

/**
 * The neural views render headless: the table, the sorted per-neuron plot, and the activity-vs-prediction image of a
 * real ridge fit on generated data (saved as target/readme-images/neural-vs-prediction.png; the README shows a copy, docs/images).
 */
class NeuralViewsTest {

	static NeuralResult ridge(NeuralInputs in) {
		NeuralSettings s = NeuralSettings.DEFAULTS.with("model", NeuralSettings.Model.RIDGE).with("baselines", false).with("latents", false).with("pcs", 0);
		return NeuralEncoder.fit(in, s, null);
	}

	@Test
	void activityAndPredictionImage() throws Exception {
		NeuralInputs in = FakeResults.inputs(2000, 4, 40, 21);
		NeuralResult r = ridge(in);
		ImagePlus imp = NeuralViews.activityAndPrediction(in, r, 1000, "test");
		assertTrue(imp.getProcessor() instanceof ColorProcessor);
		assertEquals(70 + 1000 + 20, imp.getWidth());
		ColorProcessor cp = (ColorProcessor) imp.getProcessor();
		// a test column is tinted green, a training column is gray
		int[] seg = r.testSegments()[2];
		int xt = 70 + (int) ((long) seg[seg.length / 2] * 1000 / in.samples());
		int xtr = 70 + (int) ((long) (seg[0] - 30) * 1000 / in.samples());
		int[] rgbT = cp.getPixel(xt, 28 + 40, (int[]) null), rgbR = cp.getPixel(xtr, 28 + 40, (int[]) null);
		assertTrue(rgbT[1] > rgbT[0] + 20, "green tint in a test segment: " + java.util.Arrays.toString(rgbT));
		assertEquals(rgbR[0], rgbR[1], "gray outside: " + java.util.Arrays.toString(rgbR));
		Path png = Paths.get("target/readme-images/neural-vs-prediction.png");
		Files.createDirectories(png.getParent());
		javax.imageio.ImageIO.write(imp.getBufferedImage(), "png", png.toFile());
		assertTrue(Files.size(png) > 10_000);
	}

	@Test
	void tableAndSortedPlot() throws Exception {
		NeuralInputs in = FakeResults.inputs(800, 3, 12, 22);
		NeuralResult r = FakeResults.result(in, NeuralSettings.Model.NETWORK, 0.4, true, 23);
		ResultsTable rt = NeuralViews.scores(r);
		assertEquals(3, rt.size());
		assertEquals("network", rt.getStringValue("Model", 0));
		assertEquals(r.varexp(), rt.getValue("Variance explained", 0), 1e-12);
		Plot p = NeuralViews.perNeuron(r, "per neuron");
		float[] y = p.getYValues();
		for (int i = 1; i < y.length; i++) assertTrue(y[i] <= y[i - 1], "sorted best first");
		ImagePlus pi = p.getImagePlus();
		Path perNeuron = Paths.get("target/readme-images/neural-per-neuron.png");
		Files.createDirectories(perNeuron.getParent());
		javax.imageio.ImageIO.write(pi.getBufferedImage(), "png", perNeuron.toFile());
		TrainingPlot live = new TrainingPlot("t", 40);
		for (EpochRecord e : r.history()) live.epoch(e);
		assertEquals(40, live.epochsSeen());
		assertEquals(2, live.evaluations());
		assertTrue(live.plot().getImagePlus().getWidth() > 100);
	}
}
