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

/** The status line of a GUI run. */
class IJProgressTest {

	@Test
	void theStatusLineHasTimeLeftTheCountOnceAndHowToCancel() {
		IJProgress p = new IJProgress();
		long s = 1_000_000_000L;
		p.statusLine(0, 100, "Tracking", 0);
		// issue 11: no time left, and "Tracking 50/100 50/100" when the message held the count
		assertEquals("Tracking 50/100, 10.0/s, 5 s left (Esc: cancel)", p.statusLine(50, 100, "Tracking 50/100", 5 * s));
		assertEquals("Tracking 60/100, 10.0/s, 4 s left (Esc: cancel)", p.statusLine(60, 100, "Tracking", 6 * s));
		assertEquals("Tracking done", p.statusLine(100, 100, "Tracking", 9 * s));
	}
}
