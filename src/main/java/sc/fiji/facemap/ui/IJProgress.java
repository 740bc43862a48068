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

/**
 * {@link Progress} on ImageJ1's progress bar and status line; the Escape key cancels (ImageJ sets
 * {@link IJ#escapePressed()} when the user presses it). Creating one clears a stale Escape press.
 */
public class IJProgress implements Progress {

	private long lastShown;

	public IJProgress() {
		IJ.resetEscape();
	}

	@Override
	public synchronized void update(long done, long total, String message) {
		long now = System.nanoTime();
		boolean finished = total > 0 && done >= total;
		if (!finished && now - lastShown < 50_000_000L) return;
		lastShown = now;
		if (total > 0) {
			IJ.showProgress((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total));
			if (message != null) IJ.showStatus(finished ? message + " done" : message + " " + done + "/" + total);
		}
		else if (message != null) {
			IJ.showStatus(message);
		}
		if (finished) IJ.showProgress(1.0);
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
