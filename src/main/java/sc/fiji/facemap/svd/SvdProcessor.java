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
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.svd.ProcessingResult.Matrix;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.FramePrefetcher;
import sc.fiji.facemap.video.MultiViewSource;
import sc.fiji.facemap.video.VideoSource;

/**
 * The classic Facemap pipeline on one recording: subsampled mean frame and motion, chunked SVD with the merge step,
 * projection of every frame, motion energy, pupil, blink and running. Frames are read sequentially (three passes:
 * mean, SVD chunks, projection); memory does not grow with the video's length apart from the output traces
 * (nFrames x components per SVD region), and the pixels x frames chunk matrices live in native (libtorch) memory.
 */
public final class SvdProcessor {

	private SvdProcessor() {}

	/** Whether short recordings are decoded once (tests compare with the three-pass route). */
	static boolean cacheShortRecordings = true;

	/** Largest cache of binned frames (bytes) for short recordings. */
	private static final long CACHE_BYTES = 256L << 20;

	/** Rows of a pixels-wide block sent to libtorch at once (bounds the Java heap used for staging). */
	private static final int STAGING_VALUES = 4_000_000;

	/**
	 * Processes simultaneous views (one source per camera, each possibly a concatenation of sequential parts).
	 *
	 * @param views one source per view (equal frame counts, at least 2 frames), or one {@link MultiViewSource}
	 *        (processed view by view); not closed here
	 * @param filenames Facemap's file list for the output (outer: sequential parts, inner: views); may be empty
	 * @param rois ROIs in view coordinates
	 * @throws FacemapException naming the video when a ROI lies outside its view or the frames are too small
	 */
	public static ProcessingResult process(List<? extends VideoSource> views, List<List<Path>> filenames,
		List<RoiSpec> rois, SvdSettings settings, Progress progress)
	{
		return new Run(views, filenames, rois, settings, progress).run();
	}

	/** One region of the SVD: the full frame or a motion ROI. */
	private static final class Reg {
		String name;
		RoiSpec roi;
		int binH, binW, binY, binX;
		int[] idx; // indices into the concatenated binned frame
		float[] avgMot, avgMov;
		Merge mot, mov;
		NDArray uMot, uMov;
		float[] sMot, sMov;
		float[] motion;
		float[] vMot, vMov;
		int kMot, kMov;
		int npix() {
			return idx.length;
		}
	}

	/** Streaming merge of chunk SVDs: keeps U.S of the merge so far (pixels x at most kMerge). */
	private static final class Merge {
		NDArray acc, lastU;
		float[] lastS;
		int chunks;
	}

	private static final class Run {
		final List<? extends VideoSource> views;
		final List<List<Path>> filenames;
		final List<RoiSpec> rois;
		final SvdSettings s;
		final Progress progress;
		final boolean compat;
		final int nv, nframes, sbin;
		final int[] ly, lx, lyb, lxb, off;
		final int totalPix;
		final MultiViewSource.Placement placement;
		final List<Reg> regions = new ArrayList<>();
		final List<RoiSpec> pupils = new ArrayList<>(), blinks = new ArrayList<>(), runs = new ArrayList<>();
		double[] avgFrame, avgMotion; // concatenated, binned
		long done, total;
		int nChunks;
		/** Binned frames of the whole recording (sums of sbin x sbin), kept when it is short: one decode for all passes. */
		char[][] cache;

		Run(List<? extends VideoSource> views, List<List<Path>> filenames, List<RoiSpec> rois, SvdSettings s,
			Progress progress)
		{
			if (views.isEmpty()) throw new IllegalArgumentException("no views");
			// a tiled source (Recording.open() of several cameras) is processed view by view, as Facemap does
			if (views.size() == 1 && views.get(0) instanceof MultiViewSource) views = ((MultiViewSource) views.get(0)).views();
			this.views = views;
			this.filenames = filenames == null ? List.of() : filenames;
			this.rois = rois == null ? List.of() : List.copyOf(rois);
			this.s = s;
			this.progress = progress == null ? Progress.NONE : progress;
			this.compat = s.facemapCompatible();
			this.nv = views.size();
			this.sbin = s.sbin();
			this.nframes = views.get(0).frameCount();
			for (VideoSource v : views)
				if (v.frameCount() != nframes) throw new FacemapException(v.path(), v.frameCount() + " frames, but "
					+ views.get(0).path() + " has " + nframes + "; simultaneous views must have equal frame counts");
			if (nframes < 2) throw new FacemapException(views.get(0).path(), "has " + nframes
				+ " frame(s); motion needs at least 2");
			ly = new int[nv];
			lx = new int[nv];
			lyb = new int[nv];
			lxb = new int[nv];
			off = new int[nv];
			int o = 0;
			for (int i = 0; i < nv; i++) {
				VideoSource v = views.get(i);
				ly[i] = v.height();
				lx[i] = v.width();
				lyb[i] = ly[i] / sbin;
				lxb[i] = lx[i] / sbin;
				if (lyb[i] == 0 || lxb[i] == 0) throw new FacemapException(v.path(), "frames of " + lx[i] + " x " + ly[i]
					+ " are smaller than the bin size " + sbin);
				off[i] = o;
				o += lyb[i] * lxb[i];
			}
			totalPix = o;
			placement = MultiViewSource.placement(lyb, lxb);
			if (s.fullFrame()) {
				Reg r = new Reg();
				r.name = "full frame";
				r.binH = placement.height();
				r.binW = placement.width();
				r.idx = new int[totalPix];
				for (int i = 0; i < totalPix; i++) r.idx[i] = i;
				regions.add(r);
			}
			for (RoiSpec roi : this.rois) {
				if (roi.view() >= nv) throw new FacemapException(views.get(0).path(), "ROI " + roi.name() + " is in view "
					+ roi.view() + ", but the recording has " + nv + " view(s)");
				int v = roi.view();
				if (roi.x() + roi.width() > lx[v] || roi.y() + roi.height() > ly[v])
					throw new FacemapException(views.get(v).path(), "ROI " + roi.name() + " (x " + roi.x() + ", y " + roi.y()
						+ ", " + roi.width() + " x " + roi.height() + ") lies outside the " + lx[v] + " x " + ly[v] + " frame");
				switch (roi.kind()) {
					case MOTION -> regions.add(motionRegion(roi));
					case PUPIL -> pupils.add(roi);
					case BLINK -> blinks.add(roi);
					case RUNNING -> runs.add(roi);
				}
			}
		}

		private Reg motionRegion(RoiSpec roi) {
			int v = roi.view();
			int y0 = Math.floorDiv(roi.y(), sbin), x0 = Math.floorDiv(roi.x(), sbin), y1, x1;
			if (compat) {
				// Facemap: arange(floor(y0/sbin), floor(y_end/sbin)), arange(floor(x0/sbin), x_end/sbin), y_end/x_end
				// inclusive last pixel: one bin fewer in y than in x
				y1 = Math.floorDiv(roi.y() + roi.height() - 1, sbin);
				x1 = -Math.floorDiv(-(roi.x() + roi.width() - 1), sbin);
			}
			else {
				// every bin the ROI touches
				y1 = -Math.floorDiv(-(roi.y() + roi.height()), sbin);
				x1 = -Math.floorDiv(-(roi.x() + roi.width()), sbin);
			}
			y1 = Math.min(y1, lyb[v]);
			x1 = Math.min(x1, lxb[v]);
			if (y1 <= y0 || x1 <= x0) throw new FacemapException(views.get(v).path(), "motion ROI " + roi.name()
				+ " covers no " + sbin + " x " + sbin + " bin");
			Reg r = new Reg();
			r.name = roi.name();
			r.roi = roi;
			r.binY = y0;
			r.binX = x0;
			r.binH = y1 - y0;
			r.binW = x1 - x0;
			r.idx = new int[r.binH * r.binW];
			int q = 0;
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++) r.idx[q++] = off[v] + y * lxb[v] + x;
			return r;
		}

		ProcessingResult run() {
			boolean doSvd = s.anySvd() && !regions.isEmpty();
			boolean doMotion = compat ? s.motsvd() : s.motsvd() || s.motionEnergy();
			int nf = Math.min(s.meanFrames(), nframes), nt0m = Math.min(s.meanSegmentFrames(), nframes);
			int nsegM = Math.max(1, nf / nt0m);
			int nt0 = Math.min(s.svdChunkFrames(), nframes);
			nChunks = Math.max(1, Math.min((s.svdMaxChunks() * s.svdChunkFrames()) / nt0, nframes / nt0));
			total = nframes + (doSvd ? (long) nsegM * nt0m + (long) nChunks * nt0 : 0);
			try (NDManager nd = NDManager.newBaseManager()) {
				if (doSvd) {
					// a recording no longer than one SVD chunk is decoded once: its binned frames serve every pass
					long bytes = 2L * nframes * totalPix;
					if (cacheShortRecordings && nframes <= s.svdChunkFrames() && bytes <= CACHE_BYTES && (long) sbin * sbin * 255 < 65536) fillCache();
					mean(nsegM, nt0m);
					svd(nd, nt0);
				}
				project(nd, doMotion);
				return result();
			}
		}

		private void tick(long n, String msg) {
			done += n;
			progress.update(done, total, msg);
			progress.checkCanceled();
		}

		/** Facemap's floor(linspace(0, stop, num)). */
		private static int[] starts(int stop, int num) {
			int[] t = new int[num];
			if (num == 1) return t;
			double step = stop / (double) (num - 1);
			for (int i = 0; i < num; i++) t[i] = (int) Math.floor(i == num - 1 ? stop : i * step);
			return t;
		}

		/** Sums over sbin x sbin blocks of every view, concatenated. */
		private void bin(byte[][] frames, int[] out) {
			java.util.Arrays.fill(out, 0);
			for (int v = 0; v < nv; v++) {
				byte[] f = frames[v];
				int w = lx[v], bw = lxb[v], o = off[v];
				for (int r = 0; r < lyb[v] * sbin; r++) {
					int rb = o + (r / sbin) * bw, base = r * w;
					if (sbin == 1) {
						for (int c = 0; c < bw; c++) out[rb + c] += f[base + c] & 0xff;
					}
					else {
						for (int c = 0, p = base; c < bw; c++) {
							int acc = 0;
							for (int k = 0; k < sbin; k++) acc += f[p++] & 0xff;
							out[rb + c] += acc;
						}
					}
				}
			}
		}

		private void fillCache() {
			cache = new char[nframes][];
			int[] cur = new int[totalPix];
			try (Frames fr = new Frames(0, nframes)) {
				for (int t = 0; t < nframes; t++) {
					bin(fr.next(), cur);
					char[] c = new char[totalPix];
					for (int p = 0; p < totalPix; p++) c[p] = (char) cur[p];
					cache[t] = c;
				}
			}
		}

		/** Binned frame t: from the cache, or binned from the frames just read. */
		private void binned(int t, byte[][] frames, int[] out) {
			if (cache != null) {
				char[] c = cache[t];
				for (int p = 0; p < totalPix; p++) out[p] = c[p];
			}
			else bin(frames, out);
		}

		/** Frames [from, to), or nothing when the binned frames are cached and no raw frame is needed. */
		private Frames frames(int from, int to, boolean needRaw) {
			return cache != null && !needRaw ? new Frames() : new Frames(from, to);
		}

		/** Reads frames [from, to) of all views in lockstep. */
		private final class Frames implements AutoCloseable {
			final FramePrefetcher[] p = new FramePrefetcher[nv];
			final byte[][] cur = new byte[nv][];

			final boolean none;

			Frames(int from, int to) {
				none = false;
				for (int v = 0; v < nv; v++) p[v] = new FramePrefetcher(views.get(v), from, to, 1, 6);
			}

			/** No frames: every pass reads the cache. */
			Frames() {
				none = true;
			}

			byte[][] next() {
				if (none) return null;
				for (int v = 0; v < nv; v++) cur[v] = p[v].next();
				return cur;
			}

			@Override
			public void close() {
				for (FramePrefetcher f : p) if (f != null) f.close();
			}
		}

		private void mean(int nsegs, int nt0) {
			int[] tf = starts(nframes - nt0, nsegs);
			double[] af = new double[totalPix], am = new double[totalPix];
			int[] cur = new int[totalPix], prev = new int[totalPix];
			long[] sumF = new long[totalPix], sumM = new long[totalPix];
			double inv = 1.0 / (sbin * sbin);
			for (int seg = 0; seg < nsegs; seg++) {
				java.util.Arrays.fill(sumF, 0);
				java.util.Arrays.fill(sumM, 0);
				try (Frames fr = frames(tf[seg], tf[seg] + nt0, false)) {
					for (int i = 0; i < nt0; i++) {
						binned(tf[seg] + i, fr.next(), cur);
						for (int p = 0; p < totalPix; p++) {
							sumF[p] += cur[p];
							if (i > 0) sumM[p] += Math.abs(cur[p] - prev[p]);
						}
						int[] t = prev;
						prev = cur;
						cur = t;
					}
				}
				for (int p = 0; p < totalPix; p++) {
					af[p] += sumF[p] * inv / nt0;
					am[p] += sumM[p] * inv / (nt0 - 1);
				}
				tick(nt0, "mean frame");
			}
			avgFrame = new double[totalPix];
			avgMotion = new double[totalPix];
			for (int p = 0; p < totalPix; p++) {
				// float32 as Facemap stores them
				avgFrame[p] = (float) (af[p] / nsegs);
				avgMotion[p] = (float) (am[p] / nsegs);
			}
			for (Reg r : regions) {
				r.avgMot = new float[r.npix()];
				r.avgMov = new float[r.npix()];
				for (int i = 0; i < r.npix(); i++) {
					r.avgMot[i] = (float) avgMotion[r.idx[i]];
					r.avgMov[i] = (float) avgFrame[r.idx[i]];
				}
			}
		}

		/** Rows of (frames x region pixels) staged in the heap and handed to libtorch in blocks. */
		private static final class Rows {
			final NDManager m;
			final int width, blockRows;
			final float[] buf;
			int n;
			final NDList blocks = new NDList();

			Rows(NDManager m, int width) {
				this.m = m;
				this.width = width;
				this.blockRows = Math.max(1, Math.min(1000, STAGING_VALUES / Math.max(1, width)));
				this.buf = new float[blockRows * width];
			}

			float[] row() {
				if (n == blockRows) flush();
				return buf;
			}

			int offset() {
				return n * width;
			}

			void commit() {
				n++;
			}

			void flush() {
				if (n == 0) return;
				float[] b = n == blockRows ? buf : java.util.Arrays.copyOf(buf, n * width);
				blocks.add(m.create(b, new Shape(n, width)));
				n = 0;
			}

			NDArray finish() {
				flush();
				NDArray a = blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(blocks, 0);
				if (blocks.size() > 1) blocks.close();
				blocks.clear();
				return a;
			}
		}

		private void svd(NDManager nd, int nt0) {
			int[] tf = starts(nframes - nt0 - 1, nChunks);
			int nc = Math.min(s.chunkComponents(), nt0 - 1);
			if (nChunks == 1) nc = Math.min(s.nComponents(), nt0 - 1);
			for (Reg r : regions) {
				if (s.motsvd()) r.mot = new Merge();
				if (s.movsvd()) r.mov = new Merge();
			}
			int[] cur = new int[totalPix], prev = new int[totalPix];
			float inv = 1f / (sbin * sbin);
			for (int c = 0; c < nChunks; c++) {
				int from = Math.max(0, tf[c]), to = Math.min(nframes, from + nt0);
				try (NDManager chunk = nd.newSubManager()) {
					Rows[] mot = new Rows[regions.size()], mov = new Rows[regions.size()];
					for (int i = 0; i < regions.size(); i++) {
						if (s.motsvd()) mot[i] = new Rows(chunk, regions.get(i).npix());
						if (s.movsvd()) mov[i] = new Rows(chunk, regions.get(i).npix());
					}
					try (Frames fr = frames(from, to, false)) {
						for (int t = from; t < to; t++) {
							binned(t, fr.next(), cur);
							if (t > from) {
								for (int i = 0; i < regions.size(); i++) {
									Reg r = regions.get(i);
									int[] idx = r.idx;
									if (mot[i] != null) {
										float[] b = mot[i].row();
										int o = mot[i].offset();
										for (int p = 0; p < idx.length; p++)
											b[o + p] = (float) ((double) Math.abs(cur[idx[p]] - prev[idx[p]]) * inv - r.avgMot[p]);
										mot[i].commit();
									}
									if (mov[i] != null) {
										float[] b = mov[i].row();
										int o = mov[i].offset();
										for (int p = 0; p < idx.length; p++)
											b[o + p] = (float) ((double) cur[idx[p]] * inv - r.avgMov[p]);
										mov[i].commit();
									}
								}
							}
							int[] tmp = prev;
							prev = cur;
							cur = tmp;
						}
					}
					for (int i = 0; i < regions.size(); i++) {
						Reg r = regions.get(i);
						int k = Math.min(nc, r.npix());
						if (mot[i] != null) addChunk(nd, r.mot, mot[i].finish(), k, r.npix());
						if (mov[i] != null) addChunk(nd, r.mov, mov[i].finish(), k, r.npix());
					}
				}
				tick(to - from, "SVD chunks"); // one stage text for all chunks, so the progress clock and rate carry on
			}
			for (Reg r : regions) {
				if (r.mot != null) {
					r.uMot = masks(r.mot);
					r.sMot = r.mot.lastS;
				}
				if (r.mov != null) {
					r.uMov = masks(r.mov);
					r.sMov = r.mov.lastS;
				}
			}
		}

		private void addChunk(NDManager nd, Merge mg, NDArray xt, int k, int npix) {
			LowRank.Svd svd = LowRank.svd(nd, xt, Math.min(k, (int) xt.getShape().get(0)), compat);
			xt.close();
			NDArray us = svd.u().mul(nd.create(svd.s()));
			mg.chunks++;
			if (mg.acc == null) {
				mg.acc = us;
				mg.lastU = svd.u();
				mg.lastS = svd.s();
				return;
			}
			svd.close();
			NDArray cat = mg.acc.concat(us, 1);
			mg.acc.close();
			us.close();
			if (mg.lastU != null) mg.lastU.close();
			int kMerge = Math.min(s.nComponents(), compat ? npix - 1 : npix);
			LowRank.Svd m = LowRank.svd(nd, cat.transpose(), Math.max(1, kMerge), false);
			cat.close();
			mg.acc = m.u().mul(nd.create(m.s()));
			mg.lastU = m.u();
			mg.lastS = m.s();
		}

		private NDArray masks(Merge mg) {
			if (mg.chunks == 1 && compat) {
				mg.lastU.close();
				return mg.acc; // Facemap keeps U.S when no merge runs
			}
			mg.acc.close();
			return mg.lastU;
		}

		// projection pass ------------------------------------------------------------------------------------------

		private List<ProcessingResult.Pupil> pupilOut = new ArrayList<>();
		private List<ProcessingResult.Blink> blinkOut = new ArrayList<>();
		private List<ProcessingResult.Running> runOut = new ArrayList<>();

		private void project(NDManager nd, boolean doMotion) {
			int n = nframes;
			float inv = 1f / (sbin * sbin);
			int B = s.projectionChunkFrames();
			for (Reg r : regions) {
				if (doMotion) r.motion = new float[n];
				if (r.uMot != null) {
					r.kMot = (int) r.uMot.getShape().get(1);
					r.vMot = new float[n * r.kMot];
				}
				if (r.uMov != null) {
					r.kMov = (int) r.uMov.getShape().get(1);
					r.vMov = new float[n * r.kMov];
				}
			}
			boolean needBin = regions.stream().anyMatch(r -> r.motion != null || r.uMot != null || r.uMov != null);
			// pupil, blink, running state
			int np = pupils.size();
			double[][] pArea = new double[np][n], pCom = new double[np][2 * n], pDir = new double[np][4 * n],
				pLen = new double[np][2 * n];
			boolean[][] pIn = new boolean[np][], pMiss = new boolean[np][];
			for (int i = 0; i < np; i++) {
				pIn[i] = pupils.get(i).ellipseMask();
				boolean[] m = pupils.get(i).reflectorMask();
				boolean any = false;
				for (boolean b : m) any |= b;
				pMiss[i] = any ? m : null;
			}
			double[][] bl = new double[blinks.size()][n];
			boolean[][] bIn = new boolean[blinks.size()][];
			for (int i = 0; i < blinks.size(); i++) bIn[i] = blinks.get(i).ellipseMask();
			List<PhaseCorrelation> pc = new ArrayList<>();
			double[][] rdy = new double[runs.size()][n], rdx = new double[runs.size()][n];
			float[][][] rbatch = new float[runs.size()][][];
			for (RoiSpec r : runs) pc.add(new PhaseCorrelation(nd, r.height(), r.width(), !compat));
			int batchStart = 0, inBatch = 0;
			for (int i = 0; i < runs.size(); i++) rbatch[i] = new float[B][];

			// projection staging per region
			Rows[] mot = new Rows[regions.size()], mov = new Rows[regions.size()];
			int[] motStart = new int[regions.size()], movStart = new int[regions.size()];
			int[] cur = new int[totalPix], prev = new int[totalPix];
			boolean needRaw = np > 0 || !blinks.isEmpty() || !runs.isEmpty();
			// Facemap's white-out of pupil/blink ROIs changes what is binned here: bin the raw frames then
			if (compat && (np > 0 || !blinks.isEmpty())) cache = null;
			try (NDManager proj = nd.newSubManager(); Frames fr = frames(0, n, needRaw)) {
				for (int t = 0; t < n; t++) {
					byte[][] frames = fr.next();
					for (int i = 0; i < np; i++) pupilFrame(i, frames, t, pIn[i], pMiss[i], pArea, pCom, pDir, pLen);
					for (int i = 0; i < blinks.size(); i++) bl[i][t] = blink(blinks.get(i), frames, bIn[i]);
					if (compat) {
						// Facemap writes 255 outside the ellipse of pupil and blink ROIs into the frames it then bins
						// and uses for running (its crops are numpy views): motion there is lost
						for (int i = 0; i < np; i++) whiteOutside(pupils.get(i), frames, pIn[i]);
						for (int i = 0; i < blinks.size(); i++) whiteOutside(blinks.get(i), frames, bIn[i]);
					}
					for (int i = 0; i < runs.size(); i++) rbatch[i][inBatch] = crop(runs.get(i), frames);
					inBatch++;
					if (inBatch == B || t == n - 1) {
						for (int i = 0; i < runs.size(); i++) {
							float[][] b = java.util.Arrays.copyOf(rbatch[i], inBatch);
							double[] dy = new double[inBatch], dx = new double[inBatch];
							pc.get(i).process(b, dy, dx);
							System.arraycopy(dy, 0, rdy[i], batchStart, inBatch);
							System.arraycopy(dx, 0, rdx[i], batchStart, inBatch);
						}
						batchStart += inBatch;
						inBatch = 0;
					}
					if (needBin) {
						binned(t, frames, cur);
						for (int ri = 0; ri < regions.size(); ri++) {
							Reg r = regions.get(ri);
							int[] idx = r.idx;
							if (t > 0 && r.motion != null) {
								long sum = 0;
								for (int p : idx) sum += Math.abs(cur[p] - prev[p]);
								int at = compat && t < B ? t - 1 : t;
								r.motion[at] = (float) (sum * (double) inv);
							}
							if (t > 0 && r.uMot != null) {
								if (mot[ri] == null) {
									mot[ri] = new Rows(proj, idx.length);
									motStart[ri] = t;
								}
								float[] b = mot[ri].row();
								int o = mot[ri].offset();
								for (int p = 0; p < idx.length; p++)
									b[o + p] = (float) ((double) Math.abs(cur[idx[p]] - prev[idx[p]]) * inv - r.avgMot[p]);
								mot[ri].commit();
								if (mot[ri].n == mot[ri].blockRows || t == n - 1) {
									projectRows(mot[ri], r.uMot, r.vMot, r.kMot, motStart[ri]);
									motStart[ri] = t + 1;
								}
							}
							if ((t > 0 || !compat) && r.uMov != null) {
								if (mov[ri] == null) {
									mov[ri] = new Rows(proj, idx.length);
									movStart[ri] = t;
								}
								float[] b = mov[ri].row();
								int o = mov[ri].offset();
								for (int p = 0; p < idx.length; p++) b[o + p] = (float) ((double) cur[idx[p]] * inv - r.avgMov[p]);
								mov[ri].commit();
								if (mov[ri].n == mov[ri].blockRows || t == n - 1) {
									projectRows(mov[ri], r.uMov, r.vMov, r.kMov, movStart[ri]);
									movStart[ri] = t + 1;
								}
							}
						}
						int[] tmp = prev;
						prev = cur;
						cur = tmp;
					}
					if ((t + 1) % 100 == 0 || t == n - 1) tick((t + 1) % 100 == 0 ? 100 : (t + 1) % 100, "projection");
				}
			}
			finally {
				for (PhaseCorrelation p : pc) p.close();
			}
			for (Reg r : regions) {
				if (r.vMot != null) System.arraycopy(r.vMot, r.kMot, r.vMot, 0, r.kMot); // V[0] = V[1]
				if (r.vMov != null && compat) System.arraycopy(r.vMov, r.kMov, r.vMov, 0, r.kMov);
				if (r.motion != null && !compat) r.motion[0] = r.motion[1];
			}
			for (int i = 0; i < np; i++) {
				RoiSpec roi = pupils.get(i);
				boolean zero = compat;
				double[] as = PupilFit.smooth(pArea[i], s.pupilSmoothWindow(), zero);
				double[] cy = new double[n], cx = new double[n];
				for (int t = 0; t < n; t++) {
					cy[t] = pCom[i][2 * t];
					cx[t] = pCom[i][2 * t + 1];
				}
				cy = PupilFit.smooth(cy, s.pupilSmoothWindow(), zero);
				cx = PupilFit.smooth(cx, s.pupilSmoothWindow(), zero);
				double[] cs = new double[2 * n];
				for (int t = 0; t < n; t++) {
					cs[2 * t] = cy[t];
					cs[2 * t + 1] = cx[t];
				}
				pupilOut.add(new ProcessingResult.Pupil(roi, pArea[i], pCom[i], pDir[i], pLen[i], as, cs));
			}
			for (int i = 0; i < blinks.size(); i++) blinkOut.add(new ProcessingResult.Blink(blinks.get(i), bl[i]));
			for (int i = 0; i < runs.size(); i++) runOut.add(new ProcessingResult.Running(runs.get(i), rdy[i], rdx[i]));
		}

		private void projectRows(Rows rows, NDArray u, float[] v, int k, int start) {
			int nr = rows.n;
			if (nr == 0) return;
			try (NDManager m = rows.m.newSubManager()) {
				NDArray x = m.create(nr == rows.blockRows ? rows.buf : java.util.Arrays.copyOf(rows.buf, nr * rows.width),
					new Shape(nr, rows.width));
				float[] out = x.matMul(u).toFloatArray();
				System.arraycopy(out, 0, v, start * k, nr * k);
			}
			rows.n = 0;
		}

		private void whiteOutside(RoiSpec r, byte[][] frames, boolean[] in) {
			byte[] f = frames[r.view()];
			int w = lx[r.view()];
			for (int y = 0; y < r.height(); y++)
				for (int x = 0; x < r.width(); x++)
					if (!in[y * r.width() + x]) f[(r.y() + y) * w + r.x() + x] = (byte) 255;
		}

		private static byte[] cropBytes(RoiSpec r, byte[] frame, int w) {
			byte[] c = new byte[r.width() * r.height()];
			for (int y = 0; y < r.height(); y++)
				System.arraycopy(frame, (r.y() + y) * w + r.x(), c, y * r.width(), r.width());
			return c;
		}

		private float[] crop(RoiSpec r, byte[][] frames) {
			byte[] c = cropBytes(r, frames[r.view()], lx[r.view()]);
			float[] f = new float[c.length];
			for (int i = 0; i < c.length; i++) f[i] = c[i] & 0xff;
			return f;
		}

		private double blink(RoiSpec r, byte[][] frames, boolean[] in) {
			byte[] c = cropBytes(r, frames[r.view()], lx[r.view()]);
			double sum = 0;
			for (int i = 0; i < c.length; i++) if (in[i]) sum += Math.max(0, r.saturation() - (c[i] & 0xff));
			return sum;
		}

		private void pupilFrame(int i, byte[][] frames, int t, boolean[] in, boolean[] miss, double[][] area,
			double[][] com, double[][] dir, double[][] len)
		{
			RoiSpec r = pupils.get(i);
			byte[] c = cropBytes(r, frames[r.view()], lx[r.view()]);
			double[] im = PupilFit.contrast(c, in, r.saturation(), r.brightPupil());
			double sigma = Double.isNaN(r.pupilSigma()) ? s.pupilSigma() : r.pupilSigma();
			PupilFit.Fit f = PupilFit.fit(im, r.width(), r.height(), sigma, miss);
			area[i][t] = f.area();
			com[i][2 * t] = f.comRow();
			com[i][2 * t + 1] = f.comCol();
			System.arraycopy(f.axlen(), 0, len[i], 2 * t, 2);
			System.arraycopy(f.axdir(), 0, dir[i], 4 * t, 4);
		}

		private ProcessingResult result() {
			List<float[]> af = new ArrayList<>(), am = new ArrayList<>();
			for (int v = 0; v < nv; v++) {
				int np = lyb[v] * lxb[v];
				float[] a = new float[np], b = new float[np];
				if (avgFrame != null) for (int p = 0; p < np; p++) {
					a[p] = (float) avgFrame[off[v] + p];
					b[p] = (float) avgMotion[off[v] + p];
				}
				af.add(a);
				am.add(b);
			}
			List<ProcessingResult.Region> out = new ArrayList<>();
			float[] fMot = null, fMov = null;
			if (compat) {
				fMot = new float[500];
				fMov = new float[500];
			}
			for (Reg r : regions) {
				Matrix vm = r.vMot == null ? null : new Matrix(nframes, r.kMot, r.vMot);
				Matrix um = r.uMot == null ? null : new Matrix(r.npix(), r.kMot, r.uMot.toFloatArray());
				Matrix vv = r.vMov == null ? null : new Matrix(nframes, r.kMov, r.vMov);
				Matrix uv = r.uMov == null ? null : new Matrix(r.npix(), r.kMov, r.uMov.toFloatArray());
				if (compat && r.mot != null && r.mot.chunks > 1) fMot = r.sMot.clone();
				if (compat && r.mov != null && r.mov.chunks > 1) fMov = r.sMov.clone();
				out.add(new ProcessingResult.Region(r.name, r.roi, r.binH, r.binW, r.binY, r.binX, r.motion, vm, um, r.sMot,
					vv, uv, r.sMov));
			}
			if (!s.fullFrame()) out.add(0, null);
			return new ProcessingResult(filenames, nframes, views.get(0).fps(), s, ly.clone(), lx.clone(), lyb.clone(),
				lxb.clone(), placement.sy(), placement.sx(), placement.height(), placement.width(), af, am, out, pupilOut,
				blinkOut, runOut, rois, fMot, fMov);
		}
	}
}
