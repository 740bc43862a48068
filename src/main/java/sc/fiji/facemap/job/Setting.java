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

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one option of a job's settings record (a component of a {@link JobSettings} record). The option's key
 * is the component's name in snake_case ({@code filterOutliers} -> {@code filter_outliers}): the SciJava parameter
 * (macro key), the picocli option ({@code --filter-outliers}), the JSON settings-file key and the resume comparison
 * all use it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD })
public @interface Setting {

	/** One sentence a biologist understands (shown in dialogs and in {@code --help}). */
	String description();

	/** Short dialog label; empty = derived from the key. */
	String label() default "";


	/** Whether an empty value (null) is allowed for object settings (paths, text, parsed values). */
	boolean optional() default false;

	/**
	 * Whether the option is part of a run's identity (compared on resume, recorded in outputs). Display-only or
	 * bookkeeping options (resume itself, output format toggles) say false.
	 */
	boolean identity() default true;

	/** Older command-line names that keep working besides {@code --key-with-dashes} (e.g. {@code "--lr"}). */
	String[] aliases() default {};
}
