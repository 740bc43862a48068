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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.ContextCommand;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;

import sc.fiji.facemap.task.CanceledException;

class StatusServiceProgressTest {

	public static final class Listener {
		final List<StatusEvent> events = new CopyOnWriteArrayList<>();

		@EventHandler
		public void on(StatusEvent e) {
			events.add(e);
		}
	}

	static final class Dummy extends ContextCommand {
		@Override
		public void run() {}
	}

	@Test
	void progressIsMappedOntoAThousandStepsAndCancelFollowsTheCommand() throws Exception {
		try (Context ctx = new Context(StatusService.class, EventService.class)) {
			Listener l = new Listener();
			ctx.service(EventService.class).subscribe(l);
			Dummy cmd = new Dummy();
			StatusServiceProgress p = new StatusServiceProgress(ctx.service(StatusService.class), cmd);
			p.update(250, 1000, "Tracking");
			p.update(1000, 1000, "Tracking");
			for (int i = 0; i < 100 && l.events.size() < 2; i++) Thread.sleep(20); // events may be delivered later
			assertTrue(l.events.size() >= 2, "events: " + l.events);
			// delivery order is not guaranteed (events are published asynchronously)
			StatusEvent quarter = l.events.stream().filter(e -> e.getProgressValue() == 250).findFirst().orElseThrow(
				() -> new AssertionError("no event at 250/1000: " + l.events));
			assertEquals(StatusServiceProgress.STEPS, quarter.getProgressMaximum());
			assertTrue(quarter.getStatusMessage().startsWith("Tracking"), quarter.getStatusMessage());
			assertTrue(l.events.stream().anyMatch(e -> e.getProgressValue() == StatusServiceProgress.STEPS), "done: " +
				l.events);

			assertFalse(p.isCanceled());
			p.checkCanceled();
			cmd.cancel("user pressed cancel");
			assertTrue(p.isCanceled());
			assertThrows(CanceledException.class, p::checkCanceled);
		}
	}

	@Test
	void logLinesGoToTheLogWindowInAGuiSession() {
		java.util.List<String> window = new java.util.ArrayList<>();
		java.util.function.Consumer<String> sink = StatusServiceProgress.logWindow;
		java.util.function.BooleanSupplier gui = StatusServiceProgress.gui;
		try {
			StatusServiceProgress.logWindow = window::add;
			StatusServiceProgress.gui = () -> true;
			new StatusServiceProgress(null, null, null, null).log("Tracked 749 frames: /data/m_FacemapPose.h5");
			assertEquals(java.util.List.of("Tracked 749 frames: /data/m_FacemapPose.h5"), window);
		}
		finally {
			StatusServiceProgress.logWindow = sink;
			StatusServiceProgress.gui = gui;
		}
	}
}
