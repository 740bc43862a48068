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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.job.Device;

/**
 * {@link PoseNetwork} on ONNX Runtime (CPU): the FMnet of a state dict written as an ONNX graph by {@link FmnetOnnx}
 * (BatchNorm folded into the convolutions, one head convolution), run with all of ONNX Runtime's graph optimisations
 * (its NCHWc blocked layout and fused Conv+ReLU are what make it faster than libtorch's plain NCHW path on CPUs), one
 * intra-op thread per core and no spin-waiting (the decoding and preprocessing threads share the cores).
 * No Python and no file: the graph is built in memory when the network is opened.
 */
public final class OrtPoseNetwork implements PoseNetwork {

	private static volatile String unavailable;

	private final OrtSession session;
	private final int inChannels, keypoints, size;
	private final boolean int8;
	private FloatBuffer inputBuffer;
	private int inputFrames;

	private OrtPoseNetwork(OrtSession session, int inChannels, int keypoints, int size, boolean int8) {
		this.int8 = int8;
		this.session = session;
		this.inChannels = inChannels;
		this.keypoints = keypoints;
		this.size = size;
	}

	/**
	 * Why ONNX Runtime cannot run here (its native library did not load on this platform), or null when it can.
	 */
	public static String unavailableReason() {
		if (unavailable == null) {
			try {
				OrtEnvironment.getEnvironment();
				unavailable = "";
			} catch (Throwable e) { // UnsatisfiedLinkError, or an OrtException from the native side
				unavailable = "ONNX Runtime did not load on this platform (" + e + ")";
			}
		}
		return unavailable.isEmpty() ? null : unavailable;
	}

	/** Builds the network of {@code stateDict} for square inputs of {@code size}; {@code threads <= 0}: one per core. */
	public static OrtPoseNetwork open(Map<String, Tensor> stateDict, int size, String source, int threads, boolean spinning) {
		int[] arch = FMnet.architecture(stateDict, source == null ? "state dict" : source);
		return new OrtPoseNetwork(session(FmnetOnnx.write(stateDict, size, source), source, threads, spinning), arch[0], arch[1], size, false);
	}

	/**
	 * The int8 network (opt-in; see {@link FmnetOnnx}): the activation ranges are calibrated on {@code frames}
	 * preprocessed frames of {@code calibration} (min and max of each quantised tensor over them, run through the
	 * float32 graph), then the convolutions run on 8-bit integers. Keypoints move by a few tenths of a pixel typically
	 * (scripts/bench/track measures it on labelled frames); float32 stays the default.
	 */
	public static OrtPoseNetwork openInt8(Map<String, Tensor> stateDict, int size, String source, float[] calibration, int frames) {
		int[] arch = FMnet.architecture(stateDict, source == null ? "state dict" : source);
		if (frames < 1 || calibration.length < (long) frames * arch[0] * size * size)
			throw new IllegalArgumentException("int8 calibration needs at least one preprocessed frame");
		java.util.List<String> names = new java.util.ArrayList<>();
		byte[] graph = FmnetOnnx.write(stateDict, size, source, null, names);
		Map<String, float[]> ranges = new java.util.HashMap<>();
		for (String n : names) ranges.put(n, new float[] { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY });
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		int per = arch[0] * size * size;
		try (OrtSession cal = session(graph, source, 0, false)) {
			for (int f = 0; f < frames; f += 4) {
				int c = Math.min(4, frames - f);
				try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(calibration, f * per, c * per), new long[] { c, arch[0], size, size });
					OrtSession.Result r = cal.run(Map.of(FmnetOnnx.INPUT, x))) {
					for (String n : names) {
						FloatBuffer b = ((OnnxTensor) r.get(n).orElseThrow()).getFloatBuffer();
						float[] mm = ranges.get(n);
						while (b.hasRemaining()) {
							float v = b.get();
							if (v < mm[0]) mm[0] = v;
							if (v > mm[1]) mm[1] = v;
						}
					}
				}
			}
		} catch (OrtException e) {
			throw new FacemapException((source == null ? "model" : source) + ": int8 calibration failed: " + e.getMessage(), e);
		}
		return new OrtPoseNetwork(session(FmnetOnnx.write(stateDict, size, source, ranges, null), source, 0, false), arch[0], arch[1], size, true);
	}

	/** True for the int8 network of {@link #openInt8}. */
	public boolean isInt8() {
		return int8;
	}

	private static OrtSession session(byte[] graph, String source, int threads, boolean spinning) {
		String why = unavailableReason();
		if (why != null) throw new FacemapException(why);
		try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
			o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			o.setIntraOpNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
			o.setInterOpNumThreads(1);
			o.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
			return OrtEnvironment.getEnvironment().createSession(graph, o);
		} catch (OrtException e) {
			throw new FacemapException((source == null ? "model" : source) + ": ONNX Runtime could not build the network: " + e.getMessage(), e);
		}
	}

	/** {@link #open(Map, int, String, int, boolean)} with one thread per core and no spin-waiting. */
	public static OrtPoseNetwork open(Map<String, Tensor> stateDict, int size, String source) {
		return open(stateDict, size, source, 0, false);
	}

	@Override
	public int inChannels() {
		return inChannels;
	}

	@Override
	public int keypoints() {
		return keypoints;
	}

	@Override
	public NetworkEngine engine() {
		return NetworkEngine.ONNXRUNTIME;
	}

	@Override
	public Device device() {
		return Device.CPU;
	}

	@Override
	public Heatmaps forward(float[] input, int count, int size) {
		if (size != this.size) throw new IllegalArgumentException("this network was built for " + this.size + " x " + this.size + " inputs, got " + size);
		int per = inChannels * size * size;
		if (inputBuffer == null || inputFrames < count) {
			inputBuffer = ByteBuffer.allocateDirect(4 * count * per).order(ByteOrder.nativeOrder()).asFloatBuffer();
			inputFrames = count;
		}
		FloatBuffer in = inputBuffer.clear();
		in.put(input, 0, count * per).flip();
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OnnxTensor x = OnnxTensor.createTensor(env, in, new long[] { count, inChannels, size, size });
			OrtSession.Result r = session.run(Map.of(FmnetOnnx.INPUT, x))) {
			OnnxValue v = r.get(0);
			long[] shape = ((OnnxTensor) v).getInfo().getShape();
			FloatBuffer out = ((OnnxTensor) v).getFloatBuffer();
			int hh = (int) shape[2], ww = (int) shape[3], plane = hh * ww, kp = keypoints;
			if (shape[0] != count || shape[1] != 3L * kp) throw new IllegalStateException("unexpected output shape " + Arrays.toString(shape));
			float[] hm = new float[count * kp * plane], lx = new float[hm.length], ly = new float[hm.length];
			int block = kp * plane;
			for (int b = 0; b < count; b++) {
				int base = b * 3 * block;
				out.position(base);
				out.get(hm, b * block, block);
				out.get(lx, b * block, block);
				out.get(ly, b * block, block);
			}
			for (int i = 0; i < hm.length; i++) if (!(hm[i] > 0)) hm[i] = 0f; // the heatmap ReLU
			return new Heatmaps(hm, lx, ly, count, kp, hh, ww);
		} catch (OrtException e) {
			throw new FacemapException("ONNX Runtime failed on a batch of " + count + " frames: " + e.getMessage(), e);
		}
	}

	@Override
	public void close() {
		try {
			session.close();
		} catch (OrtException e) {
			// nothing left to free
		}
	}
}
