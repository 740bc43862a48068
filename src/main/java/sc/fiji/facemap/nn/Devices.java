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
package sc.fiji.facemap.nn;

import ai.djl.engine.Engine;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Device;
import sc.fiji.facemap.task.Progress;

/** Picks the DJL device a network runs on: the GPU when asked for and usable, else the CPU (with a log line). */
public final class Devices {

	private Devices() {}

	/** GPU when requested and PyTorch sees a CUDA device, else CPU (logging why through {@code progress}). */
	public static ai.djl.Device choose(Device requested, Progress progress) {
		if (requested == Device.GPU) {
			int n;
			try {
				n = Engine.getInstance().getGpuCount();
			} catch (RuntimeException e) {
				n = 0;
			}
			if (n > 0) return ai.djl.Device.gpu();
			progress.log("GPU requested but none is available to PyTorch (the CPU build of libtorch is installed, or no CUDA device); using the CPU.");
		}
		return ai.djl.Device.cpu();
	}

	/** {@link #choose(Device, Progress)} for the text forms "cpu", "gpu" (a bad text is a {@link FacemapException}). */
	public static ai.djl.Device choose(String requested, Progress progress) {
		try {
			return choose(Device.parse(requested), progress);
		} catch (IllegalArgumentException e) {
			throw new FacemapException(e.getMessage());
		}
	}

	/** The job-level device of a DJL device. */
	public static Device of(ai.djl.Device d) {
		return d.isGpu() ? Device.GPU : Device.CPU;
	}
}
