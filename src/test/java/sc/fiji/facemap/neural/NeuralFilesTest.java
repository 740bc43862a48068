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
package sc.fiji.facemap.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.MatFiles;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/** Building NeuralInputs from files: formats, layouts, timestamps, and every bad input with its message. */
class NeuralFilesTest {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "../shared")).resolve("data");
	static final Path FIX = Paths.get("src/test/resources/reference/neural-inputs");

	@TempDir
	Path tmp;

	/** [rows][cols] random matrix, seeded. */
	static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] f = new float[n];
		for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
		return f;
	}

	Path npy(String name, long[] shape, float[] data) {
		Path f = tmp.resolve(name);
		Npy.write(f, Tensor.ofFloats(shape, data));
		return f;
	}

	Path npy(String name, double... data) {
		Path f = tmp.resolve(name);
		Npy.write(f, Tensor.ofDoubles(new long[] { data.length }, data));
		return f;
	}

	static double[] range(int n, double start, double step) {
		double[] d = new double[n];
		for (int i = 0; i < n; i++) d[i] = start + i * step;
		return d;
	}

	static FacemapException fails(NeuralSources s) {
		return assertThrows(FacemapException.class, () -> NeuralFiles.load(s, null));
	}

	static void has(Throwable e, String... parts) {
		for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
	}

	static boolean anyNotice(NeuralFiles.Loaded l, String part) {
		return l.notices().stream().anyMatch(n -> n.contains(part));
	}

	@Test
	void npyConventionsAndTheSameTimeSpanNotice() {
		Path b = npy("beh.npy", new long[] { 200, 3 }, random(600, 1));
		Path n = npy("spks.npy", new long[] { 7, 50 }, random(350, 2));
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(b.toString(), n.toString()), null);
		assertEquals(200, l.inputs().frames());
		assertEquals(3, l.inputs().features());
		assertEquals(7, l.inputs().neurons());
		assertEquals(50, l.inputs().samples());
		assertNull(l.inputs().behaviorTimes());
		assertTrue(anyNotice(l, "no timestamps: both streams are taken to span the same time"), l.notices().toString());
		assertTrue(anyNotice(l, "taken as neurons-by-time"), l.notices().toString());
		// z-scored behaviour
		double s = 0, ss = 0;
		for (float[] r : l.inputs().behavior()) {
			s += r[0];
			ss += r[0] * r[0];
		}
		assertEquals(0, s / 200, 1e-5);
		assertEquals(1, ss / 200, 1e-4);
		// the neural values are the file's (no normalisation here)
		assertEquals(random(350, 2)[1], l.inputs().neural()[0][1], 0);
	}

	@Test
	void timestampsDecideTheAxisAndCropOutsideSamples() {
		Path b = npy("beh.npy", new long[] { 100, 2 }, random(200, 3));
		Path n = npy("n.npy", new long[] { 40, 5 }, random(200, 4)); // time x neurons: the timestamps say so
		Path tb = npy("tb.npy", range(100, 0, 0.1)); // 0 .. 9.9 s
		Path tn = npy("tn.npy", range(40, -1, 0.3)); // -1 .. 10.7 s: 4 before, 3 after the behaviour
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(b.toString(), n.toString()).withTimes(tb.toString(), tn.toString()), null);
		assertEquals(5, l.inputs().neurons());
		assertEquals(33, l.inputs().samples());
		assertEquals(-1 + 4 * 0.3, l.inputs().neuralTimes()[0], 1e-9);
		assertTrue(anyNotice(l, "7 of 40 neural samples lie outside the behaviour's time span"), l.notices().toString());
	}

	@Test
	void badTimestamps() {
		Path b = npy("beh.npy", new long[] { 100, 2 }, random(200, 3));
		Path n = npy("n.npy", new long[] { 5, 40 }, random(200, 4));
		Path tb = npy("tb.npy", range(100, 0, 0.1));
		double[] bad = range(40, 0, 0.2);
		bad[17] = bad[16];
		Path tnRepeat = npy("rep.npy", bad);
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(tb.toString(), tnRepeat.toString())), "rep.npy", "not strictly increasing: value 17");
		Path tnFar = npy("far.npy", range(40, 100, 0.2));
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(tb.toString(), tnFar.toString())), "far.npy", "do not overlap");
		Path tnShort = npy("short.npy", range(39, 0, 0.2));
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(tb.toString(), tnShort.toString())), "short.npy", "5 x 40", "39 values; neither axis matches");
		Path tbShort = npy("tbs.npy", range(90, 0, 0.1));
		Path tn = npy("tn.npy", range(40, 0, 0.2));
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(tbShort.toString(), tn.toString())), "tbs.npy", "90 values");
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(tb.toString(), null)), "tb.npy", "neural timestamps are not", "--neural-times");
		Path nanT = npy("nan.npy", 0, Double.NaN, 2);
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(nanT.toString(), tn.toString())), "nan.npy", "value 1 is NaN");
		Path t2 = npy("t2.npy", new long[] { 2, 50 }, random(100, 1));
		has(fails(NeuralSources.of(b.toString(), n.toString()).withTimes(t2.toString(), tn.toString())), "t2.npy", "should be a 1-D array");
	}

	@Test
	void constantAndNanColumns() {
		float[] beh = random(300, 5); // 100 x 3
		for (int t = 0; t < 100; t++) beh[t * 3 + 1] = 2.5f; // constant feature 1
		beh[3 * 10] = Float.NaN; // one NaN in feature 0
		beh[3 * 11] = Float.NaN;
		float[] neu = random(4 * 100, 6); // 4 neurons x 100
		for (int t = 0; t < 100; t++) {
			neu[2 * 100 + t] = 0; // neuron 2 silent
			neu[3 * 100 + t] = Float.NaN; // neuron 3 all NaN
		}
		Path b = npy("beh.npy", new long[] { 100, 3 }, beh);
		Path n = npy("n.npy", new long[] { 4, 100 }, neu);
		Path pos = npy("pos.npy", new long[] { 4, 2 }, new float[] { 0, 1, 10, 11, 20, 21, 30, 31 });
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(b.toString(), n.toString()).withPositions(pos.toString()), null);
		assertEquals(2, l.inputs().features());
		assertEquals(List.of("f0", "f2"), l.inputs().featureNames());
		assertArrayEquals(new int[] { 0, 1 }, l.neuronIndices());
		assertEquals(4, l.originalNeurons());
		assertArrayEquals(new float[] { 10, 11 }, l.inputs().positions()[1], 0);
		assertTrue(anyNotice(l, "warning: behaviour: 1 constant feature dropped: 1"), l.notices().toString());
		assertTrue(anyNotice(l, "warning: neural activity: 1 constant neuron dropped: 2"), l.notices().toString());
		assertTrue(anyNotice(l, "warning: neural activity: 1 neuron is NaN throughout and dropped: 3"), l.notices().toString());
		assertTrue(anyNotice(l, "behaviour: 2 NaN values in 1 feature filled by linear interpolation"), l.notices().toString());
		for (float[] r : l.inputs().behavior()) assertTrue(Float.isFinite(r[0]));
		// interpolated halfway: raw values 9 and 12 bracket the NaNs at 10, 11
		float[] raw = random(300, 5);
		double expect10 = raw[27] + (raw[36] - raw[27]) / 3.0;
		double mean = 0;
		int k = 0;
		double[] col = new double[100];
		for (int t = 0; t < 100; t++) col[t] = t == 10 ? expect10 : t == 11 ? raw[27] + 2 * (raw[36] - raw[27]) / 3.0 : raw[t * 3];
		for (double c : col) mean += c / 100;
		double var = 0;
		for (double c : col) var += (c - mean) * (c - mean) / 100;
		assertEquals((expect10 - mean) / Math.sqrt(var), l.inputs().behavior()[10][0], 1e-4);
		assertEquals(0, k);
	}

	@Test
	void everyNeuronConstantOrInfinite() {
		Path b = npy("beh.npy", new long[] { 50, 2 }, random(100, 1));
		Path n = npy("n.npy", new long[] { 2, 50 }, new float[100]);
		has(fails(NeuralSources.of(b.toString(), n.toString())), "n.npy", "no neuron is left");
		float[] inf = random(100, 2);
		inf[7] = Float.POSITIVE_INFINITY;
		Path ni = npy("inf.npy", new long[] { 2, 50 }, inf);
		has(fails(NeuralSources.of(b.toString(), ni.toString())), "inf.npy", "neuron 0 is Infinity at sample 7");
	}

	@Test
	void ambiguousShapesNameTheOption() {
		Path b = npy("beh.npy", new long[] { 50, 2 }, random(100, 1));
		// a square neural matrix whose both axes match the behaviour's 50 frames
		Path sq = npy("sq.npy", new long[] { 50, 50 }, random(2500, 2));
		has(fails(NeuralSources.of(b.toString(), sq.toString())), "sq.npy", "(50 x 50) share more than one length", "neural_layout (--neural-layout)");
		// given: fine
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(b.toString(), sq.toString()).withLayouts(InputLayout.AUTO, InputLayout.FEATURE_BY_TIME), null);
		assertEquals(50, l.inputs().neurons());
		// a .mat matrix with no evidence either way
		Path m = tmp.resolve("n.mat");
		MatFiles.write(m, Map.of("X", Tensor.ofFloats(new long[] { 30, 6 }, random(180, 3))));
		has(fails(NeuralSources.of(b.toString(), m + ":X")), "n.mat", "cannot tell which axis of the neural activity matrix (30 x 6) is time", "--neural-layout");
		// timestamps that fit both axes
		Path t = npy("t.npy", range(50, 0, 1));
		Path tn = npy("tn.npy", range(50, 0, 1));
		has(fails(NeuralSources.of(b.toString(), sq.toString()).withTimes(t.toString(), tn.toString())), "sq.npy", "either axis could be time", "--neural-layout");
	}

	@Test
	void positionsMustMatchTheNeurons() {
		Path b = npy("beh.npy", new long[] { 50, 2 }, random(100, 1));
		Path n = npy("n.npy", new long[] { 3, 50 }, random(150, 2));
		Path pos = npy("pos.npy", new long[] { 4, 2 }, random(8, 3));
		has(fails(NeuralSources.of(b.toString(), n.toString()).withPositions(pos.toString())), "pos.npy", "4 x 2 but there are 3 neurons");
		Path posT = npy("posT.npy", new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 });
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(b.toString(), n.toString()).withPositions(posT.toString()), null);
		assertArrayEquals(new float[] { 2, 5 }, l.inputs().positions()[1], 0);
	}

	@Test
	void matStructFieldsWithTrialCells() {
		// the fixture holds D.neuron1, D.neuron2, D.speed as 1 x 3 cells of 4-sample trials
		Path f = FIX.resolve("v5_struct.mat");
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(f + ":D.speed", f + ":D.neuron*"), null);
		assertEquals(2, l.inputs().neurons());
		assertEquals(12, l.inputs().samples());
		assertArrayEquals(new int[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, l.inputs().trialIds());
		assertEquals(111, l.inputs().neural()[1][5], 0); // neuron2 trial 1 sample 1 = 100 + 10 + 1
		assertEquals(List.of("D.speed"), l.inputs().featureNames());
		assertTrue(anyNotice(l, "3 trials of 4 samples"), l.notices().toString());
		has(fails(NeuralSources.of(f + ":D.speed", f + ":D.cell*")), "'D.cell*' matches nothing", "D.neuron1");
		has(fails(NeuralSources.of(f + ":D", f + ":spikes")), "'D' is a struct", "neuron1, neuron2, speed");
	}

	@Test
	void mismatchedSeriesLengths() {
		Path m = tmp.resolve("m.mat");
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("a", Tensor.ofDoubles(new long[] { 10, 1 }, range(10, 0, 1)));
		vars.put("b", Tensor.ofDoubles(new long[] { 12, 1 }, range(12, 0, 1)));
		MatFiles.write(m, vars);
		Path n = npy("n.npy", new long[] { 3, 10 }, random(30, 2));
		has(fails(NeuralSources.of(m + ":a,b", n.toString())), "m.mat", "'b' has 12 samples, 'a' has 10");
	}

	@Test
	void procNpySvd() {
		Path p = tmp.resolve("v_proc.npy");
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("motSVD", List.of(Tensor.ofFloats(new long[] { 60, 4 }, random(240, 1)), Tensor.ofFloats(new long[] { 60, 2 }, random(120, 2))));
		d.put("movSVD", List.of());
		Npy.writeObject(p, d);
		Path n = npy("n.npy", new long[] { 3, 30 }, random(90, 3));
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(p.toString(), n.toString()), null);
		assertEquals("svd", l.behaviorKind());
		assertEquals(4, l.inputs().features());
		assertEquals("motSVD[0] 0", l.inputs().featureName(0));
		assertEquals(2, NeuralFiles.load(NeuralSources.of(p + ":motSVD_1", n.toString()), null).inputs().features());
		has(fails(NeuralSources.of(p + ":movSVD", n.toString())), "'movSVD' is empty");
		Path q = tmp.resolve("roi_proc.npy");
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("motSVD", List.of(Tensor.ofFloats(new long[] { 0, 1 }, new float[0]), Tensor.ofFloats(new long[] { 60, 2 }, random(120, 2))));
		Npy.writeObject(q, e);
		has(fails(NeuralSources.of(q.toString(), n.toString())), "fullSVD off", "FILE:motSVD_1");
		Path s = tmp.resolve("settings_proc.npy");
		Npy.writeObject(s, Map.of("motSVD", Boolean.TRUE, "rois", List.of()));
		has(fails(NeuralSources.of(s.toString(), n.toString())), "ROI settings file");
	}

	@Test
	void poseFileThePaperPath() {
		int T = 120;
		Keypoints kp = new Keypoints(KeypointSet.facemap(), T);
		Random r = new Random(3);
		for (int f = 0; f < T; f++)
			for (int k = 0; k < 15; k++) kp.set(f, k, 100 + 10 * k + (float) r.nextGaussian(), 50 + k + (float) r.nextGaussian(), 0.9f);
		kp.set(40, 3, 400, 400, 0.9f); // a jump the outlier filter removes
		for (int f = 0; f < T; f++) kp.set(f, 14, Float.NaN, Float.NaN, 0.1f); // one keypoint never seen
		Path h5 = tmp.resolve("v_FacemapPose.h5");
		PoseH5.write(h5, kp);
		Path n = npy("n.npy", new long[] { 3, 60 }, random(180, 3));
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(h5.toString(), n.toString()), null);
		assertEquals("keypoints", l.behaviorKind());
		assertEquals(28, l.inputs().features(), "14 seen keypoints x (x, y)");
		assertEquals("eye(back) x", l.inputs().featureName(0));
		assertTrue(anyNotice(l, "NaN throughout and dropped"), l.notices().toString());
		for (float[] row : l.inputs().behavior())
			for (float v : row) assertTrue(Math.abs(v) < 5, "the 400 px jump is filtered out, z-scores stay small: " + v);
		String paw = KeypointSet.FACEMAP.get(14);
		NeuralFiles.Loaded np = NeuralFiles.load(NeuralSources.of(h5.toString(), n.toString()).withExcludePaw(true), null);
		assertTrue(np.inputs().featureNames().stream().noneMatch(s -> s.startsWith("paw ")), paw);
		assertTrue(np.inputs().featureNames().size() <= 28);
	}

	@Test
	void realS1HandKinematics() {
		Path f = DATA.resolve("neural-s1/s1_data.mat");
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(f + ":vel,pos", f + ":spikes"), null);
		assertEquals(35129, l.inputs().frames());
		assertEquals(4, l.inputs().features());
		assertEquals(List.of("vel[0]", "vel[1]", "pos[0]", "pos[1]"), l.inputs().featureNames());
		assertEquals(35129, l.inputs().samples());
		assertTrue(l.inputs().neurons() >= 50 && l.inputs().neurons() <= 52, "52 neurons less any silent one: " + l.inputs().neurons());
		assertTrue(anyNotice(l, "time axis inferred"), l.notices().toString());
	}

	@Test
	void realV1ParkTrials() {
		Path f = DATA.resolve("neural-v1-park/230804_mrcuts26_fov5_grat-000_data.mat");
		NeuralFiles.Loaded l = NeuralFiles.load(NeuralSources.of(f + ":D.pupil_zscore,D.speed", f + ":D.neuron*"), null);
		assertEquals(74, l.originalNeurons());
		assertEquals(128 * 49, l.inputs().samples());
		assertEquals(2, l.inputs().features());
		assertNotNull(l.inputs().trialIds());
		assertEquals(127, l.inputs().trialIds()[128 * 49 - 1]);
	}
}
