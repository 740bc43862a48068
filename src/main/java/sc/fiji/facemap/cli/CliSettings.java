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
package sc.fiji.facemap.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.SettingsSchema;

/**
 * Installs a job's options into a picocli subcommand from its {@link SettingsSchema} and reads them back, so that a
 * subcommand has every option of its job by construction ({@code --batch-size}, {@code --filter-outliers}, ...), plus
 * {@code --settings FILE.json} (a settings file: a flat object of keys, or one section per job). Options given on
 * the command line win over the file's values; both go through the schema's conversion and the settings record's
 * validation, so the messages are the same as in the menu commands.
 */
public final class CliSettings {

	/** The option that names a settings file. */
	public static final String SETTINGS_OPTION = "--settings";

	/** A subcommand whose options come (partly) from settings schemas. */
	public interface Settable {
		/** The settings types whose keys become options of this subcommand. */
		List<Class<? extends JobSettings>> settingsTypes();
	}

	private CliSettings() {}

	/** Adds one option per key of each settings type (and {@code --settings}) to {@code spec}. */
	public static void install(CommandSpec spec, List<Class<? extends JobSettings>> types) {
		if (spec.findOption(SETTINGS_OPTION) == null)
			spec.addOption(OptionSpec.builder(SETTINGS_OPTION).paramLabel("FILE.json").type(String.class)
				.description("Settings file (JSON: {\"key\": value, ...} with the option names below in snake_case, "
					+ "or one such object per job under its name); options given here win over the file.").build());
		for (Class<? extends JobSettings> t : types) {
			for (SettingsSchema.Key k : SettingsSchema.of(t).keys()) {
				if (spec.findOption(k.cliName()) != null) continue; // shared by two jobs of one subcommand
				String def = k.defaultText();
				String desc = k.description() + (def.isEmpty() ? "" : " (default: " + def + ")")
					+ (k.choices().isEmpty() ? "" : " One of: " + String.join(", ", k.choices()) + ".");
				String[] names = new String[1 + k.cliAliases().length];
				names[0] = k.cliName();
				System.arraycopy(k.cliAliases(), 0, names, 1, names.length - 1);
				OptionSpec.Builder b = OptionSpec.builder(names).description(desc);
				if (k.isFlag()) {
					b.type(boolean.class).arity("0");
					if (Boolean.TRUE.equals(k.defaultValue())) b.negatable(true).defaultValue("true").fallbackValue("true"); // --x true, --no-x false
				} else b.type(String.class).paramLabel(label(k));
				spec.addOption(b.build());
			}
		}
	}

	private static String label(SettingsSchema.Key k) {
		if (!k.choices().isEmpty()) return String.join("|", k.choices());
		Class<?> t = k.type();
		if (t == int.class || t == long.class) return "N";
		if (t == double.class || t == float.class) return "X";
		if (t == Path.class) return "PATH";
		return k.name().toUpperCase(java.util.Locale.ROOT);
	}

	/** The settings given on the command line (and in {@code --settings}), defaults for the rest. */
	public static <S extends JobSettings> S read(CommandSpec spec, Class<S> type, String section) {
		SettingsSchema<S> schema = SettingsSchema.of(type);
		Map<String, Object> values = new LinkedHashMap<>();
		ParseResult pr = spec.commandLine().getParseResult();
		OptionSpec file = spec.findOption(SETTINGS_OPTION);
		if (file != null && file.getValue() != null) {
			Path f = Paths.get(file.<String>getValue());
			for (String k : SettingsSchema.keysIn(f, section))
				if (spec.findOption("--" + k.replace('_', '-')) == null || k.contains("-"))
					throw new sc.fiji.facemap.FacemapException(f, "unknown option '" + k + "' for facemap " + spec.name());
			values.putAll(schema.readValuesLenient(f, section));
		}
		for (SettingsSchema.Key k : schema.keys()) {
			OptionSpec o = spec.findOption(k.cliName());
			if (o == null) throw new IllegalStateException(k.cliName() + " not installed in " + spec.name());
			boolean given = pr != null && matched(pr, o);
			if (given) values.put(k.name(), o.getValue());
		}
		return schema.parse(values);
	}

	private static boolean matched(ParseResult pr, OptionSpec o) {
		for (ParseResult p = pr; p != null; p = p.subcommand())
			if (p.hasMatchedOption(o)) return true;
		return false;
	}
}
