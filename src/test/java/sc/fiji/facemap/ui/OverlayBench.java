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

import java.util.Locale;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.SyntheticVideo;

/**
 * Memory of the keypoint overlay for an hour at 50 Hz (180,000 frames x Facemap's 15 keypoints, names on): the
 * per-frame overlay ({@link KeypointOverlay}) against the former way, one dot and one name ROI per keypoint per frame
 * built in advance (measured on {@code sample} frames and scaled). Run by {@code scripts/bench/overlay}; prints
 * figures and the ratio. Not a test.
 */
public final class OverlayBench {

	public static void main(String[] args) throws Exception {
		int frames = args.length > 0 ? Integer.parseInt(args[0]) : 180_000;
		int sample = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
		Keypoints kp = new Keypoints(KeypointSet.facemap(), frames);
		for (int f = 0; f < frames; f++)
			for (int k = 0; k < 15; k++) kp.set(f, k, 10 + k * 20 + f % 7, 30 + f % 11, 0.9f);
		ImagePlus imp = VideoImages.virtual(SyntheticVideo.gradient(frames, 400, 100), 1 << 20);
		long base = used();
		KeypointOverlay o = KeypointViews.show(imp, kp, 0, 0.5, true);
		imp.setT(frames / 2);
		long perFrame = used() - base;
		int rois = imp.getOverlay().size();
		// the former way, on `sample` frames
		base = used();
		Overlay all = new Overlay();
		java.awt.Font font = new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10);
		for (int f = 0; f < sample; f++)
			for (int k = 0; k < 15; k++) {
				Roi dot = new OvalRoi(kp.x(f, k) - 3, kp.y(f, k) - 3, 6, 6);
				dot.setName(kp.keypointSet().name(k));
				dot.setPosition(0, 0, f + 1);
				all.add(dot);
				TextRoi t = new TextRoi(kp.x(f, k) + 4, kp.y(f, k) - 9, kp.keypointSet().name(k), font);
				t.setPosition(0, 0, f + 1);
				all.add(t);
			}
		long sampled = used() - base;
		double former = (double) sampled * frames / sample;
		System.out.printf(Locale.ROOT, "frames %d, keypoints 15, names on%n", frames);
		System.out.printf(Locale.ROOT, "per-frame overlay: %d ROIs on the image, heap +%.1f MB (mostly the image's own"
			+ " first slice and cache)%n", rois, perFrame / 1e6);
		System.out.printf(Locale.ROOT, "former overlay: %d ROIs for %d frames = %.0f MB; for %d frames %d ROIs, %.0f MB"
			+ " (scaled)%n", all.size(), sample, sampled / 1e6, frames, 30L * frames, former / 1e6);
		System.out.printf(Locale.ROOT, "ratio former/per-frame ROIs: %.0f%n", 30.0 * frames / Math.max(1, rois));
		o.detach();
	}

	private static long used() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		Runtime r = Runtime.getRuntime();
		return r.totalMemory() - r.freeMemory();
	}
}
