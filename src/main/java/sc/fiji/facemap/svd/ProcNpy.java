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

import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PyTuple;
import sc.fiji.facemap.io.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.Version;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;

/**
 * Facemap's {@code <video>_proc.npy}: {@code np.save} of the dict {@code process.run} writes (reference 4.2), a 0-d
 * object array holding a protocol-3 pickle that {@code np.load(f, allow_pickle=True).item()} reads with numpy &lt; 2
 * (and 2.x). Writer: {@link #write(Path, ProcessingResult)} (atomic). Reader: {@link #read(Path)} gives the dict with
 * numpy arrays as {@link Tensor}s, plus typed accessors for what other packages use (motSVD, motMask, motion).
 * <p>
 * Besides Facemap's keys the file holds {@code facemap_fiji}: a dict with our version, the settings, the frame count,
 * the frame rate and each region's singular values ({@code motSv_regions}, {@code movSv_regions}).
 */
public final class ProcNpy {

	private ProcNpy() {}

	/** Writes the result as Facemap's _proc.npy, atomically. */
	public static void write(Path file, ProcessingResult r) {
		Npy.writeObjectStreamed(file, toDict(r, file.toAbsolutePath().getParent()));
	}

	/** The dict Facemap's process.run saves, built from a result. */
	public static Map<String, Object> toDict(ProcessingResult r, Path saveFolder) {
		Map<String, Object> d = new LinkedHashMap<>();
		List<Object> files = new ArrayList<>();
		for (List<Path> part : r.filenames()) {
			List<Object> views = new ArrayList<>();
			for (Path p : part) views.add(p.toString());
			files.add(views);
		}
		int nv = r.ly().length;
		d.put("filenames", files);
		d.put("save_path", saveFolder == null ? null : saveFolder.toString());
		d.put("Ly", ints(r.ly()));
		d.put("Lx", ints(r.lx()));
		d.put("sbin", (long) r.settings().sbin());
		d.put("fullSVD", r.settings().fullFrame());
		d.put("save_mat", Boolean.FALSE);
		d.put("Lybin", int32(r.lyBin()));
		d.put("Lxbin", int32(r.lxBin()));
		d.put("sybin", int64(r.syBin()));
		d.put("sxbin", int64(r.sxBin()));
		d.put("LYbin", (long) r.canvasHeightBin());
		d.put("LXbin", (long) r.canvasWidthBin());
		List<Object> af = new ArrayList<>(), am = new ArrayList<>();
		for (int v = 0; v < nv; v++) {
			af.add(vec(r.avgFrame().get(v)));
			am.add(vec(r.avgMotion().get(v)));
		}
		d.put("avgframe", af);
		d.put("avgmotion", am);
		d.put("avgframe_reshape", canvas(r, r.avgFrame()));
		d.put("avgmotion_reshape", canvas(r, r.avgMotion()));
		List<Region> regs = r.regions();
		boolean anyMot = regs.stream().anyMatch(g -> g != null && g.motSvd() != null);
		boolean anyMov = regs.stream().anyMatch(g -> g != null && g.movSvd() != null);
		List<Object> motion = new ArrayList<>(), motSvd = new ArrayList<>(), movSvd = new ArrayList<>(),
			motMask = new ArrayList<>(), movMask = new ArrayList<>(), motMaskR = new ArrayList<>(),
			movMaskR = new ArrayList<>(), motSvR = new ArrayList<>(), movSvR = new ArrayList<>();
		for (int i = 0; i < regs.size(); i++) {
			Region g = regs.get(i);
			if (g == null) { // no full frame
				motion.add(Tensor.ofFloats(new long[] { 0 }, new float[0]));
				if (anyMot) {
					motSvd.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
					motMask.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
					motMaskR.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
				}
				if (anyMov) {
					movSvd.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
					movMask.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
					movMaskR.add(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]));
				}
				motSvR.add(null);
				movSvR.add(null);
				continue;
			}
			motion.add(g.motion() == null ? vec(new float[r.nFrames()]) : vec(g.motion()));
			if (g.motSvd() != null) {
				motSvd.add(mat(g.motSvd()));
				motMask.add(mat(g.motMask()));
				motMaskR.add(i == 0 && g.roi() == null ? canvasMasks(r, g.motMask()) : roiMasks(g, g.motMask()));
			}
			if (g.movSvd() != null) {
				movSvd.add(mat(g.movSvd()));
				movMask.add(mat(g.movMask()));
				movMaskR.add(i == 0 && g.roi() == null ? canvasMasks(r, g.movMask()) : roiMasks(g, g.movMask()));
			}
			motSvR.add(g.motSv() == null ? null : vec(g.motSv()));
			movSvR.add(g.movSv() == null ? null : vec(g.movSv()));
		}
		d.put("motion", motion);
		float[] fMot = r.facemapMotSv(), fMov = r.facemapMovSv();
		if (fMot == null) fMot = regs.isEmpty() || regs.get(0) == null || regs.get(0).motSv() == null ? new float[500]
			: regs.get(0).motSv();
		if (fMov == null) fMov = regs.isEmpty() || regs.get(0) == null || regs.get(0).movSv() == null ? new float[500]
			: regs.get(0).movSv();
		d.put("motSv", vec(fMot));
		d.put("movSv", vec(fMov));
		d.put("motMask", motMask);
		d.put("movMask", movMask);
		d.put("motMask_reshape", motMaskR);
		d.put("movMask_reshape", movMaskR);
		d.put("motSVD", motSvd);
		d.put("movSVD", movSvd);
		List<Object> pupils = new ArrayList<>();
		int n = r.nFrames();
		for (ProcessingResult.Pupil p : r.pupils()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("area", Tensor.ofDoubles(new long[] { n }, p.area()));
			m.put("com", Tensor.ofDoubles(new long[] { n, 2 }, p.com()));
			m.put("axdir", Tensor.ofDoubles(new long[] { n, 2, 2 }, p.axdir()));
			m.put("axlen", Tensor.ofDoubles(new long[] { n, 2 }, p.axlen()));
			m.put("area_smooth", Tensor.ofDoubles(new long[] { n }, p.areaSmooth()));
			m.put("com_smooth", Tensor.ofDoubles(new long[] { n, 2 }, p.comSmooth()));
			pupils.add(m);
		}
		d.put("pupil", pupils);
		List<Object> running = new ArrayList<>();
		for (ProcessingResult.Running rr : r.running()) {
			double[] a = new double[2 * n];
			for (int t = 0; t < n; t++) {
				a[2 * t] = rr.dy()[t];
				a[2 * t + 1] = rr.dx()[t];
			}
			running.add(Tensor.ofDoubles(new long[] { n, 2 }, a));
		}
		d.put("running", running);
		List<Object> blink = new ArrayList<>();
		for (ProcessingResult.Blink b : r.blinks()) blink.add(Tensor.ofDoubles(new long[] { n }, b.values()));
		d.put("blink", blink);
		d.put("rois", r.rois().isEmpty() ? null : rois(r));
		d.put("sy", 0L);
		d.put("sx", 0L);
		Map<String, Object> ours = new LinkedHashMap<>();
		ours.put("version", Version.get());
		ours.put("settings", r.settings().toString());
		ours.put("facemap_compatible", r.settings().facemapCompatible());
		ours.put("nframes", (long) n);
		ours.put("fps", r.fps());
		ours.put("motSv_regions", motSvR);
		ours.put("movSv_regions", movSvR);
		d.put("facemap_fiji", ours);
		return d;
	}

	private static List<Object> rois(ProcessingResult r) {
		List<Object> out = new ArrayList<>();
		int[][] colors = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 0 }, { 255, 0, 255 },
			{ 0, 255, 255 } };
		int i = 0;
		for (RoiSpec roi : r.rois()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("rind", (long) roi.kind().code);
			m.put("rtype", roi.kind().facemapName);
			m.put("iROI", (long) i);
			m.put("ivid", (long) roi.view());
			int[] c = colors[i % colors.length];
			m.put("color", PyTuple.of((long) c[0], (long) c[1], (long) c[2]));
			m.put("yrange", range(roi.y(), roi.height()));
			m.put("xrange", range(roi.x(), roi.width()));
			m.put("saturation", roi.saturation());
			m.put("pupil_sigma", Double.isNaN(roi.pupilSigma()) ? r.settings().pupilSigma() : roi.pupilSigma());
			boolean ellipse = roi.kind() == RoiSpec.Kind.PUPIL || roi.kind() == RoiSpec.Kind.BLINK;
			boolean[] mask = ellipse ? roi.ellipseMask() : null;
			long[] e = new long[roi.width() * roi.height()];
			for (int k = 0; k < e.length; k++) e[k] = mask == null || mask[k] ? 1 : 0;
			m.put("ellipse", Tensor.ofLongs("bool", new long[] { roi.height(), roi.width() }, e));
			if (!roi.reflectors().isEmpty()) {
				List<Object> refl = new ArrayList<>();
				for (RoiSpec.Ellipse el : roi.reflectors()) {
					Map<String, Object> rm = new LinkedHashMap<>();
					rm.put("yrange", range(el.y(), el.height()));
					rm.put("xrange", range(el.x(), el.width()));
					boolean[] em = RoiSpec.ellipseMask(el.width(), el.height());
					long[] ev = new long[em.length];
					for (int k = 0; k < em.length; k++) ev[k] = em[k] ? 1 : 0;
					rm.put("ellipse", Tensor.ofLongs("bool", new long[] { el.height(), el.width() }, ev));
					refl.add(rm);
				}
				m.put("reflector", refl);
			}
			if (roi.kind() == RoiSpec.Kind.MOTION) {
				for (Region g : r.regions())
					if (g != null && g.roi() == roi) {
						m.put("yrange_bin", range64(g.binY(), g.binHeight()));
						m.put("xrange_bin", range64(g.binX(), g.binWidth()));
					}
			}
			out.add(m);
			i++;
		}
		return out;
	}

	private static Tensor range(int start, int n) {
		long[] v = new long[n];
		for (int i = 0; i < n; i++) v[i] = start + i;
		return Tensor.ofLongs("int32", new long[] { n }, v);
	}

	private static Tensor range64(int start, int n) {
		long[] v = new long[n];
		for (int i = 0; i < n; i++) v[i] = start + i;
		return Tensor.ofLongs("int64", new long[] { n }, v);
	}

	private static List<Object> ints(int[] a) {
		List<Object> l = new ArrayList<>();
		for (int v : a) l.add((long) v);
		return l;
	}

	private static Tensor int32(int[] a) {
		long[] v = new long[a.length];
		for (int i = 0; i < a.length; i++) v[i] = a[i];
		return Tensor.ofLongs("int32", new long[] { a.length }, v);
	}

	private static Tensor int64(int[] a) {
		long[] v = new long[a.length];
		for (int i = 0; i < a.length; i++) v[i] = a[i];
		return Tensor.ofLongs("int64", new long[] { a.length }, v);
	}

	private static Tensor vec(float[] a) {
		return Tensor.ofFloats(new long[] { a.length }, a);
	}

	private static Tensor mat(Matrix m) {
		return Tensor.ofFloats(new long[] { m.rows(), m.cols() }, m.data());
	}

	/** Per-view vectors embedded in the binned canvas (LYbin x LXbin), zeros elsewhere. */
	private static Tensor canvas(ProcessingResult r, List<float[]> perView) {
		int H = r.canvasHeightBin(), W = r.canvasWidthBin();
		float[] out = new float[H * W];
		for (int v = 0; v < perView.size(); v++) {
			float[] a = perView.get(v);
			int h = r.lyBin()[v], w = r.lxBin()[v];
			for (int y = 0; y < h; y++)
				System.arraycopy(a, y * w, out, (r.syBin()[v] + y) * W + r.sxBin()[v], w);
		}
		return Tensor.ofFloats(new long[] { H, W }, out);
	}

	/** Full-frame masks (views concatenated) embedded in the canvas: LYbin x LXbin x k. */
	private static Tensor canvasMasks(ProcessingResult r, Matrix u) {
		int H = r.canvasHeightBin(), W = r.canvasWidthBin(), k = u.cols();
		float[] out = new float[H * W * k];
		int off = 0;
		for (int v = 0; v < r.lyBin().length; v++) {
			int h = r.lyBin()[v], w = r.lxBin()[v];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int src = (off + y * w + x) * k, dst = ((r.syBin()[v] + y) * W + r.sxBin()[v] + x) * k;
					System.arraycopy(u.data(), src, out, dst, k);
				}
			off += h * w;
		}
		return Tensor.ofFloats(new long[] { H, W, k }, out);
	}

	private static Tensor roiMasks(Region g, Matrix u) {
		return Tensor.ofFloats(new long[] { g.binHeight(), g.binWidth(), u.cols() }, u.data());
	}

	// reading ----------------------------------------------------------------------------------------------------

	/** A loaded _proc.npy: the raw dict plus typed accessors. */
	public record Contents(Path file, Map<String, Object> dict) {

		/** Temporal components V of region i (0 = full frame): (nframes x k) float32. */
		public Tensor motSvd(int i) {
			return tensorAt("motSVD", i);
		}

		/** Spatial components of region i: (pixels x k). */
		public Tensor motMask(int i) {
			return tensorAt("motMask", i);
		}

		public Tensor movSvd(int i) {
			return tensorAt("movSVD", i);
		}

		/** Motion energy of region i: (nframes,). */
		public Tensor motion(int i) {
			return tensorAt("motion", i);
		}

		/** Number of entries of a list-valued key (e.g. regions of motSVD). */
		public int count(String key) {
			Object o = dict.get(key);
			return o instanceof List ? ((List<?>) o).size() : 0;
		}

		public int sbin() {
			return ((Number) require("sbin")).intValue();
		}

		public Object require(String key) {
			if (!dict.containsKey(key)) throw new FacemapException(file, "has no key '" + key + "' (not a Facemap _proc.npy?)");
			return dict.get(key);
		}

		public Tensor tensorAt(String key, int i) {
			Object o = require(key);
			if (!(o instanceof List)) throw new FacemapException(file, "'" + key + "' is not a list");
			List<?> l = (List<?>) o;
			if (i < 0 || i >= l.size()) throw new FacemapException(file, "'" + key + "' has " + l.size()
				+ " entries, asked for " + i);
			Object t = l.get(i);
			if (!(t instanceof Tensor)) throw new FacemapException(file, "'" + key + "'[" + i + "] is not a numeric array");
			return (Tensor) t;
		}
	}

	/**
	 * Reads a _proc.npy written by Facemap or by us.
	 *
	 * @throws FacemapException naming the file when it is not a numpy file holding a dict with Facemap's keys
	 */
	public static Contents read(Path file) {
		Map<String, Object> d = Npy.readDict(file);
		if (!d.containsKey("motSVD") && !d.containsKey("rois"))
			throw new FacemapException(file, "is a numpy dict without 'motSVD' or 'rois': not a Facemap _proc.npy");
		return new Contents(file, d);
	}
}
