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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.process.ByteProcessor;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.ui.VideoImages;
import sc.fiji.facemap.ui.VideoVirtualStack;

/**
 * Issue 11: an empty video field used to take whatever image was in front (after Refine, the preview stack; a
 * single labelled frame opened from a PNG). Only a video (Open Video..., the Facemap window) or a stack opened from a
 * file is taken; anything else is refused with a message naming the image.
 */
class EmptyVideoFieldTest {

	@AfterEach
	void clear() {
		WindowManager.setTempCurrentImage(null);
	}

	@Test
	void aSingleFrameOrAPreviewStackIsRefused() {
		Path png = TestData.shared().resolve("data/mouse-face-labeled/img0051.png");
		ImagePlus frame = IJ.openImage(png.toString());
		assertTrue(frame.getOriginalFileInfo() != null, "opened from a file");
		FacemapException e = assertThrows(FacemapException.class, () -> TrackKeypointsCommand.videoOf(frame));
		assertTrue(e.getMessage().contains("img0051.png") && e.getMessage().contains("not a video"), e.getMessage());
		ImageStack st = new ImageStack(8, 8);
		st.addSlice(new ByteProcessor(8, 8));
		st.addSlice(new ByteProcessor(8, 8));
		ImagePlus preview = new ImagePlus("Predictions of tiny", st);
		WindowManager.setTempCurrentImage(preview);
		e = assertThrows(FacemapException.class, () -> FacemapWindowCommand.videoOrCurrent(null, "Facemap Window"));
		assertTrue(e.getMessage().contains("Predictions of tiny"), e.getMessage());
	}

	@Test
	void aVideoOpenedWithOpenVideoIsTaken() {
		ImagePlus imp = VideoImages.open(TestData.demoVideo());
		try {
			WindowManager.setTempCurrentImage(imp);
			assertEquals(TestData.demoVideo(), FacemapWindowCommand.videoOrCurrent(new java.io.File(""), "x"));
			assertEquals(TestData.demoVideo(), TrackKeypointsCommand.videoOf(imp));
		}
		finally {
			((VideoVirtualStack) imp.getStack()).close();
		}
	}
}
