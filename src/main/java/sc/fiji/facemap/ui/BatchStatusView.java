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

import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ij.WindowManager;
import ij.measure.ResultsTable;

import sc.fiji.facemap.batch.BatchRun;
import sc.fiji.facemap.batch.BatchStatus;

/**
 * The status table of a batch run: one row per task (state, step, frames, video, message), refreshed every few
 * seconds from the run folder (and SLURM) until no task is pending or running, or the table window is closed.
 */
public final class BatchStatusView {

	private BatchStatusView() {}

	/** The window title of a run's table. */
	public static String title(BatchRun run) {
		return "Batch status: " + run.dir().getFileName();
	}

	/** The table of these rows. */
	public static ResultsTable table(List<BatchStatus.Row> rows) {
		ResultsTable rt = new ResultsTable(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			BatchStatus.Row r = rows.get(i);
			rt.setValue("task", i, r.index());
			rt.setValue("state", i, r.state().toString());
			rt.setValue("step", i, r.step());
			rt.setValue("frames", i, r.frames());
			rt.setValue("video", i, r.video().getFileName().toString());
			rt.setValue("seconds", i, Math.round(r.seconds() * 10) / 10.0);
			rt.setValue("where", i, r.where());
			rt.setValue("message", i, r.message());
		}
		rt.showRowNumbers(false);
		return rt;
	}

	/** Shows the table now (a no-op when headless) and returns it. */
	public static ResultsTable show(BatchRun run) {
		List<BatchStatus.Row> rows = BatchStatus.of(run);
		ResultsTable rt = table(rows);
		if (!GraphicsEnvironment.isHeadless()) {
			rt.show(title(run));
			ij.IJ.showStatus(BatchStatus.summary(rows));
		}
		return rt;
	}

	/**
	 * Shows the table and refreshes it every {@code seconds} while any task is pending or running and the window is
	 * open; returns the refresher (shut it down to stop early).
	 */
	public static ScheduledExecutorService follow(BatchRun run, int seconds) {
		ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "facemap-batch-status");
			t.setDaemon(true);
			return t;
		});
		show(run);
		ex.scheduleWithFixedDelay(() -> {
			try {
				if (!GraphicsEnvironment.isHeadless() && WindowManager.getWindow(title(run)) == null) {
					ex.shutdown();
					return;
				}
				List<BatchStatus.Row> rows = BatchStatus.of(run);
				if (!GraphicsEnvironment.isHeadless()) {
					table(rows).show(title(run));
					ij.IJ.showStatus(BatchStatus.summary(rows));
				}
				if (rows.stream().noneMatch(r -> r.state() == BatchStatus.State.PENDING || r.state() == BatchStatus.State.RUNNING)) ex.shutdown();
			} catch (RuntimeException e) {
				ij.IJ.log("Batch status: " + e.getMessage());
				ex.shutdown();
			}
		}, seconds, seconds, TimeUnit.SECONDS);
		return ex;
	}
}
