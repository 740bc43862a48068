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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

class PoseMetadataTest {

	@TempDir
	Path tmp;

	@Test
	void roundTripKeepsFacemapTypes() {
		PoseMetadata m = WriteJavaFixtures.metadata();
		Path f = sc.fiji.facemap.job.OutputLayout.of(tmp.resolve("cam1.mp4"), null).poseMetadata();
		assertEquals("cam1_FacemapPose_metadata.pkl", f.getFileName().toString());
		m.write(f);
		Map<?, ?> raw = (Map<?, ?>) PickleReader.read(f);
		assertEquals(List.of("batch_size", "image_size", "bbox", "total_frames", "bodyparts", "inference_speed", "model"), List.copyOf(raw.keySet()));
		assertInstanceOf(PyTuple.class, raw.get("image_size"));
		assertInstanceOf(Long.class, raw.get("batch_size"));
		assertInstanceOf(Double.class, raw.get("inference_speed"));
		PoseMetadata r = PoseMetadata.read(f);
		assertEquals(8, r.batchSize);
		assertArrayEquals(new int[] { 10, 400, 20, 600 }, r.bbox);
		assertEquals(List.of(480), r.ly);
		assertEquals(List.of(640), r.lx);
		assertEquals(m.bodyparts, r.bodyparts);
		assertEquals(123.5, r.inferenceSpeed);
		assertEquals("facemap_fiji_test", r.extra().get("model"));
	}

	@Test
	void wrongContentIsRejected() {
		Path f = tmp.resolve("x_FacemapPose_metadata.pkl");
		PickleWriter.write(f, Map.of("batch_size", 1L));
		FacemapException e = assertThrows(FacemapException.class, () -> PoseMetadata.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("without 'image_size'"), e.getMessage());
		PickleWriter.write(f, List.of(1L));
		e = assertThrows(FacemapException.class, () -> PoseMetadata.read(f));
		assertTrue(e.getMessage().contains("expected a Facemap pose metadata dict, found list"), e.getMessage());
	}
}
