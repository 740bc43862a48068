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
package sc.fiji.facemap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import picocli.CommandLine;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.svd.RoiSpec;

/** {@code facemap svd} on a 16-frame clip: batches from saved settings, reruns, ImageJ ROI files, errors. */
class SvdCommandTest {

	private static final Path CLIP = Paths.get("src/test/resources/video/formats/clip_mjpeg.avi");

	static String[] run(String... args) {
		CommandLine cl = FacemapCli.commandLine();
		StringWriter out = new StringWriter(), err = new StringWriter();
		cl.setOut(new PrintWriter(out));
		cl.setErr(new PrintWriter(err));
		int rc = cl.execute(args);
		return new String[] { Integer.toString(rc), out.toString(), err.toString() };
	}


	@Test
	void batchFromSavedSettingsWritesEachAndSkipsOnRerun(@TempDir Path dir) throws Exception {
		Path a = Files.copy(CLIP, dir.resolve("a.avi")), b = Files.copy(CLIP, dir.resolve("b.avi"));
		Path settings = dir.resolve("rig.json");
		Files.writeString(settings, "{\"svd\": {\"sbin\": 2, \"n_components\": 5, \"write_h5\": false},\n"
			+ " \"rois\": [{\"type\": \"motion\", \"name\": \"whisker pad\", \"x\": 10, \"y\": 10, \"width\": 40, \"height\": 30},\n"
			+ "            {\"type\": \"pupil\", \"x\": 60, \"y\": 20, \"width\": 30, \"height\": 24, \"saturation\": 120}]}");
		Path out = dir.resolve("out");
		String[] r = run("svd", "--settings", settings.toString(), a.toString(), b.toString(), "--out", out.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		assertTrue(r[1].contains("Bin size 2") && r[1].contains("2 ROIs"), r[1]);
		assertTrue(r[1].contains("2 recordings: 2 processed, 0 skipped"), r[1]);
		Map<String, Object> d = Npy.readDict(out.resolve("b_proc.npy"));
		assertEquals(2L, ((Number) d.get("sbin")).longValue());
		assertArrayEquals(new long[] { 16, 5 }, ((Tensor) ((List<?>) d.get("motSVD")).get(1)).shape());
		assertEquals(List.of("whisker pad", "pupil"), SvdRois.read(out.resolve("a_proc.json")).stream().map(RoiSpec::name).toList());

		r = run("svd", "--settings", settings.toString(), a.toString(), b.toString(), "--out", out.toString());
		assertTrue(r[1].contains("2 recordings: 0 processed, 2 skipped"), r[1]);
		// an option given on the command line wins over the file and makes the outputs stale
		r = run("svd", "--settings", settings.toString(), a.toString(), "--sbin", "1", "--out", out.toString());
		assertTrue(r[1].contains("processed again: settings changed (sbin 2 -> 1)"), r[1]);
		// the run record is itself a settings file for the next video
		r = run("svd", "--settings", out.resolve("a_proc.json").toString(), b.toString(), "--out", dir.resolve("out2").toString(), "--save-settings",
			dir.resolve("saved.json").toString());
		assertEquals("0", r[0], r[2]);
		assertTrue(r[1].contains("Bin size 1"), r[1]);
		assertEquals(SvdRois.read(settings), SvdRois.read(dir.resolve("saved.json")));
	}

	@Test
	void roiFilesFromImageJ(@TempDir Path dir) throws Exception {
		Path zip = dir.resolve("RoiSet.zip");
		sc.fiji.facemap.ui.ImageJRois.write(zip, List.of(SvdRois.parse("motion:1,1,60,40"), SvdRois.parse("running:70,10,40,40")));
		String[] r = run("svd", CLIP.toString(), "--rois", zip.toString(), "--no-motsvd", "--out", dir.toString());
		assertEquals("0", r[0], r[1] + r[2]);
		assertTrue(r[1].contains("no SVD") && r[1].contains("running:70,10,40,40"), r[1]);
		Map<String, Object> d = Npy.readDict(dir.resolve("clip_mjpeg_proc.npy"));
		assertEquals(1, ((List<?>) d.get("running")).size());
	}

	@Test
	void badInputSaysWhatIsWrong(@TempDir Path dir) {
		String[] r = run("svd", CLIP.toString(), "--roi", "nose:1,2,3,4", "--out", dir.toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("pupil, motion, blink or running"), r[2]);
		r = run("svd", dir.resolve("missing.mp4").toString());
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("missing.mp4") && r[2].contains("no such file"), r[2]);
		r = run("svd", CLIP.toString(), "--sbin", "0");
		assertEquals("1", r[0]);
		assertTrue(r[2].contains("sbin"), r[2]);
		r = run("svd", CLIP.toString(), "--roi", "pupil:100,60,60,60", "--out", dir.toString());
		assertEquals("1", r[0], r[1]);
		assertTrue(r[1].contains("FAILED") || r[2].contains("outside"), r[1] + r[2]);
	}


}
