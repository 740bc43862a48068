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

import ai.djl.Device;
import ai.djl.engine.Engine;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;

/** Device choice for DJL networks: the GPU when asked for and usable, else the CPU (with a log line saying why). */
public final class Devices {

	private Devices() {}

	/** The DJL device for {@code requested}; null means the CPU. */
	public static Device choose(sc.fiji.facemap.job.Device requested, Progress progress) {
		if (requested == sc.fiji.facemap.job.Device.GPU) {
			int n;
			try {
				n = Engine.getInstance().getGpuCount();
			}
			catch (RuntimeException e) {
				n = 0;
			}
			if (n > 0) return Device.gpu();
			if (progress != null) progress.log("GPU requested but none is available to PyTorch (the CPU build of libtorch is installed, or no CUDA device); using the CPU. To set up the GPU: Plugins > Facemap > Install GPU Support... or facemap install-gpu.");
		}
		return Device.cpu();
	}

	/** {@link #choose(sc.fiji.facemap.job.Device, Progress)} for the text forms "cpu", "gpu" (else a {@link FacemapException}). */
	public static Device choose(String requested, Progress progress) {
		try {
			return choose(sc.fiji.facemap.job.Device.parse(requested), progress);
		}
		catch (IllegalArgumentException e) {
			throw new FacemapException(e.getMessage());
		}
	}

	/** The job-level device of a DJL device. */
	public static sc.fiji.facemap.job.Device of(Device d) {
		return d != null && d.isGpu() ? sc.fiji.facemap.job.Device.GPU : sc.fiji.facemap.job.Device.CPU;
	}

	/** "cpu" or "gpu". */
	public static String name(Device d) {
		return d != null && d.isGpu() ? "gpu" : "cpu";
	}
}
