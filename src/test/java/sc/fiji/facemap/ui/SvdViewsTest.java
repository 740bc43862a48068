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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import sc.fiji.facemap.svd.ProcessingResult;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.RoiSpec.Kind;
import sc.fiji.facemap.svd.SvdSettings;

class SvdViewsTest {

	/** A hand-made result: 2 views tiled side by side (10x8 and 6x8 bins), a motion ROI, pupil, blink, running. */
	static ProcessingResult synthetic(int n, double fps) {
		Random rnd = new Random(3);
		int k = 6;
		int fullPixels = 8 * 10 + 8 * 6;
		float[] u = new float[fullPixels * k];
		for (int p = 0; p < fullPixels; p++)
			for (int j = 0; j < k; j++)
				u[p * k + j] = p + 1000 * j; // identifies pixel and component
		float[] v = new float[n * k], motion = new float[n], roiMotion = new float[n];
		for (int f = 0; f < n; f++) {
			for (int j = 0; j < k; j++)
				v[f * k + j] = (float) (Math.sin(f / (8.0 + 5 * j)) * 100 / (j + 1) + rnd.nextGaussian() * 3);
			motion[f] = (float) (500 + 200 * Math.sin(f / 20.0) + rnd.nextGaussian() * 30);
			roiMotion[f] = motion[f] / 3;
		}
		RoiSpec mroi = RoiSpec.of(Kind.MOTION, 8, 4, 16, 12).withName("motion 1");
		Region full = new Region("full frame", null, 8, 16, 0, 0, motion, new Matrix(n, k, v), new Matrix(fullPixels, k, u), new float[k], null, null,
			null);
		float[] ur = new float[4 * 3 * 2];
		for (int i = 0; i < ur.length; i++)
			ur[i] = i;
		Region roi = new Region("motion 1", mroi, 3, 4, 1, 2, roiMotion, new Matrix(n, 2, new float[n * 2]), new Matrix(12, 2, ur), new float[2], null,
			null, null);
		RoiSpec proi = new RoiSpec(Kind.PUPIL, "pupil", 0, 20, 10, 30, 20, 65, Double.NaN, false, List.of());
		double[] area = new double[n], smooth = new double[n], com = new double[2 * n];
		for (int f = 0; f < n; f++) {
			area[f] = 2000 + 600 * Math.sin(f / 40.0) + rnd.nextGaussian() * 80;
			smooth[f] = 2000 + 600 * Math.sin(f / 40.0);
			com[2 * f] = 10 + f * 0.01;
			com[2 * f + 1] = 15;
		}
		area[n / 2] = Double.NaN;
		ProcessingResult.Pupil pupil = new ProcessingResult.Pupil(proi, area, com, new double[4 * n], new double[2 * n], smooth, com.clone());
		double[] blink = new double[n];
		for (int f = 0; f < n; f++)
			blink[f] = f % 100 < 5 ? 100 : 4000;
		ProcessingResult.Blink b = new ProcessingResult.Blink(RoiSpec.of(Kind.BLINK, 0, 0, 10, 10).withName("blink"), blink);
		double[] dy = new double[n], dx = new double[n];
		for (int f = 1; f < n; f++) {
			dy[f] = Math.sin(f / 10.0) * 2;
			dx[f] = -1;
		}
		ProcessingResult.Running ru = new ProcessingResult.Running(RoiSpec.of(Kind.RUNNING, 0, 0, 10, 10).withName("running"), dy, dx);
		return new ProcessingResult(List.of(), n, fps, SvdSettings.DEFAULTS, new int[] { 32, 32 }, new int[] { 40, 24 }, new int[] { 8, 8 },
			new int[] { 10, 6 }, new int[] { 0, 0 }, new int[] { 0, 10 }, 8, 16, List.of(new float[80], new float[48]), List.of(new float[80], new float[48]),
			List.of(full, roi), List.of(pupil), List.of(b), List.of(ru), List.of(mroi, proi), null, null);
	}

	@Test
	void plotsCoverEveryTraceWithUnits() {
		ProcessingResult r = synthetic(300, 25);
		List<Plot> plots = SvdViews.plots(r, "demo");
		// full-frame SVD, ROI SVD, motion energy, pupil, blink, running
		assertEquals(6, plots.size());
		for (Plot p : plots) {
			ImagePlus imp = p.getImagePlus();
			assertNotNull(imp);
			assertTrue(imp.getWidth() > SvdViews.PLOT_WIDTH, imp.getTitle());
		}
		assertEquals("Time (s)", SvdViews.timeLabel(r));
		assertEquals("Frame", SvdViews.timeLabel(synthetic(10, 0)));
		// the legend's headroom: the top limit lies above every plotted value
		double[] lim = plots.get(3).getLimits();
		assertTrue(lim[3] > 2000 + 600 + 4 * 80, "pupil plot top " + lim[3]);
		assertEquals(300 / 25.0 - 1 / 25.0, lim[1], 1e-9);
	}

	@Test
	void masksAreLaidOutOnTheTiledCanvas() {
		ProcessingResult r = synthetic(50, 25);
		List<ImagePlus> m = SvdViews.masks(r, 4, "demo");
		assertEquals(2, m.size());
		ImagePlus full = m.get(0);
		assertEquals(16, full.getWidth());
		assertEquals(8, full.getHeight());
		assertEquals(4, full.getStackSize());
		// view 0 pixel (y=2, x=3) is row 2*10+3 = 23; view 1 pixel (y=1, x=4) is row 80 + 1*6 + 4 = 90, at canvas x 10+4
		assertEquals(23 + 1000 * 2, full.getStack().getProcessor(3).getf(3, 2));
		assertEquals(90, full.getStack().getProcessor(1).getf(14, 1));
		ImagePlus roi = m.get(1);
		assertEquals(4, roi.getWidth());
		assertEquals(3, roi.getHeight());
		assertEquals(2, roi.getStackSize());
		assertEquals(2 * 5 + 1, roi.getStack().getProcessor(2).getf(1, 1), 0); // row-major pixel (y=1,x=1) -> 5, component 2
	}

	@Test
	void tableHasOneRowPerFrame() {
		ProcessingResult r = synthetic(40, 20);
		ResultsTable rt = SvdViews.table(r);
		assertEquals(40, rt.size());
		assertEquals(0.5, rt.getValue("Time_s", 10), 1e-12);
		assertEquals(r.fullFrame().motion()[7], rt.getValue("motion_full_frame", 7), 1e-3);
		assertEquals(r.fullFrame().motSvd().get(9, 5), rt.getValue("motSVD_full_frame_6", 9), 1e-3);
		assertTrue(rt.columnExists("motSVD_motion_1_2"));
		assertTrue(Double.isNaN(rt.getValue("pupil_area", 20)));
		assertEquals(10 + 10 + 0.05, rt.getValue("pupil_row", 5), 1e-9); // ROI y + centre row
		assertEquals(-1, rt.getValue("running_dx", 3), 0);
		assertEquals(100, rt.getValue("blink", 2), 0);
	}

	/** Renders the views of the synthetic result to PNG (for looking at them): {@code -Dfacemap.views.out=DIR}. */
	@Test
	void renderForLooking() throws Exception {
		String out = System.getProperty("facemap.views.out");
		if (out == null) return;
		Path dir = Files.createDirectories(Paths.get(out));
		ProcessingResult r = synthetic(600, 25);
		int i = 0;
		for (Plot p : SvdViews.plots(r, "synthetic"))
			new ij.io.FileSaver(p.getImagePlus()).saveAsPng(dir.resolve("synthetic_plot" + (i++) + ".png").toString());
	}
}
