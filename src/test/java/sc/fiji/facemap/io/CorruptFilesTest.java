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

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

/**
 * Damaged files (random bytes changed, files cut short) give a FacemapException, never another exception: a user
 * sees what is wrong instead of a stack trace. Fixed seeds.
 */
class CorruptFilesTest {

	/** Damaged variants per file (60 keeps the test to seconds on a busy 2-core machine). */
	private static final int TRIALS = 60;

	@TempDir
	Path tmp;

	private void fuzz(String what, byte[] good, Consumer<Path> reader, long seed) throws IOException {
		Random r = new Random(seed);
		Path f = tmp.resolve(what);
		for (int trial = 0; trial < TRIALS; trial++) {
			byte[] b;
			if (trial % 3 == 0) b = Arrays.copyOf(good, r.nextInt(good.length));
			else {
				b = good.clone();
				int flips = 1 + r.nextInt(4);
				for (int i = 0; i < flips; i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
			}
			Files.write(f, b);
			try {
				reader.accept(f);
			}
			catch (FacemapException expected) {
				// a clear error: fine
			}
			catch (RuntimeException | OutOfMemoryError e) {
				Path keep = tmp.resolve("failing-" + what);
				Files.write(keep, b);
				fail(what + " trial " + trial + ": " + e + " instead of a FacemapException", e);
			}
		}
	}

	@Test
	void torchFiles() throws IOException {
		fuzz("sd.pt", TorchStateDict.toBytes(TorchStateDictTest.sample()), TorchStateDict::read, 1);
		fuzz("legacy.pt", Files.readAllBytes(IoFixtures.file("torch_like_legacy.pt")), TorchStateDict::read, 2);
	}

	@Test
	void npyAndPickles() throws IOException {
		fuzz("a.npy", Files.readAllBytes(IoFixtures.file("i4_3d.npy")), Npy::read, 3);
		fuzz("d.npy", Files.readAllBytes(IoFixtures.file("refined_numpy1_Facemap_refined_data.npy")), Npy::read, 4);
		fuzz("m.pkl", Files.readAllBytes(IoFixtures.file("mixed_protocol2.pkl")), PickleReader::read, 5);
		fuzz("meta.pkl", Files.readAllBytes(IoFixtures.file("facemap_numpy1_FacemapPose_metadata.pkl")), PoseMetadata::read, 6);
		fuzz("r.npy", Files.readAllBytes(IoFixtures.file("refined_numpy2_Facemap_refined_data.npy")), RefinedData::read, 7);
	}

	@Test
	void poseH5() throws IOException {
		fuzz("p.h5", Files.readAllBytes(IoFixtures.file("facemap_h5py_FacemapPose.h5")), PoseH5::read, 8);
	}

	@Test
	void dlcCsv() throws IOException {
		Path src = tmp.resolve("src.csv");
		DlcCsv.writeKeypoints(src, PoseH5Test.random(sc.fiji.facemap.keypoints.KeypointSet.facemap(), 3, 1), "s");
		fuzz("k.csv", Files.readAllBytes(src), DlcCsv::readKeypoints, 9);
	}
}
