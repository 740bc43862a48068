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
package sc.fiji.facemap.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The trace plots' time axis: zoom about the mouse, pan, follow the cursor, never leave the video. */
class TimeWindowTest {

	@Test
	void zoomKeepsTheFrameUnderTheMouseInPlace() {
		TimeWindow all = TimeWindow.all(1000);
		TimeWindow z = all.zoom(0.5, 250);
		assertEquals(500, z.width(), 1e-9);
		assertEquals((250 - all.start()) / all.width(), (250 - z.start()) / z.width(), 1e-9, "frame 250 stays under the mouse");
		assertEquals(125, z.start(), 1e-9);
	}

	@Test
	void zoomAndPanStayInsideTheVideo() {
		TimeWindow all = TimeWindow.all(1000);
		assertEquals(all, all.zoom(4, 500), "zooming out past the video shows the whole video");
		TimeWindow narrow = all.zoom(1e-6, 500);
		assertEquals(TimeWindow.MIN_FRAMES, narrow.width(), 1e-9, "at least 10 frames wide");
		TimeWindow z = all.zoom(0.1, 500);
		assertEquals(0, z.pan(-5000).start(), 1e-9);
		assertEquals(1000, z.pan(5000).end(), 1e-9);
		assertEquals(100, z.pan(5000).width(), 1e-9, "panning never resizes");
		assertEquals(3, TimeWindow.all(3).zoom(0.01, 1).width(), 1e-9, "a video shorter than 10 frames is shown whole");
	}

	@Test
	void followMovesTheWindowOnlyWhenTheFrameLeavesIt() {
		TimeWindow w = new TimeWindow(100, 200, 1000);
		assertSame(w, w.follow(150));
		TimeWindow f = w.follow(450);
		assertEquals(100, f.width(), 1e-9);
		assertEquals(true, 450 >= f.start() && 450 < f.end());
	}

	@Test
	void frameAtIsTheInverseOfFractionOf() {
		TimeWindow w = new TimeWindow(100, 200, 1000);
		for (int f = 100; f < 200; f += 7) assertEquals(f, w.frameAt(w.fractionOf(f)));
		assertEquals(0, w.frameAt(-50));
		assertEquals(999, w.frameAt(50));
	}
}
