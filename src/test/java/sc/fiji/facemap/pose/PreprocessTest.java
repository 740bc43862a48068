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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.keypoints.KeypointSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;

/** Preprocessing (normalisation, crop, pad, resize) and heatmap decoding against hand-computed values. */
class PreprocessTest {

	@Test
	void squarePadsFollowFacemapsOddRule() {
		assertArrayEquals(new int[] { 0, 0, 0, 0 }, CropGeometry.squarePads(50, 50));
		// taller than wide by an even amount: columns padded 10/10 -> (cols_before, cols_after, rows_before, rows_after)
		assertArrayEquals(new int[] { 10, 10, 0, 0 }, CropGeometry.squarePads(120, 100));
		assertArrayEquals(new int[] { 0, 0, 10, 10 }, CropGeometry.squarePads(100, 120));
		// odd difference: L = 121, smaller side 10/10, larger side 0/1
		assertArrayEquals(new int[] { 0, 1, 10, 10 }, CropGeometry.squarePads(101, 120));
		assertArrayEquals(new int[] { 10, 10, 0, 1 }, CropGeometry.squarePads(120, 101));
		// 10 x 5: difference 5 is odd -> L = 11: columns 3/3, rows 0/1
		assertArrayEquals(new int[] { 3, 3, 0, 1 }, CropGeometry.squarePads(10, 5));
	}

	@Test
	void bboxMustBeInsideTheFrame() {
		assertThrows(FacemapException.class, () -> CropGeometry.of(100, 200, new int[] { 0, 101, 0, 10 }, 256));
		assertThrows(FacemapException.class, () -> CropGeometry.of(100, 200, new int[] { -1, 50, 0, 10 }, 256));
		assertThrows(FacemapException.class, () -> CropGeometry.of(100, 200, new int[] { 10, 10, 0, 10 }, 256));
		FacemapException e = assertThrows(FacemapException.class, () -> CropGeometry.of(100, 200, new int[] { 0, 50, 150, 250 }, 256));
		assertTrue(e.getMessage().contains("200x100"), e.getMessage());
		CropGeometry g = CropGeometry.of(100, 200, null, 256);
		assertArrayEquals(new int[] { 0, 100, 0, 200 }, g.bbox());
	}

	@Test
	void backProjection() {
		CropGeometry g = CropGeometry.of(480, 640, new int[] { 10, 110, 20, 140 }, 256); // 100 x 120 -> rows padded 10/10
		assertEquals(120, g.paddedHeight());
		assertEquals(120, g.paddedWidth());
		assertEquals(128f * 120 / 256 + 20, g.toFrameX(128f), 1e-5);
		assertEquals(128f * 120 / 256 - 10 + 10, g.toFrameY(128f), 1e-5);
		assertEquals(-10f + 10, g.toFrameY(0f), 1e-6);
	}

	@Test
	void quantileLikeTorch() {
		long[] hist = new long[256];
		for (int v = 0; v < 100; v++) hist[v] = 1; // values 0..99
		assertEquals(0.99f, FramePreprocessor.quantile(hist, 100, 0.01f), 1e-6);
		assertEquals(98.01f, FramePreprocessor.quantile(hist, 100, 0.99f), 1e-4);
		long[] h2 = new long[256];
		h2[3] = 5;
		h2[200] = 5; // 3,3,3,3,3,200,...
		assertEquals(3f, FramePreprocessor.quantile(h2, 10, 0.01f));
		assertEquals(200f, FramePreprocessor.quantile(h2, 10, 0.99f));
		// 0.5 -> rank 4.5 -> halfway between 3 and 200
		assertEquals(101.5f, FramePreprocessor.quantile(h2, 10, 0.5f), 1e-4);
	}

	@Test
	void downsampleByTwoAveragesBlocksAndNormalises() {
		int h = 512, w = 512;
		byte[] f = new byte[h * w];
		Random r = new Random(1);
		for (int i = 0; i < f.length; i++) f[i] = (byte) r.nextInt(256);
		CropGeometry g = CropGeometry.of(h, w, null, 256);
		FramePreprocessor p = new FramePreprocessor(g, Normalization.PER_FRAME);
		float[] out = new float[256 * 256];
		p.process(new byte[][] { f }, 1, out);
		long[] hist = new long[256];
		for (byte b : f) hist[b & 0xff]++;
		float lo = FramePreprocessor.quantile(hist, f.length, 0.01f), hi = FramePreprocessor.quantile(hist, f.length, 0.99f);
		for (int y : new int[] { 0, 17, 255 }) for (int x : new int[] { 0, 100, 255 }) {
			double sum = 0;
			for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) sum += ((f[(2 * y + dy) * w + 2 * x + dx] & 0xff) - lo) / (hi - lo);
			assertEquals(sum / 4, out[y * 256 + x], 1e-5);
		}
	}

	@Test
	void upsampleCropWithPadding() {
		// a 128 x 96 crop: columns padded 16/16 to 128 x 128, upsampled x2
		int h = 200, w = 300;
		byte[] f = new byte[h * w];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) f[y * w + x] = (byte) ((x + 2 * y) % 256);
		int[] bbox = { 50, 178, 100, 196 };
		CropGeometry g = CropGeometry.of(h, w, bbox, 256);
		assertEquals(16, g.colsBefore);
		float[] out = new float[256 * 256];
		new FramePreprocessor(g, Normalization.PER_FRAME).process(new byte[][] { f }, 1, out);
		long[] hist = new long[256];
		for (byte b : f) hist[b & 0xff]++;
		float lo = FramePreprocessor.quantile(hist, f.length, 0.01f), hi = FramePreprocessor.quantile(hist, f.length, 0.99f);
		java.util.function.BiFunction<Integer, Integer, Double> padded = (py, px) -> {
			int cx = px - 16;
			if (cx < 0 || cx >= 96) return 0.0;
			return (double) (((f[(50 + py) * w + 100 + cx] & 0xff) - lo) / (hi - lo));
		};
		// out row 1 -> src 0.25: 0.75*row0 + 0.25*row1; out col 0 -> src clamped 0; out col 255 -> last column (pad)
		// out col 80 -> src 39.75: 0.25*col39 + 0.75*col40
		assertEquals(0.75 * (0.25 * padded.apply(0, 39) + 0.75 * padded.apply(0, 40)) + 0.25 * (0.25 * padded.apply(1, 39) + 0.75 * padded.apply(1, 40)),
			out[1 * 256 + 80], 1e-5);
		assertEquals(0.75 * (0.75 * padded.apply(0, 40) + 0.25 * padded.apply(0, 41)) + 0.25 * (0.75 * padded.apply(1, 40) + 0.25 * padded.apply(1, 41)),
			out[1 * 256 + 81], 1e-5);
		assertEquals(0.0, out[100 * 256 + 0], 0);
		// last row: src 127.25 clamps to row 127 only; col 121 -> src 60.25
		assertEquals(0.75 * padded.apply(127, 60) + 0.25 * padded.apply(127, 61), out[255 * 256 + 121], 1e-5);
		// col 32 -> src 15.75: a quarter of the zero padding, three quarters of the first crop column
		assertEquals(0.75 * padded.apply(0, 16), out[0 * 256 + 32], 1e-5);
	}

	@Test
	void batchNormalisationDependsOnTheBatchPerFrameDoesNot() {
		int h = 64, w = 64;
		byte[] a = new byte[h * w], b = new byte[h * w];
		for (int i = 0; i < a.length; i++) {
			a[i] = (byte) (i % 100);
			b[i] = (byte) (50 + i % 200);
		}
		CropGeometry g = CropGeometry.of(h, w, null, 256);
		float[] alone = new float[256 * 256], pair = new float[2 * 256 * 256];
		FramePreprocessor perFrame = new FramePreprocessor(g, Normalization.PER_FRAME);
		perFrame.process(new byte[][] { a }, 1, alone);
		perFrame.process(new byte[][] { a, b }, 2, pair);
		for (int i = 0; i < alone.length; i++) assertEquals(alone[i], pair[i]);
		FramePreprocessor batch = new FramePreprocessor(g, Normalization.BATCH);
		batch.process(new byte[][] { a }, 1, alone);
		batch.process(new byte[][] { a, b }, 2, pair);
		assertNotEquals(alone[1000], pair[1000]);
		// batch statistics: percentiles of the union of both frames
		long[] hist = new long[256];
		for (int i = 0; i < a.length; i++) {
			hist[a[i] & 0xff]++;
			hist[b[i] & 0xff]++;
		}
		float lo = FramePreprocessor.quantile(hist, 2L * a.length, 0.01f), hi = FramePreprocessor.quantile(hist, 2L * a.length, 0.99f);
		// 64 -> 256 upsampling: output (2,2) comes from src 0.125 -> 0.875*p0 + 0.125*p1 per axis; pixel (0,0) of frame a is 0
		float v00 = ((a[0] & 0xff) - lo) / (hi - lo);
		assertEquals(v00, pair[0], 1e-6);
		assertEquals("per-frame", Normalization.parse("per_frame").label());
		assertEquals(Normalization.BATCH, Normalization.parse("Batch"));
		assertThrows(IllegalArgumentException.class, () -> Normalization.parse("global"));
	}

	@Test
	void decodeArgmaxOffsetsAndLikelihood() {
		int k = 2, gh = 64, gw = 64, plane = gh * gw;
		float[] hm = new float[k * plane], lx = new float[k * plane], ly = new float[k * plane];
		hm[5 * 64 + 7] = 2f;
		hm[5 * 64 + 8] = 1.5f;
		lx[5 * 64 + 7] = 0.5f;
		ly[5 * 64 + 7] = -0.25f;
		// keypoint 1: all zeros -> nowhere in view: NaN (Facemap: the first cell), likelihood 0.5
		lx[plane] = 0.1f;
		Keypoints kp = new Keypoints(new KeypointSet(java.util.List.of("a", "b")), 1);
		HeatmapDecoder.decode(hm, lx, ly, 1, k, gh, gw, null, kp, 0);
		assertEquals((5 - 3f) * 4, kp.y(0, 0), 1e-6);
		assertEquals((7 + 1.5f) * 4, kp.x(0, 0), 1e-6);
		assertEquals(1 / (1 + Math.exp(-2)), kp.likelihood(0, 0), 1e-6);
		assertTrue(Float.isNaN(kp.y(0, 1)) && Float.isNaN(kp.x(0, 1)));
		assertEquals(0.5f, kp.likelihood(0, 1), 0);
		// one positive cell is a position again, however weak
		hm[plane + 64 + 2] = 1e-3f;
		HeatmapDecoder.decode(hm, lx, ly, 1, k, gh, gw, null, kp, 0);
		assertEquals(2 * 4f, kp.x(0, 1), 1e-6);
		assertEquals(1 * 4f, kp.y(0, 1), 1e-6);
		hm[plane + 64 + 2] = 0;
		// through a crop: 100 x 120 box at (10, 20), rows padded 10/10 -> 120/256 per input pixel
		CropGeometry g = CropGeometry.of(480, 640, new int[] { 10, 110, 20, 140 }, 256);
		HeatmapDecoder.decode(hm, lx, ly, 1, k, gh, gw, g, kp, 0);
		assertEquals(34f * 120 / 256 + 20, kp.x(0, 0), 1e-4);
		assertEquals(8f * 120 / 256 - 10 + 10, kp.y(0, 0), 1e-4);
	}
}
