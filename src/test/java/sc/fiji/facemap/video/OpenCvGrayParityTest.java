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
package sc.fiji.facemap.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.testutil.TestData;

/**
 * Our gray frames of the demo video against OpenCV's ({@code cv2.VideoCapture} + {@code cvtColor(BGR2GRAY)}, what
 * Facemap reads), written by {@code scripts/reference/make_fixtures.py} into {@code reference/decoder/}: eight frames
 * as PNG, compared pixel by pixel, and the MD5 of every one of the 749 frames.
 */
class OpenCvGrayParityTest {

	private static final Path DIR = Paths.get("src/test/resources/reference/decoder");

	@Test
	void pngFramesDifferByAtMostOneGrayLevel() throws IOException {
		long pixels = 0, differ = 0, differMoreThanOne = 0;
		int maxDiff = 0;
		StringBuilder report = new StringBuilder();
		try (FfmpegVideoSource src = new FfmpegVideoSource(TestData.demoVideo())) {
			for (int frame : new int[] { 0, 1, 100, 249, 250, 251, 500, 748 }) {
				BufferedImage png = ImageIO.read(DIR.resolve(String.format(Locale.ROOT, "frame_%04d.png", frame)).toFile());
				assertEquals(src.width(), png.getWidth());
				assertEquals(src.height(), png.getHeight());
				byte[] ours = src.read(frame);
				int d1 = 0;
				for (int y = 0; y < png.getHeight(); y++)
					for (int x = 0; x < png.getWidth(); x++) {
						int cv = png.getRaster().getSample(x, y, 0);
						int d = Math.abs(cv - (ours[y * png.getWidth() + x] & 0xff));
						if (d > 0) d1++;
						if (d > 1) differMoreThanOne++;
						maxDiff = Math.max(maxDiff, d);
					}
				differ += d1;
				pixels += ours.length;
				report.append(String.format(Locale.ROOT, "frame %d: %d pixels differ%n", frame, d1));
			}
		}
		System.out.printf(Locale.ROOT, "OpenCV vs ours: %d of %d pixels differ (%.4f %%), %d by more than one level, max %d%n%s",
			differ, pixels, 100.0 * differ / pixels, differMoreThanOne, maxDiff, report);
		assertTrue(maxDiff <= 1, "max gray difference to OpenCV is " + maxDiff + "\n" + report);
		assertTrue(differ <= pixels / 1000, "more than 0.1 % of pixels differ from OpenCV:\n" + report);
	}

	@Test
	void everyFrameHasOpenCvsChecksum() throws IOException, NoSuchAlgorithmException {
		List<String> lines = Files.readAllLines(DIR.resolve("gray_md5.txt"));
		assertEquals(749, lines.size());
		int same = 0;
		StringBuilder firstMismatches = new StringBuilder();
		try (FfmpegVideoSource src = new FfmpegVideoSource(TestData.demoVideo())) {
			assertEquals(749, src.frameCount());
			byte[] buf = new byte[src.width() * src.height()];
			for (String line : lines) {
				String[] p = line.trim().split("\\s+");
				int frame = Integer.parseInt(p[0]);
				src.read(frame, buf);
				String md5 = hex(MessageDigest.getInstance("MD5").digest(buf));
				if (md5.equals(p[1])) same++;
				else if (firstMismatches.length() < 200) firstMismatches.append(frame).append(' ');
			}
		}
		System.out.println("frames identical to OpenCV's: " + same + " of " + lines.size());
		assertEquals(lines.size(), same, "frames whose gray values differ from OpenCV's: " + firstMismatches);
	}

	private static String hex(byte[] b) {
		StringBuilder s = new StringBuilder();
		for (byte x : b) s.append(String.format("%02x", x));
		return s.toString();
	}
}
