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

/**
 * A pickle persistent id (opcode BINPERSID): a reference to data stored outside the pickle, such as a PyTorch
 * storage {@code ('storage', torch.FloatStorage, '0', 'cpu', numel)} whose bytes live in {@code data/0} of the zip.
 */
public final class PyPersistentId {

	private final Object id;

	public PyPersistentId(Object id) {
		this.id = id;
	}

	public Object id() {
		return id;
	}

	@Override
	public String toString() {
		return "persistent_id(" + id + ")";
	}
}
