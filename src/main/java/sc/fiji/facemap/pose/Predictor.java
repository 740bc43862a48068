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

import java.util.List;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.task.Progress;

/**
 * The one inference path of the keypoint network: 8-bit gray frames are cropped, padded and resized by a
 * {@link FramePreprocessor} for a {@link CropGeometry} (Facemap's {@code preprocess_img}, per-frame or batch
 * percentiles), run through the network ({@link PoseNetwork}: FMnet on ONNX Runtime or DJL) in eval mode and decoded by {@link HeatmapDecoder} to full-frame pixels.
 * The tracker ({@link PoseTracker}, whose batch loop calls {@link #run}), evaluation ({@link Evaluation#predict}),
 * frame selection ({@link FrameSelection}) and the previews ({@link TrainingPreview}, {@link RefinementPreview}) all
 * predict through here, so a frame gets the same keypoints whichever of them looks at it.
 * <p>
 * A predictor made by {@link #open} owns its network (on the chosen engine and device) and must be closed; one made by
 * {@link #of(FMnet, Normalization)} borrows a network (e.g. the one being trained) and leaves it open. Not
 * thread-safe.
 */
public final class Predictor implements AutoCloseable {

	/** Frames per network call when the caller does not say. */
	public static final int DEFAULT_BATCH = 8;

	private final PoseNetwork net;
	private final boolean owns;
	private final KeypointSet keypoints;
	private final int size;
	private final Normalization normalization;

	private Predictor(PoseNetwork net, boolean owns, KeypointSet keypoints, int size, Normalization normalization) {
		if (net.inChannels() != 1) throw new FacemapException("the network expects " + net.inChannels() + " input channels; only gray (1) is supported");
		this.net = net;
		this.owns = owns;
		this.keypoints = keypoints != null ? keypoints : PoseModel.defaultKeypoints(net.keypoints());
		this.size = size;
		this.normalization = normalization == null ? Normalization.PER_FRAME : normalization;
	}

	/** A predictor with {@code model}'s network on the default engine ({@link NetworkEngine#AUTO}) and {@code device}. */
	public static Predictor open(PoseModel model, Device device, Normalization normalization, Progress progress) {
		return open(model, NetworkEngine.AUTO, device, normalization, progress);
	}

	/**
	 * A predictor with {@code model}'s network on {@code engine} and {@code device} ({@link PoseNetworks#open}: GPU falls
	 * back to the CPU with a log line).
	 */
	public static Predictor open(PoseModel model, NetworkEngine engine, Device device, Normalization normalization, Progress progress) {
		if (model.inChannels() != 1)
			throw new FacemapException("model '" + model.name() + "' expects " + model.inChannels() + " input channels; only gray (1) is supported");
		if (model.warning() != null) progress.log("Warning: " + model.warning());
		PoseNetwork n = PoseNetworks.open(model, engine, device, progress);
		try {
			return new Predictor(n, true, model.keypoints(), model.inputSize(), normalization);
		} catch (RuntimeException e) {
			n.close();
			throw e;
		}
	}

	/** A predictor that owns {@code net} (closes it), with {@code model}'s keypoints and input size. */
	public static Predictor owning(PoseNetwork net, PoseModel model, Normalization normalization) {
		try {
			return new Predictor(net, true, model.keypoints(), model.inputSize(), normalization);
		} catch (RuntimeException e) {
			net.close();
			throw e;
		}
	}

	/** A predictor on a network owned by the caller (input size {@link FMnet#INPUT_SIZE}), run on DJL. */
	public static Predictor of(FMnet net, Normalization normalization) {
		return new Predictor(DjlPoseNetwork.borrow(net), false, null, FMnet.INPUT_SIZE, normalization);
	}

	/** A predictor on a network owned by the caller; {@code keypoints} null: the default names for its count. */
	public static Predictor of(PoseNetwork net, KeypointSet keypoints, int size, Normalization normalization) {
		return new Predictor(net, false, keypoints, size, normalization);
	}

	public KeypointSet keypoints() {
		return keypoints;
	}

	public Normalization normalization() {
		return normalization;
	}

	/** Network input size (square). */
	public int inputSize() {
		return size;
	}

	/** The device the network runs on. */
	public Device device() {
		return net.device();
	}

	/** The engine the network runs on. */
	public NetworkEngine engine() {
		return net.engine();
	}

	/** The crop of a {@code width x height} frame for a bounding box {@code [r0, r1, c0, c1]} (null: the full frame). */
	public CropGeometry geometry(int height, int width, int[] bbox) {
		return CropGeometry.of(height, width, bbox, size);
	}

	/** A preprocessor for frames of this geometry with this predictor's normalisation (one per thread). */
	public FramePreprocessor preprocessor(CropGeometry geometry) {
		if (geometry.size != size) throw new IllegalArgumentException("geometry for input size " + geometry.size + ", the network takes " + size);
		return new FramePreprocessor(geometry, normalization);
	}

	/**
	 * The network and decoding step: {@code count} preprocessed frames ({@code count * size * size} floats from
	 * {@link FramePreprocessor#process}) to keypoints in full-frame pixels, into rows {@code row ..} of {@code dst}.
	 */
	public void run(float[] input, int count, CropGeometry geometry, Keypoints dst, int row) {
		PoseNetwork.Heatmaps out = net.forward(input, count, size);
		HeatmapDecoder.decode(out.hm(), out.locx(), out.locy(), count, out.keypoints(), out.height(), out.width(), geometry, dst, row);
	}

	/** Keypoints of {@code count} frames of one size (8-bit gray, row-major) seen through {@code geometry}. */
	public Keypoints predict(byte[][] frames, int count, CropGeometry geometry, int batchSize) {
		Keypoints kp = new Keypoints(keypoints, count);
		predictInto(frames, 0, count, geometry, batchSize, kp, 0);
		return kp;
	}

	private void predictInto(byte[][] frames, int from, int count, CropGeometry geometry, int batchSize, Keypoints dst, int row) {
		int bs = Math.max(1, Math.min(batchSize, count));
		FramePreprocessor pre = preprocessor(geometry);
		float[] input = new float[bs * size * size];
		byte[][] batch = new byte[bs][];
		for (int s = 0; s < count; s += bs) {
			int c = Math.min(bs, count - s);
			System.arraycopy(frames, from + s, batch, 0, c);
			pre.process(batch, c, input);
			run(input, c, geometry, dst, row + s);
		}
	}

	/**
	 * Keypoints of images that may differ in size, each cropped to {@code bbox} (null: the full frame). Images are
	 * taken as 8-bit ({@link GrayImage#toBytes}); consecutive images of one size share network calls.
	 */
	public Keypoints predict(List<GrayImage> images, int[] bbox, int batchSize) {
		Keypoints kp = new Keypoints(keypoints, images.size());
		int i = 0;
		while (i < images.size()) {
			int w = images.get(i).width(), h = images.get(i).height(), j = i;
			while (j < images.size() && images.get(j).width() == w && images.get(j).height() == h) j++;
			byte[][] frames = new byte[j - i][];
			for (int k = i; k < j; k++) frames[k - i] = images.get(k).toBytes();
			predictInto(frames, 0, frames.length, geometry(h, w, bbox), batchSize, kp, i);
			i = j;
		}
		return kp;
	}

	/** One full 8-bit gray frame: {x[k], y[k], likelihood[k]} in full-frame pixels. */
	public float[][] predict(int width, int height, byte[] gray) {
		Keypoints kp = predict(new byte[][] { gray }, 1, geometry(height, width, null), 1);
		float[][] out = new float[3][keypoints.size()];
		for (int k = 0; k < keypoints.size(); k++) {
			out[0][k] = kp.x(0, k);
			out[1][k] = kp.y(0, k);
			out[2][k] = kp.likelihood(0, k);
		}
		return out;
	}

	/** Closes the network when this predictor owns it. */
	@Override
	public void close() {
		if (owns) net.close();
	}
}
