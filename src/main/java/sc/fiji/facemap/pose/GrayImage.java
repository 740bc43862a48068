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
package sc.fiji.facemap.pose;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.FileBytes;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * A grayscale image as floats (row-major, 8-bit scale 0..255), with a small PNG reader and writer. Labelled frames are
 * PNG files; the core packages may not use java.awt (and so not ImageIO), hence this self-contained codec. Colour
 * PNGs are converted to gray with OpenCV's integer weights (what Facemap's {@code cv2.imread(..., GRAYSCALE)} does).
 */
public final class GrayImage {

	private final int width, height;
	private final float[] pixels;

	public GrayImage(int width, int height, float[] pixels) {
		if (pixels.length != width * height) throw new IllegalArgumentException("expected " + width * height + " pixels");
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	public static GrayImage ofBytes(int width, int height, byte[] gray) {
		float[] p = new float[gray.length];
		for (int i = 0; i < p.length; i++) p[i] = gray[i] & 0xff;
		return new GrayImage(width, height, p);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The pixels (not a copy), row-major. */
	public float[] pixels() {
		return pixels;
	}

	public float get(int x, int y) {
		return pixels[y * width + x];
	}

	/** Pixels rounded and clipped to 0..255. */
	public byte[] toBytes() {
		byte[] b = new byte[pixels.length];
		for (int i = 0; i < b.length; i++) b[i] = (byte) Math.max(0, Math.min(255, Math.round(pixels[i])));
		return b;
	}

	// ------------------------------------------------------------------------------------------------ PNG reading

	private static final byte[] SIGNATURE = { (byte) 137, 80, 78, 71, 13, 10, 26, 10 };

	/** Reads an 8- or 16-bit PNG (gray, gray+alpha, RGB, RGBA or palette; not interlaced) as gray. */
	public static GrayImage readPng(Path file) {
		byte[] data = FileBytes.read(file);
		try {
			return decodePng(data);
		}
		catch (RuntimeException | DataFormatException e) {
			if (e instanceof FacemapException) throw new FacemapException(file, e.getMessage());
			throw new FacemapException(file, "not a readable PNG image (" + e.getMessage() + ")", e);
		}
	}

	static GrayImage decodePng(byte[] data) throws DataFormatException {
		ByteBuffer buf = ByteBuffer.wrap(data);
		for (byte s : SIGNATURE)
			if (buf.get() != s) throw new FacemapException("not a PNG file");
		int w = 0, h = 0, depth = 0, colorType = 0, interlace = 0;
		byte[] palette = null;
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		while (buf.remaining() >= 12) {
			int len = buf.getInt();
			byte[] type = new byte[4];
			buf.get(type);
			String t = new String(type, StandardCharsets.US_ASCII);
			byte[] chunk = new byte[len];
			buf.get(chunk);
			buf.getInt(); // CRC
			if (t.equals("IHDR")) {
				ByteBuffer c = ByteBuffer.wrap(chunk);
				w = c.getInt();
				h = c.getInt();
				depth = c.get() & 0xff;
				colorType = c.get() & 0xff;
				c.get();
				c.get();
				interlace = c.get() & 0xff;
			}
			else if (t.equals("PLTE")) palette = chunk;
			else if (t.equals("IDAT")) idat.write(chunk, 0, chunk.length);
			else if (t.equals("IEND")) break;
		}
		if (w <= 0 || h <= 0) throw new FacemapException("PNG without a valid header");
		if (interlace != 0) throw new FacemapException("interlaced PNG is not supported; save it without interlacing");
		int channels;
		switch (colorType) {
			case 0: channels = 1; break;
			case 2: channels = 3; break;
			case 3: channels = 1; break;
			case 4: channels = 2; break;
			case 6: channels = 4; break;
			default: throw new FacemapException("unknown PNG colour type " + colorType);
		}
		if (depth != 8 && depth != 16 && !(colorType == 3 || colorType == 0))
			throw new FacemapException("PNG bit depth " + depth + " is not supported");
		int bitsPerPixel = channels * depth;
		int stride = (w * bitsPerPixel + 7) / 8;
		int bpp = Math.max(1, bitsPerPixel / 8);
		Inflater inf = new Inflater();
		inf.setInput(idat.toByteArray());
		byte[] raw = new byte[(stride + 1) * h];
		int off = 0;
		while (off < raw.length) {
			int n = inf.inflate(raw, off, raw.length - off);
			if (n == 0) {
				if (inf.finished() || inf.needsInput()) break;
			}
			off += n;
		}
		inf.end();
		if (off < raw.length) throw new FacemapException("PNG image data is truncated");
		byte[] prev = new byte[stride];
		byte[] cur = new byte[stride];
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			int base = y * (stride + 1);
			int filter = raw[base] & 0xff;
			System.arraycopy(raw, base + 1, cur, 0, stride);
			unfilter(filter, cur, prev, bpp);
			for (int x = 0; x < w; x++)
				out[y * w + x] = pixel(cur, x, colorType, depth, channels, palette);
			byte[] tmp = prev;
			prev = cur;
			cur = tmp;
		}
		return new GrayImage(w, h, out);
	}

	private static void unfilter(int filter, byte[] cur, byte[] prev, int bpp) {
		int n = cur.length;
		switch (filter) {
			case 0: return;
			case 1:
				for (int i = bpp; i < n; i++) cur[i] += cur[i - bpp];
				return;
			case 2:
				for (int i = 0; i < n; i++) cur[i] += prev[i];
				return;
			case 3:
				for (int i = 0; i < n; i++) {
					int a = i >= bpp ? cur[i - bpp] & 0xff : 0;
					cur[i] += (byte) ((a + (prev[i] & 0xff)) >>> 1);
				}
				return;
			case 4:
				for (int i = 0; i < n; i++) {
					int a = i >= bpp ? cur[i - bpp] & 0xff : 0;
					int b = prev[i] & 0xff;
					int c = i >= bpp ? prev[i - bpp] & 0xff : 0;
					int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
					cur[i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
				}
				return;
			default: throw new FacemapException("corrupt PNG (filter type " + filter + ")");
		}
	}

	private static float pixel(byte[] row, int x, int colorType, int depth, int channels, byte[] palette) {
		if (depth < 8) {
			int perByte = 8 / depth;
			int v = (row[x / perByte] & 0xff) >> (8 - depth * (x % perByte + 1)) & ((1 << depth) - 1);
			if (colorType == 3) return paletteGray(palette, v);
			return v * 255f / ((1 << depth) - 1);
		}
		if (colorType == 3) return paletteGray(palette, row[x] & 0xff);
		float[] c = new float[Math.min(channels, 3)];
		for (int i = 0; i < c.length; i++) {
			if (depth == 8) c[i] = row[x * channels + i] & 0xff;
			else {
				int o = (x * channels + i) * 2;
				c[i] = ((row[o] & 0xff) << 8 | (row[o + 1] & 0xff)) / 257f;
			}
		}
		if (colorType == 0 || colorType == 4) return c[0];
		return gray(c[0], c[1], c[2], depth == 8);
	}

	private static float paletteGray(byte[] palette, int i) {
		if (palette == null || 3 * i + 2 >= palette.length) throw new FacemapException("corrupt PNG palette");
		return gray(palette[3 * i] & 0xff, palette[3 * i + 1] & 0xff, palette[3 * i + 2] & 0xff, true);
	}

	/** OpenCV's RGB to gray: (4899 R + 9617 G + 1868 B + 8192) >> 14 for 8-bit data. */
	private static float gray(float r, float g, float b, boolean integer) {
		if (integer) return ((int) r * 4899 + (int) g * 9617 + (int) b * 1868 + 8192) >> 14;
		return 0.299f * r + 0.587f * g + 0.114f * b;
	}

	// ------------------------------------------------------------------------------------------------ PNG writing

	/** Writes this image as an 8-bit gray PNG (atomically). */
	public void writePng(Path file) {
		AtomicFiles.writeBytes(file, encodePng(width, height, toBytes()));
	}

	static byte[] encodePng(int w, int h, byte[] gray) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(SIGNATURE);
			ByteBuffer ihdr = ByteBuffer.allocate(13);
			ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
			chunk(out, "IHDR", ihdr.array());
			byte[] raw = new byte[(w + 1) * h];
			for (int y = 0; y < h; y++) {
				int base = y * (w + 1);
				raw[base] = 1; // Sub filter: compresses natural images well and is trivial
				for (int x = 0; x < w; x++) {
					int v = gray[y * w + x];
					int left = x > 0 ? gray[y * w + x - 1] : 0;
					raw[base + 1 + x] = (byte) (v - left);
				}
			}
			Deflater def = new Deflater(6);
			def.setInput(raw);
			def.finish();
			ByteArrayOutputStream z = new ByteArrayOutputStream();
			byte[] tmp = new byte[65536];
			while (!def.finished()) z.write(tmp, 0, def.deflate(tmp));
			def.end();
			chunk(out, "IDAT", z.toByteArray());
			chunk(out, "IEND", new byte[0]);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
		DataOutputStream d = new DataOutputStream(out);
		d.writeInt(data.length);
		byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		d.write(t);
		d.write(data);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		d.writeInt((int) crc.getValue());
	}
}
