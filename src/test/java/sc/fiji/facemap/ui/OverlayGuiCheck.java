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

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.swing.SwingUtilities;

import ij.ImagePlus;
import ij.gui.ImageCanvas;

import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.TestData;

/**
 * A check of the per-frame keypoint overlay in a real window, for a (virtual) display (run under xvfb-run): the demo
 * video with keypoints of frames 300-339 (each frame's points shifted by its row), screenshots at frames 320 and
 * 375. At 320 each keypoint's palette colour is on screen at its position and the viewer state follows the image;
 * at 375 no keypoint colour is anywhere. Writes the screenshots to the folder given as argument; exits 0 when all
 * matched.
 */
public final class OverlayGuiCheck {

	static int x(int row, int k) {
		return 120 + 110 * (k % 5) + 2 * row;
	}

	static int y(int row, int k) {
		return 100 + 120 * (k / 5);
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args.length > 0 ? args[0] : "target/overlay-gui");
		out.toFile().mkdirs();
		Keypoints kp = new Keypoints(KeypointSet.facemap(), 40);
		for (int r = 0; r < 40; r++)
			for (int k = 0; k < 15; k++) kp.set(r, k, x(r, k), y(r, k), 0.9f);
		ImagePlus imp = VideoImages.open(TestData.demoVideo());
		KeypointOverlay[] o = new KeypointOverlay[1];
		SwingUtilities.invokeAndWait(() -> {
			imp.show();
			o[0] = KeypointViews.show(imp, kp, 300, 0.5, true);
		});
		Robot robot = new Robot();
		Thread.sleep(1500);
		int failures = 0;
		SwingUtilities.invokeAndWait(() -> imp.setT(321)); // frame 320 = row 20
		robot.waitForIdle();
		Thread.sleep(800);
		if (o[0].state().frame() != 320) failures += fail("the viewer state follows the image: " + o[0].state()
			.frame());
		BufferedImage shot = shot(robot, imp.getWindow(), out.resolve("frame320.png"));
		ImageCanvas c = imp.getCanvas();
		Point origin = c.getLocationOnScreen();
		Rectangle win = imp.getWindow().getBounds();
		for (int k = 0; k < 15; k++) {
			int sx = origin.x + c.screenX(x(20, k)) - win.x, sy = origin.y + c.screenY(y(20, k)) - win.y;
			int want = KeypointPalette.rgb(KeypointSet.FACEMAP.get(k));
			if (!near(shot, sx, sy, want, 1)) failures += fail(KeypointSet.FACEMAP.get(k) + " colour not at its frame-320 position");
			int ox = origin.x + c.screenX(x(0, k)) - win.x;
			if (near(shot, ox, sy, want, 0)) failures += fail(KeypointSet.FACEMAP.get(k) + " also drawn at frame 300's position");
		}
		SwingUtilities.invokeAndWait(() -> imp.setT(376)); // frame 375, outside the run
		robot.waitForIdle();
		Thread.sleep(800);
		BufferedImage none = shot(robot, imp.getWindow(), out.resolve("frame375.png"));
		int coloured = 0;
		// the canvas only (the window's slider and title have colours of their own)
		int x0 = origin.x - win.x, y0 = origin.y - win.y;
		for (int yy = Math.max(0, y0); yy < Math.min(none.getHeight(), y0 + c.getHeight()); yy++)
			for (int xx = Math.max(0, x0); xx < Math.min(none.getWidth(), x0 + c.getWidth()); xx++) {
				int p = none.getRGB(xx, yy) & 0xffffff;
				for (int want : KeypointPalette.facemapColors()) if (close(p, want)) coloured++;
			}
		if (coloured > 0) failures += fail(coloured + " keypoint-coloured pixels on frame 375");
		System.out.println("overlay check: " + (failures == 0 ? "OK" : failures + " failures") + "; screenshots in " +
			out.toAbsolutePath());
		System.exit(failures == 0 ? 0 : 1);
	}




	private static int fail(String what) {
		System.out.println("FAIL: " + what);
		return 1;
	}
}
