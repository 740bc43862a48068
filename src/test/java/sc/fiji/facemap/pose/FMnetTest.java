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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;

/** FMnet: parameter count, key names and shapes, and the forward pass against a plain-Java reference. */
class FMnetTest {

	/** Eval-mode inference closes its intermediates early; the outputs equal those of the path that keeps them all. */
	@Test
	void inferenceThatReleasesIntermediatesGivesTheSameOutputs() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 4, 8, 8, 12, 16 }, 3, 5)) {
			Random r = new Random(3);
			float[] in = new float[2 * 64 * 64];
			for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
			NDArray x = m.create(in, new Shape(2, 1, 64, 64));
			NDList released = net.forward(x, false);
			net.requireGradients(true); // gradients attached: every intermediate is kept for a backward pass
			NDList kept = net.forward(x, false);
			for (int j = 0; j < 3; j++) assertArrayEquals(kept.get(j).toFloatArray(), released.get(j).toFloatArray(), "output " + j);
			assertArrayEquals(in, x.toFloatArray(), "the input stays open and unchanged");
		}
	}

	@Test
	void parameterCountMatchesReferenceFormula() {
		assertEquals(1_561_631L, FMnet.parameterCount(1, new int[] { 16, 32, 64, 128, 200 }, 15));
		// the formula of reference 1.2, written out
		int[] c = { 8, 16, 24, 32, 40 };
		long p = (2 + 9L * c[0]) + (2L * c[0] + 9L * c[0] * c[0]);
		for (int k = 1; k <= 4; k++) p += 2L * c[k - 1] + 9L * c[k - 1] * c[k] + 2L * c[k] + 9L * c[k] * c[k];
		p += 2L * (c[4] + c[3]) + 9L * (c[4] + c[3]) * c[3] + 2L * c[3] + 9L * c[3] * c[3];
		p += 2L * (c[3] + c[2]) + 9L * (c[3] + c[2]) * c[2] + 2L * c[2] + 9L * c[2] * c[2];
		p += 3L * (15 * c[2] + 15);
		assertEquals(p, FMnet.parameterCount(1, c, 15));
	}

	@Test
	void keysShapesAndRoundTrip() {
		try (NDManager m = NDManager.newBaseManager()) {
			int[] c = { 4, 6, 8, 10, 12 };
			try (FMnet net = FMnet.random(m, c, 15, 1)) {
				LinkedHashMap<String, Tensor> sd = net.toStateDict();
				List<String> keys = new ArrayList<>(sd.keySet());
				assertEquals("Conv.conv0.conv.conv_0.0.weight", keys.get(0));
				assertEquals(List.of("Conv.conv0.conv.conv_0.0.weight", "Conv.conv0.conv.conv_0.0.bias",
					"Conv.conv0.conv.conv_0.0.running_mean", "Conv.conv0.conv.conv_0.0.running_var",
					"Conv.conv0.conv.conv_0.0.num_batches_tracked", "Conv.conv0.conv.conv_0.1.weight",
					"Conv.conv0.conv.conv_1.0.weight"), keys.subList(0, 7));
				assertEquals("Conv2_1x1.conv2.bias", keys.get(keys.size() - 1));
				assertArrayEquals(new long[] { 4, 1, 3, 3 }, sd.get("Conv.conv0.conv.conv_0.1.weight").shape());
				assertArrayEquals(new long[] { 6, 4, 3, 3 }, sd.get("Conv.conv1.conv.conv_0.2.weight").shape());
				assertArrayEquals(new long[] { 10, 22, 3, 3 }, sd.get("Up_conv.upconv0.conv.conv_0.2.weight").shape());
				assertArrayEquals(new long[] { 8, 8, 3, 3 }, sd.get("Up_conv.upconv1.conv.conv_1.2.weight").shape());
				assertArrayEquals(new long[] { 15, 8, 1, 1 }, sd.get("Conv2_1x1.conv0.weight").shape());
				assertArrayEquals(new long[0], sd.get("Conv.conv3.conv.conv_1.0.num_batches_tracked").shape());
				assertEquals("int64", sd.get("Conv.conv3.conv.conv_1.0.num_batches_tracked").dtype());
				// 7 convblocks x 2 batchconvs x 6 entries + 6 head entries
				assertEquals(7 * 2 * 6 + 6, sd.size());
				assertEquals(net.parameterCount(), net.parameters().values().stream().mapToLong(a -> a.size()).sum());
				// default init: conv weights within +-1/sqrt(fan_in)
				float bound = (float) (1 / Math.sqrt(4 * 9));
				for (float v : sd.get("Conv.conv1.conv.conv_0.2.weight").floats()) assertTrue(Math.abs(v) <= bound);
				assertEquals(1f, sd.get("Conv.conv1.conv.conv_0.0.weight").floats()[0]);

				try (FMnet back = FMnet.fromStateDict(m, sd, "test")) {
					assertArrayEquals(c, back.channels());
					assertEquals(15, back.keypoints());
					LinkedHashMap<String, Tensor> sd2 = back.toStateDict();
					assertEquals(keys, new ArrayList<>(sd2.keySet()));
					for (String k : keys) if (sd.get(k).isFloating()) assertArrayEquals(sd.get(k).floats(), sd2.get(k).floats(), k);
				}
				// a damaged dict
				sd.remove("Up_conv.upconv1.conv.conv_0.0.running_var");
				FacemapException e = assertThrows(FacemapException.class, () -> FMnet.fromStateDict(m, sd, "bad.pt"));
				assertTrue(e.getMessage().contains("bad.pt") && e.getMessage().contains("Up_conv.upconv1.conv.conv_0.0.running_var"), e.getMessage());
				Map<String, Tensor> other = new LinkedHashMap<>();
				other.put("fc.weight", Tensor.ofFloats(new long[] { 2, 2 }, new float[4]));
				e = assertThrows(FacemapException.class, () -> FMnet.fromStateDict(m, other, "resnet.pt"));
				assertTrue(e.getMessage().contains("not a Facemap FMnet"), e.getMessage());
			}
		}
	}

	@Test
	void outputShapesForFacemapSizedInput() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 3)) {
			NDList out = net.forward(m.randomUniform(0, 1, new Shape(2, 1, 256, 256)), false);
			for (NDArray a : out) assertEquals(new Shape(2, 15, 64, 64), a.getShape());
			assertTrue(out.get(0).min().getFloat() >= 0f);
		}
	}

	/** The whole forward pass in eval mode (random BN buffers) against a plain double-precision implementation. */
	@Test
	void forwardMatchesPlainJavaReference() {
		int[] c = { 3, 4, 5, 6 };
		int k = 2, size = 32, batch = 2;
		try (NDManager m = NDManager.newBaseManager()) {
			LinkedHashMap<String, Tensor> sd;
			try (FMnet net0 = FMnet.random(m, c, k, 7)) {
				sd = net0.toStateDict();
			}
			Random r = new Random(11);
			for (Map.Entry<String, Tensor> e : sd.entrySet()) {
				String key = e.getKey();
				if (key.contains(".0.") && !key.startsWith("Conv2") && e.getValue().isFloating()) {
					float[] v = e.getValue().floats();
					for (int i = 0; i < v.length; i++)
						v[i] = key.endsWith("running_var") || key.endsWith("weight") ? 0.5f + r.nextFloat() : r.nextFloat() - 0.5f;
				}
			}
			float[] x = new float[batch * size * size];
			for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
			try (FMnet net = FMnet.fromStateDict(m, sd, "random")) {
				NDList out = net.forward(m.create(x, new Shape(batch, 1, size, size)), false);
				double[][][] ref = new Reference(sd, c, k).forward(x, batch, size);
				for (int o = 0; o < 3; o++) {
					float[] got = out.get(o).toFloatArray();
					double maxErr = 0;
					for (int i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - ref[o][0][i]));
					assertTrue(maxErr < 1e-4, "output " + o + " max error " + maxErr);
				}
				// normalised heatmaps sum to 10 * s / (1e-4 + s)
				NDArray hm = net.forward(m.create(x, new Shape(batch, 1, size, size)), false, true).get(0);
				float[] sums = hm.sum(new int[] { 2, 3 }).toFloatArray();
				double[] raw = ref[0][0];
				int plane = (int) (hm.getShape().get(2) * hm.getShape().get(3)); // 3 poolings, 2 upsamplings: 16x16
				for (int p = 0; p < sums.length; p++) {
					double s = 0;
					for (int i = 0; i < plane; i++) s += raw[p * plane + i];
					assertEquals(10 * s / (1e-4 + s), sums[p], 1e-3, "map " + p + " raw sum " + s + " java raw sum " + out.get(0).sum(new int[] { 2, 3 }));
				}
			}
		}
	}

	/** Training-mode BatchNorm: batch statistics for the output, running stats updated with momentum 0.1 (torch). */
	@Test
	void trainingModeBatchNormUpdatesRunningStats() {
		int[] c = { 2, 3, 4 };
		int size = 16, batch = 3;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, c, 1, 5)) {
			Random r = new Random(3);
			float[] x = new float[batch * size * size];
			for (int i = 0; i < x.length; i++) x[i] = 2 + 3 * r.nextFloat();
			double mean = 0, var = 0;
			for (float v : x) mean += v;
			mean /= x.length;
			for (float v : x) var += (v - mean) * (v - mean);
			double unbiased = var / (x.length - 1), biased = var / x.length;
			NDArray rm = net.stateArrays().get("Conv.conv0.conv.conv_0.0.running_mean");
			NDArray rv = net.stateArrays().get("Conv.conv0.conv.conv_0.0.running_var");
			// in eval mode nothing changes
			net.forward(m.create(x, new Shape(batch, 1, size, size)), false);
			assertEquals(0f, rm.getFloat(0));
			assertEquals(1f, rv.getFloat(0));
			net.forward(m.create(x, new Shape(batch, 1, size, size)), true);
			assertEquals(0.1 * mean, rm.getFloat(0), 1e-5);
			assertEquals(0.9 + 0.1 * unbiased, rv.getFloat(0), 1e-5);
			assertEquals(1L, net.stateArrays().get("Conv.conv0.conv.conv_0.0.num_batches_tracked").getLong());
			assertEquals(1L, net.toStateDict().get("Up_conv.upconv1.conv.conv_1.0.num_batches_tracked").longs()[0]);

			// the output of the training-mode network equals the plain reference with BN using batch statistics
			LinkedHashMap<String, Tensor> sd = net.toStateDict();
			Reference ref = new Reference(sd, c, 1);
			ref.batchStats = true;
			double[][][] expect = ref.forward(x, batch, size);
			assertEquals(biased, ref.firstBatchVar, 1e-9);
			NDList out = net.forward(m.create(x, new Shape(batch, 1, size, size)), true, false);
			float[] got = out.get(1).toFloatArray();
			double maxErr = 0;
			for (int i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - expect[1][0][i]));
			assertTrue(maxErr < 1e-4, "locx max error " + maxErr);
		}
	}

	@Test
	void loadCopiesAStateDictIntoANetwork() {
		try (NDManager m = NDManager.newBaseManager(); FMnet a = FMnet.random(m, new int[] { 2, 3, 4 }, 2, 1);
			FMnet b = FMnet.random(m, new int[] { 2, 3, 4 }, 2, 2)) {
			NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 16, 16));
			a.forward(x, true); // changes a's running statistics and num_batches_tracked
			b.load(a.toStateDict());
			float[] ya = a.forward(x, false).get(1).toFloatArray(), yb = b.forward(x, false).get(1).toFloatArray();
			assertArrayEquals(ya, yb);
			assertEquals(1L, b.toStateDict().get("Conv.conv0.conv.conv_0.0.num_batches_tracked").longs()[0]);
		}
	}

	@Test
	void gradientsReachEveryParameter() {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 3, 4 }, 2, 9)) {
			net.requireGradients(true);
			NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 16, 16));
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDList out = net.forward(x, true);
				NDArray loss = out.get(0).square().sum().add(out.get(1).square().sum()).add(out.get(2).square().sum());
				gc.backward(loss);
			}
			for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
				NDArray g = e.getValue().getGradient();
				assertTrue(g.abs().sum().getFloat() > 0, "no gradient for " + e.getKey());
			}
		}
	}

	/** A plain double-precision FMnet used only as a test oracle. Arrays are [channel][row*w+col] per image. */
	static final class Reference {
		final Map<String, Tensor> sd;
		final int[] c;
		final int k;
		boolean batchStats;
		double firstBatchVar = Double.NaN;

		Reference(Map<String, Tensor> sd, int[] c, int k) {
			this.sd = sd;
			this.c = c;
			this.k = k;
		}

		/** Returns [output][0][flattened (B, k, h, w)]. */
		double[][][] forward(float[] x, int batch, int size) {
			double[][][] h = new double[batch][1][size * size];
			for (int b = 0; b < batch; b++) for (int i = 0; i < size * size; i++) h[b][0][i] = x[b * size * size + i];
			int n = c.length;
			List<double[][][]> skips = new ArrayList<>();
			int s = size;
			h = convblock(h, s, "Conv.conv0", true);
			skips.add(h);
			for (int l = 1; l < n; l++) {
				h = maxpool(h, s);
				s /= 2;
				h = convblock(h, s, "Conv.conv" + l, false);
				skips.add(h);
			}
			for (int u = 0; u < 2; u++) {
				h = upsample(h, s);
				s *= 2;
				h = concat(h, skips.get(n - 2 - u));
				h = convblock(h, s, "Up_conv.upconv" + u, false);
			}
			double[][][] res = new double[3][1][batch * k * s * s];
			for (int o = 0; o < 3; o++) {
				float[] w = sd.get("Conv2_1x1.conv" + o + ".weight").floats();
				float[] bias = sd.get("Conv2_1x1.conv" + o + ".bias").floats();
				int cin = h[0].length;
				for (int b = 0; b < batch; b++) for (int j = 0; j < k; j++) for (int p = 0; p < s * s; p++) {
					double v = bias[j];
					for (int i = 0; i < cin; i++) v += w[j * cin + i] * h[b][i][p];
					if (o == 0) v = Math.max(0, v);
					res[o][0][(b * k + j) * s * s + p] = v;
				}
			}
			return res;
		}

		double[][][] convblock(double[][][] x, int s, String prefix, boolean block0) {
			double[][][] h = batchconv(x, s, prefix + ".conv.conv_0", !block0, block0 ? 1 : 2);
			return batchconv(h, s, prefix + ".conv.conv_1", true, 2);
		}

		double[][][] batchconv(double[][][] x, int s, String prefix, boolean relu, int ci) {
			int batch = x.length, cin = x[0].length;
			float[] g = sd.get(prefix + ".0.weight").floats(), be = sd.get(prefix + ".0.bias").floats();
			float[] rm = sd.get(prefix + ".0.running_mean").floats(), rv = sd.get(prefix + ".0.running_var").floats();
			double[][][] y = new double[batch][cin][s * s];
			for (int i = 0; i < cin; i++) {
				double mean = rm[i], var = rv[i];
				if (batchStats) {
					mean = 0;
					for (int b = 0; b < batch; b++) for (double v : x[b][i]) mean += v;
					mean /= batch * s * s;
					var = 0;
					for (int b = 0; b < batch; b++) for (double v : x[b][i]) var += (v - mean) * (v - mean);
					var /= batch * s * s;
					if (Double.isNaN(firstBatchVar)) firstBatchVar = var;
				}
				for (int b = 0; b < batch; b++) for (int p = 0; p < s * s; p++) {
					double v = (x[b][i][p] - mean) / Math.sqrt(var + 1e-5) * g[i] + be[i];
					y[b][i][p] = relu ? Math.max(0, v) : v;
				}
			}
			float[] w = sd.get(prefix + "." + ci + ".weight").floats();
			int cout = (int) sd.get(prefix + "." + ci + ".weight").shape()[0];
			double[][][] z = new double[batch][cout][s * s];
			for (int b = 0; b < batch; b++) for (int o = 0; o < cout; o++) for (int r = 0; r < s; r++) for (int q = 0; q < s; q++) {
				double v = 0;
				for (int i = 0; i < cin; i++) for (int dr = -1; dr <= 1; dr++) for (int dq = -1; dq <= 1; dq++) {
					int rr = r + dr, qq = q + dq;
					if (rr < 0 || qq < 0 || rr >= s || qq >= s) continue;
					v += w[((o * cin + i) * 3 + dr + 1) * 3 + dq + 1] * y[b][i][rr * s + qq];
				}
				z[b][o][r * s + q] = v;
			}
			return z;
		}

		static double[][][] maxpool(double[][][] x, int s) {
			int t = s / 2;
			double[][][] y = new double[x.length][x[0].length][t * t];
			for (int b = 0; b < x.length; b++) for (int i = 0; i < x[0].length; i++) for (int r = 0; r < t; r++) for (int q = 0; q < t; q++) {
				double v = Double.NEGATIVE_INFINITY;
				for (int dr = -1; dr <= 1; dr++) for (int dq = -1; dq <= 1; dq++) {
					int rr = 2 * r + dr, qq = 2 * q + dq;
					if (rr >= 0 && qq >= 0 && rr < s && qq < s) v = Math.max(v, x[b][i][rr * s + qq]);
				}
				y[b][i][r * t + q] = v;
			}
			return y;
		}

		static double[][][] upsample(double[][][] x, int s) {
			int t = 2 * s;
			double[][][] y = new double[x.length][x[0].length][t * t];
			for (int b = 0; b < x.length; b++) for (int i = 0; i < x[0].length; i++) for (int r = 0; r < t; r++) for (int q = 0; q < t; q++)
				y[b][i][r * t + q] = x[b][i][(r / 2) * s + q / 2];
			return y;
		}

		static double[][][] concat(double[][][] a, double[][][] b) {
			double[][][] y = new double[a.length][][];
			for (int i = 0; i < a.length; i++) {
				y[i] = new double[a[i].length + b[i].length][];
				System.arraycopy(a[i], 0, y[i], 0, a[i].length);
				System.arraycopy(b[i], 0, y[i], a[i].length, b[i].length);
			}
			return y;
		}
	}
}
