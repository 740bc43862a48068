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
package sc.fiji.facemap.keypoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** One colour per keypoint name, readable on white and on gray video. */
class KeypointPaletteTest {

	@Test
	void aNameHasTheSameColourWhateverTheOtherKeypoints() {
		KeypointSet three = new KeypointSet(List.of("paw", "nose(tip)", "tail base"));
		int[] small = KeypointPalette.rgb(three);
		int[] all = KeypointPalette.rgb(KeypointSet.facemap());
		assertEquals(all[KeypointSet.FACEMAP.indexOf("paw")], small[0]);
		assertEquals(all[KeypointSet.FACEMAP.indexOf("nose(tip)")], small[1]);
		// a name that is not Facemap's keeps its colour in any set and in any order
		int[] other = KeypointPalette.rgb(new KeypointSet(List.of("tail base", "x", "y", "z", "paw")));
		assertEquals(small[2], other[0]);
		assertEquals(small[0], other[4]);
		// the same keypoint under the mouse-face data set's name has Facemap's colour
		assertEquals(all[KeypointSet.FACEMAP.indexOf("eye(top)")], KeypointPalette.rgb("eye top"));
		assertEquals(all[KeypointSet.FACEMAP.indexOf("whisker(II)")], KeypointPalette.rgb("whisker 2"));
	}

	@Test
	void facemapKeypointsHaveFifteenDistinctFixedColours() {
		List<Integer> c = KeypointPalette.facemapColors();
		assertEquals(15, new HashSet<>(c).size());
		assertArrayEquals(c.stream().mapToInt(Integer::intValue).toArray(), KeypointPalette.rgb(KeypointSet.facemap()));
		assertEquals(0xE6194B, KeypointPalette.rgb("eye(back)"));
		// clearly different from each other: at least 60 apart in RGB
		for (int i = 0; i < 15; i++)
			for (int j = i + 1; j < 15; j++)
				assertTrue(rgbDistance(c.get(i), c.get(j)) >= 60, String.format("%06X vs %06X", c.get(i), c.get(j)));
		for (int v : c) readable(v);
	}

	@Test
	void otherNamesGetStableReadableColours() {
		// the hash is Java's String.hashCode (fixed by the language): the same colour in every run
		int tail = KeypointPalette.rgb("tail base");
		assertEquals(tail, KeypointPalette.rgb(new String("tail base".toCharArray())));
		Random r = new Random(11);
		Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			String name = "kp" + r.nextInt(1_000_000);
			int c = KeypointPalette.rgb(name);
			readable(c);
			seen.add(c);
		}
		assertTrue(seen.size() > 400, "names spread over many colours: " + seen.size());
	}

	/** No yellow on white, no colour lost in gray: dark enough for white, saturated enough for any gray. */
	private static void readable(int c) {
		int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
		String hex = String.format("%06X", c);
		assertTrue(c >= 0 && c <= 0xffffff, hex);
		double lum = KeypointPalette.luminance(c);
		assertTrue(lum <= KeypointPalette.MAX_LUMINANCE, hex + " too light for white: " + lum);
		assertTrue(lum >= KeypointPalette.MIN_LUMINANCE, hex + " too dark: " + lum);
		assertTrue((1.05) / (lum + 0.05) >= 2.7, hex + " contrast on white");
		assertTrue(Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) >= KeypointPalette.MIN_CHROMA, hex +
			" too gray");
		// yellow (red and green high, blue low) would vanish on white
		assertTrue(!(r > 180 && g > 180 && b < 120), hex + " is yellow");
	}

	private static double rgbDistance(int a, int b) {
		double dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff), dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff), db = (a & 0xff) -
			(b & 0xff);
		return Math.sqrt(dr * dr + dg * dg + db * db);
	}
}
