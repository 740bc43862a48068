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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The bounded LRU frame cache, on a small synthetic source that counts its reads. */
class FrameCacheTest {

	/** 4x3 frames whose pixels all equal the frame index; counts reads. */
	static class CountingSource implements VideoSource {

		int reads;

		@Override
		public Path path() {
			return Path.of("synthetic");
		}

		@Override
		public int frameCount() {
			return 100;
		}

		@Override
		public int width() {
			return 4;
		}

		@Override
		public int height() {
			return 3;
		}

		@Override
		public double fps() {
			return 30;
		}

		@Override
		public String codec() {
			return "synthetic";
		}

		@Override
		public void read(int index, byte[] dst) {
			reads++;
			java.util.Arrays.fill(dst, 0, 12, (byte) index);
		}

		@Override
		public void close() {}
	}

	@Test
	void keepsTheMostRecentlyUsedFramesWithinItsBudget() {
		CountingSource src = new CountingSource();
		FrameCache c = new FrameCache(src, 3 * 12 + 5); // room for 3 frames
		assertEquals(3, c.capacity());
		byte[] f1 = c.get(1);
		assertEquals(1, f1[0]);
		c.get(2);
		c.get(3);
		assertSame(f1, c.get(1)); // hit; 1 becomes most recent
		assertEquals(3, src.reads);
		c.get(4); // evicts 2, the least recently used
		assertFalse(c.contains(2));
		assertTrue(c.contains(1) && c.contains(3) && c.contains(4));
		assertEquals(3, c.size());
		c.get(2);
		assertEquals(5, src.reads);
		assertEquals(1, c.hits());
		assertEquals(5, c.misses());
		byte[] dst = new byte[12];
		c.read(4, dst);
		assertArrayEquals(new byte[] { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 }, dst);
	}

	@Test
	void ofFramesAndTinyBudgets() {
		CountingSource src = new CountingSource();
		assertEquals(7, FrameCache.ofFrames(src, 7).capacity());
		assertEquals(1, new FrameCache(src, 0).capacity());
	}
}
