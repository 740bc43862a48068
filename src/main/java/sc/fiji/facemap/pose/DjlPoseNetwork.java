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

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.nn.Devices;

/**
 * {@link PoseNetwork} on DJL/libtorch: {@link FMnet} in eval mode, the arrays of each call under a sub-manager closed
 * before it returns. Owns its network (and manager) when made by {@link PoseNetworks#open}, or borrows one (e.g. the
 * network being trained) through {@link #borrow}.
 */
public final class DjlPoseNetwork implements PoseNetwork {

	private final FMnet net;
	private final NDManager owned;

	private DjlPoseNetwork(FMnet net, NDManager owned) {
		this.net = net;
		this.owned = owned;
	}

	/** Owns {@code net} and {@code manager} (closes both). */
	static DjlPoseNetwork owning(FMnet net, NDManager manager) {
		return new DjlPoseNetwork(net, manager);
	}

	/** Runs a network owned by the caller; {@link #close()} leaves it open. */
	public static DjlPoseNetwork borrow(FMnet net) {
		return new DjlPoseNetwork(net, null);
	}

	/** The FMnet that runs. */
	public FMnet network() {
		return net;
	}

	@Override
	public int inChannels() {
		return net.inChannels();
	}

	@Override
	public int keypoints() {
		return net.keypoints();
	}

	@Override
	public NetworkEngine engine() {
		return NetworkEngine.DJL;
	}

	@Override
	public Device device() {
		return Devices.of(net.getManager().getDevice());
	}

	@Override
	public Heatmaps forward(float[] input, int count, int size) {
		int c = net.inChannels();
		try (NDManager sub = net.getManager().newSubManager()) {
			NDList out = net.forward(sub.create(FloatBuffer.wrap(input, 0, count * c * size * size), new Shape(count, c, size, size)), false, false);
			Shape hs = out.get(0).getShape();
			return new Heatmaps(out.get(0).toFloatArray(), out.get(1).toFloatArray(), out.get(2).toFloatArray(), count, (int) hs.get(1),
				(int) hs.get(2), (int) hs.get(3));
		}
	}

	@Override
	public void close() {
		if (owned != null) {
			net.close();
			owned.close();
		}
	}
}
