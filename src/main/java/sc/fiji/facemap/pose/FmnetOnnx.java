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

	private FmnetOnnx() {}

	/** The serialised ONNX model of the FMnet in {@code stateDict} for square inputs of {@code size}. */
	public static byte[] write(Map<String, Tensor> stateDict, int size, String source) {
		int[] arch = FMnet.architecture(stateDict, source == null ? "state dict" : source);
		int inChannels = arch[0], keypoints = arch[1];
		int[] channels = Arrays.copyOfRange(arch, 2, arch.length);
		int n = channels.length;
		OnnxModel g = new OnnxModel("FMnet");
		g.input(INPUT, OnnxModel.FLOAT, "N", (long) inChannels, (long) size, (long) size);
		Builder b = new Builder(g, stateDict);
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
		return g.toBytes(OPSET, "Facemap for Fiji", Version.get());
	}

	private static final class Builder {
		final OnnxModel g;
		final Map<String, Tensor> sd;

		Builder(OnnxModel g, Map<String, Tensor> sd) {
			this.g = g;
			this.sd = sd;
		}

		/** BN0 -> (ReLU) -> conv0 with BN1 folded in -> ReLU -> conv1. */
		String convblock(String x, String p, boolean block0) {
			String p0 = p + ".conv.conv_0", p1 = p + ".conv.conv_1";
			String h = batchNorm(x, p0 + ".0.");
			if (!block0) h = g.node("Relu", new String[] { h }, new String[] { p0 + ".relu" });
			// conv_0 followed by BN1: y = s * conv(W, h) + t  ==  conv(s*W, h) + t
			Tensor wt = sd.get(p0 + "." + (block0 ? 1 : 2) + ".weight");
			long[] ws = wt.shape();
			float[] w = wt.floats().clone();
			float[][] st = scaleShift(p1 + ".0.");
			int per = (int) (ws[1] * ws[2] * ws[3]);
			for (int o = 0; o < ws[0]; o++)
				for (int i = 0; i < per; i++) w[o * per + i] *= st[0][o];
			String wn = g.initializer(p0 + ".folded.weight", ws, w), bn = g.initializer(p0 + ".folded.bias", new long[] { ws[0] }, st[1]);
			h = conv3(h, wn, bn, p0 + ".out");
			h = g.node("Relu", new String[] { h }, new String[] { p1 + ".relu" });
			Tensor w1 = sd.get(p1 + ".2.weight");
			String w1n = g.initializer(p1 + ".2.weight", w1.shape(), w1.floats());
			return conv3(h, w1n, null, p + ".out");
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
