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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.keypoints.KeypointSet;

/** The observable window state: each setter fires its event once, and only on a change. */
class ViewerStateTest {

	private static final KeypointSet ABC = new KeypointSet(List.of("a", "b", "c"));

	@Test
	void startsAtFrameZeroWithEverythingShownAndNothingSelected() {
		ViewerState s = new ViewerState(ABC, 100);
		assertEquals(0, s.frame());
		assertEquals(100, s.frameCount());
		assertEquals(-1, s.selected());
		assertNull(s.selectedName());
		assertArrayEquals(new boolean[] { true, true, true }, s.visibility());
		assertTrue(s.isTraceVisible(2));
		assertEquals(DisplaySettings.DEFAULTS, s.display());
		assertThrows(IllegalArgumentException.class, () -> new ViewerState(ABC, 0));
	}

	@Test
	void eventsAreFiredOnChangeOnly() {
		ViewerState s = new ViewerState(ABC, 100);
		List<ViewerStateChange> events = new ArrayList<>();
		ViewerStateListener l = events::add;
		s.addListener(l);
		s.addListener(l); // added once
		s.setFrame(10);
		s.setFrame(10);
		s.select(1);
		s.select("b");
		s.setVisible(0, false);
		s.setVisible(0, false);
		s.setTraceVisible(2, false);
		s.setTraceVisible(2, false);
		s.setLikelihoodThreshold(0.8);
		s.setLikelihoodThreshold(0.8);
		s.setShowNames(false);
		s.setPointSize(9);
		s.setPlaybackFps(50);
		s.setPlaybackFps(50);
		assertEquals(List.of(ViewerStateChange.FRAME_CHANGED, ViewerStateChange.SELECTION_CHANGED,
			ViewerStateChange.VISIBILITY_CHANGED, ViewerStateChange.TRACE_VISIBILITY_CHANGED,
			ViewerStateChange.DISPLAY_CHANGED, ViewerStateChange.DISPLAY_CHANGED, ViewerStateChange.DISPLAY_CHANGED,
			ViewerStateChange.DISPLAY_CHANGED), events);
		assertEquals(new DisplaySettings(0.8, false, 9, 50), s.display());
		assertEquals(10, s.frame());
		assertEquals("b", s.selectedName());
		assertArrayEquals(new boolean[] { false, true, true }, s.visibility());
		assertEquals(Set.of("b", "c"), s.visibleNames());
		assertFalse(s.isTraceVisible(2));
		s.removeListener(l);
		s.setFrame(11);
		assertEquals(8, events.size(), "a removed listener hears nothing");
	}

	@Test
	void framesAreCheckedAndSteppingStopsAtTheEnds() {
		ViewerState s = new ViewerState(ABC, 5);
		assertThrows(IllegalArgumentException.class, () -> s.setFrame(5));
		assertThrows(IllegalArgumentException.class, () -> s.setFrame(-1));
		assertEquals(3, s.step(3));
		assertEquals(4, s.step(100));
		assertEquals(0, s.step(Integer.MIN_VALUE));
		List<ViewerStateChange> events = new ArrayList<>();
		s.addListener(events::add);
		assertEquals(0, s.step(-1));
		assertTrue(events.isEmpty(), "no move at the first frame, no event");
		assertThrows(IllegalArgumentException.class, () -> s.select(3));
		assertThrows(IllegalArgumentException.class, () -> s.select("d"));
		s.select(-1);
		assertTrue(events.isEmpty(), "none selected already");
	}

	@Test
	void allAtOnceIsOneEvent() {
		ViewerState s = new ViewerState(ABC, 5);
		List<ViewerStateChange> events = new ArrayList<>();
		s.addListener(events::add);
		s.setAllVisible(false);
		s.setAllVisible(false);
		s.setAllTracesVisible(true); // all already shown
		assertEquals(List.of(ViewerStateChange.VISIBILITY_CHANGED), events);
		assertArrayEquals(new boolean[] { false, false, false }, s.visibility());
		s.setVisible(1, true);
		s.setAllVisible(true);
		assertEquals(3, events.size());
	}

	@Test
	void newContentKeepsVisibilityByNameAndClampsTheFrame() {
		ViewerState s = new ViewerState(ABC, 100);
		s.setFrame(90);
		s.select("c");
		s.setVisible(0, false);
		List<ViewerStateChange> events = new ArrayList<>();
		s.addListener(events::add);
		s.setContent(new KeypointSet(List.of("b", "a", "d")), 50);
		assertEquals(List.of(ViewerStateChange.CONTENT_CHANGED, ViewerStateChange.FRAME_CHANGED), events);
		assertEquals(49, s.frame());
		assertEquals(-1, s.selected(), "'c' is gone");
		assertArrayEquals(new boolean[] { true, false, true }, s.visibility(), "'a' stays hidden, new 'd' shown");
		s.setContent(new KeypointSet(List.of("b", "a", "d")), 50);
		assertEquals(2, events.size(), "the same content: no event");
	}

	@Test
	void displaySettingsAreValidated() {
		assertThrows(IllegalArgumentException.class, () -> new DisplaySettings(1.5, true, 6, 30));
		assertThrows(IllegalArgumentException.class, () -> new DisplaySettings(Double.NaN, true, 6, 30));
		assertThrows(IllegalArgumentException.class, () -> new DisplaySettings(0.5, true, 0, 30));
		assertThrows(IllegalArgumentException.class, () -> new DisplaySettings(0.5, true, 6, 0));
		ViewerState s = new ViewerState(ABC, 5);
		assertThrows(IllegalArgumentException.class, () -> s.setPlaybackFps(-1));
		assertEquals(DisplaySettings.DEFAULTS, s.display(), "a refused value changes nothing");
	}
}
