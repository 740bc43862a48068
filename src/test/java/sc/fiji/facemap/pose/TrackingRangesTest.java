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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;

class TrackingRangesTest {

	@Test
	void framesForms() {
		assertArrayEquals(new int[] { 10, 20 }, TrackingRanges.parseFrames("10:20", "--frames"));
		assertArrayEquals(new int[] { 10, -1 }, TrackingRanges.parseFrames(" 10: ", "--frames"));
		assertArrayEquals(new int[] { 0, 5 }, TrackingRanges.parseFrames(":5", "--frames"));
		assertArrayEquals(new int[] { 7, 8 }, TrackingRanges.parseFrames("7", "--frames"));
	}

	@Test
	void badFramesNameTheOption() {
		FacemapException e = assertThrows(FacemapException.class, () -> TrackingRanges.parseFrames("5:5", "--frames"));
		assertTrue(e.getMessage().startsWith("--frames 5:5 is an empty range"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> TrackingRanges.parseFrames("a:b", "frames"));
		assertTrue(e.getMessage().contains("frames needs A:B"), e.getMessage());
		assertThrows(FacemapException.class, () -> TrackingRanges.parseFrames("-3", "--frames"));
	}

	@Test
	void bbox() {
		assertArrayEquals(new int[] { 30, 430, 100, 701 }, TrackingRanges.parseBbox("30, 430,100 ,701", "--bbox"));
		FacemapException e = assertThrows(FacemapException.class, () -> TrackingRanges.parseBbox("1,2,3", "--bbox"));
		assertTrue(e.getMessage().contains("--bbox needs 4 integers y0,y1,x0,x1, got '1,2,3'"), e.getMessage());
		assertThrows(FacemapException.class, () -> TrackingRanges.parseBbox("1,2,x,4", "bounding box"));
	}
}
