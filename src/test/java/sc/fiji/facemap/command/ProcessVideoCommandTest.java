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
package sc.fiji.facemap.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

import sc.fiji.facemap.svd.RoiSpec;

class ProcessVideoCommandTest {

	private static final Path CLIP = Paths.get("src/test/resources/video/formats/clip_mjpeg.avi");

	private static void set(Object o, String field, Object value) throws Exception {
		Field f = o.getClass().getDeclaredField(field);
		f.setAccessible(true);
		f.set(o, value);
	}

	@Test
	void aCanceledRunWritesNothingAndSaysSo(@TempDir Path tmp) throws Exception {
		try (Context context = new Context()) {
			ProcessVideoCommand c = new ProcessVideoCommand();
			context.inject(c);
			set(c, "video", CLIP.toFile());
			set(c, "rois_from", "none");
			set(c, "output_folder", tmp.toFile());
			set(c, "show_results", false);
			c.cancel("user pressed Cancel"); // as the progress window's Cancel or Escape would, before the first frame
			c.run();
			assertTrue(c.isCanceled());
			assertNull(c.item());
			try (var files = Files.list(tmp)) {
				assertEquals(List.of(), files.toList());
			}
		}
	}

	@Test
	void roiTextAndChoices() throws Exception {
		ProcessVideoCommand c = new ProcessVideoCommand();
		set(c, "rois_from", "ROI text");
		set(c, "roi_text", " pupil:60,20,30,24,saturation=120 ;; motion:1,1,60,40 ");
		List<RoiSpec> r = c.rois(128, 80);
		assertEquals(2, r.size());
		assertEquals(120, r.get(0).saturation());
		set(c, "rois_from", "ROI file");
		set(c, "roi_file", (File) null);
		try {
			c.rois(128, 80);
			throw new AssertionError("no error without a ROI file");
		} catch (sc.fiji.facemap.FacemapException e) {
			assertTrue(e.getMessage().contains("no ROI file"), e.getMessage());
		}
		set(c, "rois_from", "none");
		assertEquals(List.of(), c.rois(128, 80));
	}
}
