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
package sc.fiji.facemap.ui;

import ij.IJ;

import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.task.ProgressClock;

/**
 * {@link Progress} on ImageJ1's progress bar and status line, with the rate and the time left of the stage
 * ({@link ProgressClock}) and how to cancel; the Escape key cancels (ImageJ sets
 * {@link IJ#escapePressed()} when the user presses it). Creating one clears a stale Escape press.
 */
public class IJProgress implements Progress {

	/** Said once per stage on the status line: how to stop. */
	public static final String CANCEL_HINT = " (Esc: cancel)";

	private long lastShown;
	private final ProgressClock clock = new ProgressClock("");

	public IJProgress() {
		IJ.resetEscape();
	}

	@Override
	public synchronized void update(long done, long total, String message) {
		long now = System.nanoTime();
		boolean finished = total > 0 && done >= total;
		String text = statusLine(done, total, message, now);
		if (!finished && now - lastShown < 50_000_000L) return;
		lastShown = now;
		if (total > 0) {
			IJ.showProgress((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total));
			if (message != null) IJ.showStatus(text);
		}
		else if (message != null) {
			IJ.showStatus(message);
		}
		if (finished) IJ.showProgress(1.0);
	}

	/**
	 * The status line: "Tracking 120/749, 25.0/s, 25 s left (Esc: cancel)"; when finished, "Tracking done"; the count
	 * once (a message that already ends with it is not counted twice). Package-private for tests.
	 */
	String statusLine(long done, long total, String message, long nowNanos) {
		String msg = message == null ? "" : message;
		String count = total > 0 ? done + "/" + total : Long.toString(done);
		if (msg.endsWith(count)) msg = msg.substring(0, msg.length() - count.length()).trim();
		String line = clock.line(done, total, msg, nowNanos);
		if (total > 0 && done >= total) return msg.isEmpty() ? "done" : msg + " done";
		return line + CANCEL_HINT;
	}

	@Override
	public boolean isCanceled() {
		return IJ.escapePressed();
	}

	@Override
	public void log(String line) {
		IJ.log(line);
	}
}
