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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.keypoints.Keypoints;

/** The committed files in reference/from-java/ hold what WriteJavaFixtures writes today, and read back through our readers. */
class JavaFixturesTest {

	@TempDir
	Path tmp;

	static Path committed(String name) {
		return Path.of("src/test/resources/reference/from-java", name);
	}

	@Test
	void committedFilesAreCurrentAndReadBack() throws Exception {
		WriteJavaFixtures.write(tmp);
		for (String f : new String[] { "state_dict.pt", "sample_FacemapPose_metadata.pkl", "sample_proc.npy", "manifest.json" })
			assertArrayEquals(java.nio.file.Files.readAllBytes(tmp.resolve(f)), java.nio.file.Files.readAllBytes(committed(f)),
				f + " differs from what WriteJavaFixtures writes now: rerun it and the Python check");
		LinkedHashMap<String, Tensor> sd = TorchStateDict.read(committed("state_dict.pt"));
		TorchStateDictTest.assertSameTensors(WriteJavaFixtures.stateDict(), sd);
		Keypoints kp = PoseH5.read(committed("sample_FacemapPose.h5"));
		Keypoints exp = WriteJavaFixtures.pose();
		assertArrayEquals(exp.xArray(), kp.xArray());
		assertArrayEquals(exp.yArray(), kp.yArray());
		assertArrayEquals(exp.likelihoodArray(), kp.likelihoodArray());
		PoseMetadata m = PoseMetadata.read(committed("sample_FacemapPose_metadata.pkl"));
		assertEquals(WriteJavaFixtures.metadata().toDict().toString(), m.toDict().toString());
		Map<String, Object> proc = Npy.readDict(committed("sample_proc.npy"));
		assertEquals(WriteJavaFixtures.procDict().keySet(), proc.keySet());
		assertEquals(List.of(480L), proc.get("Ly"));
	}
}
