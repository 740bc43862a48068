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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;

import sc.fiji.facemap.pose.AnnotationSession;
import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;

/** The annotation view without a window: the stack, the overlay, and the key and mouse translation. */
class AnnotationViewTest {

	@TempDir
	Path dir;

	private AnnotationSession session() throws Exception {
		Random r = new Random(3);
		byte[] a = new byte[30 * 20], b = new byte[24 * 26];
		r.nextBytes(a);
		r.nextBytes(b);
		GrayImage.ofBytes(30, 20, a).writePng(dir.resolve("f1.png"));
		GrayImage.ofBytes(24, 26, b).writePng(dir.resolve("f2.png"));
		return AnnotationSession.open(dir, dir.resolve("labels.csv"), new KeypointSet(List.of("nose", "eye", "paw")));
	}

	@Test
	void stackPadsFramesOfDifferentSizesAndKeepsPixels() throws Exception {
		AnnotationSession s = session();
		ImagePlus imp = AnnotationView.createImage(s);
		assertEquals(2, imp.getStackSize());
		assertEquals(30, imp.getWidth());
		assertEquals(26, imp.getHeight());
		GrayImage g = GrayImage.readPng(dir.resolve("f2.png"));
		assertEquals((int) g.get(5, 7), imp.getStack().getProcessor(2).get(5, 7));
		assertEquals(0, imp.getStack().getProcessor(2).get(27, 3), "padding at the right");
		assertEquals("f1.png", imp.getStack().getSliceLabel(1));
	}

	@Test
	void overlayShowsNamedColouredPointsAndTheSelection() throws Exception {
		AnnotationSession s = session();
		s.select(0);
		s.place(10, 5);
		s.select(2);
		s.place(20, 15);
		Overlay o = AnnotationView.overlay(s, 30, 26);
		OvalRoi nose = null, paw = null;
		int rings = 0;
		for (Roi roi : o.toArray()) {
			if (!(roi instanceof OvalRoi)) continue;
			if ("nose".equals(roi.getName())) nose = (OvalRoi) roi;
			else if ("paw".equals(roi.getName())) paw = (OvalRoi) roi;
			else if (Color.WHITE.equals(roi.getStrokeColor())) rings++;
		}
		assertNotNull(nose);
		assertNotNull(paw);
		assertEquals(1, rings, "one selection ring");
		assertEquals(10, nose.getContourCentroid()[0], 0.01);
		assertEquals(5, nose.getContourCentroid()[1], 0.01);
		assertNotNull(nose.getFillColor(), "labelled points are filled with their colour");
		assertEquals(s.color(0), nose.getFillColor().getRGB() & 0xffffff);
		assertEquals(s.color(2), paw.getFillColor().getRGB() & 0xffffff);
		assertTrue(s.color(0) != s.color(2));
		boolean named = false, title = false;
		for (Roi roi : o.toArray())
			if (roi instanceof TextRoi) {
				named |= ((TextRoi) roi).getText().trim().equals("paw") && new Color(s.color(2)).equals(roi
					.getStrokeColor());
				title |= ((TextRoi) roi).getText().contains("1/2") && ((TextRoi) roi).getText().contains("[paw]");
			}
		assertTrue(named, "points are labelled with their names");
		assertTrue(title, "the selected keypoint and the frame are shown");
		// the missing 'eye' has no point; selecting it says so
		s.select(1);
		boolean missingShown = false;
		for (Roi roi : AnnotationView.overlay(s, 30, 26).toArray()) {
			assertFalse("eye".equals(roi.getName()));
			if (roi instanceof TextRoi && ((TextRoi) roi).getText().contains("missing")) missingShown = true;
		}
		assertTrue(missingShown);
	}

	@Test
	void keysAndMouseDriveTheSession() throws Exception {
		assertEquals(AnnotationView.Key.NEXT, AnnotationView.key(KeyEvent.VK_PERIOD, '.', false));
		assertEquals(AnnotationView.Key.NEXT, AnnotationView.key(KeyEvent.VK_RIGHT, KeyEvent.CHAR_UNDEFINED, false));
		assertEquals(AnnotationView.Key.PREVIOUS, AnnotationView.key(KeyEvent.VK_COMMA, ',', false));
		assertEquals(AnnotationView.Key.DELETE, AnnotationView.key(KeyEvent.VK_D, 'd', false));
		assertEquals(AnnotationView.Key.DELETE, AnnotationView.key(KeyEvent.VK_D, 'D', false));
		assertEquals(AnnotationView.Key.DELETE, AnnotationView.key(KeyEvent.VK_BACK_SPACE, '\b', false));
		assertEquals(AnnotationView.Key.DELETE, AnnotationView.key(KeyEvent.VK_DELETE, (char) 127, false));
		assertEquals(AnnotationView.Key.OUT_OF_VIEW, AnnotationView.key(KeyEvent.VK_O, 'o', false));
		assertEquals(AnnotationView.Key.NEXT_KEYPOINT, AnnotationView.key(KeyEvent.VK_DOWN, KeyEvent.CHAR_UNDEFINED,
			false));
		assertNull(AnnotationView.key(KeyEvent.VK_D, 'd', true), "Ctrl+D stays ImageJ's");
		assertNull(AnnotationView.key(KeyEvent.VK_B, 'b', false), "other keys go to ImageJ");
		assertEquals(AnnotationView.Key.UNDO, AnnotationView.key(KeyEvent.VK_Z, 'z', false));
		assertEquals(AnnotationView.Key.REDO, AnnotationView.key(KeyEvent.VK_Y, 'y', false));
		assertEquals(AnnotationView.Key.UNDO, AnnotationView.shortcut(KeyEvent.VK_Z, true, false, false));
		assertEquals(AnnotationView.Key.REDO, AnnotationView.shortcut(KeyEvent.VK_Z, true, true, false));
		assertEquals(AnnotationView.Key.REDO, AnnotationView.shortcut(KeyEvent.VK_Y, true, false, false));
		assertNull(AnnotationView.shortcut(KeyEvent.VK_D, true, false, false), "Ctrl+D stays ImageJ's");
		assertNull(AnnotationView.shortcut(KeyEvent.VK_Z, false, false, false));

		AnnotationSession s = session();
		Path csv = s.labelFile();
		// right-click places the selected keypoint; a left press near it (8 screen px at 2x = 4 image px) picks it
		assertTrue(AnnotationView.press(s, 12, 6, 2.0, true));
		assertEquals("eye", s.selectedName(), "a right-click advances to the next unplaced keypoint");
		assertTrue(AnnotationView.press(s, 15, 8, 2.0, false), "within 4 image px");
		assertEquals("nose", s.selectedName());
		assertFalse(AnnotationView.press(s, 17, 6, 2.0, false), "5 px away at 2x is too far");
		assertTrue(AnnotationView.press(s, 17, 6, 1.0, false), "but within 8 px at 1x");
		AnnotationView.apply(AnnotationView.Key.DELETE, s);
		assertTrue(LabelSet.read(csv).isMissing(0, 0));
		AnnotationView.apply(AnnotationView.Key.NEXT, s);
		assertEquals(1, s.frame());
		AnnotationView.apply(AnnotationView.Key.PREVIOUS, s);
		assertEquals(0, s.frame());
		assertArrayEquals(new float[] { Float.NaN, Float.NaN }, new float[] { s.x(0, 0), s.y(0, 0) });
		assertTrue(Files.size(csv) > 0);
		// the undo key brings the deleted point back (and saves)
		AnnotationView.apply(AnnotationView.Key.UNDO, s);
		assertEquals(12f, LabelSet.read(csv).x(0, 0));
		AnnotationView.apply(AnnotationView.Key.REDO, s);
		assertTrue(LabelSet.read(csv).isMissing(0, 0));
	}

	/**
	 * Issue 11: placing a point did not advance to the next unplaced keypoint, a new frame kept the last keypoint
	 * selected, no list showed which keypoints were done, the header was red on gray and names at the right edge were
	 * cut off.
	 */
	@Test
	void placingAdvancesAndANewFrameStartsAtItsFirstUnplacedKeypoint() throws Exception {
		AnnotationSession s = session();
		s.select(0);
		AnnotationView.press(s, 5, 5, 1, true);
		assertEquals("eye", s.selectedName());
		AnnotationView.press(s, 6, 6, 1, true);
		assertEquals("paw", s.selectedName());
		AnnotationView.press(s, 7, 7, 1, true);
		assertEquals("paw", s.selectedName(), "all placed: the selection stays");
		AnnotationView.apply(AnnotationView.Key.NEXT, s);
		assertEquals(1, s.frame());
		assertEquals("nose", s.selectedName(), "a new frame starts at its first unplaced keypoint");
		s.select(2);
		AnnotationView.press(s, 3, 3, 1, true);
		assertEquals("nose", s.selectedName(), "wrapping around to the first unplaced");
		assertArrayEquals(new boolean[] { false, false, true }, s.done(1));
		AnnotationView.apply(AnnotationView.Key.PREVIOUS, s);
		assertEquals("nose", s.selectedName(), "frame 0 is complete: nothing unplaced, so the first keypoint");
	}

	@Test
	void theHeaderIsReadableTheDoneListIsShownAndNamesAreNotCut() throws Exception {
		AnnotationSession s = session();
		s.select(1);
		s.place(28, 10); // 2 px from the right edge of a 30 px frame
		Overlay o = AnnotationView.overlay(s, 30, 26);
		int listed = 0;
		for (Roi roi : o.toArray()) {
			if ("header".equals(roi.getName())) assertEquals(Color.WHITE, roi.getStrokeColor(), "white header text");
			if (roi.getName() != null && roi.getName().startsWith("done list: ")) {
				listed++;
				if (roi.getName().startsWith("done list: eye")) assertTrue(roi.getName().endsWith(" done"));
				else assertTrue(roi.getName().endsWith(" to do"), roi.getName());
			}
			if ("eye (name)".equals(roi.getName())) assertTrue(roi.getBounds().x + roi.getBounds().width <= 30 + 1,
				"the name of a point at the right edge stays inside the frame: " + roi.getBounds());
		}
		assertEquals(3, listed, "every keypoint in the done list");
	}
}
