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

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.FrameSelection;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.pose.PoseModels;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * {@code facemap select-frames VIDEO --n 20 --out DIR}: suggests frames to label (random, hardest = lowest likelihood,
 * most different = k-means on downsampled frames) and writes them as PNGs with a label skeleton.
 */
@Command(name = "select-frames", mixinStandardHelpOptions = true,
	description = { "Suggest frames to label: part random, part hardest (lowest model likelihood), part most different",
		"(k-means on downsampled frames, far from frames already labelled). Writes DIR/img<frame>.png and DIR/labels.csv." })
public class SelectFramesCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "VIDEO", description = "Video file (or image folder / TIFF stack).")
	Path video;

	@Option(names = "--n", defaultValue = "20", description = "Number of frames (default ${DEFAULT-VALUE}).")
	int n;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--model", description = "Model for the 'hardest' share (default: the bundled base model; 'none' to skip).")
	String model;

	@Option(names = "--labelled", description = "Existing label file whose frames (column 'frame', or img<N>.png names) are excluded.")
	Path labelled;

	@Option(names = "--random", defaultValue = "0.3333", description = "Fraction of random frames (default ${DEFAULT-VALUE}).")
	double random;

	@Option(names = "--hard", defaultValue = "0.3333", description = "Fraction of hardest frames (default ${DEFAULT-VALUE}).")
	double hard;

	@Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
	long seed;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		if (n < 1) throw new FacemapException("--n must be at least 1");
		FrameSelection.Options o = new FrameSelection.Options();
		o.n = n;
		o.randomFraction = random;
		o.hardFraction = hard;
		o.seed = seed;
		if (labelled != null) o.labelled.addAll(labelledFrames(LabelSet.read(labelled)));
		PoseModel m = model != null && model.equalsIgnoreCase("none") ? null : PoseModels.find(model);
		ConsoleProgress progress = new ConsoleProgress("frames");
		try (VideoSource v = VideoSources.open(video)) {
			List<FrameSelection.Pick> picks = FrameSelection.select(v, m, o, progress);
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

	/** Frame numbers of a label file: its 'frame' column, else digits in img<N>.png names. */
	static List<Integer> labelledFrames(LabelSet s) {
		List<Integer> frames = new java.util.ArrayList<>();
		for (int i = 0; i < s.size(); i++) {
			String f = s.meta(i, "frame");
			if (f.isEmpty()) {
				java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\\d+)\\D*$").matcher(s.imagePath(i));
				if (mm.find()) f = mm.group(1);
			}
			try {
				frames.add(Integer.parseInt(f.trim()));
			}
			catch (NumberFormatException e) {
				// not a frame number: nothing to exclude
			}
		}
		return frames;
	}
}
