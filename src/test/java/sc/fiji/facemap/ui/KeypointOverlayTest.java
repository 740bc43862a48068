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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;

import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.testutil.SyntheticVideo;
import sc.fiji.facemap.viewer.ViewerState;

/**
 * The keypoint overlay follows the shown frame (headless): only that frame's points, at their positions, with the
 * first-frame offset, the threshold and the names of the viewer state.
 */
class KeypointOverlayTest {

	private static final KeypointSet TWO = new KeypointSet(List.of("nose", "paw"));

	/** {@code frames} rows; row r: nose at (r % 30, 3), paw at (7, r % 20), likelihood 0.9. */
	private static Keypoints track(int frames) {
		Keypoints kp = new Keypoints(TWO, frames);
		for (int r = 0; r < frames; r++) {
			kp.set(r, 0, r % 30, 3, 0.9f);
			kp.set(r, 1, 7, r % 20, 0.9f);
		}
		return kp;
	}

	private static List<Roi> dots(ImagePlus imp) {
		Overlay o = imp.getOverlay();
		assertNotNull(o, "the image has an overlay");
		List<Roi> l = new ArrayList<>();
		for (Roi r : o.toArray()) if (!(r instanceof TextRoi)) l.add(r);
		return l;
	}

	private static double cx(Roi r) {
		return r.getBounds().x + r.getBounds().width / 2.0;
	}

	private static double cy(Roi r) {
		return r.getBounds().y + r.getBounds().height / 2.0;
	}

	@Test
	void aVideoShowsOnlyTheCurrentFramesPointsAndNothingPastTheTrackedRange() {
		ImagePlus imp = VideoImages.virtual(SyntheticVideo.gradient(400, 40, 30), 1 << 20);
		KeypointViews.show(imp, track(100), 0, 0.5, false); // frames 0-99 tracked
		imp.setT(51); // frame 50
		List<Roi> d = dots(imp);
		assertEquals(2, d.size(), "exactly the two keypoints of frame 50");
		assertEquals("nose", d.get(0).getName());
		assertEquals(20, cx(d.get(0)), 0.5); // 50 % 30
		assertEquals(3, cy(d.get(0)), 0.5);
		assertEquals(7, cx(d.get(1)), 0.5);
		assertEquals(10, cy(d.get(1)), 0.5); // 50 % 20
		imp.setT(100); // frame 99, the last tracked
		assertEquals(9, cx(dots(imp).get(0)), 0.5);
		// issue 11: frame 375 of a 0-99 run showed all 100 frames' points; it shows none
		imp.setT(376);
		assertEquals(0, imp.getOverlay().size());
		imp.setT(2);
		assertEquals(1, cx(dots(imp).get(0)), 0.5);
	}

	@Test
	void theFirstFrameOffsetPutsRowsOnTheirVideoFrames() {
		ImagePlus imp = VideoImages.virtual(SyntheticVideo.gradient(400, 40, 30), 1 << 20);
		KeypointViews.show(imp, track(40), 300, 0.5, true); // frames 300-339
		imp.setT(301); // frame 300 = row 0
		assertEquals(0, cx(dots(imp).get(0)), 0.5);
		assertEquals(4, imp.getOverlay().size(), "two dots and two names");
		imp.setT(340); // frame 339 = row 39
		assertEquals(9, cx(dots(imp).get(0)), 0.5);
		assertEquals(19, cy(dots(imp).get(1)), 0.5);
		imp.setT(300); // frame 299
		assertEquals(0, imp.getOverlay().size());
		imp.setT(341); // frame 340
		assertEquals(0, imp.getOverlay().size());
		imp.setT(1);
		assertEquals(0, imp.getOverlay().size(), "frame 0 is not row 0");
	}

	@Test
	void theViewerStateDrivesFrameThresholdNamesAndVisibility() {
		ImageStack st = new ImageStack(40, 30);
		for (int i = 0; i < 20; i++) st.addSlice(new ByteProcessor(40, 30)); // a plain in-memory stack
		ImagePlus imp = new ImagePlus("plain", st);
		Keypoints kp = track(20);
		kp.set(7, 1, 7, 7, 0.4f);
		ViewerState state = new ViewerState(kp.keypointSet(), 20);
		KeypointOverlay o = KeypointOverlay.attach(imp, kp, 0, state);
		assertSame(o, KeypointOverlay.of(imp));
		state.setFrame(7);
		assertEquals(8, imp.getCurrentSlice(), "the image follows the state");
		state.setShowNames(false);
		state.setLikelihoodThreshold(0.3);
		assertEquals(2, dots(imp).size());
		state.setLikelihoodThreshold(0.5);
		assertEquals(1, dots(imp).size(), "paw (0.4) is below the threshold");
		assertEquals(7, cx(dots(imp).get(0)), 0.5);
		state.setShowNames(true);
		assertEquals(2, imp.getOverlay().size(), "nose and its name");
		state.setShowNames(false);
		state.setVisible(0, false);
		assertEquals(0, imp.getOverlay().size(), "nose hidden");
		state.setVisible(0, true);
		// the slider moves the image; ImageJ tells its listeners (as with a window), and the state follows
		imp.setSlice(13);
		o.imageUpdated(imp);
		assertEquals(12, state.frame());
		assertEquals(12, cx(dots(imp).get(0)), 0.5);
		assertEquals(12, cy(dots(imp).get(1)), 0.5);
	}

	@Test
	void memoryDoesNotGrowWithTheVideosLength() {
		int n = 180_000; // an hour at 50 Hz
		ImagePlus imp = VideoImages.virtual(SyntheticVideo.gradient(n, 40, 30), 1 << 20);
		KeypointOverlay o = KeypointViews.show(imp, track(n), 0, 0, true);
		assertEquals(4, imp.getOverlay().size(), "one frame's points and names, not an hour's");
		imp.setT(n);
		assertEquals(4, imp.getOverlay().size());
		assertEquals((n - 1) % 30, cx(dots(imp).get(0)), 0.5);
		assertEquals(n, o.state().frameCount());
	}

	@Test
	void aNewOverlayReplacesTheOldOneAndClosingDetaches() {
		ImagePlus imp = VideoImages.virtual(SyntheticVideo.gradient(50, 40, 30), 1 << 20);
		KeypointOverlay first = KeypointViews.show(imp, track(50), 0, 0.5, false);
		KeypointOverlay second = KeypointViews.show(imp, track(10), 20, 0.5, false);
		assertSame(second, KeypointOverlay.of(imp));
		imp.setT(21);
		assertEquals(0, cx(dots(imp).get(0)), 0.5, "the second result's row 0");
		first.state().setShowNames(true); // the old state no longer draws
		assertEquals(2, imp.getOverlay().size());
		second.imageClosed(imp);
		assertNull(KeypointOverlay.of(imp));
		assertNull(imp.getOverlay());
		imp.setT(22);
		assertTrue(imp.getOverlay() == null || imp.getOverlay().size() == 0, "no overlay after detaching");
	}
}
