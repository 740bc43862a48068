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

import static sc.fiji.facemap.testutil.Screenshots.close;
import static sc.fiji.facemap.testutil.Screenshots.near;
import static sc.fiji.facemap.testutil.Screenshots.shot;

import java.awt.Component;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import ij.gui.ImageCanvas;

import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdJob;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.viewer.TraceRow;

/**
 * The Facemap window on the demo video, in a real window on a (virtual) display; run by {@code FacemapWindowGuiTest}
 * under Xvfb, or by {@code scripts/check-window}. Tracks the demo video with the bundled model and processes it
 * (motion SVD, pupil ROI) into a folder, opens that video in the Facemap window (results load automatically), and
 * checks the screenshots: every keypoint shown at the current frame has its palette colour at its position and no
 * keypoint colour is anywhere else on the video; every trace plot has data drawn; the cursor is at the current
 * frame, and moves with it; a click on the traces jumps to that frame; playback advances; the figure exports as SVG
 * and PNG. Writes the window's screenshot and the exported figure to the folder given as the first argument (the
 * checks' own screenshots to target/facemap-window-check/); prints each failure; exits 0 when all passed.
 */
public final class FacemapWindowGuiCheck {

	static int failures;

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args.length > 0 ? args[0] : "target/facemap-window-gui");
		Files.createDirectories(out);
		// the screenshots only the checks need (names off, the trace panel alone) go beside the build, not into docs
		Path checks = Files.createDirectories(Path.of("target", "facemap-window-check"));
		// a second argument: a folder kept between runs (results already there are reused)
		Path data = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory(
			"facemap-window");
		Path video = data.resolve("sample_video.mp4");
		if (!Files.exists(video)) Files.copy(TestData.demoVideo(), video, StandardCopyOption.REPLACE_EXISTING);
		long t0 = System.nanoTime();
		if (!Files.exists(data.resolve("sample_video_FacemapPose.h5"))) TrackingJob.INSTANCE.run(Recording.of(video),
			TrackingSettings.DEFAULTS.<TrackingSettings>with("batch_size", 8), Progress.NONE);
		long t1 = System.nanoTime();
		if (!Files.exists(data.resolve("sample_video_proc.npy"))) new SvdJob().run(Recording.of(video), List.of(SvdRois
			.parse("pupil:300,238,112,80,saturation=65")), SvdSettings.DEFAULTS.with("sbin", 8).<SvdSettings>with(
				"n_components", 20), Progress.NONE);
		long t2 = System.nanoTime();
		System.out.printf(java.util.Locale.ROOT, "tracked in %.1f s, processed in %.1f s%n", (t1 - t0) / 1e9, (t2 - t1)
			/ 1e9);

		long openStart = System.nanoTime();
		FacemapWindow w = FacemapWindow.open(video);
		System.out.printf(java.util.Locale.ROOT, "window opened in %.2f s%n", (System.nanoTime() - openStart) / 1e9);
		Robot robot = new Robot();
		settle(robot, 1500);
		check(w.results().keypoints() != null, "the keypoints beside the video were loaded");
		check(w.results().proc() != null, "the _proc.npy beside the video was loaded");
		List<String> titles = new ArrayList<>();
		for (TraceRow r : w.traceRows()) titles.add(r.title());
		System.out.println("trace rows: " + titles);
		check(titles.contains("eye x") && titles.contains("eye y") && titles.contains("nose x") && titles.contains(
			"whiskers y"), "keypoint group rows (eye x/y, nose, whiskers)");
		check(titles.contains("motion SVD") && titles.contains("pupil"), "processing rows (motion SVD, pupil)");

		int frame = 375;
		SwingUtilities.invokeAndWait(() -> w.state().setFrame(frame));
		settle(robot, 1200);
		check(w.getImagePlus().getT() == frame + 1, "the video shows frame 375 (time point " + w.getImagePlus().getT() + ")");
		BufferedImage named = shot(robot, w, out.resolve("facemap-window.png"));

		// keypoint colours: at the current frame's positions and nowhere else (names off: only the dots are coloured)
		SwingUtilities.invokeAndWait(() -> w.state().setShowNames(false));
		settle(robot, 800);
		BufferedImage dots = shot(robot, w, checks.resolve("facemap-window-dots.png"));
		ImageCanvas c = w.getCanvas();
		Point origin = c.getLocationOnScreen();
		Rectangle win = w.getBounds();
		Keypoints kp = w.results().keypoints();
		int row = frame - w.results().firstFrame();
		double threshold = w.state().display().likelihoodThreshold();
		List<int[]> shown = new ArrayList<>(); // x, y, rgb in the screenshot
		for (int k = 0; k < kp.keypoints(); k++) {
			float x = kp.x(row, k), y = kp.y(row, k), l = kp.likelihood(row, k);
			if (Float.isNaN(x) || Float.isNaN(y) || !(l >= threshold)) continue;
			int sx = origin.x - win.x + c.screenXD(x), sy = origin.y - win.y + c.screenYD(y);
			int rgb = KeypointPalette.rgb(kp.keypointSet().name(k));
			shown.add(new int[] { sx, sy, rgb });
			check(near(dots, sx, sy, rgb, 2), kp.keypointSet().name(k) + " has its colour at its frame-375 position");
		}
		check(shown.size() >= 8, shown.size() + " keypoints shown at frame 375 (at least 8 expected)");
		int stray = 0;
		int x0 = origin.x - win.x, y0 = origin.y - win.y;
		for (int yy = Math.max(0, y0); yy < Math.min(dots.getHeight(), y0 + c.getHeight()); yy++)
			for (int xx = Math.max(0, x0); xx < Math.min(dots.getWidth(), x0 + c.getWidth()); xx++) {
				int p = dots.getRGB(xx, yy) & 0xffffff;
				for (int want : KeypointPalette.facemapColors()) {
					if (!close(p, want)) continue;
					boolean explained = false;
					for (int[] s : shown)
						if (close(s[2], want) && Math.abs(s[0] - xx) <= 6 && Math.abs(s[1] - yy) <= 6) explained = true;
					if (!explained) stray++;
				}
			}
		check(stray == 0, stray + " keypoint-coloured pixels on the video away from frame 375's keypoints");
		SwingUtilities.invokeAndWait(() -> w.state().setShowNames(true));

		// traces: every plot has data, the cursor is at the current frame
		Component tp = w.tracePanel();
		Point tpo = tp.getLocationOnScreen();
		BufferedImage traces = robot.createScreenCapture(new Rectangle(tpo.x, tpo.y, tp.getWidth(), tp.getHeight()));
		ImageIO.write(traces, "png", new File(checks.resolve("facemap-traces.png").toString()));
		TraceFigure fig = new TraceFigure(w.traceRows(), ((TracePanel) tp).window(), frame, 25, null);
		for (int i = 0; i < w.traceRows().size(); i++) {
			double[] b = fig.rowBox(i, tp.getWidth(), tp.getHeight());
			int drawn = 0, finite = 0;
			for (var t : w.traceRows().get(i).traces()) {
				drawn += count(traces, b, t.rgb());
				for (float v : t.values()) if (!Float.isNaN(v)) finite++;
			}
			// a dense series draws a line; a sparse one (mostly NaN: out of view) at least a dot per few values
			int want = finite > 300 ? 150 : Math.max(1, finite / 4);
			check(drawn >= want, w.traceRows().get(i).title() + ": " + drawn + " pixels of its series drawn (" + finite
				+ " values)");
		}
		check(cursorAt(traces, fig, tp, frame), "the cursor is at frame 375");
		check(!cursorAt(traces, fig, tp, 100), "no cursor at frame 100 while at 375");

		// a click on the traces jumps there; the cursor follows
		int target = 200;
		double[] b0 = fig.rowBox(0, tp.getWidth(), tp.getHeight());
		int cx = tpo.x + (int) Math.round(fig.xOf(target, tp.getWidth())), cy = tpo.y + (int) (b0[1] + b0[3] / 2);
		robot.mouseMove(cx, cy);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		settle(robot, 1200);
		int now = w.state().frame();
		check(Math.abs(now - target) <= 1, "a click at frame 200 of the traces jumps there (now " + now + ")");
		check(Math.abs(w.getImagePlus().getT() - 1 - now) == 0, "the video follows the click");
		BufferedImage traces2 = robot.createScreenCapture(new Rectangle(tpo.x, tpo.y, tp.getWidth(), tp.getHeight()));
		TraceFigure fig2 = new TraceFigure(w.traceRows(), ((TracePanel) tp).window(), now, 25, null);
		check(cursorAt(traces2, fig2, tp, now) && !cursorAt(traces2, fig2, tp, frame), "the cursor moved to the new frame");

		// playback advances and stops
		int before = w.state().frame();
		w.play();
		Thread.sleep(1000);
		w.pause();
		settle(robot, 300);
		check(w.state().frame() > before + 5, "playback advanced from " + before + " to " + w.state().frame());

		// export
		SwingUtilities.invokeAndWait(() -> w.state().setFrame(frame));
		settle(robot, 500);
		w.saveFigure(checks.resolve("facemap-traces-figure.svg"));
		w.saveFigure(out.resolve("facemap-traces-figure.png"));
		String svg = Files.readString(checks.resolve("facemap-traces-figure.svg"));
		check(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("eye x (px)") && svg.contains("<polyline"),
			"the SVG figure has the plots");
		check(ImageIO.read(out.resolve("facemap-traces-figure.png").toFile()).getWidth() == 1200, "the PNG figure is 1200 px wide");
		check(named.getWidth() > 0, "screenshot taken");

		// a macro opens it too (plain ImageJ: the menu installed as by facemap gui)
		sc.fiji.facemap.launcher.MenuInstaller.install(sc.fiji.facemap.launcher.Contexts.get());
		Thread macro = new Thread(() -> ij.IJ.runMacro("run(\"Facemap Window...\", \"video=[" + video
			+ "] likelihood_threshold=0.7\");"), "Run$_facemap-window-check");
		macro.start();
		macro.join(60_000);
		settle(robot, 1000);
		check(FacemapWindow.openWindows().size() == 2, "the macro run(\"Facemap Window...\") opened a second window ("
			+ FacemapWindow.openWindows().size() + " open)");
		FacemapWindow second = FacemapWindow.openWindows().get(FacemapWindow.openWindows().size() - 1);
		check(second != w && second.results().keypoints() != null && Math.abs(second.state().display()
			.likelihoodThreshold() - 0.7) < 1e-9, "with the results beside the video and the macro's threshold");

		// an hour-long video (50 frames/s, 180,000 frames) with keypoints on every frame opens without being decoded,
		// and any frame is one decode away (the frame cache and the drawing do not grow with the video's length)
		int n = 180_000;
		sc.fiji.facemap.testutil.SyntheticVideo hour = sc.fiji.facemap.testutil.SyntheticVideo.gradient(n, 320, 240);
		Keypoints hk = new Keypoints(sc.fiji.facemap.keypoints.KeypointSet.facemap(), n);
		for (int f = 0; f < n; f++)
			for (int k = 0; k < 4; k++) hk.set(f, k, (float) (100 + 30 * k + 10 * Math.sin(f / 500.0)), 120, 0.9f);
		ij.ImagePlus himp = VideoImages.virtual(hour, 64L << 20);
		VideoVirtualStack hs = (VideoVirtualStack) himp.getStack();
		FacemapWindow hw = FacemapWindow.open(himp, hour.path(), sc.fiji.facemap.viewer.Results.NONE.withKeypoints(null,
			hk, 0));
		settle(robot, 1500);
		long opened = hs.decodedFrames();
		check(opened <= 3, "opening the hour-long video decoded " + opened + " frames");
		check(hw.traceRows().size() == 2 && hw.traceRows().get(0).title().equals("eye x"), "its traces: "
			+ hw.traceRows().size() + " rows");
		SwingUtilities.invokeAndWait(() -> hw.state().setFrame(n - 1));
		settle(robot, 1000);
		check(himp.getT() == n, "the last frame is shown (" + himp.getT() + ")");
		check(hs.decodedFrames() - opened <= 2, "going to the last frame decoded " + (hs.decodedFrames() - opened)
			+ " frames");
		check(hw.keypointOverlay().overlay(n - 1).size() > 0 && hw.keypointOverlay().overlay(n - 1).size() <= 3 * 15,
			"the last frame's overlay holds that frame's points only");
		check(hs.cacheCapacity() < 1000, "the frame cache holds " + hs.cacheCapacity() + " frames at most");

		// a dropped result file loads into the window (what its drop target does with the files dropped)
		hw.dropped(List.of(data.resolve("sample_video_proc.npy")));
		settle(robot, 500);
		check(hw.results().proc() != null && hw.traceRows().stream().anyMatch(r -> r.title().equals("pupil")),
			"a dropped _proc.npy adds its traces");
		System.out.println("Facemap window check: " + (failures == 0 ? "OK" : failures + " failures") + "; screenshots in "
			+ out.toAbsolutePath());
		System.exit(failures == 0 ? 0 : 1);
	}

	private static boolean cursorAt(BufferedImage img, TraceFigure fig, Component tp, int frame) {
		int x = (int) Math.round(fig.xOf(frame, tp.getWidth()));
		int dark = 0, total = 0;
		for (int i = 0; i < fig.rows().size(); i++) {
			double[] b = fig.rowBox(i, tp.getWidth(), tp.getHeight());
			for (int y = (int) b[1] + 2; y < b[1] + b[3] - 2; y++) {
				total++;
				boolean d = false;
				for (int dx = -1; dx <= 1; dx++) {
					int p = img.getRGB(Math.max(0, Math.min(img.getWidth() - 1, x + dx)), y) & 0xffffff;
					if (((p >> 16) & 255) < 60 && ((p >> 8) & 255) < 60 && (p & 255) < 60) d = true;
				}
				if (d) dark++;
			}
		}
		return total > 0 && dark > 0.9 * total;
	}

	private static int count(BufferedImage img, double[] b, int rgb) {
		int n = 0;
		for (int y = (int) b[1] + 1; y < b[1] + b[3] - 1 && y < img.getHeight(); y++)
			for (int x = (int) b[0] + 1; x < b[0] + b[2] - 1 && x < img.getWidth(); x++)
				if (close(img.getRGB(x, y) & 0xffffff, rgb)) n++;
		return n;
	}

	private static void settle(Robot robot, long ms) throws Exception {
		robot.waitForIdle();
		Thread.sleep(ms);
		SwingUtilities.invokeAndWait(() -> {});
	}




	private static void check(boolean ok, String what) {
		System.out.println((ok ? "ok:   " : "FAIL: ") + what);
		if (!ok) failures++;
	}
}
