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

import sc.fiji.facemap.testutil.SyntheticVideo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

/** The bounded LRU frame cache, on a small synthetic source that counts its reads. */
class FrameCacheTest {

	/** 100 frames of 4x3 whose pixels all equal the frame index; counts reads. */
	static SyntheticVideo countingSource() {
		byte[][] frames = new byte[100][12];
		for (int f = 0; f < 100; f++) java.util.Arrays.fill(frames[f], (byte) f);
		return new SyntheticVideo(4, 3, frames);
	}

	@Test
	void keepsTheMostRecentlyUsedFramesWithinItsBudget() {
		SyntheticVideo src = countingSource();
		FrameCache c = new FrameCache(src, 3 * 12 + 5); // room for 3 frames
		assertEquals(3, c.capacity());
		byte[] f1 = c.get(1);
		assertEquals(1, f1[0]);
		c.get(2);
		c.get(3);
		assertSame(f1, c.get(1)); // hit; 1 becomes most recent
		assertEquals(3, src.reads.get());
		c.get(4); // evicts 2, the least recently used
		assertFalse(c.contains(2));
		assertTrue(c.contains(1) && c.contains(3) && c.contains(4));
		assertEquals(3, c.size());
		c.get(2);
		assertEquals(5, src.reads.get());
		assertEquals(1, c.hits());
		assertEquals(5, c.misses());
		byte[] dst = new byte[12];
		c.read(4, dst);
		assertArrayEquals(new byte[] { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 }, dst);
	}

	@Test
	void ofFramesAndTinyBudgets() {
		SyntheticVideo src = countingSource();
		assertEquals(7, FrameCache.ofFrames(src, 7).capacity());
		assertEquals(1, new FrameCache(src, 0).capacity());
	}
}
