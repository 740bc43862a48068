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
package sc.fiji.facemap.io;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/**
 * Writes the Java-made files that the reference script checks with Python ({@code torch.load} +
 * {@code load_state_dict}, h5py, pickle, numpy) into {@code src/test/resources/reference/from-java/}, with a
 * {@code manifest.json} of the exact values expected. Run: {@code java -cp ... sc.fiji.facemap.io.WriteJavaFixtures [dir]}.
 * All values follow fixed formulas, so {@link WriteJavaFixturesTest} can check the committed files are current.
 */
public final class WriteJavaFixtures {

	public static final Path DEFAULT_DIR = Paths.get("src/test/resources/reference/from-java");

	public static void main(String[] args) {
		Path dir = args.length > 0 ? Paths.get(args[0]) : DEFAULT_DIR;
		write(dir);
		System.out.println("wrote fixtures to " + dir.toAbsolutePath());
	}

	/** A small state dict with Facemap key names: a BatchNorm (with num_batches_tracked) and a conv. */
	static LinkedHashMap<String, Tensor> stateDict() {
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		String bn = "Conv.conv0.conv.conv_0.0.";
		sd.put(bn + "weight", Tensor.ofFloats(new long[] { 1 }, new float[] { 1.5f }));
		sd.put(bn + "bias", Tensor.ofFloats(new long[] { 1 }, new float[] { -0.25f }));
		sd.put(bn + "running_mean", Tensor.ofFloats(new long[] { 1 }, new float[] { 0.125f }));
		sd.put(bn + "running_var", Tensor.ofFloats(new long[] { 1 }, new float[] { 2.0f }));
		sd.put(bn + "num_batches_tracked", Tensor.ofLongs("int64", new long[0], new long[] { 12345 }));
		float[] w = new float[2 * 1 * 3 * 3];
		for (int i = 0; i < w.length; i++) w[i] = i * 0.25f - 2f;
		sd.put("Conv.conv0.conv.conv_0.1.weight", Tensor.ofFloats(new long[] { 2, 1, 3, 3 }, w));
		float[] hw = new float[3 * 2];
		for (int i = 0; i < hw.length; i++) hw[i] = (float) Math.pow(-1, i) / (i + 1);
		sd.put("Conv2_1x1.0.weight", Tensor.ofFloats(new long[] { 3, 2, 1, 1 }, hw));
		sd.put("Conv2_1x1.0.bias", Tensor.ofFloats(new long[] { 3 }, new float[] { 0.1f, 0.2f, 0.3f }));
		return sd;
	}

	/** 15 Facemap keypoints over 4 frames; eye(back) is missing (NaN) in frame 2. */
	static Keypoints pose() {
		Keypoints kp = new Keypoints(KeypointSet.facemap(), 4);
		for (int f = 0; f < 4; f++)
			for (int k = 0; k < 15; k++)
				kp.set(f, k, 10f * k + f + 0.5f, 100f + k - 0.25f * f, 0.5f + k / 100f + f / 1000f);
		kp.set(2, 0, Float.NaN, Float.NaN, Float.NaN);
		return kp;
	}

	static PoseMetadata metadata() {
		PoseMetadata m = new PoseMetadata();
		m.batchSize = 8;
		m.ly.add(480);
		m.lx.add(640);
		m.bbox = new int[] { 10, 400, 20, 600 };
		m.totalFrames = 4;
		m.bodyparts.addAll(KeypointSet.FACEMAP);
		m.inferenceSpeed = 123.5;
		m.extra().put("model", "facemap_fiji_test");
		return m;
	}

	static Map<String, Object> procDict() {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("filenames", List.of(List.of("/data/cam1.mp4")));
		d.put("save_path", null);
		d.put("Ly", List.of(480L));
		d.put("Lx", List.of(640L));
		d.put("sbin", 4L);
		d.put("fullSVD", Boolean.TRUE);
		d.put("avgframe", List.of(Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 0, 1, 2, 3, 4, 5.5f })));
		d.put("motion", List.of(Tensor.ofFloats(new long[] { 3 }, new float[] { 0.5f, 1.5f, 2.5f })));
		d.put("Lybin", Tensor.ofLongs("int32", new long[] { 1 }, new long[] { 120 }));
		d.put("image_size", PyTuple.of(List.of(480L), List.of(640L)));
		d.put("speed", 12.25);
		return d;
	}

	public static void write(Path dir) {
		TorchStateDict.write(dir.resolve("state_dict.pt"), stateDict());
		PoseH5.write(dir.resolve("sample_FacemapPose.h5"), pose());
		metadata().write(dir.resolve("sample_FacemapPose_metadata.pkl"));
		Npy.writeObject(dir.resolve("sample_proc.npy"), procDict());

		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("about", "Files written by Java (sc.fiji.facemap.io.WriteJavaFixtures) for the reference script to load with "
			+ "torch.load/load_state_dict, h5py, pickle and numpy; every value below is exact (float32 where stated).");
		Map<String, Object> pt = new LinkedHashMap<>();
		pt.put("how", "TorchStateDict.write; load with torch.load(f, weights_only=True) and compare each tensor exactly");
		Map<String, Object> tensors = new LinkedHashMap<>();
		for (Map.Entry<String, Tensor> e : stateDict().entrySet()) {
			Map<String, Object> t = new LinkedHashMap<>();
			t.put("dtype", e.getValue().dtype());
			t.put("shape", e.getValue().shape());
			t.put("values", e.getValue().isFloating() ? e.getValue().floats() : e.getValue().longs());
			tensors.put(e.getKey(), t);
		}
		pt.put("tensors", tensors);
		manifest.put("state_dict.pt", pt);

		Map<String, Object> h5 = new LinkedHashMap<>();
		Keypoints kp = pose();
		h5.put("how", "PoseH5.write; group Facemap/<bodypart>/{x,y,likelihood}, float32, one value per frame; NaN = missing");
		h5.put("frames", kp.frames());
		h5.put("formula", "x = 10*k + f + 0.5, y = 100 + k - 0.25*f, likelihood = 0.5 + k/100 + f/1000 (float32), k = index in bodyparts, "
			+ "f = frame; eye(back) frame 2 is NaN");
		h5.put("bodyparts", KeypointSet.FACEMAP);
		Map<String, Object> values = new LinkedHashMap<>();
		for (int k = 0; k < 15; k++) {
			Map<String, Object> v = new LinkedHashMap<>();
			v.put("x", nanAsNull(kp.trace(k, 0)));
			v.put("y", nanAsNull(kp.trace(k, 1)));
			v.put("likelihood", nanAsNull(kp.trace(k, 2)));
			values.put(KeypointSet.FACEMAP.get(k), v);
		}
		h5.put("values", values);
		manifest.put("sample_FacemapPose.h5", h5);

		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("how", "PoseMetadata.write (pickle protocol 4); load with pickle.load");
		Map<String, Object> md = new LinkedHashMap<>();
		PoseMetadata m = metadata();
		md.put("batch_size", m.batchSize);
		md.put("image_size", List.of(m.ly, m.lx));
		md.put("image_size_is_tuple", true);
		md.put("bbox", m.bbox);
		md.put("total_frames", m.totalFrames);
		md.put("bodyparts", m.bodyparts);
		md.put("inference_speed", m.inferenceSpeed);
		md.put("model", "facemap_fiji_test");
		meta.put("expected", md);
		manifest.put("sample_FacemapPose_metadata.pkl", meta);

		Map<String, Object> npy = new LinkedHashMap<>();
		npy.put("how", "Npy.writeObject; load with np.load(f, allow_pickle=True).item()");
		npy.put("expected", "{'filenames': [['/data/cam1.mp4']], 'save_path': None, 'Ly': [480], 'Lx': [640], 'sbin': 4, 'fullSVD': True, "
			+ "'avgframe': [float32 array [[0,1,2],[3,4,5.5]]], 'motion': [float32 array [0.5,1.5,2.5]], 'Lybin': int32 array [120], "
			+ "'image_size': ([480], [640]) (a tuple), 'speed': 12.25}");
		manifest.put("sample_proc.npy", npy);

		String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(manifest);
		AtomicFiles.writeString(dir.resolve("manifest.json"), json + "\n");
	}

	private static List<Object> nanAsNull(float[] a) {
		List<Object> l = new ArrayList<>();
		for (float v : a) l.add(Float.isNaN(v) ? null : (Object) v);
		return l;
	}
}
