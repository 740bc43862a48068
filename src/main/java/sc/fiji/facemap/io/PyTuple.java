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
package sc.fiji.facemap.io;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A Python tuple as read from or written to a pickle: an immutable {@link List}. It is its own type so that a
 * tuple read from a file is written back as a tuple (Facemap's metadata, for example, stores {@code image_size} as
 * a tuple of two lists).
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {

	public static final PyTuple EMPTY = new PyTuple(new Object[0]);

	private final Object[] items;

	private PyTuple(Object[] items) {
		this.items = items;
	}

	public static PyTuple of(Object... items) {
		return new PyTuple(items.clone());
	}

	public static PyTuple copyOf(List<?> items) {
		return new PyTuple(items.toArray());
	}

	@Override
	public Object get(int index) {
		return items[index];
	}

	@Override
	public int size() {
		return items.length;
	}

	@Override
	public String toString() {
		if (items.length == 1) return "(" + items[0] + ",)";
		String s = Arrays.toString(items);
		return "(" + s.substring(1, s.length() - 1) + ")";
	}
}
