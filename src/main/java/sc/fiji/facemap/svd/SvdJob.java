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
package sc.fiji.facemap.svd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.facemap.svd.ProcH5;
import sc.fiji.facemap.svd.ProcNpy;
import sc.fiji.facemap.job.Job;
import sc.fiji.facemap.job.OutputSet;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.Roi;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.MultiViewSource;
import sc.fiji.facemap.video.VideoSource;

/**
 * The classic Facemap processing as a job: motion/movie SVD, motion energy, pupil, blink and running on a
 * recording, written as {@code <base>_proc.npy} (Facemap's layout) and, with {@code write_h5}, {@code <base>_proc.h5},
 * both committed together only when both were written.
 * <p>
 * Jython: {@code SvdJob().run(Recording.of(Paths.get("v.mp4")).withRois([Roi.parse("pupil:50,72,80,76")]),
 * SvdSettings.DEFAULTS, Progress.NONE)}.
 */
public final class SvdJob implements Job<SvdSettings, ProcessingResult> {

	@Override
	public String name() {
		return "svd";
	}

	@Override
	public Class<SvdSettings> settingsType() {
		return SvdSettings.class;
	}

	/** Runs on the recording's own ROIs ({@link Recording#rois()}, pixels of the tiled frame, saturation 255). */
	@Override
	public ProcessingResult run(Recording recording, SvdSettings settings, Progress progress) {
		return run(recording, null, settings, progress);
	}

	/**
	 * Runs with explicit ROIs (view coordinates, with saturation, sigma, reflectors), e.g. from a ROI file; null =
	 * the recording's ROIs.
	 */
	public ProcessingResult run(Recording recording, List<RoiSpec> rois, SvdSettings settings, Progress progress) {
		ProcessingResult r;
		try (VideoSource src = recording.open()) {
			List<VideoSource> views = src instanceof MultiViewSource ? ((MultiViewSource) src).views() : List.of(src);
			List<RoiSpec> specs = rois != null ? rois : fromRecording(recording, views, src);
			r = SvdProcessor.process(views, facemapFilenames(recording), specs, settings, progress);
		}
		write(recording, r);
		return r;
	}

	/** Writes {@code _proc.npy} (and {@code _proc.h5} when asked) for the recording, atomically as a set. */
	public static void write(Recording recording, ProcessingResult r) {
		Path npy = recording.outputs().procNpy();
		try (OutputSet out = new OutputSet()) {
			Path tmp = out.stage(npy);
			sc.fiji.facemap.io.Npy.writeObjectStreamed(tmp, ProcNpy.toDict(r, npy.toAbsolutePath().getParent()));
			if (r.settings().writeH5()) ProcH5.write(out.stage(recording.outputs().procH5()), r);
			out.commit();
		}
	}

	/**
	 * Facemap's file list: outer = sequential parts, inner = simultaneous views (Recording holds views of parts);
	 * absolute paths, since Facemap's GUI reopens the videos from them.
	 */
	public static List<List<Path>> facemapFilenames(Recording recording) {
		List<List<Path>> out = new ArrayList<>();
		List<List<Path>> views = recording.views();
		for (int t = 0; t < views.get(0).size(); t++) {
			List<Path> set = new ArrayList<>();
			for (List<Path> parts : views) set.add(parts.get(t).toAbsolutePath());
			out.add(set);
		}
		return out;
	}

	private static List<RoiSpec> fromRecording(Recording recording, List<VideoSource> views, VideoSource src) {
		int n = views.size();
		int[] vy = new int[n], vx = new int[n], h = new int[n], w = new int[n];
		for (int v = 0; v < n; v++) {
			h[v] = views.get(v).height();
			w[v] = views.get(v).width();
			if (src instanceof MultiViewSource) {
				vy[v] = ((MultiViewSource) src).viewY(v);
				vx[v] = ((MultiViewSource) src).viewX(v);
			}
		}
		List<RoiSpec> out = new ArrayList<>();
		for (Roi roi : recording.rois()) out.add(RoiSpec.fromJob(roi, vy, vx, h, w));
		return out;
	}
}
