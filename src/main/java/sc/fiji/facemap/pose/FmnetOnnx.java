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

import java.util.Arrays;
import java.util.Map;

import sc.fiji.facemap.Version;
import sc.fiji.facemap.io.OnnxModel;
import sc.fiji.facemap.io.OnnxModel.Attr;
import sc.fiji.facemap.io.Tensor;

/**
 * Writes FMnet (eval mode) as an ONNX graph from a state dict with Facemap's key names, for {@link OrtPoseNetwork}.
 * The graph is the one {@link FMnet#forward} computes, rewritten for inference without changing the numbers beyond
 * float rounding:
 * <ul>
 * <li>the BatchNorm that follows each convblock's first convolution is folded into that convolution (weights scaled
 * per output channel, its shift becomes the convolution's bias); the other BatchNorms (before max pooling / after the
 * concatenation, and on the input) stay BatchNormalization nodes, because folding them across zero padding or
 * max pooling would not be exact;</li>
 * <li>the three 1x1 heads are one convolution with 3 x keypoints outputs (hm, locx, locy stacked on the channel
 * axis; the heatmap ReLU is applied by the caller);</li>
 * <li>nearest x2 upsampling is Resize (nearest, asymmetric, floor), which is exactly the repeat of FMnet.</li>
 * </ul>
 * Input {@code input} (N, inChannels, size, size) float32 with a symbolic batch size; output {@code heads}
 * (N, 3 x keypoints, size/4, size/4).
 */
public final class FmnetOnnx {

	public static final String INPUT = "input", OUTPUT = "heads";
	/** The ONNX operator set used. */
	public static final int OPSET = 17;

	/**
	 * The convblocks that stay float32 in the int8 graph: the first (full resolution, on the normalised image) and the
	 * last (feeding the heads); quantising them too moved keypoints of the bundled model by about twice as much.
	 */
	static final String[] FLOAT_BLOCKS = { "Conv.conv0", "Up_conv.upconv1" };

	private FmnetOnnx() {}

	/** The serialised ONNX model of the FMnet in {@code stateDict} for square inputs of {@code size}. */
	public static byte[] write(Map<String, Tensor> stateDict, int size, String source) {
		return write(stateDict, size, source, null, null);
	}

	/**
	 * The graph in float32 ({@code ranges} null) or with int8 convolutions: QuantizeLinear/DequantizeLinear pairs on
	 * the convolutions' inputs and outputs (except in {@link #FLOAT_BLOCKS}; uint8, asymmetric, from the calibrated {@code ranges}: tensor name to
	 * {min, max}) and per-output-channel symmetric int8 weights (bias int32), the form ONNX Runtime turns into integer
	 * convolutions; BatchNorm, pooling, upsampling and the heads stay float32. {@code calibration} non-null (float32
	 * only): the names of the tensors to calibrate are added to it and exposed as extra graph outputs.
	 */
	static byte[] write(Map<String, Tensor> stateDict, int size, String source, Map<String, float[]> ranges, java.util.List<String> calibration) {
		int[] arch = FMnet.architecture(stateDict, source == null ? "state dict" : source);
		int inChannels = arch[0], keypoints = arch[1];
		int[] channels = Arrays.copyOfRange(arch, 2, arch.length);
		int n = channels.length;
		OnnxModel g = new OnnxModel("FMnet");
		g.input(INPUT, OnnxModel.FLOAT, "N", (long) inChannels, (long) size, (long) size);
		Builder b = new Builder(g, stateDict, ranges, calibration);
		String[] skips = new String[n];
		String h = b.convblock(INPUT, "Conv.conv0", true);
		skips[0] = h;
		for (int k = 1; k < n; k++) {
			h = g.node("MaxPool", new String[] { h }, new String[] { "pool" + k }, Attr.ints("kernel_shape", 3, 3), Attr.ints("strides", 2, 2),
				Attr.ints("pads", 1, 1, 1, 1));
			h = b.convblock(h, "Conv.conv" + k, false);
			skips[k] = h;
		}
		String scales = g.initializer("up_scales", new long[] { 4 }, new float[] { 1, 1, 2, 2 });
		for (int k = 0; k < 2; k++) {
			String up = g.node("Resize", new String[] { h, "", scales }, new String[] { "up" + k }, Attr.s("mode", "nearest"),
				Attr.s("coordinate_transformation_mode", "asymmetric"), Attr.s("nearest_mode", "floor"));
			String cat = g.node("Concat", new String[] { up, skips[n - 2 - k] }, new String[] { "cat" + k }, Attr.i("axis", 1));
			h = b.convblock(cat, "Up_conv.upconv" + k, false);
		}
		int ch = channels[n - 3];
		float[] w = new float[3 * keypoints * ch], bias = new float[3 * keypoints];
		for (int j = 0; j < 3; j++) {
			System.arraycopy(stateDict.get("Conv2_1x1.conv" + j + ".weight").floats(), 0, w, j * keypoints * ch, keypoints * ch);
			System.arraycopy(stateDict.get("Conv2_1x1.conv" + j + ".bias").floats(), 0, bias, j * keypoints, keypoints);
		}
		g.initializer("heads.weight", new long[] { 3L * keypoints, ch, 1, 1 }, w);
		g.initializer("heads.bias", new long[] { 3L * keypoints }, bias);
		g.node("Conv", new String[] { h, "heads.weight", "heads.bias" }, new String[] { OUTPUT }, Attr.ints("kernel_shape", 1, 1));
		g.output(OUTPUT, OnnxModel.FLOAT, "N", 3L * keypoints, (long) size / FMnet.N_FACTOR, (long) size / FMnet.N_FACTOR);
		if (calibration != null) for (String c : calibration) g.output(c, OnnxModel.FLOAT, (Object[]) null);
		return g.toBytes(OPSET, "Facemap for Fiji", Version.get());
	}

	private static final class Builder {
		final OnnxModel g;
		final Map<String, Tensor> sd;
		Map<String, float[]> ranges;
		final java.util.List<String> calibration;

		Builder(OnnxModel g, Map<String, Tensor> sd, Map<String, float[]> ranges, java.util.List<String> calibration) {
			this.g = g;
			this.sd = sd;
			this.ranges = ranges;
			this.calibration = calibration;
		}

		/** BN0 -> (ReLU) -> conv0 with BN1 folded in -> ReLU -> conv1 (int8: each convolution between Q/DQ pairs). */
		String convblock(String x, String p, boolean block0) {
			Map<String, float[]> keep = ranges;
			if (p.equals(FLOAT_BLOCKS[0]) || p.equals(FLOAT_BLOCKS[1])) ranges = null;
			try {
				return convblock0(x, p, block0);
			} finally {
				ranges = keep;
			}
		}

		String convblock0(String x, String p, boolean block0) {
			String p0 = p + ".conv.conv_0", p1 = p + ".conv.conv_1";
			String h = batchNorm(x, p0 + ".0.");
			if (!block0) h = g.node("Relu", new String[] { h }, new String[] { p0 + ".relu" });
			String in0 = h;
			h = qdq(h);
			// conv_0 followed by BN1: y = s * conv(W, h) + t  ==  conv(s*W, h) + t
			Tensor wt = sd.get(p0 + "." + (block0 ? 1 : 2) + ".weight");
			long[] ws = wt.shape();
			float[] w = wt.floats().clone();
			float[][] st = scaleShift(p1 + ".0.");
			int per = (int) (ws[1] * ws[2] * ws[3]);
			for (int o = 0; o < ws[0]; o++)
				for (int i = 0; i < per; i++) w[o * per + i] *= st[0][o];
			String[] wb = weights(p0 + ".folded", ws, w, st[1], in0);
			h = conv3(h, wb[0], wb[1], p0 + ".out");
			h = g.node("Relu", new String[] { h }, new String[] { p1 + ".relu" });
			String in1 = h;
			h = qdq(h);
			Tensor w1 = sd.get(p1 + ".2.weight");
			String[] wb1 = weights(p1 + ".2", w1.shape(), w1.floats(), null, in1);
			return qdq(conv3(h, wb1[0], wb1[1], p + ".out"));
		}

		/** Float32: the tensor itself (recorded for calibration when asked); int8: Quantize then Dequantize it. */
		String qdq(String x) {
			if (ranges == null) {
				if (calibration != null) calibration.add(x);
				return x;
			}
			float[] sz = activationScale(x);
			String sc = g.initializer(x + ".scale", new long[0], new float[] { sz[0] });
			String zp = g.initializer(x + ".zp", new long[0], OnnxModel.UINT8, new byte[] { (byte) (int) sz[1] });
			String q = g.node("QuantizeLinear", new String[] { x, sc, zp }, new String[] { x + ".q" });
			return g.node("DequantizeLinear", new String[] { q, sc, zp }, new String[] { x + ".dq" });
		}

		/** {scale, zero point} of uint8 asymmetric quantisation of the calibrated range (which always holds 0). */
		float[] activationScale(String x) {
			float[] r = ranges.get(x);
			if (r == null) throw new IllegalArgumentException("no calibration range for " + x);
			double lo = Math.min(0, r[0]), hi = Math.max(0, r[1]);
			double scale = hi > lo ? (hi - lo) / 255 : 1e-6;
			long zp = Math.max(0, Math.min(255, Math.round(-lo / scale)));
			return new float[] { (float) scale, zp };
		}

		/** Weight and bias inputs of a convolution: float32 initializers, or int8 per-channel weights and int32 bias through DequantizeLinear. */
		String[] weights(String name, long[] ws, float[] w, float[] bias, String input) {
			if (ranges == null)
				return new String[] { g.initializer(name + ".weight", ws, w), bias == null ? null : g.initializer(name + ".bias", new long[] { ws[0] }, bias) };
			int out = (int) ws[0], per = w.length / out;
			float sIn = activationScale(input)[0];
			float[] sw = new float[out];
			byte[] q = new byte[w.length];
			for (int o = 0; o < out; o++) {
				float m = 0;
				for (int i = 0; i < per; i++) m = Math.max(m, Math.abs(w[o * per + i]));
				sw[o] = m > 0 ? m / 127f : 1e-8f;
				for (int i = 0; i < per; i++) q[o * per + i] = (byte) Math.max(-127, Math.min(127, Math.round(w[o * per + i] / sw[o])));
			}
			long[] od = { out };
			String wq = g.initializer(name + ".weight.q", ws, OnnxModel.INT8, q);
			String wsn = g.initializer(name + ".weight.scale", od, sw);
			String wz = g.initializer(name + ".weight.zp", od, OnnxModel.INT8, new byte[out]);
			String wdq = g.node("DequantizeLinear", new String[] { wq, wsn, wz }, new String[] { name + ".weight.dq" }, Attr.i("axis", 0));
			if (bias == null) return new String[] { wdq, null };
			int[] bq = new int[out];
			float[] bs = new float[out];
			for (int o = 0; o < out; o++) {
				bs[o] = sIn * sw[o];
				bq[o] = (int) Math.round(bias[o] / (double) bs[o]);
			}
			String bqn = g.initializer(name + ".bias.q", od, bq), bsn = g.initializer(name + ".bias.scale", od, bs);
			String bz = g.initializer(name + ".bias.zp", od, new int[out]);
			String bdq = g.node("DequantizeLinear", new String[] { bqn, bsn, bz }, new String[] { name + ".bias.dq" }, Attr.i("axis", 0));
			return new String[] { wdq, bdq };
		}

		String conv3(String x, String w, String b, String out) {
			String[] in = b == null ? new String[] { x, w } : new String[] { x, w, b };
			return g.node("Conv", in, new String[] { out }, Attr.ints("kernel_shape", 3, 3), Attr.ints("pads", 1, 1, 1, 1));
		}

		String batchNorm(String x, String bn) {
			String[] names = { "weight", "bias", "running_mean", "running_var" };
			String[] in = new String[5];
			in[0] = x;
			for (int i = 0; i < 4; i++) {
				Tensor t = sd.get(bn + names[i]);
				in[i + 1] = g.initializer(bn + names[i], t.shape(), t.floats());
			}
			return g.node("BatchNormalization", in, new String[] { bn + "out" }, Attr.f("epsilon", FMnet.BN_EPS));
		}

		/** Eval-mode BatchNorm as y = s * x + t: s = weight / sqrt(var + eps), t = bias - mean * s. */
		float[][] scaleShift(String bn) {
			float[] gamma = sd.get(bn + "weight").floats(), beta = sd.get(bn + "bias").floats(), mean = sd.get(bn + "running_mean").floats(),
				var = sd.get(bn + "running_var").floats();
			float[] s = new float[gamma.length], t = new float[gamma.length];
			for (int c = 0; c < s.length; c++) {
				double sc = gamma[c] / Math.sqrt((double) var[c] + FMnet.BN_EPS);
				s[c] = (float) sc;
				t[c] = (float) (beta[c] - mean[c] * sc);
			}
			return new float[][] { s, t };
		}
	}
}
