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
package sc.fiji.facemap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 11 (progress): the GUI's line has the rate and the time left, its clock runs across updates of one stage. */
class ProgressClockTest {

	@Test
	void theClockRunsAcrossUpdatesOfOneStage() {
		ProgressClock c = new ProgressClock("frames");
		long s = 1_000_000_000L;
		assertEquals("Tracking 0/100 frames", c.line(0, 100, "Tracking", 0));
		assertEquals("Tracking 10/100 frames, 5.0 frames/s, 18 s left", c.line(10, 100, "Tracking", 2 * s));
		assertEquals("Tracking 50/100 frames, 5.0 frames/s, 10 s left", c.line(50, 100, "Tracking", 10 * s));
		assertEquals("Tracking 100/100 frames, 5.0 frames/s", c.line(100, 100, "Tracking", 20 * s));
		// another stage starts its own clock
		assertEquals("Writing 0/10 frames", c.line(0, 10, "Writing", 21 * s));
		assertEquals("Writing 5/10 frames, 5.0 frames/s, 1 s left", c.line(5, 10, "Writing", 22 * s));
	}
}
