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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.viewer.TimeWindow;
import sc.fiji.facemap.viewer.Trace;
import sc.fiji.facemap.viewer.TraceRow;
import sc.fiji.facemap.viewer.Traces;

/**
 * Issue 11 (plots): the trace figure draws one axes per row, its legend outside the data, a cursor at the current
 * frame, the same picture as PNG and SVG, and an hour-long series with a bounded number of points.
 */
class TraceFigureTest {

	static List<TraceRow> rows() {
		Keypoints kp = new Keypoints(KeypointSet.facemap(), 200);
		for (int f = 0; f < 200; f++)
			for (int k = 0; k < 15; k++) kp.set(f, k, (float) (300 + 20 * Math.sin(f / 10.0 + k)), 200 + k, 1);
		return Traces.keypointRows(kp, 0, Traces.Coordinates.BOTH, k -> true);
	}

	@Test
	void legendsAreOutsideTheDataAndTheCursorIsAtTheFrame() {
		List<TraceRow> rows = rows();
		int w = 900, h = 800;
		TraceFigure fig = new TraceFigure(rows, TimeWindow.all(200), 120, 25, null);
		BufferedImage img = fig.image(w, h);
		double[] b = fig.rowBox(0, w, h);
		// nothing coloured by a series right of the axes except the legend, and the legend is right of the axes box
		SvgSketchProbe probe = new SvgSketchProbe(w, h);
		fig.paint(probe, w, h);
		for (double[] t : probe.texts) {
			if (t[1] > b[1] + b[3] * rows.size() + TraceFigure.GAP * rows.size()) continue; // the time axis
			assertTrue(t[0] < b[0] || t[0] > b[0] + b[2], "text at x=" + t[0] + " is outside the axes");
		}
		int x = (int) Math.floor(fig.xOf(120, w));
		for (int i = 0; i < rows.size(); i++) {
			double[] r = fig.rowBox(i, w, h);
			int y = (int) (r[1] + r[3] / 2);
			int p = img.getRGB(x, y) & 0xffffff;
			assertTrue(((p >> 16) & 255) < 80 && ((p >> 8) & 255) < 80 && (p & 255) < 80, "cursor in row " + i + ": "
				+ Integer.toHexString(p));
		}
		assertEquals(120, fig.frameAt(fig.xOf(120, w), w));
	}

	@Test
	void svgIsWellFormedAndHasOneAxesPerRow(@TempDir Path dir) throws Exception {
		List<TraceRow> rows = rows();
		TraceFigure fig = new TraceFigure(rows, TimeWindow.all(200), -1, 25, "demo & <test>");
		Path svg = dir.resolve("f.svg"), png = dir.resolve("f.png");
		fig.save(svg, 1000, fig.heightFor(60));
		fig.save(png, 1000, fig.heightFor(60));
		Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(Files
			.readAllBytes(svg)));
		NodeList texts = d.getElementsByTagName("text");
		int titles = 0;
		for (int i = 0; i < texts.getLength(); i++) if (texts.item(i).getTextContent().endsWith("(px)")) titles++;
		assertEquals(rows.size(), titles, "one titled axes per row");
		assertTrue(Files.readString(svg, StandardCharsets.UTF_8).contains("demo &amp; &lt;test&gt;"));
		assertEquals(1000, ImageIO.read(png.toFile()).getWidth());
		assertThrows(FacemapException.class, () -> fig.save(dir.resolve("f.pdf"), 100, 100));
	}

	@Test
	void anHourLongSeriesIsDrawnWithABoundedNumberOfPoints() {
		int n = 50 * 3600;
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) Math.sin(i / 100.0);
		v[n / 2] = 50; // a one-frame spike must survive the decimation
		TraceRow row = new TraceRow("t", "spike", "a.u.", List.of(new Trace("s", 0x1F5FBF, v, 0)));
		TraceFigure fig = new TraceFigure(List.of(row), TimeWindow.all(n), n / 3, 50, null);
		SvgSketchProbe probe = new SvgSketchProbe(1000, 200);
		fig.paint(probe, 1000, 200);
		assertTrue(probe.points > 0 && probe.points <= 2 * 1000, probe.points + " points for " + n + " frames");
		double[] b = fig.rowBox(0, 1000, 200);
		assertTrue(probe.minY <= b[1] + 0.1 * b[3], "the spike reaches the top of the axes");
	}

	/** Records what a figure draws. */
	static final class SvgSketchProbe implements Sketch {
		final List<double[]> texts = new java.util.ArrayList<>();
		int points;
		double minY = Double.POSITIVE_INFINITY;
		final SvgSketch svg;

		SvgSketchProbe(int w, int h) {
			svg = new SvgSketch(w, h);
		}

		@Override
		public void color(int rgb) {}

		@Override
		public void stroke(float width, boolean dashed) {}

		@Override
		public void line(double x1, double y1, double x2, double y2) {}

		@Override
		public void polyline(double[] xs, double[] ys, int n) {
			points += n;
			for (int i = 0; i < n; i++) minY = Math.min(minY, ys[i]);
		}

		@Override
		public void rect(double x, double y, double w, double h, boolean fill) {}

		@Override
		public void text(String s, double x, double y, float size, boolean bold, Align align) {
			texts.add(new double[] { x, y });
		}

		@Override
		public double textWidth(String s, float size, boolean bold) {
			return svg.textWidth(s, size, bold);
		}
	}
}
