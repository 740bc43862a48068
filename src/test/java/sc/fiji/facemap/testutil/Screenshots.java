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
package sc.fiji.facemap.testutil;

import java.awt.Color;
import java.awt.Component;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Screenshots of real windows (under Xvfb) and the colour tests the GUI checks make on them. */
public final class Screenshots {

	private Screenshots() {}

	/** The screen pixels of {@code window}, also written as a PNG to {@code file}. */
	public static BufferedImage shot(Robot robot, Component window, Path file) throws Exception {
		BufferedImage b = robot.createScreenCapture(window.getBounds());
		ImageIO.write(b, "png", file.toFile());
		return b;
	}

	/** Whether a pixel within {@code radius} of (x, y) has (about) colour {@code rgb}. */
	public static boolean near(BufferedImage b, int x, int y, int rgb, int radius) {
		for (int dy = -radius; dy <= radius; dy++)
			for (int dx = -radius; dx <= radius; dx++) {
				int xx = x + dx, yy = y + dy;
				if (xx >= 0 && yy >= 0 && xx < b.getWidth() && yy < b.getHeight() && close(b.getRGB(xx, yy) & 0xffffff, rgb)) return true;
			}
		return false;
	}

	/** Whether two 0xRRGGBB colours differ by less than 30 summed over the channels (antialiasing, JPEG-free). */
	public static boolean close(int a, int b) {
		Color x = new Color(a), y = new Color(b);
		return Math.abs(x.getRed() - y.getRed()) + Math.abs(x.getGreen() - y.getGreen()) + Math.abs(x.getBlue() - y.getBlue()) < 30;
	}
}
