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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;
import sc.fiji.facemap.task.Progress;

/** Parity with the fixtures written by the real facemap 1.0.8 (scripts/reference/make_neural_fixtures.py). */
class NeuralFixturesTest {

	static final Path DIR = Paths.get("src/test/resources/reference/neural");

	static JsonObject manifest() throws Exception {
		return JsonParser.parseString(Files.readString(DIR.resolve("manifest.json"))).getAsJsonObject();
	}

	static Tensor npy(String name) {
		return Npy.readTensor(DIR.resolve(name));
	}

	static float[][] matrix(Tensor t) {
		long[] s = t.shape();
		int r = (int) s[0], c = (int) (t.size() / r);
		float[] f = t.floats();
		float[][] m = new float[r][c];
		for (int i = 0; i < r; i++) System.arraycopy(f, i * c, m[i], 0, c);
		return m;
	}

	static int[] ints(Tensor t) {
		long[] l = t.longs();
		int[] r = new int[l.length];
		for (int i = 0; i < l.length; i++) r[i] = (int) l[i];
		return r;
	}

	static void close(float[] want, float[] got, double tol, String what) {
		assertEquals(want.length, got.length, what + ": length");
		double scale = 0;
		for (float v : want) scale = Math.max(scale, Math.abs(v));
		for (int i = 0; i < want.length; i++)
			assertEquals(want[i], got[i], tol * Math.max(1, scale), what + " at " + i);
	}

	static float[] flat(float[][] m) {
		return Projection.flatten(m, 0, m.length);
	}

	@Test
	void gaborInitialisationMatchesFacemap() {
		float[][] g = KeypointsNetwork.gaborFilters();
		close(npy("gabor.npy").floats(), flat(g), 1e-6, "gabor");
		// jointly normalised: each phase block of 5 has unit Frobenius norm, single filters do not
		for (int ph = 0; ph < 2; ph++) {
			double ss = 0;
			for (int i = 0; i < 5; i++) for (float v : g[ph * 5 + i]) ss += v * v;
			assertEquals(1.0, ss, 1e-5);
		}
		double one = 0;
		for (float v : g[0]) one += v * v;
		assertTrue(one < 0.9, "filter 0 alone is not unit norm: " + one);
	}

	@Test
	void parameterCountAndKeys() throws Exception {
		JsonObject v = manifest().getAsJsonObject("values");
		assertEquals(63942, KeypointsNetwork.parameterCount(30, 128));
		assertEquals(v.get("parameter_count_30_128").getAsLong(), KeypointsNetwork.parameterCount(30, 128));
		assertEquals(v.get("parameter_count_28_128").getAsLong(), KeypointsNetwork.parameterCount(28, 128));
		List<String> keys = new ArrayList<>();
		for (var e : v.getAsJsonArray("state_dict_keys")) keys.add(e.getAsString());
		assertEquals(keys, new ArrayList<>(KeypointsNetwork.stateShapes(30, 128).keySet()));
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.random(m, null, 30, 128, 0)) {
			long n = 0;
			for (NDArray a : net.parameters().values()) n += a.size();
			assertEquals(63942, n);
			close(npy("gabor.npy").floats(), net.toStateDict().get(KeypointsNetwork.WAVELET).floats(), 1e-6, "initial filters");
		}
	}

	@Test
	void forwardOfFacemapWeights() throws Exception {
		Map<String, Tensor> sd = TorchStateDict.read(DIR.resolve("network.pt"));
		Tensor x = npy("x.npy");
		long[] mask = npy("mask.npy").longs();
		List<Long> rows = new ArrayList<>();
		for (int i = 0; i < mask.length; i++) if (mask[i] != 0) rows.add((long) i);
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.fromStateDict(m, null, sd, "network.pt")) {
			assertEquals(6, net.inputs());
			assertEquals(5, net.outputs());
			long T = x.shape()[1];
			NDArray in = m.create(x.floats(), new Shape(T, 6));
			NDList out = net.forward(in, m.create(rows.stream().mapToLong(Long::longValue).toArray()));
			close(npy("y.npy").floats(), out.get(0).toFloatArray(), 1e-5, "y");
			close(npy("latents_all.npy").floats(), out.get(1).toFloatArray(), 1e-5, "latents");
			assertEquals(manifest().getAsJsonObject("values").get("smoothness_network_pt").getAsDouble(),
				net.smoothness(m).getFloat(), 1e-5);
			// the state dict goes back unchanged, and through a .pt file
			Map<String, Tensor> back = TorchStateDict.read(writeTemp(net.toStateDict()));
			for (String k : sd.keySet()) close(sd.get(k).floats(), back.get(k).floats(), 0, k);
		}
	}

	static Path writeTemp(Map<String, Tensor> sd) throws Exception {
		Path f = Files.createTempFile("kpnet", ".pt");
		f.toFile().deleteOnExit();
		TorchStateDict.write(f, sd);
		return f;
	}

	@Test
	void badStateDictsAreRejected() throws Exception {
		Map<String, Tensor> sd = new java.util.LinkedHashMap<>(TorchStateDict.read(DIR.resolve("network.pt")));
		sd.remove(KeypointsNetwork.LATENT_B);
		try (NDManager m = NDManager.newBaseManager()) {
			FacemapException e = assertThrows(FacemapException.class, () -> KeypointsNetwork.fromStateDict(m, null, sd, "x.pt"));
			assertTrue(e.getMessage().contains("missing keys [core.features.latent.0.bias]"), e.getMessage());
			sd.put(KeypointsNetwork.LATENT_B, Tensor.ofFloats(new long[] { 3 }, new float[3]));
			e = assertThrows(FacemapException.class, () -> KeypointsNetwork.fromStateDict(m, null, sd, "x.pt"));
			assertTrue(e.getMessage().contains("core.features.latent.0.bias has shape [3], expected [256]"), e.getMessage());
			e = assertThrows(FacemapException.class, () -> KeypointsNetwork.fromStateDict(m, null, Map.of(), "empty.pt"));
			assertTrue(e.getMessage().startsWith("empty.pt: not a Facemap KeypointsNetwork state dict"), e.getMessage());
		}
	}

	@Test
	void numpyPermutations() throws Exception {
		for (String name : new String[] { "permutation_0_10.npy", "permutation_1_10.npy", "permutation_2_10.npy",
			"permutation_199_10.npy", "permutation_7_37.npy", "permutation_123456_1000.npy" }) {
			String[] p = name.replace(".npy", "").split("_");
			assertArrayEquals(ints(npy(name)), NumpyRandom.permutation(Long.parseLong(p[1]), Integer.parseInt(p[2])), name);
		}
	}

	static double[] formulaTimes(int n, double rate, double offset, double wobble) {
		double[] t = new double[n];
		for (int i = 0; i < n; i++) t[i] = i / rate + offset + wobble * Math.sin(0.7 * i);
		return t;
	}

	@Test
	void splitsMatchFacemap() throws Exception {
		JsonObject params = manifest().getAsJsonObject("params");
		int cases = 0;
		for (String key : params.keySet()) {
			if (!key.startsWith("split_")) continue;
			JsonObject c = params.getAsJsonObject(key);
			int nT = c.get("n_t").getAsInt();
			String p = "split_" + nT + "_";
			if (c.has("facemap_fails")) {
				FacemapException e = assertThrows(FacemapException.class, () -> NeuralSplits.interleaved(nT, -1, true));
				assertTrue(e.getMessage().contains("too few for Facemap's train/test split"), e.getMessage());
				assertTrue(NeuralSplits.facemapSegments(nT, 10)[3][0] <= 0);
				assertEquals(c.getAsJsonArray("itrain_shape").get(1).getAsInt(), NeuralSplits.facemapSegments(nT, 10)[1][0]);
				NeuralSplit ours = NeuralSplits.interleaved(nT, -1, false);
				assertTrue(ours.testCount() > 0 && ours.train().length < 10, ours.toString());
				assertDisjoint(ours, nT);
				cases++;
				continue;
			}
			int nCam = c.get("n_cam").getAsInt();
			double[] tn, tc;
			if (c.get("stored_times").getAsBoolean()) {
				tn = npy(p + "tneural.npy").doubles();
				tc = npy(p + "tcam.npy").doubles();
			}
			else {
				tn = formulaTimes(nT, c.get("neural_rate").getAsDouble(), 0.05, 0.002);
				tc = formulaTimes(nCam, c.get("camera_rate").getAsDouble(), 0.0, 0.001);
			}
			NeuralSplit s = NeuralSplits.interleaved(nT, -1, true);
			assertEquals(s, NeuralSplits.interleaved(nT, -1, false), "no difference when Facemap's split works");
			int[] starts = new int[s.train().length], tstarts = new int[s.test().length];
			for (int i = 0; i < starts.length; i++) starts[i] = s.train()[i][0];
			for (int i = 0; i < tstarts.length; i++) tstarts[i] = s.test()[i][0];
			assertArrayEquals(ints(npy(p + "itrain.npy")), starts, p + "itrain");
			assertArrayEquals(ints(npy(p + "itest.npy")), tstarts, p + "itest");
			assertEquals(c.getAsJsonArray("itrain_shape").get(1).getAsInt(), s.train()[0].length);
			assertEquals(c.getAsJsonArray("itest_shape").get(1).getAsInt(), s.test()[0].length);
			for (boolean train : new boolean[] { true, false }) {
				String w = train ? "train" : "test";
				int[][] segs = train ? s.train() : s.test();
				NeuralSplits.CameraWindows cw = NeuralSplits.windows(segs, tc, tn, false);
				int L = c.get("l_cam_" + w).getAsInt();
				int[] first = new int[cw.start().length], last = new int[first.length];
				for (int i = 0; i < first.length; i++) {
					assertEquals(L, cw.length()[i], p + w + " window length");
					first[i] = cw.frame(i, 0);
					last[i] = cw.frame(i, L - 1);
				}
				assertArrayEquals(ints(npy(p + "cam_" + w + "_start.npy")), first, p + w + " window starts");
				assertArrayEquals(ints(npy(p + "cam_" + w + "_last.npy")), last, p + w + " window ends");
				// Facemap's sample mask marks the frames inside a window; a sample whose frame lies beyond its window
				// (irregular timestamps) is lost there, so compare the others and check that our windows keep it
				List<Integer> pos = new ArrayList<>();
				int lost = 0;
				for (int i = 0; i < segs.length; i++)
					for (int j = 0; j < segs[i].length; j++) {
						int raw = NeuralSplits.nearest(tc, tn[segs[i][j]]) - cw.start()[i];
						if (raw < L) pos.add(i * L + cw.rows()[i][j]);
						else lost++;
					}
				if (lost > 0) {
					NeuralSplits.CameraWindows ext = NeuralSplits.windows(segs, tc, tn);
					for (int i = 0; i < segs.length; i++)
						for (int j = 0; j < segs[i].length; j++)
							assertEquals(NeuralSplits.nearest(tc, tn[segs[i][j]]), ext.frame(i, ext.rows()[i][j]), "extended window keeps every sample");
				}
				assertArrayEquals(ints(npy(p + w + "_sample.npy")), pos.stream().mapToInt(Integer::intValue).toArray(), p + w + " sampled frames");
			}
			int[] yfirst = new int[s.train().length];
			for (int i = 0; i < yfirst.length; i++) yfirst[i] = NeuralSplits.delayed(s.train()[i][0], -1, nT);
			assertArrayEquals(ints(npy(p + "ytrain_first.npy")), yfirst, p + " delayed targets");
			int[][] orig = s.testSegmentsOriginal();
			int[] want = ints(npy(p + "itest_original.npy"));
			int[] got = new int[orig.length * orig[0].length];
			for (int i = 0, k = 0; i < orig.length; i++) for (int v : orig[i]) got[k++] = v;
			assertArrayEquals(want, got, p + " test indices (original)");
			assertDisjoint(s, nT);
			cases++;
		}
		assertEquals(5, cases);
	}

	static void assertDisjoint(NeuralSplit s, int nT) {
		boolean[] used = new boolean[nT];
		for (int[][] part : new int[][][] { s.train(), s.test() })
			for (int[] seg : part) for (int v : seg) {
				assertTrue(v >= 0 && v < nT && !used[v], "index " + v + " used twice or out of range");
				used[v] = true;
			}
	}

	@Test
	void ridgeAndRrrMatchFacemap() throws Exception {
		float[][] x = matrix(npy("linear_X.npy")), y = matrix(npy("linear_Y.npy"));
		double lam = manifest().getAsJsonObject("params").get("linear_lambda").getAsDouble();
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray X = Projection.create(m, x), Y = Projection.create(m, y);
			// Facemap solves in float32 (X'X has a condition number of ~2e4 here); we solve in float64
			close(npy("linear_ridge_A.npy").floats(), flat(Projection.toMatrix(LinearModels.ridge(X, Y, lam))), 1e-3, "ridge A");
			NDArray[] ab = LinearModels.rrr(X, Y, 4, lam, true);
			float[] rrr4 = flat(Projection.toMatrix(X.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).matMul(ab[1]).matMul(ab[0].transpose())));
			close(npy("linear_rrr4_pred.npy").floats(), rrr4, 2e-3, "rrr rank 4 (compatible; Facemap uses a randomised SVD)");

			NeuralSplit s = NeuralSplits.interleaved(x.length, 0, true);
			int[] tr = s.trainIndices(), te = s.testIndices();
			NDArray Xtr = Projection.create(m, pick(x, tr)), Ytr = Projection.create(m, pick(y, tr)), Xte = Projection.create(m, pick(x, te));
			float[][] yte = pick(y, te);
			// Facemap's rrr_prediction: ranks 1..min(6, 300, 8) - 1 = 5, uncentred varexp
			ab = LinearModels.rrr(Xtr, Ytr, 5, lam, true);
			assertEquals(5, ab[1].getShape().get(1));
			float[][][] pr = LinearModels.perRankPredictions(Xte, ab[0], ab[1]);
			close(npy("linear_rrr_pred_test.npy").floats(), flat(pr[4]), 2e-3, "rrr_prediction at rank 5");
			double[] ve = npy("linear_rrr_varexp.npy").doubles();
			float[][] vef = matrix(npy("linear_rrr_varexpf.npy"));
			for (int r = 0; r < 5; r++) {
				assertEquals(ve[r], Varexp.pooled(yte, pr[r], false, null), 2e-3, "uncentred varexp rank " + (r + 1));
				close(vef[r], Varexp.perColumn(yte, pr[r], false), 5e-3, "per-feature varexp rank " + (r + 1));
			}
			// the exact RRR of the default mode: every eigen-direction, lambda once, ranks up to 6
			ab = LinearModels.rrr(Xtr, Ytr, 10, lam, false);
			assertEquals(6, ab[1].getShape().get(1));
			pr = LinearModels.perRankPredictions(Xte, ab[0], ab[1]);
			Tensor exact = npy("linear_rrr_exact_pred_test.npy");
			float[] ef = exact.floats();
			int per = ef.length / 6;
			for (int r = 0; r < 6; r++)
				close(java.util.Arrays.copyOfRange(ef, r * per, (r + 1) * per), flat(pr[r]), 1e-4, "exact rrr rank " + (r + 1));
		}
		// variance-explained definitions
		float[][] yte = pick(y, NeuralSplits.interleaved(x.length, 0, true).testIndices());
		float[][] yp = matrix(npy("linear_rrr_pred_test.npy"));
		close(npy("varexp_compute.npy").floats(), Varexp.perColumn(yte, yp), 1e-5, "compute_varexp");
		JsonObject v = manifest().getAsJsonObject("values");
		assertEquals(v.get("varexp_pooled_centred").getAsDouble(), Varexp.pooled(yte, yp), 1e-6);
		assertEquals(v.get("varexp_pooled_uncentred").getAsDouble(), Varexp.pooled(yte, yp, false, null), 1e-6);
	}

	static float[][] pick(float[][] a, int[] idx) {
		float[][] r = new float[idx.length][];
		for (int i = 0; i < idx.length; i++) r[i] = a[idx[i]];
		return r;
	}

	@Test
	void neuralPcsMatchFacemapUpToSign() throws Exception {
		float[][] data = matrix(npy("pcs_data.npy"));
		NeuralTargets t = NeuralTargets.build(data, 39, true, 0, Progress.NONE);
		float[][] want = matrix(npy("pcs_targets.npy")), vt = matrix(npy("pcs_vt.npy"));
		assertEquals(39, t.count());
		for (int k = 0; k < 10; k++) { // the leading components are well separated
			double dot = 0, nw = 0;
			for (int s = 0; s < want.length; s++) {
				dot += want[s][k] * t.y[s][k];
				nw += want[s][k] * want[s][k];
			}
			double sign = Math.signum(dot);
			for (int s = 0; s < want.length; s++) assertEquals(want[s][k], sign * t.y[s][k], 2e-3 * Math.sqrt(nw / want.length) * 10, "pc " + k);
			for (int i = 0; i < vt.length; i++) assertEquals(vt[i][k], sign * t.displayBasis[i][k], 1e-2 * Math.max(1, Math.abs(vt[i][k])), "Vt " + k);
		}
		// the GUI's display reconstruction (sign-free): (Y Vt')' = U S^2 V'
		float[][] disp = matrix(npy("pcs_display.npy"));
		float[][] ours = Projection.project(t.y, t.displayBasis, new float[data.length], ones(data.length));
		close(flat(disp), flat(ours), 1e-3, "U S^2 V' display");
		// the true reconstruction differs from it by S per component: ours in the default mode reconstructs the data
		java.util.Random r = new java.util.Random(4);
		float[][] low = new float[30][120];
		double[][] a = new double[30][4], b = new double[4][120];
		for (double[] row : a) for (int j = 0; j < 4; j++) row[j] = r.nextGaussian();
		for (double[] row : b) for (int j = 0; j < 120; j++) row[j] = r.nextGaussian();
		for (int i = 0; i < 30; i++)
			for (int j = 0; j < 120; j++) {
				double v = 3 + i;
				for (int q = 0; q < 4; q++) v += a[i][q] * b[q][j] * (i + 1);
				low[i][j] = (float) v;
			}
		NeuralTargets d = NeuralTargets.build(low, 10, false, 0, Progress.NONE);
		float[][] rec = Projection.project(d.y, d.basis, d.mean, d.scale);
		close(flat(low), flat(rec), 1e-4, "U S V' reconstruction of rank-4 data");
	}

	static float[] ones(int n) {
		float[] f = new float[n];
		java.util.Arrays.fill(f, 1f);
		return f;
	}

	@Test
	void threeEpochsOfTrainingMatchFacemap() throws Exception {
		float[][] x = matrix(npy("train_X.npy")), y = matrix(npy("train_Y.npy"));
		double[] tc = npy("train_tcam.npy").doubles(), tn = npy("train_tneural.npy").doubles();
		NeuralSettings s = NeuralSettings.DEFAULTS.with("epochs", 3).with("facemap_compatible", true);
		NeuralSplit split = NeuralSplits.interleaved(y.length, -1, true);
		Map<String, Tensor> sd = TorchStateDict.read(DIR.resolve("network.pt"));
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.fromStateDict(m, null, sd, "network.pt")) {
			NetworkTrainer.Output o = new NetworkTrainer(s, null, Progress.NONE, TrainingListener.NONE)
				.train(net, new NetworkTrainer.Data(x, tc, tn, y, split));
			assertEquals(2, o.bestEpoch, "compatible mode keeps the last model");
			Map<String, Tensor> after = net.toStateDict();
			for (String k : after.keySet())
				close(npy("train_after_" + k + ".npy").floats(), after.get(k).floats(), 2e-4, "weights after 3 epochs: " + k);
			close(npy("train_y_pred_test.npy").floats(), flat(o.testPredictions), 1e-3, "test predictions");
			assertEquals(manifest().getAsJsonObject("values").get("train_varexp").getAsDouble(), o.bestVarexp, 1e-3);
			assertArrayEquals(ints(npy("train_itest.npy")), split.testIndicesOriginal());
			assertEquals(3, o.history.size());
		}
	}

	@Test
	void javaWrittenStateDictLoadsInFacemap() throws Exception {
		Path dir = DIR.resolve("from-java");
		JsonObject check = JsonParser.parseString(Files.readString(dir.resolve("python_check.json"))).getAsJsonObject();
		assertTrue(check.get("ok").getAsBoolean(), check.toString());
		assertEquals("ok (strict=True)", check.get("load_state_dict").getAsString());
		assertEquals(63942, check.get("parameter_count").getAsInt());
		assertTrue(check.get("max_abs_difference_of_outputs").getAsDouble() < 1e-4);
		// the committed file is what this code writes: same weights, same outputs
		Map<String, Tensor> sd = TorchStateDict.read(dir.resolve("keypoints_network.pt"));
		Tensor x = Npy.readTensor(dir.resolve("x.npy"));
		try (NDManager m = NDManager.newBaseManager(); KeypointsNetwork net = KeypointsNetwork.random(m, null, 30, 128, 3);
			KeypointsNetwork loaded = KeypointsNetwork.fromStateDict(m, null, sd, "keypoints_network.pt")) {
			for (String k : sd.keySet()) close(sd.get(k).floats(), net.toStateDict().get(k).floats(), 0, k);
			NDArray y = loaded.forward(m.create(x.floats(), new Shape(x.shape()[0], 30)), null).get(0);
			close(Npy.readTensor(dir.resolve("y.npy")).floats(), y.toFloatArray(), 1e-6, "outputs");
		}
	}
}
