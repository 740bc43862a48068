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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.video.FfmpegVideoSource.Layout;

/** Missing, truncated, non-video and damaged files give one FacemapException naming the file (and frame). */
class BadVideoInputTest {

	@TempDir
	Path tmp;

	private static void assertNames(FacemapException e, Path file, String... words) {
		String m = e.getMessage();
		assertTrue(m.contains(file.toString()), "message must name the file: " + m);
		for (String w : words)
			assertTrue(m.contains(w), "message must say '" + w + "': " + m);
	}

	@Test
	void missingFile() {
		Path f = tmp.resolve("no_such_video.mp4");
		FacemapException e = assertThrows(FacemapException.class, () -> new FfmpegVideoSource(f));
		assertNames(e, f, "not found");
	}

	@Test
	void textFileNamedMp4() throws IOException {
		Path f = tmp.resolve("notes.mp4");
		Files.writeString(f, "This is not a video, just some notes about a mouse.\n".repeat(50));
		FacemapException e = assertThrows(FacemapException.class, () -> new FfmpegVideoSource(f));
		assertNames(e, f);
	}

	@Test
	void emptyFile() throws IOException {
		Path f = tmp.resolve("empty.avi");
		Files.createFile(f);
		FacemapException e = assertThrows(FacemapException.class, () -> new FfmpegVideoSource(f));
		assertNames(e, f);
	}

	@Test
	void truncatedDemoVideo() throws IOException {
		// The demo video keeps its index (moov) at the end: cutting it loses the index.
		byte[] all = Files.readAllBytes(Fixtures.demoVideo());
		Path f = tmp.resolve("cut.mp4");
		Files.write(f, Arrays.copyOf(all, all.length / 2));
		FacemapException e = assertThrows(FacemapException.class, () -> new FfmpegVideoSource(f));
		assertNames(e, f);
	}

	@Test
	void truncatedFastStartVideo() throws IOException {
		// Index at the start: the container still lists every frame, the data of the last ones is gone.
		byte[] all = Files.readAllBytes(Fixtures.resource("formats/clip_mpeg4_bframes.mp4"));
		Path f = tmp.resolve("cut_faststart.mp4");
		Files.write(f, Arrays.copyOf(all, all.length * 2 / 3));
		FacemapException e = assertThrows(FacemapException.class, () -> new FfmpegVideoSource(f));
		assertNames(e, f, "truncated");
	}

	@Test
	void damagedFrameIsReportedWithItsIndexNeverReplaced() throws IOException {
		Path f = tmp.resolve("damaged.avi");
		Files.copy(Fixtures.resource("formats/clip_mjpeg.avi"), f);
		long pos;
		try (FfmpegVideoSource v = new FfmpegVideoSource(f)) {
			pos = v.packetPosition(7);
		}
		// Wipe the JPEG headers of frame 7 (AVI chunk header is 8 bytes).
		try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
			raf.seek(pos + 8);
			raf.write(new byte[600]);
		}
		List<String> md5 = Fixtures.framemd5(Fixtures.resource("formats/clip_mjpeg.avi.framemd5"));
		try (FfmpegVideoSource v = new FfmpegVideoSource(f)) {
			assertEquals(16, v.frameCount());
			byte[] buf = new byte[v.frameBytes(Layout.NATIVE)];
			// Sequentially: frames before it are fine, frame 7 fails with its index.
			for (int i = 0; i < 7; i++) {
				v.read(i, buf, Layout.NATIVE);
				assertEquals(md5.get(i), Fixtures.md5(buf, buf.length));
			}
			FacemapException e = assertThrows(FacemapException.class, () -> v.read(7, buf, Layout.NATIVE));
			assertNames(e, f, "frame 7");
			// The reader recovers: the next frames are the right ones, and a seek to 7 fails again.
			v.read(8, buf, Layout.NATIVE);
			assertEquals(md5.get(8), Fixtures.md5(buf, buf.length));
			assertThrows(FacemapException.class, () -> v.read(7));
			v.read(12, buf, Layout.NATIVE);
			assertEquals(md5.get(12), Fixtures.md5(buf, buf.length));
			v.read(6, buf, Layout.NATIVE);
			assertEquals(md5.get(6), Fixtures.md5(buf, buf.length));
		}
	}
}
