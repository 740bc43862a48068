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

/**
 * The settings of one kind of job: an immutable Java record whose components are annotated with {@link Setting},
 * with a {@code public static final} field {@code DEFAULTS} holding the defaults, and validation in its compact
 * constructor ({@link SettingsSchema#check}). {@link SettingsSchema#of(Class)} derives the option keys from it, so
 * every front end (menu command, CLI subcommand, JSON settings file) offers the same options by construction.
 */
public interface JobSettings {

	/**
	 * A copy with one option changed, by key ({@code settings.with("batch_size", 16)}); the value may be text or
	 * typed, and goes through the same conversion and validation as every front end.
	 */
	@SuppressWarnings("unchecked")
	default <S extends JobSettings> S with(String key, Object value) {
		SettingsSchema<JobSettings> schema = (SettingsSchema<JobSettings>) SettingsSchema.of(getClass());
		return (S) schema.with(this, key, value);
	}

	/**
	 * A copy with several options changed, by key. The name for Jython, where {@code with} is a keyword:
	 * {@code settings.withOptions({"sbin": 4, "n_components": 100})}.
	 */
	@SuppressWarnings("unchecked")
	default <S extends JobSettings> S withOptions(java.util.Map<String, ?> changes) {
		SettingsSchema<JobSettings> schema = (SettingsSchema<JobSettings>) SettingsSchema.of(getClass());
		return (S) schema.with(this, changes);
	}
}
