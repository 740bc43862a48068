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
package sc.fiji.facemap.neural;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.nn.StateDicts;

/**
 * Facemap's behaviour-to-neural encoder {@code KeypointsNetwork} (reference 6.1) with its default architecture, on
 * DJL's PyTorch engine with functional operations, so that every parameter is one entry of Facemap's state dict:
 * <pre>
 * core.features.linear0.0   Linear(n_in, n_in)            per time point
 * core.features.wavelet0    Conv1d(1, 10, 201, pad 100)   per channel, no bias, Gabor initialisation
 *                           ReLU on (T, n_in*10), keypoint-major
 * core.features.linear1.0   Linear(n_in*10, 50), ReLU
 * core.features.latent.0    Linear(50, 256), ReLU         = the latents
 * readout.features.linear0  Linear(256, n_out)
 * </pre>
 * Arrays made by {@link #forward} belong to the input's manager; the weights to this network's manager, freed by
 * {@link #close()}.
 */
public final class KeypointsNetwork implements AutoCloseable {

	public static final int N_FILT = 10, KERNEL = 201, N_MED = 50, N_LATENTS = 256;
	public static final String LINEAR0_W = "core.features.linear0.0.weight", LINEAR0_B = "core.features.linear0.0.bias",
		WAVELET = "core.features.wavelet0.weight", LINEAR1_W = "core.features.linear1.0.weight",
		LINEAR1_B = "core.features.linear1.0.bias", LATENT_W = "core.features.latent.0.weight",
		LATENT_B = "core.features.latent.0.bias", READOUT_W = "readout.features.linear0.weight",
		READOUT_B = "readout.features.linear0.bias";

	private final NDManager manager;
	private final int nIn, nOut;
	private final LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();

	private KeypointsNetwork(NDManager parent, Device device, int nIn, int nOut) {
		if (nIn < 1 || nOut < 1) throw new FacemapException("KeypointsNetwork needs at least one input and one output, got " + nIn + " and " + nOut);
		this.manager = device == null ? parent.newSubManager() : parent.newSubManager(device);
		this.nIn = nIn;
		this.nOut = nOut;
	}

	/** The state-dict keys and shapes, in Facemap's (torch's) order. */
	public static LinkedHashMap<String, long[]> stateShapes(int nIn, int nOut) {
		LinkedHashMap<String, long[]> m = new LinkedHashMap<>();
		m.put(LINEAR0_W, new long[] { nIn, nIn });
		m.put(LINEAR0_B, new long[] { nIn });
		m.put(WAVELET, new long[] { N_FILT, 1, KERNEL });
		m.put(LINEAR1_W, new long[] { N_MED, (long) nIn * N_FILT });
		m.put(LINEAR1_B, new long[] { N_MED });
		m.put(LATENT_W, new long[] { N_LATENTS, N_MED });
		m.put(LATENT_B, new long[] { N_LATENTS });
		m.put(READOUT_W, new long[] { nOut, N_LATENTS });
		m.put(READOUT_B, new long[] { nOut });
		return m;
	}

	/** Trainable parameters: 63,942 for 30 inputs and 128 outputs. */
	public static long parameterCount(int nIn, int nOut) {
		long n = 0;
		for (long[] s : stateShapes(nIn, nOut).values()) n += Tensor.size(s);
		return n;
	}

	/**
	 * Facemap's initial temporal filters (N_FILT x KERNEL): 5 frequencies geomspace(1, 10, 5) at phase 0 (rows 0-4)
	 * and pi/2 (rows 5-9) of g(x) = exp(-x_c^2 / 2) cos(phase + f x_c), x = linspace(0, 2 pi, KERNEL + 1)[:-1],
	 * x_c = x - mean(x); the 5 filters of one phase are normalised together (Frobenius norm of the 5 x KERNEL block
	 * is 1), computed in float32 as Facemap.
	 */
	public static float[][] gaborFilters() {
		int half = N_FILT / 2;
		float[] f = new float[half];
		for (int i = 0; i < half; i++) f[i] = (float) Math.pow(10, (double) i / (half - 1));
		f[0] = 1f;
		f[half - 1] = 10f;
		float[] x = new float[KERNEL];
		double mean = 0;
		for (int i = 0; i < KERNEL; i++) {
			x[i] = (float) (2 * Math.PI * i / KERNEL);
			mean += x[i];
		}
		mean /= KERNEL;
		float[][] g = new float[N_FILT][KERNEL];
		for (int ph = 0; ph < 2; ph++) {
			double phase = ph == 0 ? 0 : Math.PI / 2;
			double ss = 0;
			for (int i = 0; i < half; i++)
				for (int k = 0; k < KERNEL; k++) {
					float xc = (float) (x[k] - mean);
					double v = Math.exp(-(double) xc * xc / 2) * Math.cos(phase + (double) f[i] * xc);
					g[ph * half + i][k] = (float) v;
					ss += (double) (float) v * (float) v;
				}
			float norm = (float) Math.sqrt(ss);
			for (int i = 0; i < half; i++)
				for (int k = 0; k < KERNEL; k++) g[ph * half + i][k] /= norm;
		}
		return g;
	}

	/**
	 * A network with PyTorch's default Linear initialisation (weight and bias uniform in +-1/sqrt(fan_in)) from a
	 * {@link SplittableRandom} with {@code seed}, and Facemap's Gabor filters.
	 */
	public static KeypointsNetwork random(NDManager parent, Device device, int nIn, int nOut, long seed) {
		KeypointsNetwork net = new KeypointsNetwork(parent, device, nIn, nOut);
		SplittableRandom rnd = new SplittableRandom(seed);
		try {
			for (Map.Entry<String, long[]> e : stateShapes(nIn, nOut).entrySet()) {
				String key = e.getKey();
				long[] shape = e.getValue();
				float[] v;
				if (key.equals(WAVELET)) {
					float[][] g = gaborFilters();
					v = new float[N_FILT * KERNEL];
					for (int i = 0; i < N_FILT; i++) System.arraycopy(g[i], 0, v, i * KERNEL, KERNEL);
				}
				else {
					long fanIn = key.endsWith(".bias") ? stateShapes(nIn, nOut).get(key.replace(".bias", ".weight"))[1] : shape[1];
					double bound = 1.0 / Math.sqrt(fanIn);
					v = new float[(int) Tensor.size(shape)];
					for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
				}
				net.put(key, Tensor.ofFloats(shape, v));
			}
		}
		catch (RuntimeException ex) {
			net.close();
			throw ex;
		}
		return net;
	}

	/**
	 * The network of a state dict with Facemap's key names (inputs and outputs read from the shapes).
	 *
	 * @param source names the file in error messages
	 */
	public static KeypointsNetwork fromStateDict(NDManager parent, Device device, Map<String, Tensor> sd, String source) {
		String where = source == null ? "state dict" : source;
		Tensor w0 = sd.get(LINEAR0_W), ro = sd.get(READOUT_W);
		if (w0 == null || ro == null || w0.rank() != 2 || ro.rank() != 2)
			throw new FacemapException(where + ": not a Facemap KeypointsNetwork state dict (expected keys '" + LINEAR0_W
				+ "' and '" + READOUT_W + "'; found " + sd.keySet() + ")");
		int nIn = (int) w0.shape()[1], nOut = (int) ro.shape()[0];
		StateDicts.checkShapes(sd, stateShapes(nIn, nOut), where, "KeypointsNetwork (" + nIn + " inputs, " + nOut + " outputs)");
		KeypointsNetwork net = new KeypointsNetwork(parent, device, nIn, nOut);
		try {
			for (String key : stateShapes(nIn, nOut).keySet()) net.put(key, sd.get(key));
		}
		catch (RuntimeException ex) {
			net.close();
			throw ex;
		}
		return net;
	}

	private void put(String key, Tensor t) {
		params.put(key, StateDicts.create(manager, key, t));
	}

	public int inputs() {
		return nIn;
	}

	public int outputs() {
		return nOut;
	}

	public NDManager getManager() {
		return manager;
	}

	public Map<String, NDArray> parameters() {
		return Collections.unmodifiableMap(params);
	}

	public void requireGradients(boolean require) {
		for (NDArray p : params.values()) p.setRequiresGradient(require);
	}

	public LinkedHashMap<String, Tensor> toStateDict() {
		return StateDicts.toStateDict(params);
	}

	public void load(Map<String, Tensor> sd) {
		StateDicts.load(params, sd, "state dict");
	}

	/**
	 * The latents of one segment: x (T, n_in) float32 gives (T, 256). The convolution is zero-padded at the segment
	 * ends, as Facemap (each training or test segment is one batch item).
	 */
	public NDArray latents(NDArray x) {
		Shape s = x.getShape();
		if (s.dimension() != 2 || s.get(1) != nIn)
			throw new IllegalArgumentException("KeypointsNetwork input must be (T, " + nIn + "), got " + s);
		long T = s.get(0);
		NDArray h = Linear.linear(x, params.get(LINEAR0_W), params.get(LINEAR0_B)).singletonOrThrow(); // (T, nIn)
		h = h.transpose().reshape(nIn, 1, T);
		h = Conv1d.conv1d(h, params.get(WAVELET), null, new Shape(1), new Shape(KERNEL / 2), new Shape(1), 1).singletonOrThrow();
		h = h.reshape((long) nIn * N_FILT, T).transpose(); // (T, nIn*10), keypoint-major
		h = Activation.relu(h);
		h = Activation.relu(Linear.linear(h, params.get(LINEAR1_W), params.get(LINEAR1_B)).singletonOrThrow());
		return Activation.relu(Linear.linear(h, params.get(LATENT_W), params.get(LATENT_B)).singletonOrThrow());
	}

	/** The readout of latents (n, 256) gives (n, n_out). */
	public NDArray readout(NDArray latents) {
		return Linear.linear(latents, params.get(READOUT_W), params.get(READOUT_B)).singletonOrThrow();
	}

	/**
	 * Forward pass of one segment: latents of every frame of x (T, n_in), the rows {@code sampleRows} (int64, the
	 * frames nearest each neural sample; null = all) through the readout.
	 *
	 * @return (prediction (n, n_out), latents (T, 256))
	 */
	public NDList forward(NDArray x, NDArray sampleRows) {
		NDArray lat = latents(x);
		NDArray sel = sampleRows == null ? lat : lat.get(new NDIndex("{}", sampleRows));
		return new NDList(readout(sel), lat);
	}

	/** Facemap's smoothness penalty: sum of squared first differences of the filters along the kernel axis (its
	 * arrays belong to {@code owner}). */
	public NDArray smoothness(NDManager owner) {
		NDArray d = params.get(WAVELET).diff(1, 2);
		d.attach(owner);
		return d.square().sum();
	}

	@Override
	public void close() {
		manager.close();
	}
}
