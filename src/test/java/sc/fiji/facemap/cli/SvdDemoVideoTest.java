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
package sc.fiji.facemap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.testutil.TestData;

/**
 * {@code facemap svd} end to end: the issue's command on the demo video (749 frames, bin size 4) with a pupil ROI
 * around the eye and a motion ROI on the whiskers, run once for the class (about 45 s on 2 cores): Facemap's keys,
 * the pupil against pupillometry-matlab's radii, and the skip on rerun.
 */
class SvdDemoVideoTest {

	/** The pupil ROI on the demo video: the ellipse inside this box covers the iris; only pixels darker than 65 count. */
	static final String PUPIL = "pupil:300,238,112,80,saturation=65";
	static final String WHISKERS = "motion:420,250,200,150";

	@TempDir
	static Path tmp;
	static Path npy;
	static String[] first;

	@BeforeAll
	static void processTheDemoVideo() {
		Path out = tmp.resolve("out");
		first = SvdCommandTest.run("svd", TestData.demoVideo().toString(), "--sbin", "4", "--roi", PUPIL, "--roi", WHISKERS, "--out", out.toString());
		npy = out.resolve("sample_video_proc.npy");
	}

	@Test
	void writesFacemapsKeysThatReadBack() {
		assertEquals("0", first[0], first[1] + first[2]);
		assertTrue(first[1].contains("749 frames") && first[1].contains(npy.toString()), first[1]);
		Map<String, Object> d = Npy.readDict(npy);
		for (String k : List.of("filenames", "save_path", "Ly", "Lx", "sbin", "fullSVD", "save_mat", "Lybin", "Lxbin", "sybin", "sxbin", "LYbin",
			"LXbin", "avgframe", "avgmotion", "avgframe_reshape", "avgmotion_reshape", "motion", "motSVD", "movSVD", "motMask", "movMask",
			"motMask_reshape", "movMask_reshape", "motSv", "movSv", "pupil", "blink", "running", "rois", "sy", "sx"))
			assertTrue(d.containsKey(k), "missing key " + k + " in " + d.keySet());
		assertEquals(List.of(480L), longs(d.get("Ly")));
		assertEquals(List.of(800L), longs(d.get("Lx")));
		assertEquals(4L, ((Number) d.get("sbin")).longValue());
		List<?> motSvd = (List<?>) d.get("motSVD"), motMask = (List<?>) d.get("motMask"), motion = (List<?>) d.get("motion");
		assertEquals(2, motSvd.size()); // full frame + the motion ROI
		assertArrayEquals(new long[] { 749, 500 }, ((Tensor) motSvd.get(0)).shape());
		assertArrayEquals(new long[] { 120 * 200, 500 }, ((Tensor) motMask.get(0)).shape());
		assertArrayEquals(new long[] { 749 }, ((Tensor) motion.get(1)).shape());
		Tensor avg = (Tensor) ((List<?>) d.get("avgframe")).get(0);
		assertArrayEquals(new long[] { 120 * 200 }, avg.shape());
		float[] a = avg.floats();
		double mean = 0;
		for (float v : a)
			mean += v / a.length;
		assertTrue(mean > 20 && mean < 235, "mean frame gray level " + mean);
		assertInstanceOf(Map.class, ((List<?>) d.get("pupil")).get(0));
	}

	/**
	 * Python's verdict (scripts/reference/check_svd_cli.py, numpy 1.26) on the issue's command's output: it loaded
	 * and had Facemap's keys and shapes; the keys and the full-frame shapes Java writes now are those it checked.
	 */
	@Test
	void numpyLoadedTheIssuesCommandOutput() throws Exception {
		JsonObject v = JsonParser.parseString(Files.readString(Paths.get("src/test/resources/reference/svd-cli/python_check.json"))).getAsJsonObject();
		assertTrue(v.get("passed").getAsBoolean(), v.get("checks").toString());
		assertEquals(0, v.getAsJsonArray("missing_facemap_keys").size());
		java.util.Set<String> checked = new java.util.TreeSet<>();
		for (com.google.gson.JsonElement k : v.getAsJsonArray("keys"))
			checked.add(k.getAsString());
		Map<String, Object> d = Npy.readDict(npy);
		assertEquals(checked, new java.util.TreeSet<>(d.keySet()));
		JsonArray shape = v.getAsJsonObject("structure").getAsJsonObject("motSVD").getAsJsonArray("items").get(0).getAsJsonObject().getAsJsonArray("shape");
		long[] ours = ((Tensor) ((List<?>) d.get("motSVD")).get(0)).shape();
		assertEquals(List.of(shape.get(0).getAsLong(), shape.get(1).getAsLong()), List.of(ours[0], ours[1]));
	}

	@Test
	void pupilRadiusFollowsPupillometryMatlab() {
		// 124 radii from pupillometry-matlab (MATLAB frame numbers 6, 12, ..., 744, 1-based) on the same video
		Tensor ref = Npy.readTensor(Paths.get("src/test/resources/reference/pupil-radii/sample_video_radii.npy"));
		double[] r = ref.doubles();
		int n = (int) ref.shape()[0];
		Map<?, ?> pupil = (Map<?, ?>) ((List<?>) Npy.readDict(npy).get("pupil")).get(0);
		double[] area = ((Tensor) pupil.get("area")).doubles();
		assertEquals(749, area.length);
		double[] ours = new double[n], theirs = new double[n];
		for (int i = 0; i < n; i++) {
			ours[i] = Math.sqrt(area[(int) r[2 * i] - 1] / Math.PI);
			theirs[i] = r[2 * i + 1];
			assertTrue(Double.isFinite(ours[i]), "no pupil fit at frame " + ((int) r[2 * i] - 1));
		}
		double c = correlation(ours, theirs);
		System.out.printf("pupil radius vs pupillometry-matlab: r = %.4f over %d frames%n", c, n);
		assertTrue(c >= 0.9, "correlation " + c);
	}

	@Test
	void rerunSkipsTheDoneVideo() throws Exception {
		FileTime before = Files.getLastModifiedTime(npy);
		String[] again = SvdCommandTest.run("svd", TestData.demoVideo().toString(), "--sbin", "4", "--roi", PUPIL, "--roi", WHISKERS, "--out", npy.getParent()
			.toString());
		assertEquals("0", again[0], again[2]);
		assertTrue(again[1].contains("skipped, already done"), again[1]);
		assertEquals(before, Files.getLastModifiedTime(npy));
		// the run record holds the settings and ROIs, no file name
		JsonObject rec = JsonParser.parseString(Files.readString(npy.resolveSibling("sample_video_proc.json"))).getAsJsonObject();
		assertEquals(4, rec.getAsJsonObject("svd").get("sbin").getAsInt());
		JsonArray rois = rec.getAsJsonArray("rois");
		assertEquals(2, rois.size());
		assertTrue(!rec.toString().contains("sample_video.mp4"), rec.toString());
	}

	private static List<Long> longs(Object o) {
		if (o instanceof List) return ((List<?>) o).stream().map(x -> ((Number) x).longValue()).toList();
		if (o instanceof Tensor) return java.util.Arrays.stream(((Tensor) o).longs()).boxed().toList();
		throw new AssertionError("not a list: " + o);
	}

	static double correlation(double[] x, double[] y) {
		double mx = 0, my = 0;
		for (int i = 0; i < x.length; i++) {
			mx += x[i] / x.length;
			my += y[i] / y.length;
		}
		double sxy = 0, sxx = 0, syy = 0;
		for (int i = 0; i < x.length; i++) {
			sxy += (x[i] - mx) * (y[i] - my);
			sxx += (x[i] - mx) * (x[i] - mx);
			syy += (y[i] - my) * (y[i] - my);
		}
		return sxy / Math.sqrt(sxx * syy);
	}
}
