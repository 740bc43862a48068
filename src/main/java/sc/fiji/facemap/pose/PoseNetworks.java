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

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.nn.Devices;
import sc.fiji.facemap.task.Progress;

/** Opens a model's {@link PoseNetwork} on the chosen engine and device. */
public final class PoseNetworks {

	private PoseNetworks() {}

	/**
	 * The network of {@code model} on {@code engine} and {@code device}. AUTO is DJL on a usable GPU and otherwise ONNX
	 * Runtime on the CPU (DJL when ONNX Runtime does not load on this platform, with a log line). A GPU that is not
	 * usable falls back to the CPU (with a log line); ONNX Runtime always runs on the CPU.
	 */
	public static PoseNetwork open(PoseModel model, NetworkEngine engine, Device device, Progress progress) {
		NetworkEngine e = engine == null ? NetworkEngine.AUTO : engine;
		ai.djl.Device d = null;
		if (e != NetworkEngine.ONNXRUNTIME && device == Device.GPU) {
			d = Devices.choose(Device.GPU, progress);
			if (d.isGpu()) e = NetworkEngine.DJL;
		}
		if (e == NetworkEngine.AUTO) {
			String why = OrtPoseNetwork.unavailableReason();
			if (why != null && progress != null) progress.log(why + "; running the network on DJL/libtorch.");
			e = why == null ? NetworkEngine.ONNXRUNTIME : NetworkEngine.DJL;
		}
		if (e == NetworkEngine.ONNXRUNTIME) {
			String why = OrtPoseNetwork.unavailableReason();
			if (why != null) throw new FacemapException(why + "; use engine 'djl'");
			if (device == Device.GPU && progress != null)
				progress.log("engine onnxruntime runs on the CPU only; the GPU is not used (engine 'djl' runs on a GPU).");
			return OrtPoseNetwork.open(model.stateDict(), model.inputSize(), model.source() != null ? model.source().toString() : model.name());
		}
		NDManager manager = NDManager.newBaseManager(d != null ? d : Devices.choose(device, progress));
		try {
			return DjlPoseNetwork.owning(model.createNetwork(manager), manager);
		} catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	/**
	 * The int8 network of {@code model} on ONNX Runtime (see {@link OrtPoseNetwork#openInt8}), calibrated on the first
	 * {@code frames} preprocessed frames of {@code calibration}.
	 *
	 * @throws FacemapException when {@code engine} is DJL or ONNX Runtime does not load here
	 */
	public static PoseNetwork openInt8(PoseModel model, NetworkEngine engine, Device device, float[] calibration, int frames, Progress progress) {
		if (engine == NetworkEngine.DJL) throw new FacemapException("precision int8 runs on engine onnxruntime (or auto), not djl");
		String why = OrtPoseNetwork.unavailableReason();
		if (why != null) throw new FacemapException(why + "; precision int8 needs ONNX Runtime (use precision fp32)");
		if (device == Device.GPU && progress != null) progress.log("precision int8 runs on the CPU (ONNX Runtime); the GPU is not used.");
		return OrtPoseNetwork.openInt8(model.stateDict(), model.inputSize(), model.source() != null ? model.source().toString() : model.name(), calibration,
			frames);
	}
}
