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

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import sc.fiji.facemap.pose.Evaluation;
import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.RefinementPreview;

/** ImageJ1 views of a refinement: the validation error table and the predictions on unlabelled frames. */
public final class RefinementViews {

	private RefinementViews() {}

	/**
	 * One row per keypoint and one "ALL" row: the refined model's validation error (mean, median, 90th percentile,
	 * PCK@5/10 px) and the constant guess's (each keypoint at its mean training position) on the same frames. With no
	 * validation frames, a single row saying so.
	 */
	public static ResultsTable errorTable(ModelTraining.Outcome o) {
		ResultsTable t = new ResultsTable();
		if (o.validation == null) {
			t.incrementCounter();
			t.addValue("keypoint", "ALL");
			t.addValue("note", "no validation frames (too few labelled frames to hold some out)");
			t.addValue("train frames", o.trainFrames);
			return t;
		}
		return errorTable(o.validation, o.constantGuess);
	}

	/** One row per keypoint and one "ALL" row: a model's error beside the constant guess's on the same frames. */
	public static ResultsTable errorTable(Evaluation.Report m, Evaluation.Report g) {
		ResultsTable t = new ResultsTable();
		for (int k = 0; k < m.perKeypoint.length; k++) row(t, m.keypoints.name(k), m.perKeypoint[k], g.perKeypoint[k]);
		row(t, "ALL", m.overall, g.overall);
		return t;
	}

	private static void row(ResultsTable t, String name, Evaluation.Stats s, Evaluation.Stats g) {
		t.incrementCounter();
		t.addValue("keypoint", name);
		t.addValue("points", s.count);
		t.addValue("placed nowhere", s.missed);
		t.addValue("mean error", s.mean);
		t.addValue("median error", s.median);
		t.addValue("p90 error", s.p90);
		t.addValue("PCK@5px", s.pck5);
		t.addValue("PCK@10px", s.pck10);
		t.addValue("constant guess mean", g.mean);
		t.addValue("constant guess p90", g.p90);
	}

	/**
	 * The preview frames as a stack with the predictions drawn per slice (circles coloured per keypoint, named), or
	 * null when there are no frames. Not shown.
	 */
	public static ImagePlus previewImage(RefinementPreview p, String modelName) {
		if (p.files.isEmpty()) return null;
		int w = 0, h = 0;
		GrayImage[] imgs = new GrayImage[p.files.size()];
		for (int i = 0; i < imgs.length; i++) {
			imgs[i] = GrayImage.readPng(p.files.get(i));
			w = Math.max(w, imgs[i].width());
			h = Math.max(h, imgs[i].height());
		}
		ImageStack stack = new ImageStack(w, h);
		Overlay o = new Overlay();
		int K = p.keypoints.size();
		double r = Math.max(3, Math.min(w, h) / 120.0);
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.max(10, Math.round(Math.min(w, h) / 50.0)));
		for (int i = 0; i < imgs.length; i++) {
			ImageProcessor ip = new ByteProcessor(imgs[i].width(), imgs[i].height(), imgs[i].toBytes());
			if (ip.getWidth() != w || ip.getHeight() != h) {
				ImageProcessor big = new ByteProcessor(w, h);
				big.insert(ip, 0, 0);
				ip = big;
			}
			Path f = p.files.get(i);
			stack.addSlice(f.getFileName().toString(), ip);
			for (int k = 0; k < K; k++) {
				float x = p.x[i][k], y = p.y[i][k];
				if (Float.isNaN(x) || Float.isNaN(y)) continue;
				Color c = KeypointViews.color(p.keypoints.name(k));
				OvalRoi dot = new OvalRoi(x - r, y - r, 2 * r, 2 * r);
				dot.setStrokeColor(c);
				dot.setName(p.keypoints.name(k));
				dot.setPosition(i + 1);
				o.add(dot);
				TextRoi label = new TextRoi(x + 1.5 * r, y - 1.5 * r - font.getSize(), p.keypoints.name(k), font);
				label.setStrokeColor(c);
				label.setPosition(i + 1);
				o.add(label);
			}
		}
		ImagePlus imp = new ImagePlus(modelName + " predictions on unlabelled frames", stack);
		imp.setOverlay(o);
		return imp;
	}

	/**
	 * The loss curve of a training run: the training loss of each epoch and, when validation frames were held out,
	 * the validation error (px) on the right-hand scale, as an ImageJ Plot (issue 11: Refine showed none).
	 */
	public static ij.gui.Plot lossPlot(ModelTraining.Outcome o, String title) {
		java.util.List<sc.fiji.facemap.pose.PoseTrainer.Epoch> h = o.result.history;
		double[] ep = new double[h.size()], loss = new double[h.size()], val = new double[h.size()];
		boolean hasVal = false;
		for (int i = 0; i < ep.length; i++) {
			ep[i] = h.get(i).epoch + 1;
			loss[i] = h.get(i).trainLoss;
			val[i] = h.get(i).validationError;
			hasVal |= !Double.isNaN(val[i]);
		}
		ij.gui.Plot p = new ij.gui.Plot(title, "Epoch", "Training loss");
		p.setColor(new java.awt.Color(0x1F5FBF));
		p.setLineWidth(2);
		p.add("connected circle", ep, loss);
		p.setLabel(-1, "training loss");
		if (hasVal) {
			// validation error on its own scale: rescaled into the loss range and labelled in the legend
			double lmin = Double.MAX_VALUE, lmax = -Double.MAX_VALUE, vmin = Double.MAX_VALUE, vmax = -Double.MAX_VALUE;
			for (int i = 0; i < ep.length; i++) {
				if (Double.isFinite(loss[i])) {
					lmin = Math.min(lmin, loss[i]);
					lmax = Math.max(lmax, loss[i]);
				}
				if (Double.isFinite(val[i])) {
					vmin = Math.min(vmin, val[i]);
					vmax = Math.max(vmax, val[i]);
				}
			}
			double[] scaled = new double[val.length];
			double span = vmax > vmin ? vmax - vmin : 1, lspan = lmax > lmin ? lmax - lmin : 1;
			for (int i = 0; i < val.length; i++) scaled[i] = lmin + (val[i] - vmin) / span * lspan;
			p.setColor(new java.awt.Color(0xC0392B));
			p.add("connected circle", ep, scaled);
			p.setLabel(-1, String.format(java.util.Locale.ROOT, "validation error (%.1f-%.1f px, scaled)", vmin, vmax));
		}
		else p.addText("no validation frames: training loss only", 0.02, 0.08);
		p.setLegend(null, ij.gui.Plot.AUTO_POSITION | ij.gui.Plot.LEGEND_TRANSPARENT);
		p.setLimitsToFit(false);
		return p;
	}
}
