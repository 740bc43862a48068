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

import java.io.PrintStream;
import java.util.Locale;

import sc.fiji.facemap.task.Progress;

/**
 * {@link Progress} for the command line: a one-line bar on standard error with the rate (units per second, usually
 * frames/s) and the estimated time left. On a terminal the line is redrawn in place a few times per second; when
 * standard error is a file or pipe a plain line is written every few seconds instead. Ctrl-C ends the process, so it
 * is never canceled from here.
 */
public class ConsoleProgress implements Progress {

	private static final int BAR = 30;

	private final PrintStream out;
	private final boolean interactive;
	private final String unit;
	private final long intervalNanos;

	private final sc.fiji.facemap.task.ProgressClock clock = new sc.fiji.facemap.task.ProgressClock("");
	private long lastShown;
	private boolean lineOpen;

	/** A bar on System.err, redrawn in place if a console is attached; {@code unit} e.g. "frames". */
	public ConsoleProgress(String unit) {
		this(System.err, System.console() != null, unit);
	}

	public ConsoleProgress(PrintStream out, boolean interactive, String unit) {
		this.out = out;
		this.interactive = interactive;
		this.unit = unit == null ? "" : unit;
		this.intervalNanos = interactive ? 200_000_000L : 5_000_000_000L;
	}

	@Override
	public synchronized void update(long done, long total, String message) {
		long now = System.nanoTime();
		String msg = message == null ? "" : message;
		if (clock.observe(done, msg, now)) {
			if (lineOpen) endLine();
			lastShown = 0;
		}
		long stageStartDone = clock.stageStartDone();
		boolean finished = total > 0 && done >= total;
		if (finished && done == stageStartDone) { // a closing summary ("Tracked 749 frames (24.8 frames/s)"), not a stage
			if (lineOpen) endLine();
			out.println(msg);
			out.flush();
			return;
		}
		if (!finished && lastShown != 0 && now - lastShown < intervalNanos) return;
		if (lastShown == 0 && !finished && done == stageStartDone) {
			lastShown = now; // first call: nothing to measure yet, but start the clock
			if (!interactive) return;
		}
		lastShown = now;
		out.print((interactive ? "\r" : "") + format(done, total, clock.elapsedNanos(now), done - stageStartDone));
		if (interactive) out.print("\u001b[K"); // clear the rest of the line
		lineOpen = interactive;
		if (!interactive || finished) endLine();
		out.flush();
	}

	/** The text of one progress line (package-private for tests). */
	String format(long done, long total, long elapsedNanos, long doneInStage) {
		StringBuilder sb = new StringBuilder();
		String stage = clock.stage();
		if (!stage.isEmpty()) sb.append(stage).append(' ');
		double seconds = elapsedNanos / 1e9;
		double rate = seconds > 0 ? doneInStage / seconds : 0;
		if (total > 0) {
			double f = Math.min(1, Math.max(0, done / (double) total));
			int filled = (int) Math.round(f * BAR);
			sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
			sb.append(String.format(Locale.ROOT, "%3d%% %d/%d", (int) Math.floor(f * 100), done, total));
		}
		else {
			sb.append(done);
		}
		if (!unit.isEmpty()) sb.append(' ').append(unit);
		if (rate > 0) {
			sb.append(String.format(Locale.ROOT, ", %.1f %s/s", rate, unit.isEmpty() ? "it" : unit));
			if (total > 0 && done < total) sb.append(", ").append(duration((total - done) / rate)).append(" left");
		}
		if (total > 0 && done >= total) sb.append(", ").append(duration(seconds)).append(" elapsed");
		return sb.toString();
	}

	static String duration(double seconds) {
		return sc.fiji.facemap.task.Durations.format(seconds);
	}

	private void endLine() {
		out.println();
		lineOpen = false;
	}

	/** Set when the process got SIGINT (Ctrl-C) or SIGTERM: running jobs stop at their next check and save what they finished. */
	static final java.util.concurrent.atomic.AtomicBoolean INTERRUPTED = new java.util.concurrent.atomic.AtomicBoolean();

	@Override
	public boolean isCanceled() {
		return INTERRUPTED.get();
	}

	@Override
	public synchronized void log(String line) {
		if (lineOpen) endLine();
		out.println(line);
		out.flush();
	}
}
