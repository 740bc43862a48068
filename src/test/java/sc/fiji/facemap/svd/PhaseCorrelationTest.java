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

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.SyntheticVideo;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.FfmpegVideoSource;

/** Running by phase correlation recovers known sub-pixel shifts of a shifted real frame of the demo video. */
class PhaseCorrelationTest {

	static final int N = 256, ROI = 160;
	// shifts between consecutive frames (rows, columns)
	static final double[][] SHIFTS = { { 1.3, -0.7 }, { -2.5, 0.4 }, { 0, 0 }, { 3.25, 2.75 }, { -0.5, -4.1 },
		{ 6.0, -3.0 } };

	/** A 256 x 256 window of frame 100 (snout and whiskers, textured), as floats. */
	static float[] window() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(TestData.demoVideo())) {
			byte[] f = v.read(100);
			float[] w = new float[N * N];
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) w[y * N + x] = f[(150 + y) * v.width() + 500 + x] & 0xff;
			return w;
		}
	}

	/** Band-limited (Fourier) circular shift of an N x N image by (dy, dx): content moves toward +row, +column. */
	static float[] shift(NDManager m, float[] img, double dy, double dx) {
		float[] ph = new float[N * N * 2];
		for (int r = 0; r < N; r++)
			for (int c = 0; c < N; c++) {
				double ky = r < N / 2 ? r : r - N, kx = c < N / 2 ? c : c - N;
				double a = -2 * Math.PI * (ky * dy + kx * dx) / N;
				ph[(r * N + c) * 2] = (float) Math.cos(a);
				ph[(r * N + c) * 2 + 1] = (float) Math.sin(a);
			}
		try (NDManager s = m.newSubManager()) {
			NDArray f = s.create(img, new Shape(N, N)).fft2(new long[] { N, N }, new long[] { 0, 1 });
			NDArray p = s.create(ph, new Shape(N, N, 2)).complex();
			return PhaseCorrelation.re(f.mul(p).ifft2(new long[] { N, N }, new long[] { 0, 1 })).toFloatArray();
		}
	}

	static float[] center(float[] img) {
		float[] out = new float[ROI * ROI];
		int o = (N - ROI) / 2;
		for (int y = 0; y < ROI; y++) System.arraycopy(img, (o + y) * N + o, out, y * ROI, ROI);
		return out;
	}

	@Test
	void recoversSubPixelShiftsOfARealFrame() {
		float[] base = window();
		try (NDManager m = NDManager.newBaseManager()) {
			float[][] frames = new float[SHIFTS.length + 1][];
			double cy = 0, cx = 0;
			frames[0] = center(shift(m, base, 0, 0));
			for (int i = 0; i < SHIFTS.length; i++) {
				cy += SHIFTS[i][0];
				cx += SHIFTS[i][1];
				frames[i + 1] = center(shift(m, base, cy, cx));
			}
			double[] dy = new double[frames.length], dx = new double[frames.length];
			try (PhaseCorrelation pc = new PhaseCorrelation(m, ROI, ROI, true)) {
				// two calls: the second continues from the first call's last frame
				pc.process(java.util.Arrays.copyOf(frames, 3), dy, dx);
				double[] dy2 = new double[frames.length - 3], dx2 = new double[frames.length - 3];
				pc.process(java.util.Arrays.copyOfRange(frames, 3, frames.length), dy2, dx2);
				System.arraycopy(dy2, 0, dy, 3, dy2.length);
				System.arraycopy(dx2, 0, dx, 3, dx2.length);
			}
			assertEquals(0, dy[0]);
			assertEquals(0, dx[0]);
			double worst = 0;
			StringBuilder sb = new StringBuilder();
			for (int i = 0; i < SHIFTS.length; i++) {
				double ey = Math.abs(dy[i + 1] - SHIFTS[i][0]), ex = Math.abs(dx[i + 1] - SHIFTS[i][1]);
				worst = Math.max(worst, Math.max(ey, ex));
				sb.append(String.format(Locale.ROOT, "true (%.2f, %.2f) found (%.3f, %.3f)%n", SHIFTS[i][0], SHIFTS[i][1],
					dy[i + 1], dx[i + 1]));
			}
			System.out.printf(Locale.ROOT, "phase correlation, worst error %.3f px:%n%s", worst, sb);
			assertTrue(worst < 0.2, sb.toString());

			// integer mode (Facemap's taper, smoothing and argmax): whole pixels, within 1.5 px (its narrow taper pulls
			// toward 0)
			double[] iy = new double[frames.length], ix = new double[frames.length];
			try (PhaseCorrelation pc = new PhaseCorrelation(m, ROI, ROI, false)) {
				pc.process(frames, iy, ix);
			}
			for (int i = 0; i < SHIFTS.length; i++) {
				assertTrue(Math.abs(iy[i + 1] - SHIFTS[i][0]) <= 1.5, "integer dy " + iy[i + 1]);
				assertEquals(Math.rint(iy[i + 1]), iy[i + 1]);
				assertTrue(Math.abs(ix[i + 1] - SHIFTS[i][1]) <= 1.5, "integer dx " + ix[i + 1]);
				assertEquals(Math.rint(ix[i + 1]), ix[i + 1]);
			}
		}
	}

	@Test
	void runningRoiThroughThePipeline() {
		// a texture moving 2 rows down and 1 column left per frame, through SvdProcessor
		int w = 96, h = 80, n = 12;
		java.util.Random rnd = new java.util.Random(3);
		int big = 200;
		float[] tex = new float[big * big];
		for (int i = 0; i < tex.length; i++) tex[i] = rnd.nextInt(200);
		// smooth the texture a little so that it is band-limited
		float[] sm = new float[big * big];
		for (int y = 1; y < big - 1; y++)
			for (int x = 1; x < big - 1; x++) {
				float s = 0;
				for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) s += tex[(y + a) * big + x + b];
				sm[y * big + x] = s / 9;
			}
		byte[][] frames = new byte[n][w * h];
		for (int t = 0; t < n; t++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) frames[t][y * w + x] = (byte) Math.round(sm[(50 + y - 2 * t) * big + 50 + x + t]);
		SyntheticVideo v = new SyntheticVideo(w, h, frames);
		RoiSpec run = RoiSpec.of(RoiSpec.Kind.RUNNING, 8, 8, 80, 64);
		ProcessingResult r = SvdProcessor.process(List.of(v), List.of(), List.of(run), SvdSettings.DEFAULTS.with("motsvd", false).with("movsvd", false).with("motion_energy", false).with("sbin", 1), Progress.NONE);
		ProcessingResult.Running rr = r.running().get(0);
		assertEquals(0, rr.dy()[0]);
		for (int t = 1; t < n; t++) {
			assertEquals(2, rr.dy()[t], 0.15, "dy at " + t);
			assertEquals(-1, rr.dx()[t], 0.15, "dx at " + t);
		}
	}
}
