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

import java.nio.file.Path;

/**
 * A source of 8-bit grayscale frames with exact random access by frame index: a video file (FFmpeg), a TIFF stack,
 * a folder of images, or a composition of several of them (sequential parts, simultaneous views).
 * <p>
 * Frame {@code i} is the i-th decoded frame in presentation order, whatever the container's timestamps say. Frames
 * are row-major, {@code width() * height()} bytes, unsigned. Colour is converted with OpenCV's integer BGR to gray
 * formula Y = (1868 B + 9617 G + 4899 R + 8192) &gt;&gt; 14, as Facemap does.
 * <p>
 * A source is not thread-safe; open one per thread. Close it to free native decoder memory.
 */
public interface VideoSource extends AutoCloseable {

	/** The file (or first file) this source reads, for messages. */
	Path path();

	int frameCount();

	int width();

	int height();

	/** Frames per second (the container's average rate; 0 when unknown, e.g. an image folder). */
	double fps();

	/** Codec or format name, e.g. "h264", "tiff", "png". */
	String codec();

	/**
	 * Reads frame {@code index} into {@code dst} (length at least width*height). Sequential reads (index = previous
	 * + 1) are fast; a random index seeks to the nearest key frame before it and decodes forward.
	 *
	 * @throws sc.fiji.facemap.FacemapException naming the file and the frame index if it cannot be decoded
	 */
	void read(int index, byte[] dst);

	/** Reads frame {@code index} into a new array. */
	default byte[] read(int index) {
		byte[] b = new byte[width() * height()];
		read(index, b);
		return b;
	}

	@Override
	void close();
}
