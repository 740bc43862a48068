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

import java.util.List;
import java.util.Map;

/**
 * A Python object the pickle reader has no Java equivalent for, or one the writer should produce through Python's
 * reduce protocol: {@code callable(*args)}, then {@code __setstate__(state)} (or {@code __dict__.update}), then
 * list items appended and dict items set. Reading keeps unknown objects as this instead of failing, so a caller can
 * say what the file held.
 */
public final class PyObject {

	private final PyGlobal callable;
	private final PyTuple args;
	private Object state;
	private final List<Object> listItems;
	private final Map<Object, Object> dictItems;

	public PyObject(PyGlobal callable, PyTuple args, Object state, List<Object> listItems, Map<Object, Object> dictItems) {
		this.callable = callable;
		this.args = args;
		this.state = state;
		this.listItems = listItems;
		this.dictItems = dictItems;
	}

	public PyObject(PyGlobal callable, PyTuple args) {
		this(callable, args, null, null, null);
	}

	public PyGlobal callable() {
		return callable;
	}

	public PyTuple args() {
		return args;
	}

	public Object state() {
		return state;
	}

	void setState(Object state) {
		this.state = state;
	}

	/** Items to append after construction (may be null). */
	public List<Object> listItems() {
		return listItems;
	}

	/** Items to set after construction (may be null). */
	public Map<Object, Object> dictItems() {
		return dictItems;
	}

	@Override
	public String toString() {
		return callable + args.toString() + (state == null ? "" : " state=" + state);
	}
}
