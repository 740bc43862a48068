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
package sc.fiji.facemap;

import java.nio.file.Path;

/**
 * An error a biologist can act on: it names the file (when there is one) and says what was wrong. Commands and the
 * CLI show {@link #getMessage()} as it is, without a stack trace.
 */
public class FacemapException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public FacemapException(String message) {
		super(message);
	}

	public FacemapException(String message, Throwable cause) {
		super(message, cause);
	}

	/** "{file}: {problem}". */
	public FacemapException(Path file, String problem) {
		super(file + ": " + problem);
	}

	public FacemapException(Path file, String problem, Throwable cause) {
		super(file + ": " + problem, cause);
	}
}
