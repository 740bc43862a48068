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
package sc.fiji.facemap.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.svd.ProcNpy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.FfmpegVideoSource;

/**
 * Parity with the real Facemap 1.0.8 (fixture: scripts/reference/make_svd_fixtures.py) in Facemap-compatible mode,
 * on a lossless 200-frame clip of the demo video, bin size 4, one motion ROI and one pupil ROI with a reflector.
 */
class SvdParityTest {

	static final Path DIR = Paths.get("src/test/resources/reference/svd");
	static final Path FROM_JAVA = Paths.get("src/test/resources/reference/from-java-svd");
	static Map<String, Object> ref;
	static ProcessingResult ours;

	static List<RoiSpec> rois() {
		RoiSpec motion = RoiSpec.of(RoiSpec.Kind.MOTION, 180, 60, 100, 120).withName("motion 1");
		RoiSpec pupil = new RoiSpec(RoiSpec.Kind.PUPIL, "pupil 1", 0, 50, 72, 80, 76, 70, 2.0, false,
			List.of(new RoiSpec.Ellipse(35, 29, 22, 18)));
		return List.of(motion, pupil);
	}

	static ProcessingResult run(SvdSettings s) {
		try (FfmpegVideoSource v = new FfmpegVideoSource(DIR.resolve("clip.avi"))) {
			return SvdProcessor.process(List.of(v), List.of(List.of(DIR.resolve("clip.avi"))), rois(), s, Progress.NONE);
		}
	}

	@BeforeAll
	static void setUp() throws Exception {
		ref = Npy.readDict(DIR.resolve("facemap_proc.npy"));
		ours = run(SvdSettings.DEFAULTS.with("sbin", 4).with("motsvd", true).with("movsvd", true).with("facemap_compatible", true));
	}

	@Test
	void clipDecodesToOpenCvsPixels() throws Exception {
		List<String> lines = Files.readAllLines(DIR.resolve("clip_gray_md5.txt"));
		MessageDigest md = MessageDigest.getInstance("MD5");
		try (FfmpegVideoSource v = new FfmpegVideoSource(DIR.resolve("clip.avi"))) {
			assertEquals(lines.size(), v.frameCount());
			for (String line : lines) {
				String[] p = line.trim().split("\\s+");
				byte[] f = v.read(Integer.parseInt(p[0]));
				StringBuilder hex = new StringBuilder();
				for (byte b : md.digest(f)) hex.append(String.format("%02x", b));
				assertEquals(p[1], hex.toString(), "frame " + p[0]);
			}
		}
	}

	static long num(Object o) {
		if (o instanceof Number) return ((Number) o).longValue();
		if (o instanceof Tensor) return ((Tensor) o).longs()[0];
		if (o instanceof List) return num(((List<?>) o).get(0));
		throw new AssertionError("not a number: " + o);
	}

	static long[] longs(Object o) {
		if (o instanceof Tensor) return ((Tensor) o).longs();
		List<?> l = (List<?>) o;
		long[] a = new long[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = num(l.get(i));
		return a;
	}

	static Tensor at(String key, int i) {
		return (Tensor) ((List<?>) ref.get(key)).get(i);
	}

	@Test
	void sizesAndBinsExactly() {
		assertEquals(num(ref.get("Ly")), ours.ly()[0]);
		assertEquals(num(ref.get("Lx")), ours.lx()[0]);
		assertEquals(num(ref.get("sbin")), ours.settings().sbin());
		assertEquals(longs(ref.get("Lybin"))[0], ours.lyBin()[0]);
		assertEquals(longs(ref.get("Lxbin"))[0], ours.lxBin()[0]);
		assertEquals(longs(ref.get("sybin"))[0], ours.syBin()[0]);
		assertEquals(longs(ref.get("sxbin"))[0], ours.sxBin()[0]);
		assertEquals(num(ref.get("LYbin")), ours.canvasHeightBin());
		assertEquals(num(ref.get("LXbin")), ours.canvasWidthBin());
		Region roi = ours.regions().get(1);
		long[] yb = ((Tensor) ref.get("yrange_bin")).longs(), xb = ((Tensor) ref.get("xrange_bin")).longs();
		assertEquals(yb.length, roi.binHeight());
		assertEquals(xb.length, roi.binWidth());
		assertEquals(yb[0], roi.binY());
		assertEquals(xb[0], roi.binX());
		// masks: same numbers of pixels and components as Facemap
		List<?> shapes = (List<?>) ref.get("motMask_shape");
		for (int i = 0; i < 2; i++) {
			long[] sh = longs(shapes.get(i));
			assertEquals(sh[0], ours.regions().get(i).motMask().rows(), "motMask " + i + " rows");
			assertEquals(sh[1], ours.regions().get(i).motMask().cols(), "motMask " + i + " cols");
		}
	}

	static double relMax(float[] a, float[] b) {
		assertEquals(b.length, a.length);
		double d = 0, m = 0;
		for (int i = 0; i < a.length; i++) {
			d = Math.max(d, Math.abs(a[i] - b[i]));
			m = Math.max(m, Math.abs(b[i]));
		}
		return d / m;
	}

	@Test
	void meanFrameAndMotion() {
		double ef = relMax(ours.avgFrame().get(0), at("avgframe", 0).floats());
		double em = relMax(ours.avgMotion().get(0), at("avgmotion", 0).floats());
		System.out.printf(Locale.ROOT, "parity: avgframe rel %.2e, avgmotion rel %.2e%n", ef, em);
		assertTrue(ef < 1e-3, "avgframe " + ef);
		assertTrue(em < 1e-3, "avgmotion " + em);
	}

	@Test
	void motionEnergy() {
		for (int i = 0; i < 2; i++) {
			float[] r = at("motion", i).floats();
			float[] o = ours.regions().get(i).motion();
			double e = relMax(o, r);
			System.out.printf(Locale.ROOT, "parity: motion[%d] rel %.2e (M[199] = %s, Facemap %s)%n", i, e, o[199], r[199]);
			assertTrue(e < 1e-4, "motion " + i + ": " + e);
			assertEquals(0f, o[199], "the chunk-boundary zero of Facemap's first chunk");
		}
	}

	static double corr(float[] a, float[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < a.length; i++) {
			sab += (a[i] - ma) * (b[i] - mb);
			saa += (a[i] - ma) * (a[i] - ma);
			sbb += (b[i] - mb) * (b[i] - mb);
		}
		return Math.abs(sab) / Math.sqrt(saa * sbb);
	}

	static float[] refColumn(Tensor t, int c) {
		long[] sh = t.shape();
		float[] f = t.floats(), out = new float[(int) sh[0]];
		for (int r = 0; r < sh[0]; r++) out[r] = f[(int) (r * sh[1] + c)];
		return out;
	}

	@Test
	void firstTenSpatialComponentsUpToSign() {
		StringBuilder sb = new StringBuilder();
		double worst = 1;
		for (String key : new String[] { "motMask", "movMask" })
			for (int i = 0; i < 2; i++) {
				Matrix m = key.equals("motMask") ? ours.regions().get(i).motMask() : ours.regions().get(i).movMask();
				Tensor t = at(key, i);
				for (int c = 0; c < 10; c++) {
					double r = corr(m.column(c), refColumn(t, c));
					worst = Math.min(worst, r);
					if (r < 0.99) sb.append(String.format(Locale.ROOT, "%s[%d] component %d: r = %.4f%n", key, i, c, r));
				}
			}
		System.out.printf(Locale.ROOT, "parity: worst |r| of the first 10 masks = %.6f%n", worst);
		assertTrue(sb.length() == 0, sb.toString());
	}

	@Test
	void temporalComponentsFollowTheMasks() {
		// V = (motion - avgmotion) . (U S): same up to sign as Facemap's
		double worst = 1;
		for (int i = 0; i < 2; i++)
			for (int c = 0; c < 10; c++) worst = Math.min(worst, corr(ours.regions().get(i).motSvd().column(c),
				refColumn(at("motSVD", i), c)));
		System.out.printf(Locale.ROOT, "parity: worst |r| of the first 10 motSVD traces = %.6f%n", worst);
		assertTrue(worst > 0.99, "motSVD " + worst);
	}

	@Test
	void pupilAreaWithinOnePercent() {
		Map<?, ?> p = (Map<?, ?>) ((List<?>) ref.get("pupil")).get(0);
		double[] r = ((Tensor) p.get("area")).doubles();
		double[] o = ours.pupils().get(0).area();
		double worst = 0;
		int compared = 0;
		for (int t = 0; t < r.length; t++) {
			if (Double.isNaN(r[t])) continue;
			worst = Math.max(worst, Math.abs(o[t] - r[t]) / r[t]);
			compared++;
		}
		double[] rc = ((Tensor) p.get("com")).doubles(), oc = ours.pupils().get(0).com();
		double comErr = 0;
		for (int i = 0; i < rc.length; i++) if (!Double.isNaN(rc[i])) comErr = Math.max(comErr, Math.abs(rc[i] - oc[i]));
		System.out.printf(Locale.ROOT, "parity: pupil area max rel %.2e over %d frames, centre max %.2e px%n", worst,
			compared, comErr);
		assertTrue(compared > 190);
		assertTrue(worst < 0.01, "pupil area " + worst);
	}

	/** Writes from-java-svd/clip_proc.npy for the Python check (-Dfacemap.writeReference=true), then checks its verdict. */
	@Test
	void pythonLoadsOurProcNpy() throws Exception {
		Path out = FROM_JAVA.resolve("clip_proc.npy");
		if (Boolean.getBoolean("facemap.writeReference")) {
			Files.createDirectories(FROM_JAVA);
			// 20 components keep the committed file small; everything else as the parity run
			ProcessingResult small = run(SvdSettings.DEFAULTS.with("sbin", 4).with("motsvd", true).with("movsvd", false).with("facemap_compatible", true)
				.with("n_components", 20));
			ProcNpy.write(out, small);
		}
		ProcNpy.Contents c = ProcNpy.read(out);
		assertEquals(4, c.sbin());
		assertEquals(2, c.count("motSVD"));
		JsonObject verdict = JsonParser.parseString(Files.readString(FROM_JAVA.resolve("python_check.json")))
			.getAsJsonObject();
		assertTrue(verdict.get("loaded").getAsBoolean());
		assertTrue(verdict.get("passed").getAsBoolean(), verdict.toString());
	}
}
