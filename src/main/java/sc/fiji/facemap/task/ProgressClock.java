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
package sc.fiji.facemap.task;

import java.util.Locale;

/**
 * Turns a stream of {@link Progress#update} calls into the one progress line every front end shows: "Tracking
 * 120/749 frames, 25.0 frames/s, 25 s left". The rate is measured from the start of the current stage, which is the
 * message: an update with the same message keeps the clock running, another message (or a count that goes back)
 * starts a new stage. Not thread-safe: one per progress display.
 */
public final class ProgressClock {

	private final String unit;
	private String stage;
	private long stageStart, stageStartDone;

	/** @param unit what is counted, e.g. "frames" (empty: counts only) */
	public ProgressClock(String unit) {
		this.unit = unit == null ? "" : unit;
	}

	/** The line for an update at time {@code nowNanos} (System.nanoTime()). */
	public String line(long done, long total, String message, long nowNanos) {
		observe(done, message, nowNanos);
		return format(stage, done, total, seconds(nowNanos), done - stageStartDone, unit);
	}

	/**
	 * Notes an update: a new message (or a count that went back) starts a new stage, whose clock and count start
	 * now, so that a rate is never averaged over two stages. Returns whether a stage started.
	 */
	public boolean observe(long done, String message, long nowNanos) {
		String msg = message == null ? "" : message;
		if (msg.equals(stage) && done >= stageStartDone) return false;
		stage = msg;
		stageStart = nowNanos;
		stageStartDone = done;
		return true;
	}

	/** The current stage's message ("" before the first update). */
	public String stage() {
		return stage == null ? "" : stage;
	}

	/** The count when the current stage started. */
	public long stageStartDone() {
		return stageStartDone;
	}

	/** Nanoseconds since the current stage started. */
	public long elapsedNanos(long nowNanos) {
		return nowNanos - stageStart;
	}

	/** Seconds since the current stage started. */
	public double seconds(long nowNanos) {
		return elapsedNanos(nowNanos) / 1e9;
	}

	/** "projection 1200/2198 frames, 54.1 frames/s, 18 s left"; no rate before the first second has data. */
	public static String format(String stage, long done, long total, double seconds, long doneInStage, String unit) {
		StringBuilder b = new StringBuilder(stage.isEmpty() ? "" : stage + " ");
		b.append(done);
		if (total > 0) b.append('/').append(total);
		if (!unit.isEmpty()) b.append(' ').append(unit);
		double rate = seconds > 0 ? doneInStage / seconds : 0;
		if (rate > 0) {
			String per = unit.isEmpty() ? "/s" : " " + unit + "/s";
			b.append(String.format(Locale.ROOT, ", %.1f%s", rate, per));
			if (total > 0 && done < total) b.append(", ").append(Durations.format((total - done) / rate)).append(" left");
		}
		return b.toString();
	}
}
