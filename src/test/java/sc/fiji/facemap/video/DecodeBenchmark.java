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
package sc.fiji.facemap.video;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decode benchmark (run by {@code scripts/bench/decode}, not a test): frames/s of sequential decoding through
 * {@link FfmpegVideoSource} (decode, swscale to BGR24, OpenCV gray) against FFmpeg's own {@code ffmpeg} program on the
 * same file in the same run, and the mean time of a random seek.
 * <p>
 * Arguments: {@code VIDEO FFMPEG_BINARY [REPEATS]}. Both decoders use FFmpeg's automatic thread count (one per core)
 * unless {@code -Dfacemap.video.threads=N}, which is then also passed to ffmpeg as {@code -threads N}.
 */
public final class DecodeBenchmark {

	private DecodeBenchmark() {}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: DecodeBenchmark VIDEO FFMPEG [REPEATS]");
			System.exit(2);
		}
		Path video = Path.of(args[0]);
		String ffmpeg = args[1];
		int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		Integer threads = Integer.getInteger("facemap.video.threads");
		String threadWord = threads == null ? "auto (FFmpeg's default: one per core)" : threads.toString();
		System.out.printf(Locale.ROOT, "video: %s%ncores: %d, decoder threads for both: %s, repeats: %d (best kept)%n",
			video, Runtime.getRuntime().availableProcessors(), threadWord, repeats);

		int frames;
		try (FfmpegVideoSource v = new FfmpegVideoSource(video)) {
			frames = v.frameCount();
			System.out.println("reader: " + v.info());
		}
		// Warm-up (JIT, page cache).
		ours(video, Math.min(frames, 100));

		String[][] variants = { {}, { "-sws_flags", "bicubic", "-pix_fmt", "bgr24" }, { "-pix_fmt", "gray" } };
		String[] names = { "ffmpeg -f null - (decode only, no conversion)",
			"ffmpeg -sws_flags bicubic -pix_fmt bgr24 -f null -", "ffmpeg -pix_fmt gray -f null -" };
		double[] oursBest = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE };
		double[] preBest = { Double.MAX_VALUE, Double.MAX_VALUE };
		double[][] ffBest = new double[variants.length][] ;
		for (int r = 0; r < repeats; r++) {
			double[] t = ours(video, frames);
			for (int k = 0; k < 3; k++)
				oursBest[k] = Math.min(oursBest[k], t[k]);
			double[] tp = prefetched(video, frames);
			preBest[0] = Math.min(preBest[0], tp[0]);
			preBest[1] = Math.min(preBest[1], tp[1]);
			for (int k = 0; k < variants.length; k++) {
				double[] f = ffmpeg(ffmpeg, video, threads, variants[k]);
				if (ffBest[k] == null) ffBest[k] = f;
				else ffBest[k] = new double[] { Math.min(ffBest[k][0], f[0]), Math.min(ffBest[k][1], f[1]) };
			}
		}
		String fmt = "%-62s %7.1f frames/s wall  %6.2f ms CPU/frame%n";
		double oursFps = frames / oursBest[1], oursCpu = oursBest[2] * 1000 / frames;
		System.out.printf(Locale.ROOT, fmt, "ours: sequential read(i), OpenCV gray (decode+BGR24+gray)", oursFps,
			oursCpu);
		System.out.printf(Locale.ROOT, fmt, "ours: same through FramePrefetcher (decoding on its own thread)", frames
			/ preBest[0], preBest[1] * 1000 / frames);
		System.out.printf(Locale.ROOT, "%-62s %7.0f ms%n", "ours: open + packet index pass", oursBest[0] * 1000);
		for (int k = 0; k < variants.length; k++)
			System.out.printf(Locale.ROOT, fmt, names[k], frames / ffBest[k][0], ffBest[k][1] * 1000 / frames);
		for (int k = 0; k < variants.length; k++)
			System.out.printf(Locale.ROOT, "ratio ours/%-52s wall %.2f (prefetched %.2f)  CPU %.2f%n", names[k],
				oursFps / (frames / ffBest[k][0]), ffBest[k][0] / preBest[0], (ffBest[k][1] * 1000 / frames)
					/ oursCpu);

		// Random seeks.
		Random rnd = new Random(42);
		int n = 40;
		try (FfmpegVideoSource v = new FfmpegVideoSource(video)) {
			byte[] buf = new byte[v.width() * v.height()];
			v.read(0, buf);
			long decoded0 = v.decodedFrames();
			long t0 = System.nanoTime();
			for (int k = 0; k < n; k++)
				v.read(rnd.nextInt(frames), buf);
			double ms = (System.nanoTime() - t0) / 1e6 / n;
			System.out.printf(Locale.ROOT, "random seek: mean %.1f ms per read(i) over %d random frames (seed 42), %.1f "
				+ "frames decoded per seek, key frames at %s%n", ms, n, (v.decodedFrames() - decoded0) / (double) n,
				java.util.Arrays.toString(v.keyFrames()));
		}
	}

	/** {wall seconds, CPU seconds} of reading every frame through a {@link FramePrefetcher}. */
	private static double[] prefetched(Path video, int frames) {
		try (FfmpegVideoSource v = new FfmpegVideoSource(video)) {
			long t0 = System.nanoTime(), c0 = cpu();
			long sum = 0;
			try (FramePrefetcher p = new FramePrefetcher(v, 0, frames, 1, 8)) {
				while (p.hasNext())
					sum += p.next()[0];
			}
			if (sum < 0) System.out.print("");
			return new double[] { (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9 };
		}
	}

	/** Process CPU time (all threads: caller, FFmpeg's decoder threads, JVM) in ns. */
	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** {open seconds, sequential read seconds, CPU seconds of the sequential read}. */
	private static double[] ours(Path video, int frames) {
		long t0 = System.nanoTime();
		try (FfmpegVideoSource v = new FfmpegVideoSource(video)) {
			long t1 = System.nanoTime();
			long c1 = cpu();
			byte[] buf = new byte[v.width() * v.height()];
			for (int i = 0; i < frames; i++)
				v.read(i, buf);
			long t2 = System.nanoTime();
			return new double[] { (t1 - t0) / 1e9, (t2 - t1) / 1e9, (cpu() - c1) / 1e9 };
		}
	}

	private static final Pattern BENCH = Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

	/**
	 * Runs ffmpeg; returns {wall, CPU} seconds of its decoding run as {@code -benchmark} reports them (rtime,
	 * utime + stime; without process start-up).
	 */
	private static double[] ffmpeg(String ffmpeg, Path video, Integer threads, String... conv) throws IOException,
		InterruptedException
	{
		List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-benchmark"));
		if (threads != null) cmd.addAll(List.of("-threads", threads.toString()));
		cmd.addAll(List.of("-i", video.toString(), "-map", "0:v:0", "-an"));
		cmd.addAll(List.of(conv));
		cmd.addAll(List.of("-f", "null", "-"));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (p.waitFor() != 0) throw new IOException("ffmpeg failed: " + cmd + "\n" + out);
		Matcher m = BENCH.matcher(out);
		if (!m.find()) throw new IOException("no -benchmark line in ffmpeg output:\n" + out);
		return new double[] { Double.parseDouble(m.group(3)), Double.parseDouble(m.group(1)) + Double.parseDouble(m
			.group(2)) };
	}
}
