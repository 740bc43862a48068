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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.video.VideoSources;
import sc.fiji.facemap.video.VideoInfo;
import sc.fiji.facemap.video.VideoSource;

/** {@code facemap info VIDEO... [--json]}: frames, frame rate, size, codec and duration of each video. */
@Command(name = "info", mixinStandardHelpOptions = true,
	description = { "Print frames, frame rate, size, codec and duration of each video.",
		"With --json: one JSON object for one video, a JSON array with one object per video for several." })
public class InfoCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "VIDEO",
		description = "Video files (AVI, MP4, MKV, MOV, MJ2, ...), TIFF stacks or folders of images.")
	List<Path> videos = new ArrayList<>();

	@Option(names = "--json", description = "Print JSON instead of text.")
	boolean json;

	@Option(names = "--concat",
		description = "Treat the files as sequential parts of one recording and describe the whole.")
	boolean concat;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		List<VideoInfo> infos = new ArrayList<>();
		if (concat) {
			try (VideoSource s = VideoSources.open(videos.toArray(new Path[0]))) {
				infos.add(VideoInfo.of(s));
			}
		}
		else for (Path p : videos) infos.add(read(p));
		PrintWriter out = spec.commandLine().getOut();
		if (json) {
			if (infos.size() == 1) out.println(infos.get(0).toJson());
			else {
				out.println("[");
				for (int i = 0; i < infos.size(); i++)
					out.println("  " + infos.get(i).toJson() + (i + 1 < infos.size() ? "," : ""));
				out.println("]");
			}
		}
		else {
			for (VideoInfo v : infos) {
				out.println(v.path());
				out.printf(Locale.ROOT, "  frames:   %d%n", v.frames());
				out.printf(Locale.ROOT, "  fps:      %s%n", fmt(v.fps()));
				out.printf(Locale.ROOT, "  size:     %d x %d%n", v.width(), v.height());
				out.printf(Locale.ROOT, "  codec:    %s%n", v.codec());
				out.printf(Locale.ROOT, "  duration: %.3f s%n", v.duration());
			}
		}
		out.flush();
		return 0;
	}

	static VideoInfo read(Path p) {
		try (VideoSource s = VideoSources.open(p)) {
			return VideoInfo.of(s);
		}
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
	}
}
