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
package sc.fiji.facemap.io;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data file and, optionally, what to take from it: {@code FILE:var} names a variable of a MATLAB file
 * ({@code s1_data.mat:spikes}, a struct field as {@code D.speed}, several as {@code D.neuron*} or
 * {@code D.pupil_zscore,D.speed}), a dataset of an HDF5 file ({@code data.h5:/traces/dff}) or a key of an
 * {@code .npy} dict ({@code video_proc.npy:movSVD}, an element of a list as {@code motSVD_1}). The split is at the
 * first colon that follows a {@code .mat}, {@code .h5}, {@code .hdf5} or {@code .npy} name, so Windows drive letters
 * and colons inside folder names stay part of the path.
 *
 * @param file the file
 * @param variable what to take from it, or null for the whole file (its only variable)
 */
public record DataRef(Path file, String variable) {

	private static final Pattern SPLIT = Pattern.compile("(?i)^(.+?\\.(?:mat|h5|hdf5|npy)):(.+)$");

	/** Parses {@code FILE} or {@code FILE:var}. */
	public static DataRef parse(String spec) {
		Matcher m = SPLIT.matcher(spec);
		if (m.matches())
			return new DataRef(Paths.get(m.group(1)), m.group(2));
		return new DataRef(Paths.get(spec), null);
	}

	/** The same reference for a file (no variable). */
	public static DataRef of(Path file) {
		return new DataRef(file, null);
	}

	/** The file name's extension, lower case, without the dot ("" when none). */
	public String extension() {
		String n = file.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return variable == null ? file.toString() : file + ":" + variable;
	}
}
