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
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import sc.fiji.facemap.neural.EpochRecord;
import sc.fiji.facemap.neural.TrainingListener;

/**
 * A live {@link Plot} of the network's training: the training loss of each epoch (relative to the first epoch's) and
 * the test variance explained wherever it was evaluated (every {@code test_every} epochs), on one axis from 0. The
 * window opens with the first epoch and is redrawn at most every half second and at every evaluation; headless, only
 * the plot object is kept.
 */
public final class TrainingPlot implements TrainingListener {

	private final String title;
	private final int epochs;
	private final List<double[]> loss = new ArrayList<>(), test = new ArrayList<>();
	private double firstLoss = Double.NaN;
	private PlotWindow window;
	private long lastDraw;

	public TrainingPlot(String title, int epochs) {
		this.title = title;
		this.epochs = epochs;
	}

	@Override
	public synchronized void epoch(EpochRecord r) {
		if (Double.isNaN(firstLoss) && Double.isFinite(r.trainLoss()) && r.trainLoss() > 0) firstLoss = r.trainLoss();
		loss.add(new double[] { r.epoch() + 1, r.trainLoss() / (Double.isNaN(firstLoss) ? 1 : firstLoss) });
		if (r.evaluated()) test.add(new double[] { r.epoch() + 1, r.testVarexp() });
		long now = System.nanoTime();
		if (GraphicsEnvironment.isHeadless() || !r.evaluated() && now - lastDraw < 500_000_000L) return;
		lastDraw = now;
		Plot p = plot();
		if (window == null || window.isClosed()) window = p.show();
		else window.drawPlot(p);
	}

	/** The plot of what was received so far. */
	public synchronized Plot plot() {
		Plot p = new Plot(title, "Epoch", "Relative training loss / test variance explained");
		double ymax = 1;
		for (double[] a : loss) ymax = Math.max(ymax, a[1]);
		for (double[] a : test) ymax = Math.max(ymax, a[1]);
		p.setLimits(0, Math.max(2, epochs), Math.min(0, minTest()), ymax * 1.25);
		p.setColor(new Color(0, 90, 170));
		p.setLineWidth(2);
		p.add("line", column(loss, 0), column(loss, 1));
		p.setColor(new Color(0, 150, 60));
		p.add("connected circle", column(test, 0), column(test, 1));
		p.setColor(Color.BLACK);
		p.addLegend("training loss (relative to epoch 1)\ttest variance explained", "top-right");
		return p;
	}

	private double minTest() {
		double m = 0;
		for (double[] a : test) m = Math.min(m, a[1]);
		return m;
	}

	public synchronized int epochsSeen() {
		return loss.size();
	}

	public synchronized int evaluations() {
		return test.size();
	}

	private static double[] column(List<double[]> l, int k) {
		double[] c = new double[l.size()];
		for (int i = 0; i < c.length; i++) c[i] = l.get(i)[k];
		return c;
	}
}
