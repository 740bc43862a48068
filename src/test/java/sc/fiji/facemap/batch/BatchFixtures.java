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
package sc.fiji.facemap.batch;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs of the batch tests: short TIFF stacks cut from the demo video, a corrupt video, and an exact h5 comparison. */
final class BatchFixtures {

	private BatchFixtures() {}

	/** The first {@code n} frames of the demo video (from {@code offset}) as an 8-bit TIFF stack. */
	static Path shortTiff(Path file, int offset, int n) throws IOException {
		try (VideoSource v = VideoSources.openOne(TestData.demoVideo())) {
			int w = v.width(), h = v.height();
			Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
			ImageWriter writer = it.next();
			try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
				writer.setOutput(out);
				writer.prepareWriteSequence(null);
				for (int i = 0; i < n; i++) {
					BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
					v.read(offset + i, ((DataBufferByte) img.getRaster().getDataBuffer()).getData());
					writer.writeToSequence(new IIOImage(img, null, null), null);
				}
				writer.endWriteSequence();
			} finally {
				writer.dispose();
			}
		}
		return file;
	}

	/** A file named like a video whose content is noise (fixed seed). */
	static Path corruptVideo(Path file) throws IOException {
		byte[] b = new byte[64 * 1024];
		new Random(14).nextBytes(b);
		Files.write(file, b);
		return file;
	}

	/** Both files hold exactly the same keypoints (every float bit for bit, NaN where NaN). */
	static void assertSameKeypoints(Path expected, Path actual) {
		Keypoints a = PoseH5.read(expected), b = PoseH5.read(actual);
		assertEquals(a.keypointSet().names(), b.keypointSet().names());
		assertEquals(a.frames(), b.frames(), "frames");
		assertArrayEquals(a.xArray(), b.xArray(), 0f, "x differs");
		assertArrayEquals(a.yArray(), b.yArray(), 0f, "y differs");
		assertArrayEquals(a.likelihoodArray(), b.likelihoodArray(), 0f, "likelihood differs");
		assertEquals(true, Arrays.equals(a.xArray(), b.xArray()) && Arrays.equals(a.yArray(), b.yArray()), "bitwise");
	}
}
