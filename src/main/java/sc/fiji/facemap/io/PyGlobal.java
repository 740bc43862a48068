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

import java.util.Objects;

/** A reference to a Python class or function by module and name, as pickles store them (GLOBAL / STACK_GLOBAL). */
public final class PyGlobal {

	private final String module;
	private final String name;

	public PyGlobal(String module, String name) {
		this.module = Objects.requireNonNull(module);
		this.name = Objects.requireNonNull(name);
	}

	public String module() {
		return module;
	}

	public String name() {
		return name;
	}

	/** "module.name". */
	public String qualifiedName() {
		return module + "." + name;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof PyGlobal && ((PyGlobal) o).module.equals(module) && ((PyGlobal) o).name.equals(name);
	}

	@Override
	public int hashCode() {
		return module.hashCode() * 31 + name.hashCode();
	}

	@Override
	public String toString() {
		return qualifiedName();
	}
}
