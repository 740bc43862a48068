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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.video.VideoSource;

/**
 * {@code facemap track VIDEO...}: tracks keypoints in each video with a model and writes
 * {@code <video>_FacemapPose.h5} and {@code <video>_FacemapPose_metadata.pkl} (optionally a CSV).
 */
@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Track keypoints in each video and write <video>_FacemapPose.h5 (Facemap's layout) and "
		+ "<video>_FacemapPose_metadata.pkl.",
		"Intensities are normalised per frame by default; --normalization batch reproduces Facemap exactly "
			+ "(its results then depend on the batch size).",
		"Options (the same keys as Track Keypoints... in Fiji and in settings files):" })
public class TrackCommand implements Callable<Integer>, CliSettings.Settable {

	@Parameters(arity = "1..*", paramLabel = "VIDEO", description = "Video files (each is tracked on its own).")
	List<Path> videos = new ArrayList<>();

	@Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each video).")
	Path out;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(TrackingSettings.class);
	}

	@Override
	public Integer call() {
		PrintWriter pw = spec.commandLine().getOut();
		TrackingSettings settings = CliSettings.read(spec, TrackingSettings.class, "track");
		for (Path v : videos)
			if (!Files.exists(v)) throw new FacemapException(v, "no such file");
		checkDistinctOutputs(videos, out);
		PoseModel m = PoseModels.find(settings.model());
		pw.println("Model: " + m);
		pw.flush();
		for (Path v : videos) {
			ConsoleProgress progress = new ConsoleProgress("frames");
			Recording r = Recording.of(v).withOutputDir(out);
			try (VideoSource src = r.open()) {
				TrackingJob.Outcome o = TrackingJob.run(r, src, m, settings, progress);
				pw.printf(Locale.ROOT, "%s: %d frames, %.1f frames/s end to end (network %.1f frames/s) -> %s%n", v,
					o.keypoints.frames(), o.result.framesPerSecond, o.result.inferenceFramesPerSecond, o.h5);
				if (o.csv != null) pw.println("  CSV: " + o.csv);
				pw.flush();
			}
		}
		return 0;
	}

	/** Refuses, before any work, videos whose outputs would land on the same file (a/v.mp4 and b/v.mp4 into one folder). */
	static void checkDistinctOutputs(List<Path> videos, Path out) {
		Map<Path, Path> seen = new HashMap<>();
		for (Path v : videos) {
			Path h5 = Recording.of(v).withOutputDir(out).outputs().poseH5().toAbsolutePath().normalize();
			Path other = seen.putIfAbsent(h5, v);
			if (other != null)
				throw new FacemapException(v, "would write the same " + h5.getFileName() + " as " + other + " (same file name, same output folder " + h5.getParent()
					+ "); track them into different --out folders, or rename one");
		}
	}
}
