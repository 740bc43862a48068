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
package sc.fiji.facemap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.TrackingJob;

/** {@code facemap keypoints FILE.h5 [--csv]}: summary of a keypoints file, or conversion to a DeepLabCut-style CSV. */
@Command(name = "keypoints", mixinStandardHelpOptions = true,
	description = { "Summarise a _FacemapPose.h5 keypoints file (ours or Facemap's): frames, and per keypoint the "
		+ "missing fraction, mean likelihood and x/y range.", "With --csv: write it as a DeepLabCut-style CSV." })
public class KeypointsCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FILE.h5", description = "A _FacemapPose.h5 file.")
	Path file;

	@Option(names = "--csv", description = "Write <FILE>.csv (or --out) instead of the summary.")
	boolean csv;

	@Option(names = "--out", paramLabel = "FILE.csv", description = "Write the CSV to this path (implies --csv).")
	Path out;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		if (!Files.exists(file)) throw new FacemapException(file, "no such file");
		Keypoints kp = PoseH5.read(file);
		PrintWriter pw = spec.commandLine().getOut();
		if (csv || out != null) {
			Path dst = out != null ? out : sc.fiji.facemap.job.OutputLayout.csvBeside(file);
			TrackingJob.writeCsv(dst, kp, sc.fiji.facemap.job.OutputLayout.firstFrameOf(file));
			pw.println(dst);
		} else {
			pw.println(file);
			pw.printf(Locale.ROOT, "  frames:    %d%n  keypoints: %d%n", kp.frames(), kp.keypoints());
			pw.printf(Locale.ROOT, "  %-14s %8s %10s %19s %19s%n", "keypoint", "missing", "mean lik.", "x range", "y range");
			for (int k = 0; k < kp.keypoints(); k++) {
				float[] x = kp.trace(k, 0), y = kp.trace(k, 1), l = kp.trace(k, 2);
				int missing = 0;
				double sl = 0;
				int nl = 0;
				float x0 = Float.POSITIVE_INFINITY, x1 = Float.NEGATIVE_INFINITY, y0 = Float.POSITIVE_INFINITY, y1 = Float.NEGATIVE_INFINITY;
				for (int f = 0; f < x.length; f++) {
					if (Float.isNaN(x[f]) || Float.isNaN(y[f])) {
						missing++;
						continue;
					}
					x0 = Math.min(x0, x[f]);
					x1 = Math.max(x1, x[f]);
					y0 = Math.min(y0, y[f]);
					y1 = Math.max(y1, y[f]);
					if (!Float.isNaN(l[f])) {
						sl += l[f];
						nl++;
					}
				}
				boolean none = missing == x.length;
				pw.printf(Locale.ROOT, "  %-14s %7.1f%% %10s %19s %19s%n", kp.keypointSet().name(k), 100.0 * missing / Math.max(1, x.length),
					nl == 0 ? "-" : String.format(Locale.ROOT, "%.3f", sl / nl), none ? "-" : String.format(Locale.ROOT, "%.1f..%.1f", x0, x1),
					none ? "-" : String.format(Locale.ROOT, "%.1f..%.1f", y0, y1));
			}
		}
		pw.flush();
		return 0;
	}
}
