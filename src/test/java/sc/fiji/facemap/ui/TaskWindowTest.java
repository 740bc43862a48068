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

import org.junit.jupiter.api.Test;

class TaskWindowTest {

	@Test
	void lineShowsRateAndTimeLeft() {
		assertEquals("projection 1200/2198 frames, 50.0 frames/s, 20 s left", TaskWindow.line("projection", 1200, 2198, 10, 500, "frames"));
		assertEquals("mean frame 100/2198 frames", TaskWindow.line("mean frame", 100, 2198, 0, 0, "frames"));
		assertEquals("2198/2198 frames, 100.0 frames/s", TaskWindow.line("", 2198, 2198, 2, 200, "frames"));
		assertEquals("3 min 05 s", TaskWindow.duration(185));
		assertEquals("1 h 02 min", TaskWindow.duration(3725));
	}
}
