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
package sc.fiji.facemap.job;

import java.nio.file.Path;

/**
 * The one place that names output files. Every output of a recording is {@code <folder>/<base><suffix>}, where the
 * base is the first video's file name without its extension and the folder is the recording's output folder (or the
 * first video's folder). Side files of an unfinished run are hidden: {@code .<base><suffix-without-ext>.partial.*}.
 */
public final class OutputLayout {

	/** Facemap's suffixes. */
	public static final String POSE_H5 = "_FacemapPose.h5", POSE_METADATA = "_FacemapPose_metadata.pkl", POSE_CSV = "_FacemapPose.csv",
		PROC_NPY = "_proc.npy", PROC_H5 = "_proc.h5";

	private final Path folder;
	private final String base;

	OutputLayout(Recording r) {
		this(r.outputDir() != null ? r.outputDir() : parentOf(r.primaryVideo()), baseName(r.primaryVideo()));
	}

	/** Outputs {@code folder/base*}. */
	public OutputLayout(Path folder, String base) {
		this.folder = folder;
		this.base = base;
	}

	/** The layout of one video file with outputs in {@code outputDir} (null = beside the video). */
	public static OutputLayout of(Path video, Path outputDir) {
		return new OutputLayout(outputDir != null ? outputDir : parentOf(video), baseName(video));
	}

	/** The video's file name without its extension (the whole name for folders). */
	public static String baseName(Path video) {
		String name = video.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	private static Path parentOf(Path p) {
		Path parent = p.toAbsolutePath().getParent();
		return parent != null ? parent : p.toAbsolutePath();
	}

	public Path folder() {
		return folder;
	}

	public String baseName() {
		return base;
	}

	/** {@code <folder>/<base><suffix>}. */
	public Path file(String suffix) {
		return folder.resolve(base + suffix);
	}

	/** Keypoints, Facemap's layout. */
	public Path poseH5() {
		return file(POSE_H5);
	}

	/** The keypoints' metadata pickle. */
	public Path poseMetadata() {
		return file(POSE_METADATA);
	}

	/** DeepLabCut-style CSV of the keypoints. */
	public Path poseCsv() {
		return file(POSE_CSV);
	}

	/**
	 * The keypoints of frames {@code first..end-1} tracked as one chunk of a batch run (frames x keypoints x {x, y,
	 * likelihood}, float32 .npy): {@code <base>_FacemapPose_part<first>-<end>.npy}. Only the merge of all chunks is
	 * called {@code <base>_FacemapPose.h5}.
	 */
	public Path posePart(int first, int end) {
		return file(String.format(java.util.Locale.ROOT, "_FacemapPose_part%07d-%07d.npy", first, end));
	}

	/** The metadata pickle of a chunk ({@link #posePart}): {@code <base>_FacemapPose_part<first>-<end>_metadata.pkl}. */
	public Path posePartMetadata(int first, int end) {
		return file(String.format(java.util.Locale.ROOT, "_FacemapPose_part%07d-%07d_metadata.pkl", first, end));
	}

	/** Facemap's processing output (SVD, pupil, blink, running). */
	public Path procNpy() {
		return file(PROC_NPY);
	}

	/** The same content as {@link #procNpy()} in HDF5. */
	public Path procH5() {
		return file(PROC_H5);
	}

	/** The CSV beside any keypoints file: {@code x_FacemapPose.h5} -> {@code x_FacemapPose.csv}. */
	public static Path csvBeside(Path h5) {
		String n = h5.getFileName().toString();
		return h5.resolveSibling((n.endsWith(".h5") ? n.substring(0, n.length() - 3) : n) + ".csv");
	}

	/**
	 * The video frame of a keypoints file's first row: {@code first_frame} of the metadata beside it (written for a
	 * frame range), else 0 (Facemap's own files cover the whole video). The one rule for Load Keypoints, {@code
	 * facemap keypoints --csv} and the Facemap window.
	 */
	public static int firstFrameOf(Path h5) {
		String name = h5.getFileName().toString();
		if (!name.endsWith(POSE_H5)) return 0;
		Path meta = h5.resolveSibling(name.substring(0, name.length() - POSE_H5.length()) + POSE_METADATA);
		if (!java.nio.file.Files.isRegularFile(meta)) return 0;
		Object f = sc.fiji.facemap.io.PoseMetadata.read(meta).extra().get("first_frame");
		return f instanceof Number ? Math.max(0, ((Number) f).intValue()) : 0;
	}

	/**
	 * The hidden side file of an unfinished run that will write {@code output}: {@code .<name without
	 * extension>.partial<ext>}, e.g. {@code .v_FacemapPose.partial.npy}.
	 */
	public static Path partial(Path output, String ext) {
		String n = output.getFileName().toString();
		int dot = n.lastIndexOf('.');
		if (dot > 0) n = n.substring(0, dot);
		return output.resolveSibling("." + n + ".partial" + ext);
	}
}
