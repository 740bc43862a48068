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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import sc.fiji.facemap.video.FfmpegVideoSource;
import sc.fiji.facemap.video.FrameCache;
import sc.fiji.facemap.video.VideoSource;

/** The ImageJ virtual stack over the demo video (headless). */
class VideoVirtualStackTest {

	@Test
	void demoVideoAsVirtualStack() {
		try (VideoSource v = new FfmpegVideoSource(Path.of("test-images", "sample_video.mp4"))) {
			VideoVirtualStack stack = new VideoVirtualStack(v, FrameCache.ofFrames(v, 4));
			ImagePlus imp = new ImagePlus("demo", stack);
			assertEquals(749, imp.getStackSize());
			assertEquals(800, imp.getWidth());
			assertEquals(480, imp.getHeight());
			assertEquals(8, imp.getBitDepth());
			assertTrue(stack.isVirtual());
			ImageProcessor ip = stack.getProcessor(251);
			assertArrayEquals(v.read(250), (byte[]) ip.getPixels());
			assertEquals("frame 250", stack.getSliceLabel(251));
			// Editing the processor must not change what the stack returns next time.
			ip.setColor(0);
			ip.fill();
			assertArrayEquals(v.read(250), (byte[]) stack.getPixels(251));
			assertThrows(IllegalArgumentException.class, () -> stack.getProcessor(0));
			assertThrows(UnsupportedOperationException.class, () -> stack.deleteSlice(1));
			ImagePlus opened = VideoVirtualStack.open(v);
			assertEquals(0.04, opened.getCalibration().frameInterval, 1e-12);
			assertEquals("sample_video.mp4", opened.getTitle());
		}
	}
}
