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

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.PoseMetadata;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/** Issue 11: Load Keypoints (and facemap keypoints --csv) draw a run over frames 300-339 on frames 300-339, from the metadata's first_frame. */
class KeypointsFirstFrameTest {

	@Test
	void theMetadataBesideTheFileGivesTheFirstFrame(@TempDir Path dir) {
		Keypoints kp = new Keypoints(new KeypointSet(List.of("nose")), 40);
		Path h5 = dir.resolve("clip_FacemapPose.h5");
		PoseH5.write(h5, kp);
		assertEquals(0, sc.fiji.facemap.job.OutputLayout.firstFrameOf(h5), "no metadata: the whole video from frame 0");
		PoseMetadata m = new PoseMetadata();
		m.batchSize = 1;
		m.ly.add(30);
		m.lx.add(40);
		m.totalFrames = 40;
		m.bodyparts.add("nose");
		m.write(dir.resolve("clip_FacemapPose_metadata.pkl"));
		assertEquals(0, sc.fiji.facemap.job.OutputLayout.firstFrameOf(h5), "Facemap's own metadata has no first_frame");
		m.extra().put("first_frame", 300L);
		m.write(dir.resolve("clip_FacemapPose_metadata.pkl"));
		assertEquals(300, sc.fiji.facemap.job.OutputLayout.firstFrameOf(h5));
		assertEquals(0, sc.fiji.facemap.job.OutputLayout.firstFrameOf(dir.resolve("other.h5")));
	}
}
