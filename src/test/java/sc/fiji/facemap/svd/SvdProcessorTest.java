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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.svd.ProcH5;
import sc.fiji.facemap.svd.ProcNpy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.SyntheticVideo;

/** The default (corrected) mode on a generated video long enough for several SVD chunks and the merge. */
class SvdProcessorTest {

	static final int W = 64, H = 48, N = 700, SBIN = 2;
	static SyntheticVideo video;
	static final SvdSettings S = SvdSettings.DEFAULTS.with("sbin", SBIN).with("n_components", 40).with("svd_chunk_frames", 200).with("svd_max_chunks", 15).with("chunk_components", 50);
	static final RoiSpec MOTION = RoiSpec.of(RoiSpec.Kind.MOTION, 9, 7, 30, 21).withName("m");
	static ProcessingResult res;

	@BeforeAll
	static void setUp() {
		Random r = new Random(11);
		byte[][] frames = new byte[N][W * H];
		double a = 0;
		for (int t = 0; t < N; t++) {
			a = 0.9 * a + r.nextGaussian();
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					double v = 110 + 30 * Math.sin(x / 4.0 + 0.05 * t) * Math.cos(y / 6.0) + 8 * a * Math.exp(-((x - 20) * (x
						- 20) + (y - 15) * (y - 15)) / 50.0) + 4 * r.nextGaussian();
					frames[t][y * W + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
				}
		}
		video = new SyntheticVideo(W, H, frames);
		res = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), S, Progress.NONE);
	}

	static double[] binned(int t) {
		int lyb = H / SBIN, lxb = W / SBIN;
		double[] b = new double[lyb * lxb];
		for (int y = 0; y < lyb * SBIN; y++)
			for (int x = 0; x < lxb * SBIN; x++) b[(y / SBIN) * lxb + x / SBIN] += (video.frames[t][y * W + x] & 0xff)
				/ (double) (SBIN * SBIN);
		return b;
	}

	@Test
	void masksAreOrthonormalAndSingularValuesDescend() {
		for (Region g : res.regions()) {
			Matrix u = g.motMask();
			assertEquals(40, u.cols());
			for (int i = 0; i < 5; i++)
				for (int j = 0; j < 5; j++) {
					double d = 0;
					for (int p = 0; p < u.rows(); p++) d += (double) u.get(p, i) * u.get(p, j);
					assertEquals(i == j ? 1 : 0, d, 1e-3, g.name() + " U'U[" + i + "," + j + "]");
				}
			float[] s = g.motSv();
			for (int i = 1; i < s.length; i++) assertTrue(s[i] <= s[i - 1] * (1 + 1e-5) && s[i] > 0, "S " + i);
		}
		assertNull(res.facemapMotSv(), "only the compatible mode has Facemap's single motSv");
	}

	@Test
	void motionEnergyIsTheSumOfAbsoluteDifferencesEveryFrame() {
		float[] m = res.regions().get(0).motion();
		double[] prev = binned(0);
		for (int t = 1; t < N; t++) {
			double[] cur = binned(t);
			double sum = 0;
			for (int p = 0; p < cur.length; p++) sum += Math.abs(cur[p] - prev[p]);
			assertEquals(sum, m[t], 1e-5 * sum, "frame " + t);
			prev = cur;
		}
		assertEquals(m[1], m[0], "frame 0 repeats frame 1");
		assertTrue(m[499] > 0, "no zero at the projection chunk boundary");
		// the ROI (columns 9..38, rows 7..27): bins 4..19 x 3..13, every bin it touches
		Region roi = res.regions().get(1);
		assertEquals(4, roi.binX());
		assertEquals(3, roi.binY());
		assertEquals(16, roi.binWidth());
		assertEquals(11, roi.binHeight());
	}

	@Test
	void temporalComponentsAreProjections() {
		Region g = res.regions().get(0);
		float[] avg = res.avgMotion().get(0);
		for (int t : new int[] { 1, 250, 499, 500, 699 }) {
			double[] a = binned(t - 1), b = binned(t);
			for (int c : new int[] { 0, 1, 7 }) {
				double v = 0;
				for (int p = 0; p < a.length; p++) v += (Math.abs(b[p] - a[p]) - avg[p]) * g.motMask().get(p, c);
				assertEquals(v, g.motSvd().get(t, c), 1e-3 * Math.max(1, Math.abs(v)), "V[" + t + "," + c + "]");
			}
		}
		for (int c = 0; c < 40; c++) assertEquals(g.motSvd().get(1, c), g.motSvd().get(0, c));
	}

	@Test
	void compatibleModeKeepsFacemapsChunkBoundaryZeroAndLastRegionsSv() {
		ProcessingResult c = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), S.with("facemap_compatible", true),
			Progress.NONE);
		float[] m = c.regions().get(0).motion();
		assertEquals(0f, m[499]);
		assertEquals(res.regions().get(0).motion()[2], m[1], 1e-3f, "forward differences in the first chunk");
		assertEquals(res.regions().get(0).motion()[600], m[600], 1e-3f, "backward differences after it");
		assertArrayEquals(c.regions().get(1).motSv(), c.facemapMotSv(), "singular values of the last ROI");
		// Facemap's ROI bins: arange(floor(7/2), floor(27/2)) = 3..12, arange(floor(9/2), 38/2) = 4..18
		assertEquals(10, c.regions().get(1).binHeight());
		assertEquals(15, c.regions().get(1).binWidth());
	}

	@Test
	void motionEnergyAloneWithoutSvd() {
		ProcessingResult m = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), S.with("motsvd", false).with("movsvd", false),
			Progress.NONE);
		assertNull(m.regions().get(0).motSvd());
		assertNull(m.regions().get(0).motMask());
		assertArrayEquals(res.regions().get(0).motion(), m.regions().get(0).motion());
		assertArrayEquals(res.regions().get(1).motion(), m.regions().get(1).motion());
	}

	@Test
	void roisOnlyWithoutTheFullFrame() {
		ProcessingResult m = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), S.with("full_frame", false),
			Progress.NONE);
		assertNull(m.regions().get(0));
		assertEquals(2, m.regions().size());
		assertEquals(res.regions().get(1).motMask().rows(), m.regions().get(1).motMask().rows());
	}

	@Test
	void shortRecordingDecodedOnceGivesTheSameResult() {
		SvdSettings one = S.with("svd_chunk_frames", 1000).with("svd_max_chunks", 15).with("chunk_components", 250).with("motsvd", true).with("movsvd", true);
		ProcessingResult cached = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), one, Progress.NONE);
		int reads = video.reads.get();
		SvdProcessor.cacheShortRecordings = false;
		ProcessingResult plain;
		try {
			plain = SvdProcessor.process(List.of(video), List.of(), List.of(MOTION), one, Progress.NONE);
		}
		finally {
			SvdProcessor.cacheShortRecordings = true;
		}
		assertTrue(video.reads.get() - reads > 2 * N, "three passes read the video more than twice");
		for (int i = 0; i < 2; i++) {
			Region a = cached.regions().get(i), b = plain.regions().get(i);
			assertArrayEquals(b.motion(), a.motion());
			assertArrayEquals(b.motMask().data(), a.motMask().data());
			assertArrayEquals(b.motSvd().data(), a.motSvd().data());
			assertArrayEquals(b.movSvd().data(), a.movSvd().data());
		}
		assertArrayEquals(plain.avgFrame().get(0), cached.avgFrame().get(0));
	}

	@Test
	void roiOutsideTheFrameNamesTheVideo() {
		FacemapException e = assertThrows(FacemapException.class, () -> SvdProcessor.process(List.of(video), List.of(),
			List.of(RoiSpec.of(RoiSpec.Kind.PUPIL, 50, 40, 30, 20)), S, Progress.NONE));
		assertTrue(e.getMessage().contains(video.path().toString()) && e.getMessage().contains("outside"), e.getMessage());
	}

	static byte[] readAll(Path p) {
		try {
			return Files.readAllBytes(p);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void procNpyAndH5RoundTrip(@TempDir Path dir) {
		Path npy = dir.resolve("x_proc.npy"), h5 = dir.resolve("x_proc.h5");
		ProcNpy.write(npy, res);
		ProcH5.write(h5, res);
		if (System.getProperty("facemap.keepH5") != null) sc.fiji.facemap.io.AtomicFiles.writeBytes(Path.of(System.getProperty("facemap.keepH5")), readAll(h5));
		ProcNpy.Contents c = ProcNpy.read(npy);
		assertEquals(SBIN, c.sbin());
		assertEquals(2, c.count("motSVD"));
		Tensor v = c.motSvd(0);
		assertArrayEquals(new long[] { N, 40 }, v.shape());
		assertArrayEquals(res.regions().get(0).motSvd().data(), v.floats());
		assertArrayEquals(res.regions().get(1).motion(), c.motion(1).floats());
		assertArrayEquals(new long[] { H / SBIN, W / SBIN, 40 }, ((Tensor) ((List<?>) c.dict().get("motMask_reshape")).get(0))
			.shape());
		assertArrayEquals(res.regions().get(0).motSvd().data(), ProcH5.readFloats(h5, "motSVD/0"));
		assertArrayEquals(res.regions().get(1).motion(), ProcH5.readFloats(h5, "motion/1"));
		assertTrue(Files.exists(npy) && Files.exists(h5));
		assertThrows(FacemapException.class, () -> ProcNpy.read(h5));
	}
}
