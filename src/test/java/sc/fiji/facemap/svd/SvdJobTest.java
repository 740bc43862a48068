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
package sc.fiji.facemap.svd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.svd.ProcH5;
import sc.fiji.facemap.svd.ProcNpy;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.Roi;
import sc.fiji.facemap.job.RoiType;
import sc.fiji.facemap.task.Progress;

/** The job on the parity clip: ROIs from the recording, both output files, Facemap's keys. */
class SvdJobTest {

	@Test
	void runsOnARecordingAndWritesBothFiles(@TempDir Path dir) throws Exception {
		Path clip = SvdParityTest.DIR.resolve("clip.avi");
		Recording rec = Recording.of(clip).withOutputDir(dir).withRois(List.of(new Roi(RoiType.MOTION, "whiskers", 180, 60,
			100, 120), new Roi(RoiType.PUPIL, "eye", 50, 72, 80, 76)));
		ProcessingResult r = new SvdJob().run(rec, SvdSettings.DEFAULTS.with("n_components", 20), Progress.NONE);
		assertEquals(200, r.nFrames());
		assertEquals(2, r.regions().size());
		assertEquals("whiskers", r.regions().get(1).name());
		RoiSpec pupil = r.pupils().get(0).roi();
		assertEquals(RoiSpec.Kind.PUPIL, pupil.kind());
		assertEquals(List.of(0, 50, 72, 80, 76), List.of(pupil.view(), pupil.x(), pupil.y(), pupil.width(), pupil.height()));
		assertEquals(List.of(List.of(clip.toAbsolutePath())), r.filenames());
		Path npy = rec.outputs().procNpy(), h5 = rec.outputs().procH5();
		assertEquals(dir.resolve("clip_proc.npy"), npy);
		assertTrue(Files.isRegularFile(npy) && Files.isRegularFile(h5));
		ProcNpy.Contents c = ProcNpy.read(npy);
		for (String k : List.of("motSVD", "motMask", "avgframe", "avgmotion", "motion", "Ly", "Lx", "sbin", "pupil", "rois",
			"motMask_reshape", "avgframe_reshape", "Lybin", "Lxbin", "sybin", "sxbin", "LYbin", "LXbin"))
			assertTrue(c.dict().containsKey(k), k);
		assertArrayEquals(new long[] { 200, 20 }, c.motSvd(0).shape());
		assertArrayEquals(r.regions().get(1).motSvd().data(), ProcH5.readFloats(h5, "motSVD/1"));
		// the pupil's saturation 255 counts every pixel darker than white: the fit still finds the dark pupil
		assertTrue(r.pupils().get(0).area()[0] > 100);
		try (var files = Files.list(dir)) {
			assertEquals(2, files.count(), "no temporary files left");
		}
	}
}
