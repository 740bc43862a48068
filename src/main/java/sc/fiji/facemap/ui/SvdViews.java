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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

import sc.fiji.facemap.svd.ProcessingResult;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;

/**
 * ImageJ views of one classic-processing result ({@link ProcessingResult}): plots of the first SVD components, of
 * motion energy and of pupil area over time; the spatial masks of each region as an image stack; a ResultsTable with
 * one row per frame. Time is in seconds when the frame rate is known, else in frames. Legends sit above the data
 * (the y range leaves room for them), so they never hide a trace.
 */
public final class SvdViews {

	/** Frame size of the plots in pixels. */
	public static final int PLOT_WIDTH = 640, PLOT_HEIGHT = 260;
	/** Components shown in the plot and the table per region. */
	public static final int PLOTTED_COMPONENTS = 5, TABLE_COMPONENTS = 10;

	private SvdViews() {}

	private static final Color[] PALETTE = { new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
		new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
		new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207) };
	/** Colour of a raw trace drawn under its smoothed version. */
	static final Color RAW = new Color(150, 150, 150);

	/** One colour per trace, readable on the white plot background (a fixed ten-colour palette, then hues). */
	public static Color color(int k, int n) {
		if (k < PALETTE.length) return PALETTE[k];
		return Color.getHSBColor((float) k / Math.max(1, n), 0.85f, 0.75f);
	}

	/** The time axis: seconds when {@code fps > 0}, else frame numbers. */
	static double[] time(ProcessingResult r) {
		double[] t = new double[r.nFrames()];
		for (int i = 0; i < t.length; i++)
			t[i] = r.fps() > 0 ? i / r.fps() : i;
		return t;
	}

	static String timeLabel(ProcessingResult r) {
		return r.fps() > 0 ? "Time (s)" : "Frame";
	}

	/** The SVD temporal components shown for a region: motion SVD if computed, else movie SVD; null if neither. */
	static Matrix components(Region g) {
		return g.motSvd() != null ? g.motSvd() : g.movSvd();
	}

	static String componentKind(Region g) {
		return g.motSvd() != null ? "motion SVD" : "movie SVD";
	}

	/**
	 * Plots of the result: the first components of each SVD region, motion energy of each region, pupil area of each
	 * pupil ROI (raw and smoothed), blink and running traces, each only when there is something to show.
	 */
	public static List<Plot> plots(ProcessingResult r, String title) {
		List<Plot> out = new ArrayList<>();
		double[] t = time(r);
		for (Region g : r.regions()) {
			Matrix v = components(g);
			if (v == null || v.cols() == 0 || v.rows() == 0) continue;
			int k = Math.min(PLOTTED_COMPONENTS, v.cols());
			Plot p = plot(title + ": " + g.name() + " " + componentKind(g), timeLabel(r), "Projection (a.u., offset per component)");
			// Facemap's GUI scales by the first component's spread; we offset each component so they do not overlap.
			double scale = std(v.column(0));
			if (!(scale > 0)) scale = 1;
			List<String> labels = new ArrayList<>();
			List<double[]> ys = new ArrayList<>();
			for (int j = 0; j < k; j++) {
				double[] y = toDouble(v.column(j));
				for (int i = 0; i < y.length; i++)
					y[i] = y[i] / scale - 4.0 * j;
				ys.add(y);
				labels.add("component " + (j + 1));
			}
			add(p, t, ys, labels);
			out.add(p);
		}
		List<double[]> motion = new ArrayList<>();
		List<String> motionLabels = new ArrayList<>();
		for (Region g : r.regions())
			if (g.motion() != null && g.motion().length > 0) {
				// per bin, so that regions of different sizes share one axis (the table keeps Facemap's sums)
				double bins = Math.max(1, bins(r, g));
				double[] m = toDouble(g.motion());
				for (int i = 0; i < m.length; i++)
					m[i] /= bins;
				motion.add(m);
				motionLabels.add(g.name());
			}
		if (!motion.isEmpty()) {
			Plot p = plot(title + ": motion energy", timeLabel(r), "Motion energy (mean |\u0394 gray| per bin)");
			add(p, t, motion, motionLabels);
			out.add(p);
		}
		for (ProcessingResult.Pupil pu : r.pupils()) {
			Plot p = plot(title + ": " + pu.roi().name() + " area", timeLabel(r), "Pupil area (pixels\u00b2)");
			add(p, t, List.of(pu.area(), pu.areaSmooth()), List.of("area", "area (smoothed)"), List.of(RAW, color(3, 4)));
			out.add(p);
		}
		List<double[]> blinks = new ArrayList<>();
		List<String> blinkLabels = new ArrayList<>();
		for (ProcessingResult.Blink b : r.blinks()) {
			blinks.add(b.values());
			blinkLabels.add(b.roi().name());
		}
		if (!blinks.isEmpty()) {
			Plot p = plot(title + ": blink", timeLabel(r), "Summed darkness (gray levels \u00d7 pixels)");
			add(p, t, blinks, blinkLabels);
			out.add(p);
		}
		for (ProcessingResult.Running ru : r.running()) {
			Plot p = plot(title + ": " + ru.roi().name(), timeLabel(r), "Shift per frame (pixels)");
			add(p, t, List.of(ru.dy(), ru.dx()), List.of("dy (rows)", "dx (columns)"));
			out.add(p);
		}
		return out;
	}

	/** Number of binned pixels a region's motion energy sums over. */
	static int bins(ProcessingResult r, Region g) {
		if (g.roi() != null) return g.binHeight() * g.binWidth();
		int n = 0;
		for (int v = 0; v < r.lyBin().length; v++)
			n += r.lyBin()[v] * r.lxBin()[v];
		return n;
	}

	/** The 99.5th percentile of |v| (a display range that a few extreme pixels do not wash out); 0 for none. */
	public static double symmetricRange(float[] v) {
		float[] a = new float[v.length];
		int n = 0;
		for (float x : v)
			if (Float.isFinite(x)) a[n++] = Math.abs(x);
		if (n == 0) return 0;
		java.util.Arrays.sort(a, 0, n);
		return a[Math.min(n - 1, (int) Math.floor(0.995 * (n - 1)))];
	}

	private static Plot plot(String title, String x, String y) {
		Plot p = new Plot(title, x, y);
		p.setFrameSize(PLOT_WIDTH, PLOT_HEIGHT);
		return p;
	}

	/** Adds lines with a legend above them: the y range gets headroom for the legend's lines. */
	private static void add(Plot p, double[] t, List<double[]> ys, List<String> labels) {
		List<Color> colors = new ArrayList<>();
		for (int i = 0; i < ys.size(); i++)
			colors.add(color(i, ys.size()));
		add(p, t, ys, labels, colors);
	}

	private static void add(Plot p, double[] t, List<double[]> ys, List<String> labels, List<Color> colors) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		StringBuilder legend = new StringBuilder();
		for (int i = 0; i < ys.size(); i++) {
			p.setColor(colors.get(i));
			p.setLineWidth(ys.size() > 1 && i == ys.size() - 1 && colors.get(0) == RAW ? 2 : 1);
			p.add("line", t, ys.get(i));
			for (double v : ys.get(i))
				if (Double.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
			legend.append(labels.get(i)).append('\n');
		}
		if (!(hi >= lo)) {
			lo = 0;
			hi = 1;
		}
		double span = hi > lo ? hi - lo : Math.max(1, Math.abs(hi));
		// legend lines are about 16 px each plus its frame and margins, in a PLOT_HEIGHT frame
		double legendFraction = Math.min(0.7, (16.0 * ys.size() + 22) / PLOT_HEIGHT);
		double top = hi + span * legendFraction / (1 - legendFraction);
		double xmax = t.length > 1 ? t[t.length - 1] : 1;
		p.setLimits(t.length > 0 ? t[0] : 0, xmax, lo - 0.03 * span, top);
		p.setColor(Color.BLACK);
		p.setLineWidth(1);
		p.setLegend(legend.toString(), Plot.TOP_RIGHT);
	}

	/**
	 * The spatial components of a region as a 32-bit stack, one slice per component (at most {@code max}): the
	 * full-frame masks laid out on the tiled binned canvas, a motion ROI's masks at its binned size. Motion masks if
	 * computed, else movie masks; null when the region has neither.
	 */
	public static ImagePlus masks(ProcessingResult r, Region g, int max, String title) {
		Matrix u = g.motMask() != null ? g.motMask() : g.movMask();
		if (u == null || u.cols() == 0) return null;
		int k = Math.min(max, u.cols());
		boolean full = g.roi() == null;
		int w = full ? r.canvasWidthBin() : g.binWidth(), h = full ? r.canvasHeightBin() : g.binHeight();
		ImageStack st = new ImageStack(w, h);
		for (int j = 0; j < k; j++) {
			float[] px = new float[w * h];
			if (full) {
				int off = 0;
				for (int v = 0; v < r.lyBin().length; v++) {
					int vh = r.lyBin()[v], vw = r.lxBin()[v];
					for (int y = 0; y < vh; y++)
						for (int x = 0; x < vw; x++) {
							int row = off + y * vw + x;
							if (row < u.rows()) px[(r.syBin()[v] + y) * w + r.sxBin()[v] + x] = u.get(row, j);
						}
					off += vh * vw;
				}
			} else {
				for (int i = 0; i < Math.min(px.length, u.rows()); i++)
					px[i] = u.get(i, j);
			}
			st.addSlice(String.format(Locale.ROOT, "%s %d", g.motMask() != null ? "motMask" : "movMask", j + 1), new FloatProcessor(w, h, px));
		}
		ImagePlus imp = new ImagePlus(title + ": " + g.name() + " masks", st);
		if (k > 0) {
			// a symmetric display range around 0 for the first component (components are signed)
			double m = symmetricRange((float[]) st.getProcessor(1).getPixels());
			if (m > 0) imp.setDisplayRange(-m, m);
		}
		imp.setProperty("Info", "Spatial SVD components (" + componentKind(g) + ") of " + g.name() + "; pixels are "
			+ r.settings().sbin() + "x" + r.settings().sbin() + " bins");
		return imp;
	}

	/** Every region's mask stack (regions without masks left out). */
	public static List<ImagePlus> masks(ProcessingResult r, int max, String title) {
		List<ImagePlus> out = new ArrayList<>();
		for (Region g : r.regions()) {
			ImagePlus imp = masks(r, g, max, title);
			if (imp != null) out.add(imp);
		}
		return out;
	}

	/**
	 * One row per frame: Frame, Time_s (when the frame rate is known), then per region its motion energy and first
	 * {@link #TABLE_COMPONENTS} SVD components, per pupil its area (pixels^2), smoothed area and centre (row, column in
	 * frame pixels), per blink ROI its value, per running ROI dy and dx (pixels/frame).
	 */
	public static ResultsTable table(ProcessingResult r) {
		int n = r.nFrames();
		ResultsTable rt = new ResultsTable(n);
		rt.setPrecision(4);
		for (int f = 0; f < n; f++) {
			rt.setValue("Frame", f, f);
			if (r.fps() > 0) rt.setValue("Time_s", f, f / r.fps());
		}
		for (Region g : r.regions()) {
			String name = column(g.name());
			if (g.motion() != null && g.motion().length == n)
				for (int f = 0; f < n; f++)
					rt.setValue("motion_" + name, f, g.motion()[f]);
			for (int pass = 0; pass < 2; pass++) {
				Matrix v = pass == 0 ? g.motSvd() : g.movSvd();
				if (v == null || v.rows() != n) continue;
				String kind = pass == 0 ? "motSVD_" : "movSVD_";
				for (int j = 0; j < Math.min(TABLE_COMPONENTS, v.cols()); j++)
					for (int f = 0; f < n; f++)
						rt.setValue(kind + name + "_" + (j + 1), f, v.get(f, j));
			}
		}
		for (ProcessingResult.Pupil p : r.pupils()) {
			String name = column(p.roi().name());
			for (int f = 0; f < n && f < p.area().length; f++) {
				rt.setValue(name + "_area", f, p.area()[f]);
				rt.setValue(name + "_area_smooth", f, p.areaSmooth()[f]);
				rt.setValue(name + "_row", f, p.com()[2 * f] + p.roi().y());
				rt.setValue(name + "_col", f, p.com()[2 * f + 1] + p.roi().x());
			}
		}
		for (ProcessingResult.Blink b : r.blinks()) {
			String name = column(b.roi().name());
			for (int f = 0; f < n && f < b.values().length; f++)
				rt.setValue(name, f, b.values()[f]);
		}
		for (ProcessingResult.Running ru : r.running()) {
			String name = column(ru.roi().name());
			for (int f = 0; f < n && f < ru.dy().length; f++) {
				rt.setValue(name + "_dy", f, ru.dy()[f]);
				rt.setValue(name + "_dx", f, ru.dx()[f]);
			}
		}
		return rt;
	}

	/** A ResultsTable-friendly column name: spaces and punctuation become '_'. */
	static String column(String name) {
		String s = name == null || name.isEmpty() ? "roi" : name.trim().replaceAll("[^A-Za-z0-9]+", "_");
		return s.isEmpty() ? "roi" : s;
	}

	static double std(float[] a) {
		double m = 0, s = 0;
		int n = 0;
		for (float v : a)
			if (Float.isFinite(v)) {
				m += v;
				n++;
			}
		if (n < 2) return 0;
		m /= n;
		for (float v : a)
			if (Float.isFinite(v)) s += (v - m) * (v - m);
		return Math.sqrt(s / (n - 1));
	}

	private static double[] toDouble(float[] a) {
		double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++)
			d[i] = a[i];
		return d;
	}
}
