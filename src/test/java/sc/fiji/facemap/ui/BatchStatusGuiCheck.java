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

import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import sc.fiji.facemap.batch.BatchRun;

/**
 * Shows the status table of a run folder and saves a screenshot (run by hand under {@code xvfb-run}):
 * {@code BatchStatusGuiCheck RUN_DIR OUT.png}.
 */
public final class BatchStatusGuiCheck {

	public static void main(String[] args) throws Exception {
		BatchRun run = BatchRun.open(Paths.get(args[0]));
		new ij.ImageJ(ij.ImageJ.NO_SHOW);
		BatchStatusView.show(run);
		Thread.sleep(1500);
		Window win = null;
		for (Window w : Window.getWindows())
			if (w instanceof Frame && BatchStatusView.title(run).equals(((Frame) w).getTitle()) && w.isShowing()) win = w;
		if (win == null) throw new IllegalStateException("no status window");
		win.setSize(1100, 260);
		Thread.sleep(800);
		Rectangle b = win.getBounds();
		BufferedImage img = new Robot().createScreenCapture(b);
		Path png = Paths.get(args[1]);
		ImageIO.write(img, "png", png.toFile());
		System.out.println("screenshot " + png);
		System.exit(0);
	}
}
