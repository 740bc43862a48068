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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.pose.FrameSelection;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.FrameSelectionSettings;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * {@code facemap select-frames VIDEO --n 20 --out DIR}: suggests frames to label (random, hardest = lowest likelihood,
 * most different = k-means on downsampled frames) and writes them as PNGs with a label skeleton.
 */
@Command(name = "select-frames", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Suggest frames to label: part random, part hardest (lowest model likelihood), part most different",
		"(k-means on downsampled frames, far from frames already labelled). Writes DIR/img<frame>.png and DIR/labels.csv.",
		"Options (the same keys as Suggest Frames... in Fiji and in settings files):" })
public class SelectFramesCommand implements Callable<Integer>, CliSettings.Settable {

	@Parameters(index = "0", paramLabel = "VIDEO", description = "Video file (or image folder / TIFF stack).")
	Path video;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(FrameSelectionSettings.class);
	}

	@Override
	public Integer call() {
		FrameSelectionSettings s = CliSettings.read(spec, FrameSelectionSettings.class, "select-frames");
		PoseModel m = FrameSelection.model(s);
		ConsoleProgress progress = new ConsoleProgress("frames");
		try (VideoSource v = VideoSources.open(video)) {
			List<FrameSelection.Pick> picks = FrameSelection.select(v, m, s, progress);
			KeypointSet kp = m != null ? m.keypoints() : KeypointSet.facemap();
			Path file = FrameSelection.write(v, picks, kp, out, progress);
			PrintWriter pw = spec.commandLine().getOut();
			for (FrameSelection.Pick p : picks)
				pw.printf(Locale.ROOT, "frame %6d  %-9s%s%n", p.frame, p.reason,
					Double.isNaN(p.meanLikelihood) ? "" : String.format(Locale.ROOT, "  mean likelihood %.3f", p.meanLikelihood));
			pw.println(picks.size() + " frames written to " + out + "; label skeleton: " + file);
			pw.flush();
		}
		return 0;
	}
}
