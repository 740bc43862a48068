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

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingRanges;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * {@code facemap track VIDEO...}: tracks keypoints in each video with a model and writes
 * {@code <video>_FacemapPose.h5} and {@code <video>_FacemapPose_metadata.pkl} (optionally a CSV).
 */
@Command(name = "track", mixinStandardHelpOptions = true,
	description = { "Track keypoints in each video and write <video>_FacemapPose.h5 (Facemap's layout) and "
		+ "<video>_FacemapPose_metadata.pkl.",
		"Intensities are normalised per frame by default; --normalization batch reproduces Facemap exactly "
			+ "(its results then depend on the batch size)." })
public class TrackCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "VIDEO", description = "Video files (each is tracked on its own).")
	List<Path> videos = new ArrayList<>();

	@Option(names = "--model", paramLabel = "NAME|PATH", description = "Bundled model name, model folder or .pt file (default: the bundled base model).")
	String model;

	@Option(names = "--bbox", paramLabel = "y0,y1,x0,x1", description = "Bounding box: rows y0..y1, columns x0..x1 (exclusive ends); default the full frame.")
	String bbox;

	@Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "Frames per network call (default ${DEFAULT-VALUE}).")
	int batchSize;

	@Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu", description = "cpu or gpu (falls back to cpu when no GPU is usable).")
	String device;

	@Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each video).")
	Path out;

	@Option(names = "--frames", paramLabel = "A:B", description = "Frame range A (inclusive) to B (exclusive); A: or :B allowed.")
	String frames;

	@Option(names = "--normalization", paramLabel = "per-frame|batch", defaultValue = "per-frame",
		description = "per-frame (default) or batch (Facemap's batch-wide percentiles).")
	String normalization;

	@Option(names = "--filter-outliers", description = "Apply Facemap's outlier filter (jumps > 25 px, median filter) to the traces before writing.")
	boolean filterOutliers;

	@Option(names = "--csv", description = "Also write a DeepLabCut-style <video>_FacemapPose.csv.")
	boolean csv;

	@Option(names = "--resume", description = "Continue an interrupted run from its side file (same settings).")
	boolean resume;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter pw = spec.commandLine().getOut();
		TrackingJob.Request req = new TrackingJob.Request();
		req.options.batchSize = batchSize;
		req.options.device = device;
		req.options.bbox = bbox == null ? null : parseBbox(bbox);
		int[] range = frames == null ? new int[] { 0, -1 } : parseFrames(frames);
		req.options.firstFrame = range[0];
		req.options.endFrame = range[1];
		try {
			req.options.normalization = Normalization.parse(normalization);
		} catch (IllegalArgumentException e) {
			throw new FacemapException(e.getMessage());
		}
		req.outDir = out;
		req.filterOutliers = filterOutliers;
		req.csv = csv;
		req.resume = resume;
		if (batchSize < 1) throw new FacemapException("--batch-size must be at least 1, got " + batchSize);
		for (Path v : videos) if (!Files.exists(v)) throw new FacemapException(v, "no such file");
		PoseModel m = PoseModels.find(model);
		pw.println("Model: " + m);
		pw.flush();
		for (Path v : videos) {
			ConsoleProgress progress = new ConsoleProgress("frames");
			try (VideoSource src = VideoSources.open(v)) {
				TrackingJob.Outcome o = TrackingJob.run(src, v, m, req, progress);
				pw.printf(Locale.ROOT, "%s: %d frames, %.1f frames/s end to end (network %.1f frames/s) -> %s%n", v,
					o.keypoints.frames(), o.result.framesPerSecond, o.result.inferenceFramesPerSecond, o.h5);
				if (o.csv != null) pw.println("  CSV: " + o.csv);
				pw.flush();
			}
		}
		return 0;
	}

	static int[] parseBbox(String s) {
		return TrackingRanges.parseBbox(s, "--bbox");
	}

	static int[] parseFrames(String s) {
		return TrackingRanges.parseFrames(s, "--frames");
	}
}
