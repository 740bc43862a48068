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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import sc.fiji.facemap.FacemapException;

/**
 * Sequential parts of one recording (e.g. a camera that splits every hour) read as one source: frame {@code i} of
 * the whole is frame {@code i - cumFrames[k]} of part {@code k}. All parts must have the same frame size.
 */
public final class ConcatenatedSource implements VideoSource {

	private final List<VideoSource> parts;
	/** cumFrames[k] = frames in parts 0..k-1; cumFrames[parts] = total (Facemap's {@code cumframes}). */
	private final int[] cumFrames;

	/**
	 * @param parts the parts in time order (at least one); this source takes ownership and closes them
	 * @throws FacemapException naming the first part whose frame size differs from the first part's
	 */
	public ConcatenatedSource(List<? extends VideoSource> parts) {
		if (parts.isEmpty()) throw new IllegalArgumentException("no parts");
		this.parts = List.copyOf(parts);
		VideoSource first = parts.get(0);
		for (VideoSource p : parts) {
			if (p.width() != first.width() || p.height() != first.height()) {
				throw new FacemapException(p.path(), "frame size " + p.width() + "x" + p.height() + " differs from "
					+ first.width() + "x" + first.height() + " of " + first.path() + "; sequential parts of one "
					+ "recording must have equal frame sizes");
			}
		}
		cumFrames = new int[parts.size() + 1];
		for (int k = 0; k < parts.size(); k++) {
			long sum = (long) cumFrames[k] + parts.get(k).frameCount();
			if (sum > Integer.MAX_VALUE) throw new FacemapException(parts.get(k).path(), "too many frames in total");
			cumFrames[k + 1] = (int) sum;
		}
	}

	/** The parts, in time order. */
	public List<VideoSource> parts() {
		return parts;
	}

	/** Frame offsets of the parts: element k is the index of part k's first frame; the last element is the total. */
	public int[] cumFrames() {
		return cumFrames.clone();
	}

	/** Index of the part holding frame {@code index}. */
	public int partOf(int index) {
		if (index < 0 || index >= frameCount()) throw new IndexOutOfBoundsException(index);
		int k = Arrays.binarySearch(cumFrames, index);
		if (k < 0) k = -k - 2;
		while (k + 1 < cumFrames.length && cumFrames[k + 1] == index)
			k++; // skip empty parts
		return k;
	}

	@Override
	public Path path() {
		return parts.get(0).path();
	}

	@Override
	public int frameCount() {
		return cumFrames[parts.size()];
	}

	@Override
	public int width() {
		return parts.get(0).width();
	}

	@Override
	public int height() {
		return parts.get(0).height();
	}

	@Override
	public double fps() {
		return parts.get(0).fps();
	}

	@Override
	public String codec() {
		Set<String> c = new LinkedHashSet<>();
		for (VideoSource p : parts)
			c.add(p.codec());
		return String.join("+", c);
	}

	@Override
	public void read(int index, byte[] dst) {
		int k = partOf(index);
		parts.get(k).read(index - cumFrames[k], dst);
	}

	@Override
	public void close() {
		List<RuntimeException> errors = new ArrayList<>();
		for (VideoSource p : parts) {
			try {
				p.close();
			}
			catch (RuntimeException e) {
				errors.add(e);
			}
		}
		if (!errors.isEmpty()) throw errors.get(0);
	}
}
