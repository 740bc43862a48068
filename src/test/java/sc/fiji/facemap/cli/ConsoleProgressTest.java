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
package sc.fiji.facemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

	@Test
	void lineShowsBarRateAndTimeLeft() {
		ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), false, "frames");
		p.update(0, 1000, "Tracking"); // sets the stage
		String line = p.format(250, 1000, 5_000_000_000L, 250); // 250 frames in 5 s = 50 frames/s
		assertTrue(line.startsWith("Tracking [#######"), line);
		assertTrue(line.contains(" 25% 250/1000 frames"), line);
		assertTrue(line.contains("50.0 frames/s"), line);
		assertTrue(line.contains("15 s left"), line); // 750 frames at 50/s
	}

	@Test
	void durations() {
		assertEquals("42 s", ConsoleProgress.duration(42.2));
		assertEquals("3 min 05 s", ConsoleProgress.duration(185));
		assertEquals("2 h 01 min", ConsoleProgress.duration(7260));
	}

	@Test
	void nonInteractiveWritesWholeLinesAndFinishes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "frames");
		for (int i = 0; i <= 100; i++) p.update(i, 100, "Reading");
		String out = bytes.toString(StandardCharsets.UTF_8);
		assertFalse(out.contains("\r"), "no carriage returns when not on a terminal");
		assertTrue(out.contains("100% 100/100 frames"), out);
		assertTrue(out.endsWith(System.lineSeparator()), out);
	}
}
