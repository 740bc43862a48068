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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;

class RefinedDataTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "numpy1", "numpy2" })
	void readsFacemapStyleFile(String tag) {
		RefinedData r = RefinedData.read(IoFixtures.file("refined_" + tag + "_Facemap_refined_data.npy"));
		assertEquals(KeypointSet.FACEMAP, r.bodyparts);
		assertEquals(2, r.frames.size());
		RefinedData.Frame f = r.frames.get(1);
		assertEquals(4, f.height);
		assertEquals(5, f.width);
		assertEquals(1f, f.pixels[19]);
		assertEquals(17, f.frameIndex);
		assertTrue(Float.isNaN(r.frames.get(0).keypoints[11 * 3]), "paw missing in frame 0");
		assertEquals(List.of(List.of(0.0, 480.0, 0.0, 640.0)), r.bboxes);
		assertEquals("/data/cam1.mp4", r.videoPath);
	}

	@Test
	void roundTrip() {
		RefinedData r = new RefinedData();
		r.bodyparts.addAll(List.of("a", "b"));
		r.frames.add(new RefinedData.Frame(2, 2, new float[] { 0, 1, 2, 3 }, new float[] { 1, 2, 1, Float.NaN, Float.NaN, Float.NaN }, 5, 0));
		r.frames.add(new RefinedData.Frame(2, 2, new float[] { 4, 5, 6, 7 }, new float[] { 3, 4, 1, 5, 6, 1 }, 9, 0));
		r.bboxes.add(List.of(0.0, 10.0, 0.0, 20.0));
		r.videoPath = "v.mp4";
		Path f = tmp.resolve("m_Facemap_refined_data.npy");
		r.write(f);
		RefinedData b = RefinedData.read(f);
		assertEquals(r.bodyparts, b.bodyparts);
		assertEquals(2, b.frames.size());
		assertArrayEquals(r.frames.get(1).pixels, b.frames.get(1).pixels);
		assertArrayEquals(r.frames.get(0).keypoints, b.frames.get(0).keypoints);
		assertEquals(9, b.frames.get(1).frameIndex);
		assertEquals(r.bboxes, b.bboxes);
		assertEquals("v.mp4", b.videoPath);
	}

	@Test
	void wrongDictIsRejected() {
		Path f = tmp.resolve("x.npy");
		Npy.writeObject(f, Map.of("imgs", List.of()));
		FacemapException e = assertThrows(FacemapException.class, () -> RefinedData.read(f));
		assertTrue(e.getMessage().contains("no 'keypoints' entry"), e.getMessage());
	}
}
