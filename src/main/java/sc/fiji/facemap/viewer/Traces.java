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

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.svd.ProcNpy;

/**
 * The rows of trace plots for {@link Results}: per keypoint group (eye, nose, whiskers, mouth, paw) one axes for x
 * and one for y (px), each series in its keypoint's palette colour; then, when processing results exist, the first
 * motion SVD components, motion energy, pupil area, blink and running; then the neural prediction. Series without
 * any value (all NaN) are left out, and so are rows left without series.
 */
public final class Traces {

	/** Which coordinates of the keypoints get rows. */
	public enum Coordinates {
		BOTH, X, Y
	}

	/** Motion SVD components shown. */
	public static final int SVD_COMPONENTS = 3;

	/** Colours of the series that are not keypoints (dark, saturated, readable on white). */
	private static final int[] OTHER = { 0x1F5FBF, 0xC0392B, 0x1E8449, 0x7D3C98, 0xB9770E };

	private Traces() {}

	/** Every row for {@code r}: keypoints (only those with {@code traceShown}), then processing and neural rows. */
	public static List<TraceRow> rows(Results r, Coordinates coords, IntPredicate traceShown) {
		List<TraceRow> rows = new ArrayList<>();
		if (r.keypoints() != null) rows.addAll(keypointRows(r.keypoints(), r.firstFrame(), coords, traceShown));
		if (r.proc() != null) rows.addAll(procRows(r.proc()));
		if (r.neural() != null) rows.addAll(neuralRows(r.neural()));
		return rows;
	}

	/**
	 * Per group two rows, "eye x" and "eye y" (px), in group order; keypoint k is left out when
	 * {@code traceShown.test(k)} is false or all its values are NaN.
	 */
	public static List<TraceRow> keypointRows(Keypoints kp, int firstFrame, Coordinates coords, IntPredicate traceShown) {
		Map<KeypointGroup, List<Integer>> groups = new EnumMap<>(KeypointGroup.class);
		for (int k = 0; k < kp.keypoints(); k++) {
			if (traceShown != null && !traceShown.test(k)) continue;
			groups.computeIfAbsent(KeypointGroup.of(kp.keypointSet().name(k)), g -> new ArrayList<>()).add(k);
		}
		List<TraceRow> rows = new ArrayList<>();
		for (Map.Entry<KeypointGroup, List<Integer>> e : groups.entrySet()) {
			for (int c = 0; c < 2; c++) {
				if (coords == Coordinates.X && c == 1 || coords == Coordinates.Y && c == 0) continue;
				List<Trace> ts = new ArrayList<>();
				for (int k : e.getValue()) {
					String name = kp.keypointSet().name(k);
					Trace t = new Trace(name, KeypointPalette.rgb(name), kp.trace(k, c), firstFrame);
					if (t.hasData()) ts.add(t);
				}
				String axis = c == 0 ? "x" : "y";
				if (!ts.isEmpty()) rows.add(new TraceRow("keypoints:" + e.getKey().label() + ":" + axis, e.getKey()
					.label() + " " + axis, "px", ts));
			}
		}
		return rows;
	}

	/**
	 * From a {@code _proc.npy}: the first {@link #SVD_COMPONENTS} motion SVD components of the whole frame (or of the
	 * first region), the motion energy, each pupil's area (px²), each blink trace and each running ROI's dy, dx
	 * (px/frame).
	 */
	public static List<TraceRow> procRows(ProcNpy.Contents p) {
		List<TraceRow> rows = new ArrayList<>();
		int regions = p.count("motSVD");
		for (int i = 0; i < regions; i++) {
			Tensor t = p.motSvd(i);
			if (t.rank() != 2 || t.shape()[1] == 0) continue;
			int n = (int) t.shape()[0], k = (int) t.shape()[1];
			float[] all = t.floats();
			List<Trace> ts = new ArrayList<>();
			for (int c = 0; c < Math.min(SVD_COMPONENTS, k); c++) {
				float[] v = new float[n];
				for (int f = 0; f < n; f++) v[f] = all[f * k + c];
				Trace tr = new Trace("SVD " + (c + 1), OTHER[c % OTHER.length], v, 0);
				if (tr.hasData()) ts.add(tr);
			}
			if (!ts.isEmpty()) {
				rows.add(new TraceRow("proc:motsvd" + i, i == 0 ? "motion SVD" : "motion SVD (ROI " + i + ")", "a.u.",
					ts));
				break; // one SVD row: the whole frame, or the first ROI when there is no full-frame SVD
			}
		}
		if (p.count("motion") > 0) {
			Trace me = new Trace("motion energy", OTHER[0], p.motion(0).floats(), 0);
			if (me.hasData()) rows.add(new TraceRow("proc:motion", "motion energy", "a.u.", List.of(me)));
		}
		List<?> pupils = list(p.dict().get("pupil"));
		for (int i = 0; i < pupils.size(); i++) {
			if (!(pupils.get(i) instanceof Map)) continue;
			Object area = ((Map<?, ?>) pupils.get(i)).get("area");
			if (!(area instanceof Tensor)) continue;
			Trace t = new Trace("pupil area", OTHER[1], floats((Tensor) area), 0);
			if (t.hasData()) rows.add(new TraceRow("proc:pupil" + i, pupils.size() > 1 ? "pupil " + (i + 1) : "pupil",
				"px²", List.of(t)));
		}
		List<?> blinks = list(p.dict().get("blink"));
		for (int i = 0; i < blinks.size(); i++) {
			if (!(blinks.get(i) instanceof Tensor)) continue;
			Trace t = new Trace("blink", OTHER[3], floats((Tensor) blinks.get(i)), 0);
			if (t.hasData()) rows.add(new TraceRow("proc:blink" + i, blinks.size() > 1 ? "blink " + (i + 1) : "blink",
				"a.u.", List.of(t)));
		}
		List<?> running = list(p.dict().get("running"));
		for (int i = 0; i < running.size(); i++) {
			if (!(running.get(i) instanceof Tensor)) continue;
			Tensor t = (Tensor) running.get(i);
			if (t.rank() != 2 || t.shape()[1] != 2) continue;
			double[] d = t.doubles();
			int n = (int) t.shape()[0];
			float[] dy = new float[n], dx = new float[n];
			for (int f = 0; f < n; f++) {
				dy[f] = (float) d[2 * f];
				dx[f] = (float) d[2 * f + 1];
			}
			rows.add(new TraceRow("proc:running" + i, running.size() > 1 ? "running " + (i + 1) : "running",
				"px/frame", List.of(new Trace("dy", OTHER[0], dy, 0), new Trace("dx", OTHER[2], dx, 0))));
		}
		return rows;
	}

	/**
	 * From Facemap's {@code neural_predictions.npy}: the mean prediction over neurons, placed on video frames by
	 * {@code plot_extent} (neural sample j at frame j * lastFrame / (samples - 1)), nearest sample per frame.
	 */
	public static List<TraceRow> neuralRows(Map<String, Object> d) {
		Object p = d.get("predictions");
		if (!(p instanceof Tensor) || ((Tensor) p).rank() != 2) return List.of();
		Tensor t = (Tensor) p;
		int neurons = (int) t.shape()[0], samples = (int) t.shape()[1];
		if (neurons == 0 || samples == 0) return List.of();
		double[] v = t.doubles();
		double[] mean = new double[samples];
		for (int i = 0; i < neurons; i++)
			for (int j = 0; j < samples; j++) mean[j] += v[i * samples + j] / neurons;
		int lastFrame = samples - 1;
		Object ext = d.get("plot_extent");
		if (ext instanceof Tensor && ((Tensor) ext).size() >= 3) lastFrame = (int) Math.max(0, ((Tensor) ext).doubles()[2]);
		float[] perFrame = new float[lastFrame + 1];
		for (int f = 0; f <= lastFrame; f++) {
			int j = lastFrame == 0 ? 0 : (int) Math.round(f * (samples - 1.0) / lastFrame);
			perFrame[f] = (float) mean[Math.min(samples - 1, j)];
		}
		Trace tr = new Trace(String.format(Locale.ROOT, "mean of %d neurons", neurons), OTHER[4], perFrame, 0);
		return tr.hasData() ? List.of(new TraceRow("neural", "neural prediction", "a.u.", List.of(tr))) : List.of();
	}

	private static List<?> list(Object o) {
		return o instanceof List ? (List<?>) o : List.of();
	}

	private static float[] floats(Tensor t) {
		return t.floats();
	}
}
