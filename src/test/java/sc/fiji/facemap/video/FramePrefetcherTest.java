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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;

/** Background read-ahead gives the same frames, in order, and passes errors on at the right frame. */
class FramePrefetcherTest {

	@Test
	void sameFramesAsDirectReads() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.resource("formats/clip_mpeg4_bframes.mp4"))) {
			byte[][] direct = new byte[16][];
			for (int i = 0; i < 16; i++)
				direct[i] = v.read(i);
			try (FramePrefetcher p = new FramePrefetcher(v, 2, 16, 3, 2)) {
				for (int i = 2; i < 16; i += 3) {
					assertTrue(p.hasNext());
					assertEquals(i, p.nextIndex());
					assertArrayEquals(direct[i], p.next(), "frame " + i);
				}
				assertFalse(p.hasNext());
				assertThrows(NoSuchElementException.class, p::next);
			}
			// Closing early hands the source back.
			try (FramePrefetcher p = new FramePrefetcher(v)) {
				assertArrayEquals(direct[0], p.next());
			}
			assertArrayEquals(direct[9], v.read(9));
		}
	}

	@Test
	void errorsArriveAtTheirFrame() {
		SyntheticVideo src = FrameCacheTest.countingSource();
		src.failAt = 5;
		try (FramePrefetcher p = new FramePrefetcher(src, 0, 10, 1, 4)) {
			for (int i = 0; i < 5; i++)
				assertEquals(i, p.next()[0]);
			FacemapException e = assertThrows(FacemapException.class, p::next);
			assertTrue(e.getMessage().contains("frame 5"));
			assertFalse(p.hasNext());
		}
	}
}
