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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import sc.fiji.facemap.neural.ModelScore;
import sc.fiji.facemap.neural.NeuralInputs;
import sc.fiji.facemap.neural.NeuralResult;

/**
 * ImageJ views of a neural-encoding run: a {@link ResultsTable} of held-out variance explained per model, a
 * {@link Plot} of per-neuron variance explained (sorted), and an image of the neural activity above its prediction
 * (neurons sorted by their loading on the first principal component, each z-scored by the activity's own mean and
 * standard deviation, Facemap's gray_r colours clipped at the 95th percentile, test segments shaded green).
 */
public final class NeuralViews {

	private NeuralViews() {}

	/** One row per fitted model: variance explained of the neurons and of the targets, rank, lambda. */
	public static ResultsTable scores(NeuralResult r) {
		ResultsTable rt = new ResultsTable();
		for (ModelScore s : r.scores()) {
			rt.incrementCounter();
			rt.addValue("Model", s.model().key());
			rt.addValue("Variance explained", s.varexp());
			rt.addValue("Targets variance explained", s.targetVarexp());
			rt.addValue("Mean per neuron", s.meanNeuronVarexp());
			rt.addValue("Normalised (by ceiling)", s.normalized());
			rt.addValue("Rank", s.rank());
			rt.addValue("Lambda", s.lambda());
		}
		return rt;
	}

	/** Per-neuron held-out variance explained, sorted from best to worst, with the ceiling when known. */
	public static Plot perNeuron(NeuralResult r, String title) {
		float[] v = r.varexpPerNeuron().clone();
		int n = v.length;
		double[] x = new double[n], y = new double[n];
		float[] sorted = v.clone();
		Arrays.sort(sorted);
		double max = 0, min = 0;
		for (int i = 0; i < n; i++) {
			x[i] = i + 1;
			y[i] = sorted[n - 1 - i];
			max = Math.max(max, y[i]);
			min = Math.min(min, y[i]);
		}
		Plot p = new Plot(title, "Neuron (sorted by variance explained)", "Held-out variance explained (fraction)");
		p.setColor(new Color(0, 90, 170));
		p.setLineWidth(2);
		p.add("line", x, y);
		String labels = r.model().key() + " (pooled " + String.format(Locale.ROOT, "%.3f", r.varexp()) + ")";
		if (r.ceilingPerNeuron() != null && r.ceilingPerNeuron().length == n) {
			double[] c = new double[n];
			Integer[] order = new Integer[n];
			for (int i = 0; i < n; i++) order[i] = i;
			Arrays.sort(order, (a, b) -> Float.compare(v[b], v[a]));
			for (int i = 0; i < n; i++) {
				c[i] = r.ceilingPerNeuron()[order[i]];
				max = Math.max(max, c[i]);
			}
			p.setColor(new Color(200, 80, 0));
			p.setLineWidth(1);
			p.add("dot", x, c);
			labels += "\texplainable (peer prediction)";
		}
		p.setColor(Color.GRAY);
		p.setLineWidth(1);
		p.drawLine(1, 0, Math.max(1.0001, n), 0);
		// the sorted curve falls from the top left: a legend at the top right, with head room above the data
		double top = Math.max(0.1, max) * 1.35;
		p.setLimits(0, n + 1, Math.min(0, min * 1.1), top);
		p.setColor(Color.BLACK);
		p.addLegend(labels, "top-right");
		return p;
	}

	/**
	 * Neural activity (top) and its prediction (bottom), [neurons][samples] of the kept neurons, at most
	 * {@code maxWidth} columns (samples averaged in bins) and 300 rows per panel (neurons averaged in bins).
	 */
	public static ImagePlus activityAndPrediction(NeuralInputs in, NeuralResult r, int maxWidth, String title) {
		float[][] y = in.neural();
		float[][] p = r.predictions();
		int N = y.length, T = y[0].length;
		int[] order = sortByFirstPc(y, r);
		double[] mean = new double[N], sd = new double[N];
		for (int i = 0; i < N; i++) {
			double s = 0, ss = 0;
			for (float v : y[i]) s += v;
			mean[i] = s / T;
			for (float v : y[i]) ss += (v - mean[i]) * (v - mean[i]);
			sd[i] = Math.sqrt(ss / T);
			if (sd[i] == 0) sd[i] = 1;
		}
		int W = Math.max(1, Math.min(maxWidth, T));
		int H = Math.max(1, Math.min(300, N));
		float[][] a = bin(y, order, mean, sd, W, H), b = bin(p, order, mean, sd, W, H);
		float[] all = new float[W * H];
		for (int i = 0; i < H; i++)
			for (int j = 0; j < W; j++) all[i * W + j] = Math.abs(a[i][j]);
		Arrays.sort(all);
		float level = Math.max(1e-6f, all[(int) Math.min(all.length - 1, Math.floor(0.95 * all.length))]);
		boolean[] test = new boolean[W];
		for (int[] seg : r.testSegments())
			for (int t : seg)
				if (t >= 0 && t < T) test[(int) ((long) t * W / T)] = true;

		int rowScale = H < 150 ? Math.max(1, 150 / H) : 1;
		int ph = H * rowScale;
		int left = 70, right = 20, topM = 28, gap = 44, bottom = 52;
		int width = left + W + right, height = topM + ph + gap + ph + bottom;
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		paint(img, a, left, topM, rowScale, level, test);
		paint(img, b, left, topM + ph + gap, rowScale, level, test);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString("Neural activity (" + N + " neurons, sorted by PC 1; z-scored)", left, topM - 9);
		g.drawString(String.format(Locale.ROOT, "Prediction (%s; held-out variance explained %.3f)", r.model().key(), r.varexp()), left, topM + ph + gap - 9);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		g.setStroke(new BasicStroke(1));
		for (int k = 0; k < 2; k++) {
			int y0 = topM + k * (ph + gap);
			g.drawRect(left - 1, y0 - 1, W + 1, ph + 1);
			vertical(g, "neurons", 16, y0 + ph / 2);
			g.drawString("1", left - 14, y0 + 10);
			g.drawString(String.valueOf(N), left - 8 - g.getFontMetrics().stringWidth(String.valueOf(N)), y0 + ph);
		}
		// time axis under the bottom panel
		int yAxis = topM + ph + gap + ph + 2;
		FontMetrics fm = g.getFontMetrics();
		double raw = Math.max(1, (T - 1) / 5.0), mag = Math.pow(10, Math.floor(Math.log10(raw)));
		long step = (long) (raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag);
		for (long sample = 0; sample <= T - 1; sample += Math.max(1, step)) {
			int xp = left + (int) (sample * (W - 1) / Math.max(1, T - 1));
			g.drawLine(xp, yAxis, xp, yAxis + 4);
			String s = String.valueOf(sample);
			g.drawString(s, Math.min(width - fm.stringWidth(s) - 2, Math.max(0, xp - fm.stringWidth(s) / 2)), yAxis + 16);
		}
		String xl = "Neural sample (time); green = held-out test segments";
		g.drawString(xl, left + (W - fm.stringWidth(xl)) / 2, yAxis + 32);
		// colour bar legend
		g.drawString(String.format(Locale.ROOT, "white %.1f sd, black +%.1f sd", -level, level), width - right - fm.stringWidth(String.format(Locale.ROOT,
			"white %.1f sd, black +%.1f sd", -level, level)), topM - 9 + 0 * height);
		g.dispose();
		return new ImagePlus(title, new ColorProcessor(img));
	}

	private static void vertical(Graphics2D g, String s, int x, int yCentre) {
		Graphics2D r = (Graphics2D) g.create();
		r.rotate(-Math.PI / 2, x, yCentre);
		r.drawString(s, x - r.getFontMetrics().stringWidth(s) / 2, yCentre + 4);
		r.dispose();
	}

	/** gray_r (high = black) with a green tint over test columns. */
	private static void paint(BufferedImage img, float[][] m, int x0, int y0, int rowScale, float level, boolean[] test) {
		int H = m.length, W = m[0].length;
		for (int i = 0; i < H; i++)
			for (int j = 0; j < W; j++) {
				double v = Math.max(-1, Math.min(1, m[i][j] / level));
				int gray = (int) Math.round(255 * (1 - (v + 1) / 2));
				int rr = gray, gg = gray, bb = gray;
				if (test[j]) {
					rr = (int) (0.7 * gray);
					gg = (int) (0.7 * gray + 0.3 * 200);
					bb = (int) (0.7 * gray);
				}
				int rgb = (rr << 16) | (gg << 8) | bb;
				for (int k = 0; k < rowScale; k++) img.setRGB(x0 + j, y0 + i * rowScale + k, rgb);
			}
	}

	/** [H][W] bins of z-scored rows in the given order. */
	private static float[][] bin(float[][] m, int[] order, double[] mean, double[] sd, int W, int H) {
		int N = order.length, T = m[0].length;
		float[][] out = new float[H][W];
		int[] cnt = new int[H * W];
		for (int r = 0; r < N; r++) {
			int i = order[r];
			int hi = (int) ((long) r * H / N);
			float[] row = m[i];
			for (int t = 0; t < T; t++) {
				int wj = (int) ((long) t * W / T);
				out[hi][wj] += (float) ((row[t] - mean[i]) / sd[i]);
				cnt[hi * W + wj]++;
			}
		}
		for (int i = 0; i < H; i++)
			for (int j = 0; j < W; j++)
				if (cnt[i * W + j] > 0) out[i][j] /= cnt[i * W + j];
		return out;
	}

	/**
	 * Neurons ordered by their loading on the first principal component of the (z-scored) activity: the first column
	 * of the result's PC basis when the targets were PCs, else a power iteration on at most 4000 time samples.
	 */
	static int[] sortByFirstPc(float[][] y, NeuralResult r) {
		int N = y.length, T = y[0].length;
		double[] load = new double[N];
		if (r.basis() != null && r.basis().length == N && r.basis()[0].length > 0) {
			for (int i = 0; i < N; i++) load[i] = r.basis()[i][0];
		}
		else {
			int step = Math.max(1, T / 4000);
			int S = (T + step - 1) / step;
			float[][] z = new float[N][S];
			for (int i = 0; i < N; i++) {
				double s = 0, ss = 0;
				for (int k = 0; k < S; k++) s += y[i][k * step];
				double m = s / S;
				for (int k = 0; k < S; k++) ss += (y[i][k * step] - m) * (y[i][k * step] - m);
				double sdv = Math.sqrt(ss / S);
				for (int k = 0; k < S; k++) z[i][k] = (float) (sdv > 0 ? (y[i][k * step] - m) / sdv : 0);
			}
			double[] v = new double[N];
			Arrays.fill(v, 1 / Math.sqrt(N));
			double[] u = new double[S];
			for (int it = 0; it < 50; it++) {
				Arrays.fill(u, 0);
				for (int i = 0; i < N; i++)
					for (int k = 0; k < S; k++) u[k] += z[i][k] * v[i];
				double norm = 0;
				for (int i = 0; i < N; i++) {
					double a = 0;
					for (int k = 0; k < S; k++) a += z[i][k] * u[k];
					v[i] = a;
					norm += a * a;
				}
				norm = Math.sqrt(norm);
				if (norm == 0) break;
				for (int i = 0; i < N; i++) v[i] /= norm;
			}
			load = v;
		}
		Integer[] idx = new Integer[N];
		for (int i = 0; i < N; i++) idx[i] = i;
		final double[] l = load;
		Arrays.sort(idx, (a, b) -> Double.compare(l[b], l[a]));
		int[] out = new int[N];
		for (int i = 0; i < N; i++) out[i] = idx[i];
		return out;
	}
}
