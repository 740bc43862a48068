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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

/** TIFF stacks and image folders, on small generated images (fixed seed). */
class StillImageSourcesTest {

	@TempDir
	Path tmp;

	private static final int W = 13, H = 7;

	private static BufferedImage gray8(Random r) {
		BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				img.getRaster().setSample(x, y, 0, r.nextInt(256));
		return img;
	}

	private static void writeTiff(Path file, List<BufferedImage> pages) throws IOException {
		ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			w.setOutput(out);
			w.prepareWriteSequence(null);
			for (BufferedImage p : pages)
				w.writeToSequence(new IIOImage(p, null, null), null);
			w.endWriteSequence();
		}
		finally {
			w.dispose();
		}
	}

	private static byte[] samples(BufferedImage img) {
		byte[] b = new byte[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				b[y * W + x] = (byte) img.getRaster().getSample(x, y, 0);
		return b;
	}

	@Test
	void gray8TiffStack() throws IOException {
		Random r = new Random(7);
		List<BufferedImage> pages = List.of(gray8(r), gray8(r), gray8(r), gray8(r));
		Path f = tmp.resolve("stack.tif");
		writeTiff(f, pages);
		try (VideoSource s = VideoSources.open(f)) {
			assertTrue(s instanceof TiffStackSource);
			assertEquals(4, s.frameCount());
			assertEquals(W, s.width());
			assertEquals(H, s.height());
			assertEquals("tiff", s.codec());
			for (int i : new int[] { 2, 0, 3, 1 })
				assertArrayEquals(samples(pages.get(i)), s.read(i), "page " + i);
		}
	}

	@Test
	void tiffDetectedByContentUnderAnotherName() throws IOException {
		Path f = tmp.resolve("stack.dat");
		writeTiff(f, List.of(gray8(new Random(1))));
		try (VideoSource s = VideoSources.open(f)) {
			assertTrue(s instanceof TiffStackSource);
		}
	}

	@Test
	void sixteenBitTiffIsScaledFromTheStackRange() throws IOException {
		List<BufferedImage> pages = new java.util.ArrayList<>();
		for (int k = 0; k < 3; k++) {
			BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					img.getRaster().setSample(x, y, 0, 1000 + 100 * k + x * 10 + y); // 1000 .. 1326
			pages.add(img);
		}
		Path f = tmp.resolve("deep.tiff");
		writeTiff(f, pages);
		try (TiffStackSource s = new TiffStackSource(f)) {
			assertArrayEquals(new double[] { 1000, 1326 }, s.range());
			byte[] g = s.read(1);
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					int v = 1100 + x * 10 + y;
					int expected = (int) Math.round((v - 1000) * 255.0 / 326);
					assertEquals(expected, g[y * W + x] & 0xff);
				}
			assertEquals(0, s.read(0)[0] & 0xff);
			assertEquals(255, s.read(2)[W * H - 1] & 0xff);
		}
	}

	@Test
	void rgbTiffUsesOpenCvFormula() throws IOException {
		BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
		Random r = new Random(3);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				img.setRGB(x, y, r.nextInt(1 << 24));
		Path f = tmp.resolve("rgb.tif");
		writeTiff(f, List.of(img, img));
		try (VideoSource s = VideoSources.open(f)) {
			byte[] g = s.read(1);
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					int c = img.getRGB(x, y);
					int expected = (1868 * (c & 0xff) + 9617 * ((c >> 8) & 0xff) + 4899 * ((c >> 16) & 0xff) + 8192) >> 14;
					assertEquals(expected, g[y * W + x] & 0xff);
				}
		}
	}

	@Test
	void imageFolderInNaturalOrder() throws IOException {
		Random r = new Random(11);
		Path dir = Files.createDirectory(tmp.resolve("frames"));
		BufferedImage[] imgs = new BufferedImage[12];
		for (int i = 0; i < 12; i++) {
			imgs[i] = gray8(r);
			ImageIO.write(imgs[i], "png", dir.resolve("frame" + i + ".png").toFile());
		}
		Files.writeString(dir.resolve("notes.txt"), "ignored");
		try (VideoSource s = VideoSources.open(dir)) {
			assertTrue(s instanceof ImageFolderSource);
			assertEquals(12, s.frameCount());
			assertEquals("png", s.codec());
			assertEquals("frame2.png", ((ImageFolderSource) s).files().get(2).getFileName().toString());
			assertEquals("frame10.png", ((ImageFolderSource) s).files().get(10).getFileName().toString());
			for (int i : new int[] { 10, 2, 11, 0 })
				assertArrayEquals(samples(imgs[i]), s.read(i), "frame " + i);
		}
	}

	@Test
	void imageFolderNeedsEqualSizes() throws IOException {
		Path dir = Files.createDirectory(tmp.resolve("mixed"));
		ImageIO.write(gray8(new Random(1)), "png", dir.resolve("a1.png").toFile());
		ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("a2.png").toFile());
		FacemapException e = assertThrows(FacemapException.class, () -> VideoSources.open(dir));
		assertTrue(e.getMessage().contains("a2.png"), e.getMessage());
	}

	@Test
	void emptyFolderAndBadTiff() throws IOException {
		Path dir = Files.createDirectory(tmp.resolve("empty"));
		assertThrows(FacemapException.class, () -> VideoSources.open(dir));
		Path bad = tmp.resolve("bad.tif");
		Files.writeString(bad, "not a tiff");
		FacemapException e = assertThrows(FacemapException.class, () -> VideoSources.open(bad));
		assertTrue(e.getMessage().contains("bad.tif"), e.getMessage());
	}

	@Test
	void naturalOrder() {
		List<String> names = new java.util.ArrayList<>(List.of("f10.png", "f2.png", "F1.png", "f02b.png", "f2a.png"));
		names.sort(NaturalOrder.INSTANCE);
		assertEquals(List.of("F1.png", "f2.png", "f2a.png", "f02b.png", "f10.png"), names);
	}
}
