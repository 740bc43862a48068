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
package sc.fiji.facemap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.OvalRoi;
import ij.io.RoiDecoder;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.RoiSpec.Kind;

class ImageJRoisTest {

	private static List<RoiSpec> sample() {
		return List.of(new RoiSpec(Kind.PUPIL, "pupil", 0, 300, 238, 112, 80, 65, 2.5, false, List.of(new RoiSpec.Ellipse(45, 30, 20, 18))),
			RoiSpec.of(Kind.MOTION, 420, 250, 200, 150).withName("motion 1"),
			new RoiSpec(Kind.BLINK, "left blink", 0, 10, 20, 30, 40, 90, Double.NaN, true, List.of()),
			RoiSpec.of(Kind.RUNNING, 0, 0, 64, 48).withName("running"));
	}

	@Test
	void typeComesFromTheName() {
		assertEquals(Kind.PUPIL, ImageJRois.typeOf("Pupil"));
		assertEquals(Kind.MOTION, ImageJRois.typeOf("motion 1"));
		assertEquals(Kind.MOTION, ImageJRois.typeOf("whisker SVD"));
		assertEquals(Kind.BLINK, ImageJRois.typeOf("left blink"));
		assertEquals(Kind.RUNNING, ImageJRois.typeOf("running wheel"));
		assertEquals(Kind.PUPIL, ImageJRois.typeOf("pupil (motion free)"));
		assertNull(ImageJRois.typeOf("0278-0356"));
		assertTrue(ImageJRois.isReflector("pupil reflector"));
		assertTrue(ImageJRois.isReflector("CR 1"));
		assertTrue(!ImageJRois.isReflector("pupil") && !ImageJRois.isReflector("scratch"));
	}

	@Test
	void shapesFollowTheType() {
		List<ij.gui.Roi> p = ImageJRois.toImageJ(sample().get(0));
		assertEquals(2, p.size());
		assertInstanceOf(OvalRoi.class, p.get(0));
		assertEquals(new java.awt.Rectangle(300, 238, 112, 80), p.get(0).getBounds());
		assertEquals(new java.awt.Rectangle(345, 268, 20, 18), p.get(1).getBounds());
		ij.gui.Roi m = ImageJRois.toImageJ(sample().get(1)).get(0);
		assertEquals(ij.gui.Roi.RECTANGLE, m.getType());
		assertEquals("motion 1", m.getName());
	}

	@Test
	void roiSetZipRoundTrip(@TempDir Path tmp) {
		Path zip = tmp.resolve("RoiSet.zip");
		ImageJRois.write(zip, sample());
		assertEquals(sample(), ImageJRois.read(zip));
		Path json = tmp.resolve("rois.json");
		ImageJRois.write(json, sample());
		assertEquals(sample(), ImageJRois.read(json));
	}

	@Test
	void singleRoiFileKeepsProperties(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("eye.roi");
		RoiSpec blink = sample().get(2);
		ImageJRois.write(f, List.of(blink));
		ij.gui.Roi raw = new RoiDecoder(f.toString()).getRoi();
		assertInstanceOf(OvalRoi.class, raw);
		assertEquals("90", raw.getProperty(ImageJRois.SATURATION));
		assertEquals(List.of(blink), ImageJRois.read(f));
		assertThrows(FacemapException.class, () -> ImageJRois.write(f, sample()));
	}

	@Test
	void selectionsAreClippedAndNeedATypeName() {
		ij.gui.Roi r = new ij.gui.Roi(-10, 470, 100, 40);
		r.setName("motion");
		RoiSpec s = ImageJRois.toFacemap(r, 800, 480, "test");
		assertEquals(List.of(0, 470, 90, 10), List.of(s.x(), s.y(), s.width(), s.height()));
		ij.gui.Roi unnamed = new ij.gui.Roi(0, 0, 10, 10);
		unnamed.setName("0005-0005");
		FacemapException e = assertThrows(FacemapException.class, () -> ImageJRois.toFacemap(unnamed, 800, 480, "ROI Manager"));
		assertTrue(e.getMessage().contains("ROI Manager") && e.getMessage().contains("0005-0005") && e.getMessage().contains("pupil, motion"),
			e.getMessage());
		ij.gui.Roi outside = new ij.gui.Roi(900, 0, 10, 10);
		outside.setName("pupil");
		assertThrows(FacemapException.class, () -> ImageJRois.toFacemap(outside, 800, 480, "ROI Manager"));
	}

	@Test
	void reflectorsJoinThePupilTheyLieIn() {
		ij.gui.Roi pupil = new OvalRoi(100, 100, 60, 40);
		pupil.setName("pupil");
		ij.gui.Roi cr = new OvalRoi(120, 110, 10, 8);
		cr.setName("reflector");
		ij.gui.Roi motion = new ij.gui.Roi(0, 0, 50, 50);
		motion.setName("motion");
		List<RoiSpec> out = ImageJRois.toFacemap(List.of(cr, pupil, motion), 800, 480, "test");
		assertEquals(2, out.size());
		assertEquals(List.of(new RoiSpec.Ellipse(20, 10, 10, 8)), out.get(0).reflectors());
		ij.gui.Roi stray = new OvalRoi(400, 400, 10, 8);
		stray.setName("reflector");
		assertThrows(FacemapException.class, () -> ImageJRois.toFacemap(List.of(pupil, stray), 800, 480, "test"));
	}
}
