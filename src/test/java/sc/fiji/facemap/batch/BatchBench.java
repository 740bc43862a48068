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
package sc.fiji.facemap.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;

/**
 * Batch throughput (run by {@code scripts/bench/batch}): N copies of a video tracked as one batch with 1 and 2 local
 * workers and with the SLURM executor, frames/s over the whole batch and the per-task overhead (worker wall time not
 * spent tracking: JVM start, model load, scheduling, writing).
 * <p>
 * Usage: {@code BatchBench VIDEO COPIES FRAMES OUT_DIR slurm|noslurm} (FRAMES e.g. {@code 0:} or {@code 0:150}).
 */
public final class BatchBench {

	private static final Pattern TRACKED = Pattern.compile("tracked (\\d+) frames \\(([0-9.]+) frames/s\\)");

	public static void main(String[] args) throws Exception {
		Path video = Paths.get(args[0]).toAbsolutePath();
		int copies = Integer.parseInt(args[1]);
		String frames = args[2];
		Path out = Paths.get(args[3]).toAbsolutePath();
		boolean slurm = args[4].equals("slurm");
		Files.createDirectories(out.resolve("videos"));
		List<Path> videos = new ArrayList<>();
		for (int i = 0; i < copies; i++) {
			Path c = out.resolve("videos").resolve(String.format(Locale.ROOT, "copy%02d.mp4", i));
			if (!Files.exists(c)) Files.copy(video, c);
			videos.add(c);
		}
		int cores = Runtime.getRuntime().availableProcessors();
		List<String> results = new ArrayList<>();
		results.add(bench("local, 1 worker", videos, frames, out.resolve("local1"), ExecutorSettings.DEFAULTS.with("workers", 1), 1));
		if (cores >= 2) results.add(bench("local, 2 workers", videos, frames, out.resolve("local2"), ExecutorSettings.DEFAULTS.with("workers", 2), 2));
		if (slurm) {
			int per = Math.max(1, cores / 2);
			results.add(bench("slurm, " + per + " cpu(s) per task", videos, frames, out.resolve("slurm"),
				ExecutorSettings.DEFAULTS.with("executor", "slurm").with("cpus_per_task", per), Math.max(1, cores / per)));
		}
		System.out.println("[" + String.join(", ", results) + "]");
	}

	private static String bench(String label, List<Path> videos, String frames, Path dir, ExecutorSettings ex, int slots) throws Exception {
		TrackingSettings track = TrackingSettings.DEFAULTS.with("frames", frames);
		BatchRun run = BatchRun.plan(videos, BatchSettings.DEFAULTS, track, SvdSettings.DEFAULTS, List.of(), dir, Progress.NONE);
		long t0 = System.nanoTime();
		BatchRunner.run(run, ex, Progress.NONE);
		List<BatchStatus.Row> rows = BatchStatus.of(run);
		while (rows.stream().anyMatch(r -> r.state() == BatchStatus.State.PENDING || r.state() == BatchStatus.State.RUNNING)) {
			Thread.sleep(500);
			rows = BatchStatus.of(run);
		}
		double wall = (System.nanoTime() - t0) / 1e9;
		long totalFrames = 0;
		double tracking = 0;
		for (BatchStatus.Row r : rows) {
			if (r.state() != BatchStatus.State.DONE) throw new IllegalStateException("task " + r.index() + " " + r.state() + ": " + r.message());
			Matcher m = TRACKED.matcher(r.message());
			if (!m.find()) throw new IllegalStateException("no frame rate in: " + r.message());
			int n = Integer.parseInt(m.group(1));
			totalFrames += n;
			tracking += n / Double.parseDouble(m.group(2));
		}
		double fps = totalFrames / wall;
		double overhead = (wall * slots - tracking) / rows.size();
		System.out.printf(Locale.ROOT, "%-24s %d tasks, %d frames in %.1f s: %.1f frames/s; per-task overhead %.1f s (of %.1f s per task)%n", label, rows.size(),
			totalFrames, wall, fps, overhead, wall * slots / rows.size());
		return String.format(Locale.ROOT, "{\"executor\": \"%s\", \"tasks\": %d, \"frames\": %d, \"seconds\": %.2f, \"frames_per_second\": %.2f, \"overhead_per_task_s\": %.2f}",
			label, rows.size(), totalFrames, wall, fps, overhead);
	}
}
