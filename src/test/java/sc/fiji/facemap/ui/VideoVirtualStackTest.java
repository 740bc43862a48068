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

import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.ImageProcessor;

class VideoVirtualStackTest {

	@Test
	void slicesAreFramesDecodedOnDemand() {
		SyntheticVideo v = SyntheticVideo.gradient(1000, 64, 48);
		VideoVirtualStack stack = new VideoVirtualStack(v);
		assertEquals(1000, stack.getSize());
		assertEquals(64, stack.getWidth());
		assertEquals(48, stack.getHeight());
		assertEquals(0, v.reads.get(), "opening decodes nothing");
		ImageProcessor ip = stack.getProcessor(501); // slice 501 = frame 500
		assertEquals(SyntheticVideo.pixel(500, 10, 20), ip.get(10, 20));
		assertEquals(SyntheticVideo.pixel(500, 63, 47), ip.get(63, 47));
		assertEquals(1, v.reads.get());
		assertTrue(stack.getSliceLabel(501).startsWith("frame 500"));
	}

	@Test
	void cacheIsBoundedAndLeastRecentlyUsed() {
		SyntheticVideo v = SyntheticVideo.gradient(100, 10, 10);
		VideoVirtualStack stack = new VideoVirtualStack(v, 3 * 100); // room for 3 frames
		assertEquals(3, stack.cacheCapacity());
		stack.getProcessor(1);
		stack.getProcessor(2);
		stack.getProcessor(3);
		assertEquals(3, v.reads.get());
		stack.getProcessor(1); // hit; 1 becomes most recent
		assertEquals(3, v.reads.get());
		stack.getProcessor(4); // evicts 2, the least recently used
		assertEquals(4, v.reads.get());
		stack.getProcessor(1);
		stack.getProcessor(3);
		assertEquals(4, v.reads.get());
		stack.getProcessor(2); // was evicted
		assertEquals(5, v.reads.get());
	}

	@Test
	void returnedPixelsAreCopies() {
		SyntheticVideo v = SyntheticVideo.gradient(5, 8, 8);
		VideoVirtualStack stack = new VideoVirtualStack(v);
		byte[] a = (byte[]) stack.getPixels(2);
		byte[] expected = a.clone();
		a[0] = 99;
		assertArrayEquals(expected, (byte[]) stack.getPixels(2), "editing a returned frame must not change the cache");
	}

	@Test
	void outOfRangeAndClose() {
		SyntheticVideo v = SyntheticVideo.gradient(5, 8, 8);
		VideoVirtualStack stack = new VideoVirtualStack(v);
		assertThrows(IllegalArgumentException.class, () -> stack.getProcessor(0));
		assertThrows(IllegalArgumentException.class, () -> stack.getProcessor(6));
		stack.close();
		assertTrue(v.closed);
		assertThrows(IllegalStateException.class, () -> stack.getProcessor(1));
		stack.close(); // twice is fine
	}

	@Test
	void imagePlusHasFramesAndCalibration() {
		SyntheticVideo v = SyntheticVideo.gradient(30, 16, 12);
		ImagePlus imp = VideoImages.virtual(v, 1 << 20);
		assertEquals(30, imp.getNFrames());
		assertEquals(1, imp.getNSlices());
		assertEquals(0.02, imp.getCalibration().frameInterval, 1e-12);
		assertEquals("synthetic.avi", imp.getTitle());
		imp.setT(11);
		assertEquals(SyntheticVideo.pixel(10, 3, 4), imp.getProcessor().get(3, 4));
		ImagePlus mem = VideoImages.load(SyntheticVideo.gradient(30, 16, 12), sc.fiji.facemap.task.Progress.NONE);
		assertEquals(30, mem.getStackSize());
		assertEquals(SyntheticVideo.pixel(29, 15, 11), mem.getStack().getProcessor(30).get(15, 11));
	}

	@Test
	void readAheadFeedsTheCacheDuringSequentialAccessAndStopsOnAJump() {
		SyntheticVideo v = SyntheticVideo.gradient(100, 10, 10);
		VideoVirtualStack stack = new VideoVirtualStack(v, 1 << 20);
		stack.setReadAhead(4);
		assertEquals(SyntheticVideo.pixel(0, 3, 4), stack.getProcessor(1).get(3, 4));
		assertTrue(!stack.isReadingAhead(), "one slice is not a run");
		for (int n = 2; n <= 20; n++) assertEquals(SyntheticVideo.pixel(n - 1, 3, 4), stack.getProcessor(n).get(3,
			4), "slice " + n);
		assertTrue(stack.isReadingAhead());
		assertEquals(20, stack.decodedFrames(), "each frame decoded once, most of them ahead");
		assertTrue(v.reads.get() >= 20 && v.reads.get() <= 20 + 4 + 1, "at most 4 (+1 in hand) ahead: " + v.reads
			.get());
		// a jump stops the read-ahead (the source is read directly again)
		assertEquals(SyntheticVideo.pixel(59, 9, 9), stack.getProcessor(60).get(9, 9));
		assertTrue(!stack.isReadingAhead());
		int reads = v.reads.get();
		stack.getProcessor(60);
		assertEquals(reads, v.reads.get(), "a cached frame is not decoded again");
		stack.getProcessor(61);
		assertTrue(stack.isReadingAhead());
		stack.close();
		assertTrue(!stack.isReadingAhead() && v.closed, "closing stops the read-ahead before closing the source");
	}

	@Test
	void aReadErrorAheadSurfacesAtItsFrame() {
		SyntheticVideo v = SyntheticVideo.gradient(30, 8, 8);
		v.failAt = 12;
		VideoVirtualStack stack = new VideoVirtualStack(v, 1 << 20);
		stack.setReadAhead(3);
		for (int n = 1; n <= 12; n++) stack.getProcessor(n); // frames 0-11
		assertThrows(RuntimeException.class, () -> stack.getProcessor(13)); // frame 12
		assertTrue(!stack.isReadingAhead());
		v.failAt = -1;
		assertEquals(SyntheticVideo.pixel(12, 1, 1), stack.getProcessor(13).get(1, 1), "read again directly");
	}
}
