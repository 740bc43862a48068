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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.facemap.video.FfmpegVideoSource.Layout;

/** The FFmpeg reader against FFmpeg's own per-frame checksums (see src/test/resources/video/README.md). */
class FfmpegVideoSourceTest {

	@Test
	void demoVideoFacts() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			assertEquals(749, v.frameCount());
			assertEquals(800, v.width());
			assertEquals(480, v.height());
			assertEquals(25.0, v.fps(), 1e-9);
			assertEquals("h264", v.codec());
			assertEquals("yuv420p", v.pixelFormat());
			assertArrayEquals(new int[] { 0, 250, 500 }, v.keyFrames());
			VideoInfo info = v.info();
			assertEquals(29.96, info.duration(), 1e-9);
			assertTrue(info.toJson().contains("\"frames\": 749"), info.toJson());
		}
	}

	@Test
	void everyFrameSequentiallyMatchesFramemd5() {
		List<String> expected = Fixtures.framemd5(Fixtures.resource("sample_video.native.framemd5"));
		assertEquals(749, expected.size());
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			byte[] buf = new byte[v.frameBytes(Layout.NATIVE)];
			for (int i = 0; i < v.frameCount(); i++) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(expected.get(i), Fixtures.md5(buf, buf.length), "frame " + i);
			}
			assertEquals(1, v.seeks(), "sequential reading must not seek after the first frame");
			assertEquals(749, v.decodedFrames());
		}
	}

	@Test
	void framesReadInRandomOrderMatchFramemd5() {
		List<String> expected = Fixtures.framemd5(Fixtures.resource("sample_video.native.framemd5"));
		List<Integer> order = new ArrayList<>(List.of(0, 748, 249, 250, 251, 499, 500, 501, 1, 747));
		Random rnd = new Random(20260101L);
		for (int i = 0; i < 40; i++)
			order.add(rnd.nextInt(749));
		Collections.shuffle(order, rnd);
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			byte[] buf = new byte[v.frameBytes(Layout.NATIVE)];
			for (int i : order) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(expected.get(i), Fixtures.md5(buf, buf.length), "frame " + i + " read in order " + order);
			}
		}
	}

	@Test
	void bgrConversionMatchesFfmpegSwscaleBicubic() {
		List<String> expected = Fixtures.framemd5(Fixtures.resource("sample_video.bgr24.framemd5"));
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			byte[] buf = new byte[v.frameBytes(Layout.BGR24)];
			for (int i = 0; i < v.frameCount(); i += 7) {
				v.read(i, buf, Layout.BGR24);
				assertEquals(expected.get(i), Fixtures.md5(buf, buf.length), "frame " + i);
			}
		}
	}

	@Test
	void grayIsOpenCvFormulaOfBgr() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			byte[] bgr = new byte[v.frameBytes(Layout.BGR24)];
			for (int i : new int[] { 3, 400, 2 }) {
				v.read(i, bgr, Layout.BGR24);
				byte[] gray = v.read(i);
				for (int p = 0; p < gray.length; p++) {
					int b = bgr[3 * p] & 0xff, g = bgr[3 * p + 1] & 0xff, r = bgr[3 * p + 2] & 0xff;
					int y = (1868 * b + 9617 * g + 4899 * r + 8192) >> 14;
					if ((gray[p] & 0xff) != y) throw new AssertionError("frame " + i + " pixel " + p);
				}
				// The Y plane of limited-range video is not OpenCV's gray: make sure we did not take a shortcut.
				byte[] yuv = new byte[v.frameBytes(Layout.NATIVE)];
				v.read(i, yuv, Layout.NATIVE);
				int differ = 0;
				for (int p = 0; p < gray.length; p++)
					if (gray[p] != yuv[p]) differ++;
				assertTrue(differ > gray.length / 2, "gray equals the Y plane for " + (gray.length - differ) + " px");
			}
		}
	}

	@Test
	void seekDecodesAtMostOneGroupOfPictures() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			v.setSkipNonRef(false); // count every frame of the group
			v.read(740);
			assertEquals(241, v.decodedFrames(), "frames 500..740 from the key frame at 500");
			long before = v.decodedFrames();
			v.read(260);
			assertEquals(11, v.decodedFrames() - before, "frames 250..260");
			before = v.decodedFrames();
			int seeks = v.seeks();
			v.read(261);
			v.read(270);
			assertEquals(10, v.decodedFrames() - before, "forward in the same group: no seek, no extra frames");
			assertEquals(seeks, v.seeks());
			before = v.decodedFrames();
			v.read(249);
			assertEquals(250, v.decodedFrames() - before, "frames 0..249, the first group");
			before = v.decodedFrames();
			v.read(251); // crosses the key frame at 250 by decoding forward
			assertEquals(2, v.decodedFrames() - before);
			assertEquals(seeks + 1, v.seeks());
		}
	}

	@Test
	void seekSkipsNonReferenceFramesBeforeTheTarget() {
		List<String> expected = Fixtures.framemd5(Fixtures.resource("sample_video.native.framemd5"));
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.demoVideo())) {
			byte[] buf = new byte[v.frameBytes(Layout.NATIVE)];
			v.read(740, buf, Layout.NATIVE);
			assertEquals(expected.get(740), Fixtures.md5(buf, buf.length));
			long n = v.decodedFrames();
			assertTrue(n >= 1 && n < 241, "B-frames before 740 skipped, got " + n + " frames");
			// Frames right after the target were not skipped: sequential reading goes on correctly.
			for (int i = 741; i < 749; i++) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(expected.get(i), Fixtures.md5(buf, buf.length), "frame " + i);
			}
		}
	}

	@Test
	void closedSourceRefusesReadsAndClosesOnce() {
		FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.resource("formats/clip_mjpeg.avi"));
		v.read(3);
		v.close();
		v.close();
		org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> v.read(3));
	}

	@Test
	void indexOutOfRange() {
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.resource("formats/clip_mjpeg.avi"))) {
			org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> v.read(16));
			org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> v.read(-1));
		}
	}

	@Test
	void infoJson() {
		VideoInfo i = new VideoInfo(java.nio.file.Path.of("a \"b\".mp4"), 749, 25, 800, 480, "h264", 29.96);
		assertEquals("{\"path\": \"a \\\"b\\\".mp4\", \"frames\": 749, \"fps\": 25, \"width\": 800, "
			+ "\"height\": 480, \"codec\": \"h264\", \"duration\": 29.96}", i.toJson());
	}

	@ParameterizedTest
	@ValueSource(strings = { "clip_mjpeg.avi", "clip_mpeg4_bframes.mp4", "clip_ffv1_gray.mkv", "clip_png_rgb.mov",
		"clip_jpeg2000.mj2", "clip_mpeg2_opengop.mkv" })
	void otherContainersAndCodecs(String name) {
		List<String> nat = Fixtures.framemd5(Fixtures.resource("formats/" + name + ".framemd5"));
		List<String> bgr = Fixtures.framemd5(Fixtures.resource("formats/" + name + ".bgr24.framemd5"));
		try (FfmpegVideoSource v = new FfmpegVideoSource(Fixtures.resource("formats/" + name))) {
			assertEquals(16, v.frameCount());
			assertEquals(128, v.width());
			assertEquals(80, v.height());
			byte[] buf = new byte[v.frameBytes(Layout.NATIVE)];
			byte[] b3 = new byte[v.frameBytes(Layout.BGR24)];
			for (int i = 0; i < 16; i++) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(nat.get(i), Fixtures.md5(buf, buf.length), name + " frame " + i);
				v.read(i, b3, Layout.BGR24);
				assertEquals(bgr.get(i), Fixtures.md5(b3, b3.length), name + " bgr frame " + i);
			}
			for (int i : new int[] { 15, 3, 9, 0, 14, 7, 6, 12, 5, 4, 11, 13, 10 }) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(nat.get(i), Fixtures.md5(buf, buf.length), name + " frame " + i + " by seeking");
			}
		}
	}
}
