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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

class PoseH5Test {

	@TempDir
	Path tmp;

	static Keypoints random(KeypointSet set, int frames, long seed) {
		Random r = new Random(seed);
		Keypoints kp = new Keypoints(set, frames);
		for (int f = 0; f < frames; f++)
			for (int k = 0; k < set.size(); k++)
				kp.set(f, k, r.nextFloat() * 640, r.nextFloat() * 480, 0.5f + r.nextFloat() / 2);
		kp.set(1, 0, Float.NaN, Float.NaN, Float.NaN);
		return kp;
	}

	@Test
	void facemapSetRoundTripsWithFacemapLayout() throws Exception {
		Keypoints kp = random(KeypointSet.facemap(), 7, 1);
		Path f = tmp.resolve("vid_FacemapPose.h5");
		PoseH5.write(f, kp);
		sc.fiji.facemap.testutil.TempFiles.assertNoneBeside(f);
		try (HdfFile h5 = new HdfFile(f)) {
			Group root = (Group) h5.getChild("Facemap");
			assertEquals(15, root.getChildren().size());
			Dataset x = h5.getDatasetByPath("Facemap/eye(back)/x");
			assertEquals(float.class, x.getJavaType());
			assertArrayEquals(new int[] { 7 }, x.getDimensions());
			assertArrayEquals(kp.trace(0, 0), (float[]) x.getData());
			assertArrayEquals(kp.trace(14, 2), (float[]) h5.getDatasetByPath("Facemap/whisker(II)/likelihood").getData());
		}
		Keypoints back = PoseH5.read(f);
		assertEquals(KeypointSet.FACEMAP, back.keypointSet().names());
		assertArrayEquals(kp.xArray(), back.xArray());
		assertArrayEquals(kp.yArray(), back.yArray());
		assertArrayEquals(kp.likelihoodArray(), back.likelihoodArray());
	}

	@Test
	void subsetWithDatasetNamesIsWrittenAsAllFifteen() {
		KeypointSet set = new KeypointSet(List.of("eye top", "whisker 1", "lip"));
		Keypoints kp = random(set, 5, 2);
		Path f = tmp.resolve("sub_FacemapPose.h5");
		PoseH5.write(f, kp);
		Keypoints back = PoseH5.read(f);
		assertEquals(KeypointSet.FACEMAP, back.keypointSet().names());
		int eyeTop = KeypointSet.FACEMAP.indexOf("eye(top)"), w1 = KeypointSet.FACEMAP.indexOf("whisker(I)"),
			lip = KeypointSet.FACEMAP.indexOf("lowerlip");
		assertArrayEquals(kp.trace(0, 0), back.trace(eyeTop, 0));
		assertArrayEquals(kp.trace(1, 1), back.trace(w1, 1));
		assertArrayEquals(kp.trace(2, 2), back.trace(lip, 2));
		for (int f2 = 0; f2 < 5; f2++) assertTrue(Float.isNaN(back.x(f2, KeypointSet.FACEMAP.indexOf("paw"))));
	}

	@Test
	void mixedSetGetsFifteenPlusItsOwn() {
		KeypointSet set = new KeypointSet(List.of("tongue", "nose tip"));
		Keypoints kp = random(set, 3, 4);
		Path f = tmp.resolve("mixed_FacemapPose.h5");
		PoseH5.write(f, kp);
		Keypoints back = PoseH5.read(f);
		assertEquals(16, back.keypoints());
		assertEquals(KeypointSet.FACEMAP, back.keypointSet().names().subList(0, 15));
		assertEquals("tongue", back.keypointSet().name(15));
		assertArrayEquals(kp.trace(0, 1), back.trace(15, 1));
		assertArrayEquals(kp.trace(1, 0), back.trace(KeypointSet.FACEMAP.indexOf("nose(tip)"), 0));
	}

	@Test
	void otherSetsKeepTheirNames() {
		KeypointSet set = new KeypointSet(List.of("snout", "leftear", "rightear", "tailbase"));
		Keypoints kp = random(set, 4, 3);
		Path f = tmp.resolve("mouse_FacemapPose.h5");
		PoseH5.write(f, kp);
		Keypoints back = PoseH5.read(f);
		assertEquals(4, back.keypoints());
		for (int k = 0; k < 4; k++) {
			int j = back.keypointSet().indexOf(set.name(k));
			assertTrue(j >= 0, set.name(k));
			assertArrayEquals(kp.trace(k, 0), back.trace(j, 0));
			assertArrayEquals(kp.trace(k, 2), back.trace(j, 2));
		}
	}

	@Test
	void zeroFramesAreRefusedAndLeaveNoFile() {
		Keypoints kp = new Keypoints(KeypointSet.facemap(), 0);
		Path f = tmp.resolve("empty_FacemapPose.h5");
		FacemapException e = assertThrows(FacemapException.class, () -> PoseH5.write(f, kp));
		assertTrue(e.getMessage().contains("no frames to write"), e.getMessage());
		assertFalse(Files.exists(f));
		sc.fiji.facemap.testutil.TempFiles.assertNoneBeside(f);
	}

	@Test
	void pathForVideo() {
		assertEquals(tmp.resolve("cam1_FacemapPose.h5"), sc.fiji.facemap.job.OutputLayout.of(tmp.resolve("cam1.mp4"), null).poseH5());
		assertEquals(tmp.resolve("out/cam1.x_FacemapPose.h5"), sc.fiji.facemap.job.OutputLayout.of(Path.of("/v/cam1.x.avi"), tmp.resolve("out")).poseH5());
	}

	@Test
	void rejectsNonHdf5AndWrongLayout() throws IOException {
		Path t = tmp.resolve("x_FacemapPose.h5");
		Files.writeString(t, "not hdf5");
		FacemapException e = assertThrows(FacemapException.class, () -> PoseH5.read(t));
		assertTrue(e.getMessage().startsWith(t.toString()) && e.getMessage().contains("HDF5"), e.getMessage());
		Path other = tmp.resolve("other.h5");
		try (var w = HdfFile.write(other)) {
			w.putDataset("data", new float[] { 1, 2 });
		}
		e = assertThrows(FacemapException.class, () -> PoseH5.read(other));
		assertTrue(e.getMessage().contains("expected a Facemap keypoints file"), e.getMessage());
		Path partial = tmp.resolve("partial.h5");
		try (var w = HdfFile.write(partial)) {
			var g = w.putGroup("Facemap").putGroup("nose");
			g.putDataset("x", new float[] { 1, 2 });
			g.putDataset("y", new float[] { 1, 2 });
		}
		e = assertThrows(FacemapException.class, () -> PoseH5.read(partial));
		assertTrue(e.getMessage().contains("'nose' has no dataset 'likelihood'"), e.getMessage());
	}
}
