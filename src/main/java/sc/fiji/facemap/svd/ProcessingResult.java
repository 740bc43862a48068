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
package sc.fiji.facemap.svd;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one run of {@link SvdProcessor} computes, in memory; {@code io.ProcNpy} writes it as Facemap's
 * {@code _proc.npy} (and {@code io.ProcH5} as {@code _proc.h5}). Units: frames are indices 0..nFrames-1; intensities
 * are the 8-bit gray levels 0..255 of the decoded frames (after binning: the mean of sbin x sbin pixels); pixel
 * coordinates are unbinned pixels of the view the ROI lies in, (row, column) order as Facemap writes them.
 *
 * @param filenames the video files: outer list = sequential parts, inner = simultaneous views (Facemap's layout)
 * @param nFrames number of frames processed
 * @param fps frames per second of the first view (0 when unknown)
 * @param settings the settings used
 * @param ly per-view frame height in pixels; {@code lx} per-view width
 * @param lyBin per-view binned height floor(ly/sbin); {@code lxBin} binned width
 * @param syBin per-view row offset of the binned view in the tiled binned canvas; {@code sxBin} column offset
 * @param canvasHeightBin tiled binned canvas height (Facemap's LYbin); {@code canvasWidthBin} width (LXbin)
 * @param avgFrame per view, the mean binned frame (lyBin*lxBin, row-major, gray levels)
 * @param avgMotion per view, the mean binned motion frame |f_t - f_t-1| (gray levels per frame)
 * @param regions index 0: the full (tiled) frame (empty when {@code fullFrame} is off), then one per motion ROI, in
 *        ROI order
 * @param pupils one per pupil ROI, in ROI order
 * @param blinks one per blink ROI
 * @param running one per running ROI
 * @param rois all ROIs, in the order given
 * @param facemapMotSv Facemap's single {@code motSv} array (compatible mode: 500 zeros for a single chunk, else the
 *        last processed region's singular values); null in the default mode, where each region has its own
 * @param facemapMovSv the same for {@code movSv}
 */
public record ProcessingResult(List<List<Path>> filenames, int nFrames, double fps, SvdSettings settings, int[] ly,
	int[] lx, int[] lyBin, int[] lxBin, int[] syBin, int[] sxBin, int canvasHeightBin, int canvasWidthBin,
	List<float[]> avgFrame, List<float[]> avgMotion, List<Region> regions, List<Pupil> pupils, List<Blink> blinks,
	List<Running> running, List<RoiSpec> rois, float[] facemapMotSv, float[] facemapMovSv)
{

	/** A dense row-major float matrix. */
	public record Matrix(int rows, int cols, float[] data) {

		public Matrix {
			if ((long) rows * cols != data.length) throw new IllegalArgumentException(rows + " x " + cols + " needs "
				+ (long) rows * cols + " values, got " + data.length);
		}

		public static Matrix zeros(int rows, int cols) {
			return new Matrix(rows, cols, new float[rows * cols]);
		}

		public float get(int r, int c) {
			return data[r * cols + c];
		}

		/** Column {@code c} as a new array. */
		public float[] column(int c) {
			float[] out = new float[rows];
			for (int r = 0; r < rows; r++) out[r] = data[r * cols + c];
			return out;
		}
	}

	/**
	 * One SVD region: the full frame (index 0) or a motion ROI.
	 *
	 * @param name "full frame" or the ROI's name
	 * @param roi the motion ROI, or null for the full frame
	 * @param binHeight region height in bins; {@code binWidth} its width (the full frame: the canvas; its masks are
	 *        stored per view, concatenated, as Facemap's motMask[0])
	 * @param motion motion energy per frame: sum over the region's binned pixels of |B(f_t) - B(f_t-1)| (gray levels
	 *        x bins; frame 0 has no predecessor: it repeats frame 1's value); null when not computed
	 * @param motSvd temporal components V (nFrames x k): the projection (motion_t - avgmotion) . U_j; null when off
	 * @param motMask spatial components U (pixels x k; pixels row-major within each view, views concatenated);
	 *        orthonormal columns (compatible mode: U.S for a single chunk, as Facemap)
	 * @param motSv singular values (k), descending
	 * @param movSvd as motSvd for the raw movie (frame_t - avgframe); null when off
	 * @param movMask as motMask for the movie SVD
	 * @param movSv as motSv for the movie SVD
	 */
	public record Region(String name, RoiSpec roi, int binHeight, int binWidth, int binY, int binX, float[] motion,
		Matrix motSvd, Matrix motMask, float[] motSv, Matrix movSvd, Matrix movMask, float[] movSv) {}

	/**
	 * Pupil traces of one pupil ROI (ROI pixel coordinates, unbinned).
	 *
	 * @param area pupil area in pixels^2: pi * sqrt(l0 * l1) with l the variances of the fitted Gaussian scaled by
	 *        sigma^2, i.e. the area of the ellipse at sigma standard deviations; NaN when the fit failed
	 * @param com centre (T x 2): [row, column] in ROI pixels (add the ROI's y, x for frame pixels)
	 * @param axdir axis directions (T x 2 x 2, flattened T x 4): for each frame the 2 x 2 matrix whose columns are the
	 *        unit eigenvectors [d_row, d_col] of the major axis (column 0) and minor axis (column 1)
	 * @param axlen axis variances (T x 2): sigma^2 x the Gaussian's variance along the major and minor axis, in
	 *        pixels^2 (the semi-axis lengths in pixels are their square roots)
	 * @param areaSmooth area with NaNs filled and outliers (more than std/2 from a 30-frame median) replaced
	 * @param comSmooth centre, each coordinate smoothed the same way
	 */
	public record Pupil(RoiSpec roi, double[] area, double[] com, double[] axdir, double[] axlen, double[] areaSmooth,
		double[] comSmooth) {}

	/**
	 * @param values per frame, the summed darkness sum over the ellipse of max(0, saturation - gray) (gray levels x
	 *        pixels): high when the eye is open and dark, dropping toward 0 during a blink
	 */
	public record Blink(RoiSpec roi, double[] values) {}

	/**
	 * @param dy per frame, the shift in pixels (rows) of the ROI's content from frame t-1 to t, positive = toward
	 *        larger row; sub-pixel in the default mode; 0 for frame 0
	 * @param dx the same in columns
	 */
	public record Running(RoiSpec roi, double[] dy, double[] dx) {}

	/** The full-frame region (index 0). */
	public Region fullFrame() {
		return regions.get(0);
	}
}
