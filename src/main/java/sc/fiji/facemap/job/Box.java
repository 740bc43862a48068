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
package sc.fiji.facemap.job;

import sc.fiji.facemap.FacemapException;

/**
 * A rectangle in frame pixels given as Facemap's bounding box: rows {@code y0..y1} and columns {@code x0..x1}, end
 * exclusive. Text: {@code y0,y1,x0,x1}.
 */
public record Box(int y0, int y1, int x0, int x1) {

	public Box {
		if (y0 < 0 || x0 < 0) throw new FacemapException("box " + y0 + "," + y1 + "," + x0 + "," + x1 + " starts outside the frame");
		if (y1 <= y0 || x1 <= x0) throw new FacemapException("box " + y0 + "," + y1 + "," + x0 + "," + x1 + " is empty (y0 < y1 and x0 < x1 needed)");
	}

	public static Box parse(String text) {
		String[] p = text.split(",");
		String msg = "box needs 4 whole numbers y0,y1,x0,x1, got '" + text + "'";
		if (p.length != 4) throw new FacemapException(msg);
		int[] b = new int[4];
		try {
			for (int i = 0; i < 4; i++)
				b[i] = Integer.parseInt(p[i].trim());
		} catch (NumberFormatException e) {
			throw new FacemapException(msg);
		}
		return new Box(b[0], b[1], b[2], b[3]);
	}

	public static Box of(int[] b) {
		return b == null ? null : new Box(b[0], b[1], b[2], b[3]);
	}

	/** {@code {y0, y1, x0, x1}}. */
	public int[] toArray() {
		return new int[] { y0, y1, x0, x1 };
	}

	@Override
	public String toString() {
		return y0 + "," + y1 + "," + x0 + "," + x1;
	}
}
