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

import java.util.List;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Roi;
import sc.fiji.facemap.job.RoiType;

/**
 * One region of interest of the classic processing, in the pixel coordinates of one view (camera): columns
 * {@code x .. x+width-1}, rows {@code y .. y+height-1}. Pupil and blink ROIs use the ellipse inscribed in that
 * rectangle (pixel (r, c) is inside when ((r + 0.5 - h/2)/(h/2))^2 + ((c + 0.5 - w/2)/(w/2))^2 &lt;= 1), motion and
 * running ROIs the whole rectangle. Nothing here names a file, so a ROI set is reusable across videos.
 *
 * @param kind PUPIL, MOTION, BLINK or RUNNING (Facemap's rind 0, 1, 2, 3)
 * @param name free text (shown in views and written as rtype)
 * @param view index of the view (camera) the ROI lies in (0 for a single video)
 * @param saturation pupil/blink threshold 0..255: only pixels darker than this count (Facemap's "ROI saturation");
 *        for a bright pupil, only pixels brighter than 255 - saturation count
 * @param pupilSigma pupil fit width, or NaN to use {@link SvdSettings#pupilSigma()}
 * @param brightPupil the pupil is brighter than its surround (IR/2P illumination): contrast is inverted first
 * @param reflectors corneal-reflection ellipses inside a pupil ROI, in ROI coordinates; their pixels are treated as
 *        missing data by the fit
 */
public record RoiSpec(Kind kind, String name, int view, int x, int y, int width, int height, double saturation,
	double pupilSigma, boolean brightPupil, List<Ellipse> reflectors)
{

	/** Facemap's ROI types, with its codes (rind). */
	public enum Kind {
		PUPIL(0, "Pupil"), MOTION(1, "motion SVD"), BLINK(2, "Blink"), RUNNING(3, "Running");

		public final int code;
		public final String facemapName;

		Kind(int code, String facemapName) {
			this.code = code;
			this.facemapName = facemapName;
		}

		/** The job package's type with the same Facemap code. */
		public RoiType roiType() {
			return RoiType.ofFacemapCode(code);
		}

		public static Kind of(RoiType t) {
			for (Kind k : values())
				if (k.code == t.facemapCode()) return k;
			throw new IllegalArgumentException("no ROI kind for " + t);
		}
	}

	/** An axis-aligned ellipse inscribed in a rectangle (coordinates relative to the enclosing ROI). */
	public record Ellipse(int x, int y, int width, int height) {}

	public RoiSpec {
		if (kind == null) throw new FacemapException("ROI without a type");
		if (width < 2 || height < 2) throw new FacemapException("ROI " + name + ": width and height must be at least 2, got "
			+ width + " x " + height);
		if (x < 0 || y < 0) throw new FacemapException("ROI " + name + ": negative position " + x + "," + y);
		if (view < 0) throw new FacemapException("ROI " + name + ": negative view index " + view);
		if (!(saturation >= 0 && saturation <= 255)) throw new FacemapException("ROI " + name
			+ ": saturation must be within 0..255, got " + saturation);
		reflectors = reflectors == null ? List.of() : List.copyOf(reflectors);
		if (name == null) name = kind.facemapName;
	}

	/** A ROI in view 0 with default saturation 255, the default sigma, dark pupil, no reflectors. */
	public static RoiSpec of(Kind kind, int x, int y, int width, int height) {
		return new RoiSpec(kind, kind.facemapName, 0, x, y, width, height, 255, Double.NaN, false, List.of());
	}

	/**
	 * A job ROI (in pixels of the tiled frame) as a ROI of the view it lies in: the view holding most of its area
	 * (as Facemap's GUI decides), clipped to that view. Saturation 255, the default sigma, dark pupil.
	 *
	 * @param viewY row offset of each view on the tiled canvas; {@code viewX} column offsets; {@code heights},
	 *        {@code widths} the views' sizes
	 */
	public static RoiSpec fromJob(Roi r, int[] viewY, int[] viewX, int[] heights, int[] widths) {
		int best = 0;
		long bestArea = -1;
		for (int v = 0; v < viewY.length; v++) {
			long h = Math.max(0, Math.min(r.y() + r.height(), viewY[v] + heights[v]) - Math.max(r.y(), viewY[v]));
			long w = Math.max(0, Math.min(r.x() + r.width(), viewX[v] + widths[v]) - Math.max(r.x(), viewX[v]));
			if (h * w > bestArea) {
				bestArea = h * w;
				best = v;
			}
		}
		int x0 = Math.max(r.x(), viewX[best]) - viewX[best], y0 = Math.max(r.y(), viewY[best]) - viewY[best];
		int x1 = Math.min(r.x() + r.width(), viewX[best] + widths[best]) - viewX[best];
		int y1 = Math.min(r.y() + r.height(), viewY[best] + heights[best]) - viewY[best];
		if (x1 - x0 < 2 || y1 - y0 < 2) throw new FacemapException("ROI " + r + " lies outside every view");
		Kind k = Kind.of(r.type());
		return new RoiSpec(k, r.name().isEmpty() ? k.facemapName : r.name(), best, x0, y0, x1 - x0, y1 - y0, 255,
			Double.NaN, false, List.of());
	}

	public RoiSpec withSaturation(double s) {
		return new RoiSpec(kind, name, view, x, y, width, height, s, pupilSigma, brightPupil, reflectors);
	}

	public RoiSpec withReflectors(List<Ellipse> r) {
		return new RoiSpec(kind, name, view, x, y, width, height, saturation, pupilSigma, brightPupil, r);
	}

	public RoiSpec withBrightPupil(boolean b) {
		return new RoiSpec(kind, name, view, x, y, width, height, saturation, pupilSigma, b, reflectors);
	}

	public RoiSpec withView(int v) {
		return new RoiSpec(kind, name, v, x, y, width, height, saturation, pupilSigma, brightPupil, reflectors);
	}

	public RoiSpec withName(String n) {
		return new RoiSpec(kind, n, view, x, y, width, height, saturation, pupilSigma, brightPupil, reflectors);
	}

	/** The inscribed ellipse as a row-major mask of height x width. */
	public boolean[] ellipseMask() {
		return ellipseMask(width, height);
	}

	/** Inscribed-ellipse mask of a w x h rectangle, row-major. */
	public static boolean[] ellipseMask(int w, int h) {
		boolean[] m = new boolean[w * h];
		double ry = h / 2.0, rx = w / 2.0;
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++) {
				double dy = (r + 0.5 - ry) / ry, dx = (c + 0.5 - rx) / rx;
				m[r * w + c] = dy * dy + dx * dx <= 1;
			}
		return m;
	}

	/** The reflector pixels as a row-major mask of height x width (ROI coordinates). */
	public boolean[] reflectorMask() {
		boolean[] m = new boolean[width * height];
		for (Ellipse e : reflectors) {
			boolean[] em = ellipseMask(e.width(), e.height());
			for (int r = 0; r < e.height(); r++)
				for (int c = 0; c < e.width(); c++) {
					int rr = e.y() + r, cc = e.x() + c;
					if (em[r * e.width() + c] && rr >= 0 && rr < height && cc >= 0 && cc < width) m[rr * width + cc] = true;
				}
		}
		return m;
	}
}
