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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.KeypointSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.io.TorchStateDict;

/** Model folders and files, metadata, lookup by name, and the errors for wrong inputs. */
class PoseModelTest {

	static LinkedHashMap<String, Tensor> randomWeights(int keypoints, long seed) {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, keypoints, seed)) {
			return net.toStateDict();
		}
	}

	@Test
	void saveAndLoadFolderAndFindByName(@TempDir Path tmp) {
		KeypointSet kp = new KeypointSet(List.of("nose", "eye", "paw"));
		PoseModel m = PoseModel.of("tiny", randomWeights(3, 1), kp, "test model", "random weights, seed 1", null);
		Path dir = tmp.resolve("tiny");
		m.save(dir);
		assertTrue(Files.isRegularFile(dir.resolve("model.pt")) && Files.isRegularFile(dir.resolve("model.json")));
		PoseModel back = PoseModel.load(dir);
		assertEquals("tiny", back.name());
		assertEquals(kp, back.keypoints());
		assertArrayEquals(new int[] { 2, 4, 4, 4, 4 }, back.channels());
		assertEquals(256, back.inputSize());
		assertEquals("random weights, seed 1", back.provenance());
		assertArrayEquals(m.stateDict().get("Conv2_1x1.conv1.weight").floats(), back.stateDict().get("Conv2_1x1.conv1.weight").floats());
		String old = System.getProperty("facemap.models");
		System.setProperty("facemap.models", tmp.toString());
		try {
			assertEquals(kp, PoseModels.find("tiny").keypoints());
			assertTrue(PoseModels.available().contains("tiny"));
			FacemapException e = assertThrows(FacemapException.class, () -> PoseModels.find("no-such-model"));
			assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("tiny"), e.getMessage());
		} finally {
			if (old == null) System.clearProperty("facemap.models");
			else System.setProperty("facemap.models", old);
		}
		try (NDManager nm = NDManager.newBaseManager(); FMnet net = back.createNetwork(nm)) {
			assertEquals(3, net.keypoints());
		}
	}

	@Test
	void plainPtFileGetsDefaultKeypointNames(@TempDir Path tmp) {
		Path p15 = tmp.resolve("facemap_model_state.pt");
		TorchStateDict.write(p15, randomWeights(15, 2));
		PoseModel m = PoseModels.find(p15.toString());
		assertEquals(KeypointSet.facemap(), m.keypoints());
		assertEquals("facemap_model_state", m.name());
		Path p3 = tmp.resolve("three.pt");
		TorchStateDict.write(p3, randomWeights(3, 2));
		assertEquals(List.of("keypoint1", "keypoint2", "keypoint3"), PoseModel.load(p3).keypoints().names());
	}

	@Test
	void badModelsGiveClearErrors(@TempDir Path tmp) throws Exception {
		Path txt = tmp.resolve("notes.txt");
		Files.writeString(txt, "hello");
		FacemapException e = assertThrows(FacemapException.class, () -> PoseModels.find(txt.toString()));
		assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("PyTorch"), e.getMessage());

		Path other = tmp.resolve("other.pt");
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		sd.put("fc.weight", Tensor.ofFloats(new long[] { 2 }, new float[2]));
		TorchStateDict.write(other, sd);
		e = assertThrows(FacemapException.class, () -> PoseModel.load(other));
		assertTrue(e.getMessage().contains("other.pt") && e.getMessage().contains("FMnet"), e.getMessage());

		Path empty = tmp.resolve("emptyfolder");
		Files.createDirectories(empty);
		e = assertThrows(FacemapException.class, () -> PoseModel.load(empty));
		assertTrue(e.getMessage().contains("model.pt"), e.getMessage());

		// metadata that disagrees with the weights
		Path dir = tmp.resolve("wrong");
		PoseModel.of("wrong", randomWeights(3, 3), null, null, null, null).save(dir);
		Files.writeString(dir.resolve("model.json"), "{\"keypoints\": [\"a\", \"b\"]}");
		e = assertThrows(FacemapException.class, () -> PoseModel.load(dir));
		assertTrue(e.getMessage().contains("2 keypoints") && e.getMessage().contains("predict 3"), e.getMessage());
	}

	@Test
	void callerExpectingOtherKeypointsGetsAnError() {
		PoseModel m = PoseModel.of("three", randomWeights(3, 4), new KeypointSet(List.of("nose", "eye", "paw")), null, null, null);
		m.requireKeypoints(new KeypointSet(List.of("nose", "eye", "paw")));
		FacemapException e = assertThrows(FacemapException.class, () -> m.requireKeypoints(KeypointSet.facemap()));
		assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("whisker(I)"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> m.requireKeypoints(new KeypointSet(List.of("eye", "nose", "paw"))));
		assertTrue(e.getMessage().contains("order"), e.getMessage());
		assertThrows(FacemapException.class, () -> PoseModel.of("x", randomWeights(3, 4), KeypointSet.facemap(), null, null, null));
	}
}
