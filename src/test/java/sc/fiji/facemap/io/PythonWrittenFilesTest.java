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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/** Files written by Python (scripts/reference/make_io_fixtures.py): torch-format pickles, Facemap's metadata and h5. */
class PythonWrittenFilesTest {

	@Test
	void torchZipWithSharedStorageViewsAndOffsets() {
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(IoFixtures.file("torch_like_views.pt"));
		assertEquals(List.of("full", "transposed", "offset_row", "bn.num_batches_tracked"), List.copyOf(sd.keySet()));
		float[] full = new float[12];
		for (int i = 0; i < 12; i++) full[i] = i * 0.5f;
		assertArrayEquals(full, sd.get("full").floats());
		assertArrayEquals(new long[] { 4, 3 }, sd.get("transposed").shape());
		float[] tr = new float[12];
		for (int r = 0; r < 4; r++)
			for (int c = 0; c < 3; c++) tr[r * 3 + c] = full[c * 4 + r];
		assertArrayEquals(tr, sd.get("transposed").floats());
		assertArrayEquals(new float[] { 4, 4.5f, 5, 5.5f }, sd.get("offset_row").floats());
		Tensor n = sd.get("bn.num_batches_tracked");
		assertEquals("int64", n.dtype());
		assertEquals(0, n.rank());
		assertArrayEquals(new long[] { 42 }, n.longs());
	}

	@Test
	void legacyTorchFormat() {
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(IoFixtures.file("torch_like_legacy.pt"));
		assertEquals(List.of("w", "n"), List.copyOf(sd.keySet()));
		assertArrayEquals(new long[] { 4, 3 }, sd.get("w").shape());
		assertEquals(0.5f * 4, sd.get("w").floats()[1]); // transposed: w[0][1] = full[1][0] = 4 * 0.5
		assertArrayEquals(new long[] { 42 }, sd.get("n").longs());
	}

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void facemapMetadataPickleWithNumpyScalars(String tag) {
		PoseMetadata m = PoseMetadata.read(IoFixtures.file("facemap_" + tag + "_FacemapPose_metadata.pkl"));
		assertEquals(1, m.batchSize);
		assertEquals(List.of(480), m.ly);
		assertEquals(List.of(640), m.lx);
		assertArrayEquals(new int[] { 10, 400, 20, 600 }, m.bbox);
		assertEquals(749, m.totalFrames);
		assertEquals(KeypointSet.FACEMAP, m.bodyparts);
		assertEquals(87.25, m.inferenceSpeed);
		assertTrue(m.extra().isEmpty());
	}

	@Test
	void facemapH5WrittenByH5py() {
		Keypoints kp = PoseH5.read(IoFixtures.file("facemap_h5py_FacemapPose.h5"));
		assertEquals(KeypointSet.FACEMAP, kp.keypointSet().names());
		assertEquals(3, kp.frames());
		for (int k = 0; k < 15; k++)
			for (int f = 0; f < 3; f++) {
				assertEquals(f + 10f * k, kp.x(f, k));
				assertEquals(f + 10f * k + 0.25f, kp.y(f, k));
				assertEquals(f + 10f * k + 0.5f, kp.likelihood(f, k));
			}
	}
}
