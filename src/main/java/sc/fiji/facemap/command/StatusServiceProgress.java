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
package sc.fiji.facemap.command;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import sc.fiji.facemap.task.Progress;

/**
 * {@link Progress} for SciJava commands: maps done/total onto {@code StatusService.showProgress(i, 1000)} (Fiji shows
 * it in the ImageJ status bar) and reports canceled when the command was canceled through its {@link Cancelable}.
 * Updates are throttled so that a per-frame loop does not flood the event bus.
 */
public class StatusServiceProgress implements Progress {

	/** Resolution of the progress bar. */
	public static final int STEPS = 1000;

	private final StatusService status;
	private final LogService log;
	private final Cancelable cancelable;
	private final Progress extraCancel;
	private long lastShown;
	private int lastStep = -1;
	private String lastMessage;
	private final sc.fiji.facemap.task.ProgressClock clock = new sc.fiji.facemap.task.ProgressClock("");

	/**
	 * @param status may be null (then nothing is shown)
	 * @param log may be null (then log lines go to standard error)
	 * @param cancelable may be null (then only {@code extraCancel} cancels)
	 * @param extraCancel another progress whose cancel state is honoured too (e.g. ImageJ's Escape key), may be null
	 */
	public StatusServiceProgress(StatusService status, LogService log, Cancelable cancelable, Progress extraCancel) {
		this.status = status;
		this.log = log;
		this.cancelable = cancelable;
		this.extraCancel = extraCancel;
	}

	public StatusServiceProgress(StatusService status, Cancelable cancelable) {
		this(status, null, cancelable, null);
	}

	@Override
	public synchronized void update(long done, long total, String message) {
		if (status == null) return;
		int step = total > 0 ? (int) Math.max(0, Math.min(STEPS, done * STEPS / total)) : 0;
		long now = System.nanoTime();
		String line = clock.line(done, total, message, now); // keeps the stage's clock running between shown updates
		boolean finished = total > 0 && done >= total;
		boolean changedMessage = message != null && !message.equals(lastMessage);
		if (!finished && !changedMessage && (step == lastStep || now - lastShown < 50_000_000L)) return;
		lastShown = now;
		lastStep = step;
		lastMessage = message;
		String text = message == null ? "" : message;
		if (total > 0) text = finished ? text + " done" : line + sc.fiji.facemap.ui.IJProgress.CANCEL_HINT;
		if (finished) {
			status.showStatus(STEPS, STEPS, text);
		}
		else {
			status.showStatus(step, STEPS, text);
		}
	}

	@Override
	public boolean isCanceled() {
		return (cancelable != null && cancelable.isCanceled()) || (extraCancel != null && extraCancel.isCanceled());
	}

	/** Where log lines go in a GUI session: ImageJ's Log window (replaced by tests). */
	static java.util.function.Consumer<String> logWindow = ij.IJ::log;
	/** Whether this is a GUI session (replaced by tests). */
	static java.util.function.BooleanSupplier gui = () -> !java.awt.GraphicsEnvironment.isHeadless();

	/**
	 * A log line (where the results went, the frames suggested, per-epoch errors, notices): in the Log window when
	 * there is a display (issue 11: they reached standard error only), and to the LogService (or standard error).
	 */
	@Override
	public void log(String line) {
		if (gui.getAsBoolean()) logWindow.accept(line);
		if (log != null) log.info(line);
		else if (!gui.getAsBoolean()) Progress.super.log(line);
	}
}
