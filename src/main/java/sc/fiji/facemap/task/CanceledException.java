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
package sc.fiji.facemap.task;

/** Thrown by the core when the user canceled a long job through {@link Progress}. */
public class CanceledException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CanceledException() {
		super("Canceled by the user");
	}

	/** Canceled, with what was kept and how to continue (e.g. the checkpoint and the resume option). */
	public CanceledException(String message) {
		super(message);
	}
}
