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

import sc.fiji.facemap.task.Progress;

/**
 * The one job contract: a job runs on a {@link Recording} with its settings and reports through {@link Progress}.
 * The menu commands, the CLI subcommands, batch runs and Jython scripts all call {@link #run}.
 *
 * @param <S> the job's settings record
 * @param <R> what a run returns (files written and figures)
 */
public interface Job<S extends JobSettings, R> {

	/** Short name of the job ("track", "svd", ...), used in logs, side files and batch plans. */
	String name();

	/** The settings type (for the schema, settings files and the front ends). */
	Class<S> settingsType();

	/** Runs the job. Throws {@link sc.fiji.facemap.FacemapException} for bad input, {@code CanceledException} on cancel. */
	R run(Recording recording, S settings, Progress progress);
}
