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
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.plugin.MontageMaker;
import ij.process.ImageProcessor;

import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.svd.ProcessingResult;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdJob;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * Renders the views of Process Video on the demo video to PNG files for looking at them (and for the README): the
 * ROIs on a frame, every plot, the first spatial masks as a montage; with a display (e.g. {@code xvfb-run}) also a
 * screenshot of the progress window while it runs. Not a test (no assertions); run by hand:
 * {@code xvfb-run -a java -cp ... sc.fiji.facemap.ui.SvdViewsGuiCheck OUT_DIR}.
 */
public final class SvdViewsGuiCheck {

	public static void main(String[] args) throws Exception {
		Path out = Files.createDirectories(Paths.get(args.length > 0 ? args[0] : "target/readme-images"));
		Path video = TestData.demoVideo();
		List<RoiSpec> rois = List.of(SvdRois.parse("pupil:300,238,112,80,saturation=65").withName("pupil"),
			SvdRois.parse("motion:420,250,200,150").withName("motion whiskers"),
			SvdRois.parse("motion:560,300,200,130").withName("motion snout"),
			SvdRois.parse("blink:285,226,142,104,saturation=110").withName("blink"));

		// the ROIs on frame 100, as the ROI Manager would show them
		ImagePlus frame;
		try (VideoSource src = VideoSources.openOne(video)) {
			frame = new ImagePlus("frame 100", new ij.process.ByteProcessor(src.width(), src.height(), src.read(100)));
		}
		Overlay ov = new Overlay();
		for (RoiSpec r : rois)
			for (ij.gui.Roi roi : ImageJRois.toImageJ(r)) {
				roi.setStrokeWidth(2);
				ov.add(roi);
				int lx = r.kind() == RoiSpec.Kind.PUPIL ? r.x() - 62 : r.x(), ly = r.kind() == RoiSpec.Kind.BLINK ? r.y() + r.height() + 1
					: r.kind() == RoiSpec.Kind.PUPIL ? r.y() + r.height() / 2 - 9 : r.y() - 18;
				ij.gui.TextRoi label = new ij.gui.TextRoi(lx, ly, r.name(), new java.awt.Font("SansSerif", java.awt.Font.BOLD, 13));
				label.setStrokeColor(ImageJRois.color(r.kind()));
				ov.add(label);
			}
		frame.setOverlay(ov);
		new FileSaver(frame.flatten()).saveAsPng(out.resolve("svd_rois.png").toString());
		if (args.length > 1 && args[1].equals("--rois-only")) System.exit(0);

		boolean gui = !GraphicsEnvironment.isHeadless();
		Progress progress = Progress.NONE;
		TaskWindow window = null;
		if (gui) progress = window = new TaskWindow("Facemap: " + video.getFileName(), "frames", Progress.NONE);
		final TaskWindow w = window;
		Thread shooter = null;
		if (gui) {
			shooter = new Thread(() -> {
				try {
					Thread.sleep(12000);
					shoot(windowTitled("Facemap: " + video.getFileName()), out.resolve("svd_progress.png"));
				} catch (Exception e) {
					e.printStackTrace();
				}
			});
			shooter.start();
		}
		long t0 = System.nanoTime();
		ProcessingResult r = new SvdJob().run(Recording.of(video).withOutputDir(Files.createTempDirectory("svd-views")), rois,
			SvdSettings.DEFAULTS, progress);
		System.out.printf("processed %d frames in %.1f s%n", r.nFrames(), (System.nanoTime() - t0) / 1e9);
		if (shooter != null) shooter.join();
		if (w != null) w.close();

		int i = 0;
		for (Plot p : SvdViews.plots(r, "sample_video")) {
			String name = String.format("svd_plot%d.png", i++);
			new FileSaver(p.getImagePlus()).saveAsPng(out.resolve(name).toString());
			System.out.println(name + ": " + p.getTitle());
		}
		List<ImagePlus> masks = SvdViews.masks(r, 8, "sample_video");
		ImagePlus full = masks.get(0);
		ImagePlus m8 = new ImagePlus("masks", full.getStack());
		for (int s = 1; s <= m8.getStackSize(); s++) {
			ImageProcessor ip = m8.getStack().getProcessor(s);
			double a = SvdViews.symmetricRange((float[]) ip.getPixels());
			ip.setMinAndMax(-a, a);
		}
		ImagePlus montage = new MontageMaker().makeMontage2(m8, 4, 2, 1.5, 1, m8.getStackSize(), 1, 2, true);
		new FileSaver(montage).saveAsPng(out.resolve("svd_masks.png").toString());
		System.out.println("wrote " + out);
		System.exit(0);
	}

	private static Window windowTitled(String title) {
		for (Window win : Window.getWindows())
			if (win instanceof Frame && title.equals(((Frame) win).getTitle()) && win.isShowing()) return win;
		throw new IllegalStateException("no window " + title);
	}

	private static void shoot(Window win, Path png) throws Exception {
		Rectangle b = win.getBounds();
		BufferedImage img = new Robot().createScreenCapture(b);
		ImageIO.write(img, "png", png.toFile());
		System.out.println("screenshot " + png);
	}
}
