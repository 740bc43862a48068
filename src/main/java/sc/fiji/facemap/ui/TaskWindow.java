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

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Canvas;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Panel;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.Locale;

import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.task.ProgressClock;

/**
 * A small progress window for a long task: the stage, a bar, the rate in frames/s and the time left, and a Cancel
 * button (closing the window cancels too). Each update is also handed to {@code forward} (e.g. the status bar), whose
 * cancel state (e.g. a SciJava command's, the Escape key) is honoured as well.
 */
public class TaskWindow implements Progress {

	private final Progress forward;
	private final String unit;
	private volatile boolean canceled;
	private Frame frame;
	private Bar bar;
	private String stage;
	private long stageStart, stageStartDone, lastShown;

	/** Opens the window (call from any thread). */
	public TaskWindow(String title, String unit, Progress forward) {
		this.forward = forward == null ? Progress.NONE : forward;
		this.unit = unit;
		onEdtAndWait(() -> {
			frame = new Frame(title);
			frame.setLayout(new BorderLayout(8, 8));
			bar = new Bar();
			bar.text = "Starting...";
			Button cancel = new Button("Cancel");
			cancel.addActionListener(e -> cancel());
			Panel south = new Panel();
			south.add(cancel);
			frame.add(bar, BorderLayout.CENTER);
			frame.add(south, BorderLayout.SOUTH);
			frame.addWindowListener(new WindowAdapter() {
				@Override
				public void windowClosing(WindowEvent e) {
					cancel();
				}
			});
			frame.pack();
			frame.setSize(Math.max(frame.getWidth(), 460), frame.getHeight());
			frame.setLocationRelativeTo(null);
			frame.setVisible(true);
		});
	}

	/** Asks the task to stop at its next check. */
	public void cancel() {
		canceled = true;
		onEdt(() -> {
			if (bar != null) {
				bar.text = "Canceling...";
				bar.repaint();
			}
		});
	}

	@Override
	public boolean isCanceled() {
		return canceled || forward.isCanceled();
	}

	@Override
	public synchronized void update(long done, long total, String message) {
		forward.update(done, total, message);
		long now = System.nanoTime();
		String msg = message == null ? "" : message;
		if (!msg.equals(stage) || done < stageStartDone) {
			stage = msg;
			stageStart = now;
			stageStartDone = done;
		}
		boolean finished = total > 0 && done >= total;
		if (!finished && now - lastShown < 100_000_000L) return;
		lastShown = now;
		String line = line(msg, done, total, (now - stageStart) / 1e9, done - stageStartDone, unit);
		double f = total > 0 ? Math.min(1, done / (double) total) : 0;
		onEdt(() -> {
			if (bar == null) return;
			if (!canceled) bar.text = line;
			bar.fraction = f;
			bar.repaint();
		});
	}

	/** "projection 1200/2198 frames, 54.1 frames/s, 18 s left" (package-private for tests): {@link ProgressClock#format}. */
	static String line(String stage, long done, long total, double seconds, long doneInStage, String unit) {
		return ProgressClock.format(stage, done, total, seconds, doneInStage, unit);
	}

	static String duration(double seconds) {
		return sc.fiji.facemap.task.Durations.format(seconds);
	}

	@Override
	public void log(String line) {
		forward.log(line);
	}

	/** Closes the window. */
	public void close() {
		onEdt(() -> {
			if (frame != null) frame.dispose();
		});
	}

	private static void onEdt(Runnable r) {
		if (EventQueue.isDispatchThread()) r.run();
		else EventQueue.invokeLater(r);
	}

	private static void onEdtAndWait(Runnable r) {
		if (EventQueue.isDispatchThread()) r.run();
		else try {
			EventQueue.invokeAndWait(r);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException(e.getCause());
		}
	}

	/** The status line and the bar, painted by hand (a heavyweight Label did not always repaint its new text). */
	private static final class Bar extends Canvas {
		private static final long serialVersionUID = 1L;
		private static final int PAD = 10, LINE = 22, BAR = 16;
		volatile double fraction;
		volatile String text = "";

		@Override
		public Dimension getPreferredSize() {
			return new Dimension(460, PAD + LINE + BAR + PAD);
		}

		@Override
		public void update(Graphics g) {
			paint(g); // no clearing first: no flicker
		}

		@Override
		public void paint(Graphics g) {
			int w = getWidth(), h = getHeight();
			g.setColor(getParent() != null ? getParent().getBackground() : Color.LIGHT_GRAY);
			g.fillRect(0, 0, w, h);
			g.setColor(Color.BLACK);
			g.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 13));
			g.drawString(text, PAD, PAD + 14);
			int y = PAD + LINE, bw = w - 2 * PAD;
			g.setColor(Color.WHITE);
			g.fillRect(PAD, y, bw, BAR);
			g.setColor(new Color(31, 119, 180));
			g.fillRect(PAD, y, (int) Math.round(bw * fraction), BAR);
			g.setColor(Color.GRAY);
			g.drawRect(PAD, y, bw - 1, BAR - 1);
		}
	}
}
