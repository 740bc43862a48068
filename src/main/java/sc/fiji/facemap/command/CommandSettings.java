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
package sc.fiji.facemap.command;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.plugin.Parameter;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * Reads a job's settings from a SciJava command: the command declares one {@code @Parameter} field per key of the
 * job's settings record, named by the key (the macro key), and this class collects their values and hands them to
 * the schema (the same conversion and validation as the CLI and settings files). A command may also have a
 * {@code settings_file} field naming a JSON settings file: the file's values are used for every key whose field
 * still holds its default (a field set in the dialog or macro wins).
 */
public final class CommandSettings {

	/** The field of a command that names an optional JSON settings file. */
	public static final String SETTINGS_FILE_FIELD = "settings_file";

	private CommandSettings() {}

	/** The settings held by {@code command}'s fields (a missing field is a programming error). */
	public static <S extends JobSettings> S read(Object command, Class<S> type) {
		SettingsSchema<S> schema = SettingsSchema.of(type);
		Map<String, Object> values = new LinkedHashMap<>();
		Field file = field(command.getClass(), SETTINGS_FILE_FIELD);
		if (file != null) {
			Object f = get(file, command);
			if (f instanceof File && !f.toString().isEmpty()) values.putAll(schema.readValuesLenient(((File) f).toPath(), null));
		}
		for (SettingsSchema.Key k : schema.keys()) {
			Field f = field(command.getClass(), k.name());
			if (f == null) throw new IllegalStateException(command.getClass().getSimpleName() + " has no @Parameter field '" + k.name() + "' for " + type.getSimpleName());
			Object v = get(f, command);
			if (file != null && values.containsKey(k.name()) && equalsDefault(k, v)) continue; // the file's value
			values.put(k.name(), v);
		}
		return schema.parse(values);
	}

	/** The keys of {@code type} that {@code commandClass} lacks as {@code @Parameter} fields (for tests). */
	public static List<String> missingKeys(Class<?> commandClass, Class<? extends JobSettings> type) {
		List<String> out = new ArrayList<>();
		for (SettingsSchema.Key k : SettingsSchema.of(type).keys()) {
			Field f = field(commandClass, k.name());
			if (f == null || f.getAnnotation(Parameter.class) == null) out.add(k.name());
		}
		return out;
	}

	private static boolean equalsDefault(SettingsSchema.Key k, Object v) {
		Object d = k.defaultValue();
		if (v == null || v instanceof String && ((String) v).isEmpty()) return true;
		if (d == null) return false;
		try {
			return k.convert(v).equals(d);
		} catch (RuntimeException e) {
			return false;
		}
	}

	private static Field field(Class<?> c, String name) {
		for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
			try {
				Field f = k.getDeclaredField(name);
				f.setAccessible(true);
				return f;
			} catch (NoSuchFieldException e) {
				// superclass
			}
		}
		return null;
	}

	private static Object get(Field f, Object o) {
		try {
			return f.get(o);
		} catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}
}
