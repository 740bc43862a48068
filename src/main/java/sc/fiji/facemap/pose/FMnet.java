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

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.nn.StateDicts;

/**
 * Facemap's keypoint network FMnet (a small U-Net; reference 1.2) on DJL's PyTorch engine, written with functional
 * NDArray operations so that every array maps one to one to a key of Facemap's PyTorch state dict
 * ({@code Conv.conv0.conv.conv_0.0.weight}, ..., {@code Conv2_1x1.conv2.bias}).
 * <p>
 * Structure: encoder {@code Conv.conv0..conv{L-1}} (convblocks separated by 3x3/2 max pooling), decoder
 * {@code Up_conv.upconv0..1} (nearest x2 upsampling, concat [upsampled, skip], convblock) and three 1x1 heads
 * {@code Conv2_1x1.conv0..2} giving the heatmap (after ReLU), the row offsets (locx) and the column offsets (locy).
 * A convblock is two pre-activation blocks BatchNorm (-> ReLU) -> 3x3 conv without bias; the very first has no ReLU.
 * The channel widths C and the keypoint count are parameters, recovered from tensor shapes when loading.
 * <p>
 * BatchNorm runs in eval mode (running statistics) or training mode (batch statistics; the running mean and the
 * unbiased running variance are updated with momentum 0.1 and {@code num_batches_tracked} is incremented, as in
 * torch). Arrays computed by {@link #forward} belong to the input's manager; the weights belong to this network's
 * manager, released by {@link #close()}.
 */
public final class FMnet implements AutoCloseable {

	/** Input size of Facemap's network (square). */
	public static final int INPUT_SIZE = 256;
	/** Downsampling from the input to the heatmaps (4 poolings, 2 upsamplings). */
	public static final int N_FACTOR = 4;
	/** BatchNorm epsilon and (torch-style) momentum. */
	public static final float BN_EPS = 1e-5f, BN_MOMENTUM = 0.1f;

	private final NDManager manager;
	private final int inChannels;
	private final int[] channels;
	private final int keypoints;
	/** Every state-dict entry, in Facemap's key order. */
	private final LinkedHashMap<String, NDArray> state = new LinkedHashMap<>();
	/** The trainable subset (conv and BN weights and biases), in key order. */
	private final LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();

	private FMnet(NDManager parent, int inChannels, int[] channels, int keypoints) {
		if (channels.length < 3) throw new IllegalArgumentException("FMnet needs at least 3 channel widths, got " + Arrays.toString(channels));
		for (int c : channels) if (c <= 0) throw new IllegalArgumentException("channel widths must be positive: " + Arrays.toString(channels));
		if (keypoints <= 0 || inChannels <= 0) throw new IllegalArgumentException("keypoints and input channels must be positive");
		this.manager = parent.newSubManager();
		this.inChannels = inChannels;
		this.channels = channels.clone();
		this.keypoints = keypoints;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Construction

	/**
	 * A network with PyTorch's default initialisation: conv weights and biases uniform in +-1/sqrt(fan_in) (what
	 * kaiming_uniform(a=sqrt(5)) gives), BatchNorm weight 1, bias 0, running mean 0, running variance 1. The random
	 * numbers come from a {@link SplittableRandom} with {@code seed}, so a seed gives the same weights everywhere.
	 */
	public static FMnet random(NDManager parent, int[] channels, int keypoints, long seed) {
		return random(parent, 1, channels, keypoints, seed);
	}

	public static FMnet random(NDManager parent, int inChannels, int[] channels, int keypoints, long seed) {
		FMnet net = new FMnet(parent, inChannels, channels, keypoints);
		SplittableRandom rnd = new SplittableRandom(seed);
		for (Map.Entry<String, long[]> e : stateShapes(inChannels, channels, keypoints).entrySet()) {
			String key = e.getKey();
			long[] shape = e.getValue();
			Tensor t;
			if (key.endsWith("num_batches_tracked")) t = Tensor.ofLongs("int64", shape, new long[] { 0 });
			else if (isBatchNorm(key)) {
				float[] v = new float[(int) Tensor.size(shape)];
				if (key.endsWith(".weight") || key.endsWith(".running_var")) Arrays.fill(v, 1f);
				t = Tensor.ofFloats(shape, v);
			} else {
				// conv weight [out, in, k, k] or bias [out] of a conv whose weight has fan_in = in*k*k
				long fanIn = key.endsWith(".bias") ? fanInOfBias(key, inChannels, channels, keypoints) : shape[1] * shape[2] * shape[3];
				double bound = 1.0 / Math.sqrt(fanIn);
				float[] v = new float[(int) Tensor.size(shape)];
				for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
				t = Tensor.ofFloats(shape, v);
			}
			net.put(key, t);
		}
		return net;
	}

	private static long fanInOfBias(String key, int inChannels, int[] channels, int keypoints) {
		// only the 1x1 heads have biases
		return channels[channels.length - 3];
	}

	/**
	 * Builds the network from a state dict with Facemap's key names. The input channels, channel widths and
	 * keypoint count are read from the tensor shapes.
	 *
	 * @param source names the file in error messages
	 * @throws FacemapException when keys are missing or unexpected, or a shape does not fit
	 */
	public static FMnet fromStateDict(NDManager parent, Map<String, Tensor> stateDict, String source) {
		String where = source == null ? "state dict" : source;
		int[] arch = architecture(stateDict, where);
		int inChannels = arch[0], keypoints = arch[1];
		int[] channels = Arrays.copyOfRange(arch, 2, arch.length);
		LinkedHashMap<String, long[]> expected = stateShapes(inChannels, channels, keypoints);
		FMnet net = new FMnet(parent, inChannels, channels, keypoints);
		try {
			for (Map.Entry<String, long[]> e : expected.entrySet()) {
				Tensor t = stateDict.get(e.getKey());
				boolean nbt = e.getKey().endsWith("num_batches_tracked");
				net.put(e.getKey(), nbt ? Tensor.ofLongs("int64", new long[0], new long[] { t.isFloating() ? (long) t.doubles()[0] : t.longs()[0] }) : t);
			}
		} catch (RuntimeException ex) {
			net.close();
			throw ex;
		}
		return net;
	}

	/**
	 * Checks that a state dict is a complete FMnet and returns {inChannels, keypoints, c0, c1, ...} read from its shapes.
	 *
	 * @throws FacemapException naming {@code where} when keys are missing or unexpected or a shape does not fit
	 */
	public static int[] architecture(Map<String, Tensor> stateDict, String where) {
		int levels = 0;
		while (stateDict.containsKey("Conv.conv" + levels + ".conv.conv_1.2.weight")) levels++;
		Tensor w0 = stateDict.get("Conv.conv0.conv.conv_0.1.weight");
		Tensor head = stateDict.get("Conv2_1x1.conv0.weight");
		if (levels < 3 || w0 == null || head == null || w0.rank() != 4 || head.rank() != 4)
			throw new FacemapException(where + ": not a Facemap FMnet state dict (expected keys like "
				+ "'Conv.conv0.conv.conv_0.1.weight', 'Conv2_1x1.conv0.weight'; found " + describeKeys(stateDict) + ")");
		int[] channels = new int[levels];
		for (int k = 0; k < levels; k++) {
			long[] s = stateDict.get("Conv.conv" + k + ".conv.conv_1.2.weight").shape();
			if (s.length != 4) throw new FacemapException(where + ": Conv.conv" + k + ".conv.conv_1.2.weight has shape " + Arrays.toString(s) + ", expected 4-D");
			channels[k] = (int) s[0];
		}
		int inChannels = (int) w0.shape()[1];
		int keypoints = (int) head.shape()[0];
		LinkedHashMap<String, long[]> expected = stateShapes(inChannels, channels, keypoints);
		TreeSet<String> missing = new TreeSet<>(expected.keySet());
		missing.removeAll(stateDict.keySet());
		TreeSet<String> extra = new TreeSet<>(stateDict.keySet());
		extra.removeAll(expected.keySet());
		if (!missing.isEmpty() || !extra.isEmpty())
			throw new FacemapException(where + ": state dict does not match FMnet with channels " + Arrays.toString(channels)
				+ " and " + keypoints + " keypoints" + (missing.isEmpty() ? "" : "; missing keys " + missing)
				+ (extra.isEmpty() ? "" : "; unexpected keys " + extra));
		for (Map.Entry<String, long[]> e : expected.entrySet()) {
			Tensor t = stateDict.get(e.getKey());
			long[] want = e.getValue();
			boolean nbt = e.getKey().endsWith("num_batches_tracked");
			if (!nbt && !Arrays.equals(t.shape(), want))
				throw new FacemapException(where + ": " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(want));
			if (nbt && t.size() != 1)
				throw new FacemapException(where + ": " + e.getKey() + " should hold one integer, has shape " + Arrays.toString(t.shape()));
			if (!nbt && !t.isFloating())
				throw new FacemapException(where + ": " + e.getKey() + " has dtype " + t.dtype() + ", expected a floating-point tensor");
		}
		int[] r = new int[levels + 2];
		r[0] = inChannels;
		r[1] = keypoints;
		System.arraycopy(channels, 0, r, 2, levels);
		return r;
	}

	private static String describeKeys(Map<String, Tensor> sd) {
		List<String> keys = new ArrayList<>(sd.keySet());
		if (keys.isEmpty()) return "no keys";
		return keys.size() + " keys, e.g. " + keys.subList(0, Math.min(3, keys.size()));
	}

	private void put(String key, Tensor t) {
		NDArray a = StateDicts.toArray(manager, key, t);
		state.put(key, a);
		if (!key.endsWith("num_batches_tracked") && !key.endsWith("running_mean") && !key.endsWith("running_var"))
			params.put(key, a);
	}

	/** The state-dict keys and shapes of FMnet, in Facemap's (torch's) order. */
	public static LinkedHashMap<String, long[]> stateShapes(int inChannels, int[] channels, int keypoints) {
		LinkedHashMap<String, long[]> m = new LinkedHashMap<>();
		int n = channels.length;
		for (int k = 0; k < n; k++)
			convblockShapes(m, "Conv.conv" + k, k == 0 ? inChannels : channels[k - 1], channels[k], k == 0);
		for (int k = 0; k < 2; k++)
			convblockShapes(m, "Up_conv.upconv" + k, channels[n - 1 - k] + channels[n - 2 - k], channels[n - 2 - k], false);
		int ch = channels[n - 3];
		for (int j = 0; j < 3; j++) {
			m.put("Conv2_1x1.conv" + j + ".weight", new long[] { keypoints, ch, 1, 1 });
			m.put("Conv2_1x1.conv" + j + ".bias", new long[] { keypoints });
		}
		return m;
	}

	private static void convblockShapes(Map<String, long[]> m, String prefix, int cin, int cout, boolean block0) {
		batchconvShapes(m, prefix + ".conv.conv_0", cin, cout, block0 ? 1 : 2);
		batchconvShapes(m, prefix + ".conv.conv_1", cout, cout, 2);
	}

	private static void batchconvShapes(Map<String, long[]> m, String prefix, int cin, int cout, int convIndex) {
		String bn = prefix + ".0.";
		m.put(bn + "weight", new long[] { cin });
		m.put(bn + "bias", new long[] { cin });
		m.put(bn + "running_mean", new long[] { cin });
		m.put(bn + "running_var", new long[] { cin });
		m.put(bn + "num_batches_tracked", new long[0]);
		m.put(prefix + "." + convIndex + ".weight", new long[] { cout, cin, 3, 3 });
	}

	private static boolean isBatchNorm(String key) {
		return key.contains(".0.") && !key.startsWith("Conv2_1x1");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Forward

	/** {@link #forward(NDArray, boolean, boolean)} with the heatmap normalised exactly when {@code training}, as Facemap. */
	public NDList forward(NDArray x, boolean training) {
		return forward(x, training, training);
	}

	/**
	 * Runs the network on {@code x} (B, inChannels, H, W) float32, H and W multiples of 16 (256 for Facemap's models).
	 *
	 * @param training BatchNorm with batch statistics (updating the running statistics) instead of running statistics
	 * @param normalize heatmap normalisation 10*hm/(1e-4 + sum over each map), which Facemap applies in training
	 * @return (hm, locx, locy), each (B, keypoints, H/4, W/4); hm is after the ReLU
	 */
	public NDList forward(NDArray x, boolean training, boolean normalize) {
		Shape s = x.getShape();
		if (s.dimension() != 4 || s.get(1) != inChannels)
			throw new IllegalArgumentException("FMnet input must be (B, " + inChannels + ", H, W), got " + s);
		if (s.get(2) % 16 != 0 || s.get(3) % 16 != 0)
			throw new IllegalArgumentException("FMnet input height and width must be multiples of 16, got " + s);
		int n = channels.length;
		// inference without gradients: intermediates are closed as soon as they are used (same numbers, less memory
		// held per batch); with gradients or in training every array stays alive for the backward pass
		boolean release = !training && !state.get("Conv2_1x1.conv0.weight").hasGradient();
		List<NDArray> skips = new ArrayList<>(n);
		NDArray h = convblock(x, "Conv.conv0", true, training, release);
		skips.add(h);
		Shape k3 = new Shape(3, 3), s2 = new Shape(2, 2), p1 = new Shape(1, 1);
		for (int k = 1; k < n; k++) {
			NDArray pooled = Pool.maxPool2d(h, k3, s2, p1, false);
			if (release && k - 1 < n - 3) h.close(); // not a skip the decoder uses
			h = convblock(pooled, "Conv.conv" + k, false, training, release);
			if (release) pooled.close();
			skips.add(h);
		}
		for (int k = 0; k < 2; k++) {
			NDArray up = h.repeat(2, 2), up2 = up.repeat(3, 2); // nearest-neighbour x2
			if (release) {
				up.close();
				h.close();
			}
			NDArray cat = NDArrays.concat(new NDList(up2, skips.get(n - 2 - k)), 1);
			if (release) {
				up2.close();
				if (k == 0) skips.get(n - 2).close();
			}
			h = convblock(cat, "Up_conv.upconv" + k, false, training, release);
			if (release) {
				cat.close();
				if (k == 1) skips.get(n - 3).close();
			}
		}
		NDArray hm = Conv2d.conv2d(h, state.get("Conv2_1x1.conv0.weight"), state.get("Conv2_1x1.conv0.bias")).singletonOrThrow();
		NDArray locx = Conv2d.conv2d(h, state.get("Conv2_1x1.conv1.weight"), state.get("Conv2_1x1.conv1.bias")).singletonOrThrow();
		NDArray locy = Conv2d.conv2d(h, state.get("Conv2_1x1.conv2.weight"), state.get("Conv2_1x1.conv2.bias")).singletonOrThrow();
		if (release) h.close();
		hm = Activation.relu(hm);
		if (normalize) hm = normalizeHeatmap(hm);
		return new NDList(hm, locx, locy);
	}

	/** Facemap's training-time heatmap normalisation: 10*hm / (1e-4 + sum of each map). */
	public static NDArray normalizeHeatmap(NDArray hm) {
		NDArray sum = hm.sum(new int[] { 2, 3 }, true).add(1e-4f);
		return hm.mul(10f).div(sum);
	}

	private NDArray convblock(NDArray x, String prefix, boolean block0, boolean training, boolean release) {
		NDArray h = batchconv(x, prefix + ".conv.conv_0", !block0, block0 ? 1 : 2, training, release);
		NDArray out = batchconv(h, prefix + ".conv.conv_1", true, 2, training, release);
		if (release) h.close();
		return out;
	}

	private NDArray batchconv(NDArray x, String prefix, boolean relu, int convIndex, boolean training, boolean release) {
		String bn = prefix + ".0.";
		NDArray h = BatchNorm.batchNorm(x, state.get(bn + "running_mean"), state.get(bn + "running_var"), state.get(bn + "weight"),
			state.get(bn + "bias"), 1, 1f - BN_MOMENTUM, BN_EPS, training).singletonOrThrow();
		if (training) {
			NDArray nbt = state.get(bn + "num_batches_tracked");
			nbt.addi(1L);
		}
		if (relu) {
			NDArray r = Activation.relu(h);
			if (release) h.close();
			h = r;
		}
		NDArray w = state.get(prefix + "." + convIndex + ".weight");
		NDArray out = Conv2d.conv2d(h, w, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
		if (release) h.close();
		return out;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Access

	public int inChannels() {
		return inChannels;
	}

	public int[] channels() {
		return channels.clone();
	}

	public int keypoints() {
		return keypoints;
	}

	public NDManager getManager() {
		return manager;
	}

	/** The trainable parameters (conv and BatchNorm weights and biases) by state-dict key, in key order. */
	public Map<String, NDArray> parameters() {
		return Collections.unmodifiableMap(params);
	}

	/** Every state-dict array (parameters, running statistics, num_batches_tracked), in key order. */
	public Map<String, NDArray> stateArrays() {
		return Collections.unmodifiableMap(state);
	}

	/** Attaches (or detaches) gradients to every trainable parameter, for training with a GradientCollector. */
	public void requireGradients(boolean require) {
		for (NDArray p : params.values()) p.setRequiresGradient(require);
	}

	/** Copies the weights into a state dict with Facemap's key names and order (float32, num_batches_tracked int64). */
	public LinkedHashMap<String, Tensor> toStateDict() {
		return StateDicts.toStateDict(state);
	}

	/** Copies values from a state dict of the same architecture into this network (e.g. to restore a checkpoint). */
	public void load(Map<String, Tensor> stateDict) {
		StateDicts.loadState(state, stateDict, manager, "FMnet");
	}

	/** Number of trainable parameters of this network. */
	public long parameterCount() {
		return parameterCount(inChannels, channels, keypoints);
	}

	/** Number of trainable parameters (reference 1.2's formula, computed from the shapes). */
	public static long parameterCount(int inChannels, int[] channels, int keypoints) {
		long n = 0;
		for (Map.Entry<String, long[]> e : stateShapes(inChannels, channels, keypoints).entrySet()) {
			String k = e.getKey();
			if (k.endsWith("running_mean") || k.endsWith("running_var") || k.endsWith("num_batches_tracked")) continue;
			n += Tensor.size(e.getValue());
		}
		return n;
	}

	/**
	 * Floating-point operations of one forward pass for one frame of {@code size} x {@code size} (a multiply-add counts
	 * as 2): the 3x3 and 1x1 convolutions (2*cin*cout*k*k per output pixel) plus BatchNorm/ReLU (about 3 per input
	 * element), max pooling (9 comparisons per output) and the heads' bias and ReLU.
	 */
	public static double flopsPerFrame(int inChannels, int[] channels, int keypoints, int size) {
		int n = channels.length;
		double f = 0;
		int[] res = new int[n];
		for (int k = 0; k < n; k++) res[k] = size >> k;
		for (int k = 0; k < n; k++) {
			double px = (double) res[k] * res[k];
			int cin = k == 0 ? inChannels : channels[k - 1];
			if (k > 0) f += 9.0 * cin * px; // max pool
			f += px * (3.0 * cin + 2.0 * cin * channels[k] * 9); // conv_0
			f += px * (3.0 * channels[k] + 2.0 * channels[k] * channels[k] * 9); // conv_1
		}
		for (int k = 0; k < 2; k++) {
			double px = (double) res[n - 2 - k] * res[n - 2 - k];
			int cin = channels[n - 1 - k] + channels[n - 2 - k], cout = channels[n - 2 - k];
			f += px * (3.0 * cin + 2.0 * cin * cout * 9);
			f += px * (3.0 * cout + 2.0 * cout * cout * 9);
		}
		double px = (double) res[n - 3] * res[n - 3];
		f += 3 * px * keypoints * (2.0 * channels[n - 3] + 1) + px * keypoints;
		return f;
	}

	@Override
	public void close() {
		manager.close();
	}
}
