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

import java.awt.Point;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.swing.SwingUtilities;

import ij.gui.ImageCanvas;

import sc.fiji.facemap.pose.AnnotationSession;
import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;

/**
 * A check of the annotation window with real mouse and key events (java.awt.Robot), for a (virtual) display: run by
 * {@code scripts/check-annotate} under xvfb-run, without and with an ImageJ instance ({@code --imagej}). Right-click places the selected keypoint, a left drag moves it,
 * {@code d} marks it missing, {@code z}/{@code y} undo and redo, {@code .} goes to the next frame; the label file is read back after each step. Exits 0
 * when all matched.
 */
public final class AnnotationGuiCheck {

	public static void main(String[] args) throws Exception {
		// with --imagej, ImageJ's own key and mouse listeners are installed too (as in Fiji): ours must come first
		if (args.length > 0 && args[0].equals("--imagej")) new ij.ImageJ(ij.ImageJ.NO_SHOW);
		Path dir = Files.createTempDirectory("annotate-gui");
		Random r = new Random(1);
		for (int i = 1; i <= 3; i++) {
			byte[] px = new byte[200 * 150];
			r.nextBytes(px);
			GrayImage.ofBytes(200, 150, px).writePng(dir.resolve("img" + i + ".png"));
		}
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, new KeypointSet(List.of("nose", "eye")));
		AnnotationView[] v = new AnnotationView[1];
		SwingUtilities.invokeAndWait(() -> v[0] = AnnotationView.show(s));
		Robot robot = new Robot();
		robot.setAutoDelay(40);
		robot.waitForIdle();
		Thread.sleep(1500);
		ImageCanvas c = v[0].image().getCanvas();
		double mag = c.getMagnification();
		Point o = c.getLocationOnScreen();
		int failures = 0;

		// right-click at image (50, 40): the selected keypoint (nose) is placed there
		click(robot, o, c, 50, 40, InputEvent.BUTTON3_DOWN_MASK);
		failures += expect(csv, 0, 0, 50, 40, 1.5 / mag + 1, "right-click places nose");
		// drag it from (50, 40) to (120, 90)
		robot.mouseMove(o.x + c.screenX(50), o.y + c.screenY(40));
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		for (int t = 1; t <= 10; t++)
			robot.mouseMove(o.x + c.screenX(50 + 7 * t), o.y + c.screenY(40 + 5 * t));
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		robot.waitForIdle();
		Thread.sleep(300);
		failures += expect(csv, 0, 0, 120, 90, 1.5 / mag + 1, "drag moves nose");
		// 'd' marks it missing
		key(robot, KeyEvent.VK_D);
		failures += LabelSet.read(csv).isMissing(0, 0) ? 0 : fail("d marks nose missing");
		// down arrow selects eye, right-click places it, '.' goes to frame 2
		// z undoes the delete, a second z the whole drag (one step), y redoes the drag; the view redraws from the
		// session's events
		key(robot, KeyEvent.VK_Z);
		failures += expect(csv, 0, 0, 120, 90, 1.5 / mag + 1, "z undoes the delete");
		key(robot, KeyEvent.VK_Z);
		failures += expect(csv, 0, 0, 50, 40, 1.5 / mag + 1, "a second z undoes the whole drag");
		key(robot, KeyEvent.VK_Y);
		failures += expect(csv, 0, 0, 120, 90, 1.5 / mag + 1, "y redoes the drag");
		boolean drawn = false;
		for (ij.gui.Roi roi : v[0].image().getOverlay().toArray())
			drawn |= "nose".equals(roi.getName()) && Math.abs(roi.getContourCentroid()[0] - 120) < 1;
		failures += drawn ? 0 : fail("the overlay shows nose where redo put it");
		key(robot, KeyEvent.VK_D);
		key(robot, KeyEvent.VK_DOWN);
		click(robot, o, c, 30, 60, InputEvent.BUTTON3_DOWN_MASK);
		failures += expect(csv, 0, 1, 30, 60, 1.5 / mag + 1, "eye placed after selecting it with the down arrow");
		key(robot, KeyEvent.VK_PERIOD);
		failures += s.frame() == 1 && v[0].image().getCurrentSlice() == 2 ? 0 : fail("'.' goes to frame 2, is " +
			(s.frame() + 1));
		// a slice change made by ImageJ (the slider) moves the session, which the image listener sees
		SwingUtilities.invokeAndWait(() -> v[0].image().setSlice(3));
		robot.waitForIdle();
		Thread.sleep(500);
		failures += s.frame() == 2 ? 0 : fail("the slider moves the session to frame 3, is " + (s.frame() + 1));
		if (s.frame() == 2) System.out.println("ok: the slider moves the session");
		v[0].image().close();
		System.out.println(failures == 0 ? "check-annotate: OK" : "check-annotate: " + failures + " failures");
		System.exit(failures == 0 ? 0 : 1);
	}

	private static void click(Robot robot, Point o, ImageCanvas c, int x, int y, int button) throws Exception {
		robot.mouseMove(o.x + c.screenX(x), o.y + c.screenY(y));
		robot.mousePress(button);
		robot.mouseRelease(button);
		robot.waitForIdle();
		Thread.sleep(300);
	}

	private static void key(Robot robot, int code) throws Exception {
		robot.keyPress(code);
		robot.keyRelease(code);
		robot.waitForIdle();
		Thread.sleep(300);
	}

	private static int expect(Path csv, int frame, int k, double x, double y, double tol, String what) {
		LabelSet l = LabelSet.read(csv);
		float lx = l.x(frame, k), ly = l.y(frame, k);
		if (Math.abs(lx - x) <= tol && Math.abs(ly - y) <= tol) {
			System.out.println("ok: " + what);
			return 0;
		}
		return fail(what + ": expected (" + x + ", " + y + "), file has (" + lx + ", " + ly + ")");
	}

	private static int fail(String msg) {
		System.out.println("FAILED: " + msg);
		return 1;
	}
}
