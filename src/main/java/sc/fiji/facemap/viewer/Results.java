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
package sc.fiji.facemap.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.job.OutputLayout;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.svd.ProcNpy;

/**
 * The results the Facemap window shows for one video, each optional: keypoints (a {@code _FacemapPose.h5}, whose
 * first row is video frame {@code firstFrame}), Facemap's processing ({@code _proc.npy}: motion SVD, pupil, blink,
 * running) and neural predictions ({@code neural_predictions.npy}). Immutable; {@code with...} returns a copy.
 * {@link #beside(Path)} finds and reads those written beside a video (as Facemap's GUI auto-loads them).
 */
public record Results(Path poseFile, Keypoints keypoints, int firstFrame, Path procFile, ProcNpy.Contents proc,
	Path neuralFile, Map<String, Object> neural) {

	/** Nothing loaded. */
	public static final Results NONE = new Results(null, null, 0, null, null, null, null);

	/** The neural predictions' file name (Facemap's), looked for in the video's folder. */
	public static final String NEURAL_PREDICTIONS = "neural_predictions.npy";

	/**
	 * The results found beside {@code video} ({@code <name>_FacemapPose.h5}, {@code <name>_proc.npy},
	 * {@code neural_predictions.npy} in its folder); a file that exists but cannot be read is reported in
	 * {@code problems} ("file: what is wrong") and skipped.
	 */
	public static Results beside(Path video, List<String> problems) {
		OutputLayout layout = OutputLayout.of(video, null);
		Results r = NONE;
		Path[] files = { layout.poseH5(), layout.procNpy(), layout.folder().resolve(NEURAL_PREDICTIONS) };
		for (Path f : files) {
			if (!Files.isRegularFile(f)) continue;
			try {
				r = r.load(f);
			}
			catch (RuntimeException e) {
				problems.add(e.getMessage() != null ? e.getMessage() : f + ": " + e);
			}
		}
		return r;
	}

	/** The results found beside {@code video}; unreadable files are skipped silently. */
	public static Results beside(Path video) {
		return beside(video, new ArrayList<>());
	}

	/**
	 * These results plus one more file, chosen by its name: {@code *.h5} keypoints, {@code *_proc.npy} (or any other
	 * {@code .npy} with Facemap's processing keys) processing, {@code *neural_predictions*.npy} neural predictions.
	 *
	 * @throws FacemapException naming the file when it is none of these or cannot be read
	 */
	public Results load(Path file) {
		String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		if (n.endsWith(".h5")) return withKeypoints(file, PoseH5.read(file), OutputLayout.firstFrameOf(file));
		if (n.endsWith(".npy")) {
			if (n.contains("neural_prediction")) return withNeural(file, Npy.readDict(file));
			return withProc(file, ProcNpy.read(file));
		}
		throw new FacemapException(file, "is not a result the Facemap window shows (a _FacemapPose.h5, a _proc.npy or "
			+ "neural_predictions.npy)");
	}

	public Results withKeypoints(Path file, Keypoints kp, int first) {
		return new Results(file, kp, first, procFile, proc, neuralFile, neural);
	}

	public Results withProc(Path file, ProcNpy.Contents p) {
		return new Results(poseFile, keypoints, firstFrame, file, p, neuralFile, neural);
	}

	public Results withNeural(Path file, Map<String, Object> dict) {
		if (!(dict.get("predictions") instanceof Tensor)) throw new FacemapException(file,
			"has no 'predictions' array (not Facemap's neural_predictions.npy)");
		return new Results(poseFile, keypoints, firstFrame, procFile, proc, file, dict);
	}

	/** A rectangle drawn on the video: the face box of tracking, or a processing ROI (ellipse for pupil and blink). */
	public record Region(String label, int x, int y, int width, int height, boolean ellipse) {}

	/** The face box of the keypoints (their metadata's bbox) and the ROIs of the processing, in frame pixels. */
	public List<Region> regions() {
		List<Region> out = new ArrayList<>();
		if (poseFile != null) {
			int[] b = faceBox(poseFile);
			if (b != null && b[1] > b[0] && b[3] > b[2]) out.add(new Region("face box", b[2], b[0], b[3] - b[2], b[1] - b[0],
				false));
		}
		if (proc != null && proc.dict().get("rois") instanceof List) {
			for (Object o : (List<?>) proc.dict().get("rois")) {
				if (!(o instanceof Map)) continue;
				Map<?, ?> m = (Map<?, ?>) o;
				int[] xr = range(m.get("xrange")), yr = range(m.get("yrange"));
				if (xr == null || yr == null) continue;
				String type = String.valueOf(m.get("rtype"));
				String t = type.toLowerCase(java.util.Locale.ROOT);
				out.add(new Region(type, xr[0], yr[0], xr[1] - xr[0] + 1, yr[1] - yr[0] + 1, t.contains("pupil") || t
					.contains("blink")));
			}
		}
		return out;
	}

	private static int[] range(Object o) {
		if (!(o instanceof Tensor) || ((Tensor) o).size() == 0) return null;
		double[] d = ((Tensor) o).doubles();
		double lo = d[0], hi = d[0];
		for (double v : d) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		return new int[] { (int) lo, (int) hi };
	}

	/** The bbox [y0, y1, x0, x1] of the metadata beside a keypoints file, or null. */
	static int[] faceBox(Path h5) {
		String name = h5.getFileName().toString();
		String suffix = OutputLayout.POSE_H5;
		if (!name.endsWith(suffix)) return null;
		Path meta = h5.resolveSibling(name.substring(0, name.length() - suffix.length()) + OutputLayout.POSE_METADATA);
		if (!Files.isRegularFile(meta)) return null;
		try {
			return PoseMetadata.read(meta).bbox.clone();
		}
		catch (RuntimeException e) {
			return null;
		}
	}
}
