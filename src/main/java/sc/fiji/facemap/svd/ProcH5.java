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

import sc.fiji.facemap.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.Version;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.svd.ProcessingResult.Region;

/**
 * The content of {@code _proc.npy} in HDF5 ({@code <video>_proc.h5}) for tools without a pickle reader (MATLAB,
 * R, h5py). Layout: root attributes {@code sbin}, {@code nframes}, {@code fps}, {@code facemap_compatible},
 * {@code version}; datasets {@code Ly}, {@code Lx}, {@code Lybin}, {@code Lxbin}, {@code sybin}, {@code sxbin},
 * {@code LYbin_LXbin}; groups {@code avgframe}, {@code avgmotion} (one (Lybin, Lxbin) dataset per view, named
 * {@code 0}, {@code 1}, ...), {@code motion}, {@code motSVD}, {@code motMask}, {@code motSv}, {@code movSVD},
 * {@code movMask}, {@code movSv} (one dataset per region, {@code 0} = full frame), {@code pupil/<i>/area|com|axdir|
 * axlen|area_smooth|com_smooth}, {@code blink/<i>}, {@code running/<i>} ((T, 2): dy, dx), and {@code rois/<i>} (a
 * group whose attributes describe the ROI); groups without content are left out. Same units as {@link ProcessingResult}. Written atomically.
 */
public final class ProcH5 {

	private ProcH5() {}

	public static void write(Path file, ProcessingResult r) {
		AtomicFiles.write(file, tmp -> {
			try (WritableHdfFile h5 = HdfFile.write(tmp)) {
				h5.putAttribute("sbin", r.settings().sbin());
				h5.putAttribute("nframes", r.nFrames());
				h5.putAttribute("fps", r.fps());
				h5.putAttribute("facemap_compatible", r.settings().facemapCompatible() ? 1 : 0);
				h5.putAttribute("version", Version.get());
				h5.putDataset("Ly", r.ly());
				h5.putDataset("Lx", r.lx());
				h5.putDataset("Lybin", r.lyBin());
				h5.putDataset("Lxbin", r.lxBin());
				h5.putDataset("sybin", r.syBin());
				h5.putDataset("sxbin", r.sxBin());
				h5.putDataset("LYbin_LXbin", new int[] { r.canvasHeightBin(), r.canvasWidthBin() });
				WritableGroup af = h5.putGroup("avgframe"), am = h5.putGroup("avgmotion");
				for (int v = 0; v < r.ly().length; v++) {
					af.putDataset(String.valueOf(v), grid(r.avgFrame().get(v), r.lyBin()[v], r.lxBin()[v]));
					am.putDataset(String.valueOf(v), grid(r.avgMotion().get(v), r.lyBin()[v], r.lxBin()[v]));
				}
				Groups grp = new Groups(h5);
				List<Region> regs = r.regions();
				for (int i = 0; i < regs.size(); i++) {
					Region g = regs.get(i);
					if (g == null) continue;
					String n = String.valueOf(i);
					if (g.motion() != null) grp.get("motion").putDataset(n, g.motion());
					if (g.motSvd() != null) {
						grp.get("motSVD").putDataset(n, rows(g.motSvd()));
						grp.get("motMask").putDataset(n, rows(g.motMask()));
						grp.get("motSv").putDataset(n, g.motSv());
					}
					if (g.movSvd() != null) {
						grp.get("movSVD").putDataset(n, rows(g.movSvd()));
						grp.get("movMask").putDataset(n, rows(g.movMask()));
						grp.get("movSv").putDataset(n, g.movSv());
					}
				}
				int nt = r.nFrames();
				for (int i = 0; i < r.pupils().size(); i++) {
					ProcessingResult.Pupil p = r.pupils().get(i);
					WritableGroup g = grp.get("pupil").putGroup(String.valueOf(i));
					g.putDataset("area", p.area());
					g.putDataset("com", grid(p.com(), nt, 2));
					g.putDataset("axdir", grid(p.axdir(), nt, 4));
					g.putDataset("axlen", grid(p.axlen(), nt, 2));
					g.putDataset("area_smooth", p.areaSmooth());
					g.putDataset("com_smooth", grid(p.comSmooth(), nt, 2));
				}
				for (int i = 0; i < r.blinks().size(); i++)
					grp.get("blink").putDataset(String.valueOf(i), r.blinks().get(i).values());
				for (int i = 0; i < r.running().size(); i++) {
					ProcessingResult.Running rr = r.running().get(i);
					double[][] a = new double[nt][];
					for (int t = 0; t < nt; t++) a[t] = new double[] { rr.dy()[t], rr.dx()[t] };
					grp.get("running").putDataset(String.valueOf(i), a);
				}
				for (int i = 0; i < r.rois().size(); i++) {
					RoiSpec roi = r.rois().get(i);
					WritableGroup g = grp.get("rois").putGroup(String.valueOf(i));
					g.putAttribute("rind", roi.kind().code);
					g.putAttribute("type", roi.kind().name().toLowerCase(java.util.Locale.ROOT));
					g.putAttribute("name", roi.name());
					g.putAttribute("view", roi.view());
					g.putAttribute("x_y_width_height", new int[] { roi.x(), roi.y(), roi.width(), roi.height() });
					g.putAttribute("saturation", roi.saturation());
				}
			}
			catch (RuntimeException e) {
				throw new IOException("HDF5 writer failed: " + e.getMessage(), e);
			}
		});
	}

	/** Groups created on first use (jhdf 0.9.4 writes empty groups that h5py cannot read). */
	private static final class Groups {
		final WritableHdfFile h5;
		final java.util.Map<String, WritableGroup> made = new java.util.HashMap<>();

		Groups(WritableHdfFile h5) {
			this.h5 = h5;
		}

		WritableGroup get(String name) {
			return made.computeIfAbsent(name, h5::putGroup);
		}
	}

	private static float[][] rows(Matrix m) {
		float[][] a = new float[m.rows()][];
		for (int r = 0; r < m.rows(); r++) a[r] = java.util.Arrays.copyOfRange(m.data(), r * m.cols(), (r + 1) * m.cols());
		return a;
	}

	private static float[][] grid(float[] f, int h, int w) {
		float[][] a = new float[h][];
		for (int r = 0; r < h; r++) a[r] = java.util.Arrays.copyOfRange(f, r * w, (r + 1) * w);
		return a;
	}

	private static double[][] grid(double[] f, int h, int w) {
		double[][] a = new double[h][];
		for (int r = 0; r < h; r++) a[r] = java.util.Arrays.copyOfRange(f, r * w, (r + 1) * w);
		return a;
	}

	/** Reads dataset {@code path} (e.g. "motSVD/0") of a _proc.h5 as a flat float array. */
	public static float[] readFloats(Path file, String path) {
		try (HdfFile h5 = new HdfFile(file)) {
			Node n = h5.getByPath(path);
			if (!(n instanceof Dataset)) throw new FacemapException(file, "has no dataset " + path);
			Object data = ((Dataset) n).getData();
			return flatten(data);
		}
		catch (FacemapException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new FacemapException(file, "cannot read " + path + " (" + e.getMessage() + ")", e);
		}
	}

	private static float[] flatten(Object data) {
		if (data instanceof float[]) return (float[]) data;
		if (data instanceof double[]) {
			double[] d = (double[]) data;
			float[] f = new float[d.length];
			for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
			return f;
		}
		if (data instanceof Object[]) {
			Object[] rows = (Object[]) data;
			float[][] parts = new float[rows.length][];
			int n = 0;
			for (int i = 0; i < rows.length; i++) {
				parts[i] = flatten(rows[i]);
				n += parts[i].length;
			}
			float[] out = new float[n];
			int o = 0;
			for (float[] p : parts) {
				System.arraycopy(p, 0, out, o, p.length);
				o += p.length;
			}
			return out;
		}
		throw new IllegalArgumentException("not a float array: " + data.getClass());
	}
}
