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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;

/** Sequential parts, simultaneous views, Facemap's tiling and the 2-D file list. */
class CompositionTest {

	private static final Path MJPEG = Fixtures.resource("formats/clip_mjpeg.avi");
	private static final Path MPEG4 = Fixtures.resource("formats/clip_mpeg4_bframes.mp4");
	private static final Path FFV1 = Fixtures.resource("formats/clip_ffv1_gray.mkv");

	private static byte[] frame(Path p, int i) {
		try (VideoSource s = new FfmpegVideoSource(p)) {
			return s.read(i);
		}
	}

	@Test
	void sequentialPartsConcatenateInTime() {
		try (VideoSource s = VideoSources.open(MJPEG, MPEG4, MJPEG)) {
			ConcatenatedSource c = (ConcatenatedSource) s;
			assertEquals(48, s.frameCount());
			assertArrayEquals(new int[] { 0, 16, 32, 48 }, c.cumFrames());
			assertEquals(1, c.partOf(20));
			assertArrayEquals(frame(MPEG4, 4), s.read(20));
			assertArrayEquals(frame(MJPEG, 15), s.read(15));
			assertArrayEquals(frame(MJPEG, 0), s.read(32));
			assertArrayEquals(frame(MPEG4, 0), s.read(16));
			assertEquals("mjpeg+mpeg4", s.codec());
		}
	}

	@Test
	void sequentialPartsMustHaveEqualFrameSizes() {
		FacemapException e = assertThrows(FacemapException.class, () -> VideoSources.open(MJPEG, Fixtures
			.demoVideo()));
		assertTrue(e.getMessage().contains("sample_video.mp4") && e.getMessage().contains("frame size"), e
			.getMessage());
	}

	@Test
	void simultaneousViewsAreTiledLikeFacemap() {
		try (VideoSource s = VideoSources.open(List.of(List.of(MJPEG, FFV1)))) {
			MultiViewSource m = (MultiViewSource) s;
			assertEquals(2, m.views().size());
			assertEquals(16, s.frameCount());
			assertEquals(80, s.height());
			assertEquals(256, s.width());
			byte[] canvas = s.read(5);
			byte[] a = frame(MJPEG, 5), b = frame(FFV1, 5);
			for (int y = 0; y < 80; y++)
				for (int x = 0; x < 128; x++) {
					assertEquals(a[y * 128 + x], canvas[y * 256 + x]);
					assertEquals(b[y * 128 + x], canvas[y * 256 + 128 + x]);
				}
		}
	}

	@Test
	void twoDimensionalListConcatenatesEachView() {
		try (VideoSource s = VideoSources.open(List.of(List.of(MJPEG, FFV1), List.of(MPEG4, MJPEG)))) {
			MultiViewSource m = (MultiViewSource) s;
			assertEquals(32, s.frameCount());
			assertArrayEquals(frame(MPEG4, 3), m.views().get(0).read(19));
			assertArrayEquals(frame(MJPEG, 3), m.views().get(1).read(19));
		}
	}

	@Test
	void simultaneousViewsMustHaveEqualFrameCounts() {
		FacemapException e = assertThrows(FacemapException.class, () -> VideoSources.open(List.of(List.of(MJPEG,
			Fixtures.demoVideo()))));
		assertTrue(e.getMessage().contains("sample_video.mp4") && e.getMessage().contains("749 frames"), e
			.getMessage());
		assertThrows(FacemapException.class, () -> VideoSources.open(List.of(List.of(MJPEG, FFV1), List.of(MPEG4))));
	}

	@Test
	void placementFollowsFacemapVideoPlacement() {
		// Two views: the larger first, side by side.
		MultiViewSource.Placement p = MultiViewSource.placement(new int[] { 80, 480 }, new int[] { 128, 800 });
		assertEquals(480, p.height());
		assertEquals(928, p.width());
		assertArrayEquals(new int[] { 0, 0 }, p.sy());
		assertArrayEquals(new int[] { 800, 0 }, p.sx());
		// Four equal views: gridy = round(0.75 * 2) = 2 rows, filled column by column.
		p = MultiViewSource.placement(new int[] { 10, 10, 10, 10 }, new int[] { 20, 20, 20, 20 });
		assertEquals(20, p.height());
		assertEquals(40, p.width());
		assertArrayEquals(new int[] { 0, 10, 0, 10 }, p.sy());
		assertArrayEquals(new int[] { 0, 0, 20, 20 }, p.sx());
		// Three views: one row (gridy = 1).
		p = MultiViewSource.placement(new int[] { 5, 6, 7 }, new int[] { 5, 6, 7 });
		assertEquals(7, p.height());
		assertEquals(18, p.width());
		assertArrayEquals(new int[] { 13, 7, 0 }, p.sx());
	}
}
