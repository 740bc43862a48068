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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import sc.fiji.facemap.cli.CliSettings;
import sc.fiji.facemap.cli.FacemapCli;
import sc.fiji.facemap.command.CommandSettings;
import sc.fiji.facemap.command.TrackKeypointsCommand;
import sc.fiji.facemap.pose.TrackingSettings;

/**
 * Every option of every job exists in its menu command (a SciJava {@code @Parameter} field named by the key), in its
 * subcommand (installed from the schema) and in a settings file (read back to the same settings).
 */
class SettingsCoverageTest {

	/** One row per job: its settings record, its menu command, its subcommand. Add a row with every new job. */
	static List<Arguments> jobs() {
		List<Arguments> rows = new ArrayList<>();
		rows.add(Arguments.of(TrackingSettings.class, TrackKeypointsCommand.class, "track"));
		rows.add(Arguments.of(sc.fiji.facemap.svd.SvdSettings.class, sc.fiji.facemap.command.ProcessVideoCommand.class, "svd"));
		rows.add(Arguments.of(sc.fiji.facemap.pose.TrainingSettings.class, sc.fiji.facemap.command.RefineModelCommand.class, "train"));
		rows.add(Arguments.of(sc.fiji.facemap.pose.EvaluationSettings.class, sc.fiji.facemap.command.EvaluateModelCommand.class, "evaluate"));
		rows.add(Arguments.of(sc.fiji.facemap.pose.FrameSelectionSettings.class, sc.fiji.facemap.command.SuggestFramesCommand.class, "select-frames"));
		rows.add(Arguments.of(sc.fiji.facemap.neural.NeuralSources.class, sc.fiji.facemap.command.TrainNeuralEncoderCommand.class, "neural"));
		rows.add(Arguments.of(sc.fiji.facemap.neural.NeuralSettings.class, sc.fiji.facemap.command.TrainNeuralEncoderCommand.class, "neural"));
		rows.add(Arguments.of(sc.fiji.facemap.batch.BatchSettings.class, sc.fiji.facemap.command.BatchProcessCommand.class, "batch plan"));
		rows.add(Arguments.of(TrackingSettings.class, sc.fiji.facemap.command.BatchProcessCommand.class, "batch plan"));
		rows.add(Arguments.of(sc.fiji.facemap.batch.ExecutorSettings.class, sc.fiji.facemap.command.BatchProcessCommand.class, "batch run"));
		rows.add(Arguments.of(sc.fiji.facemap.batch.ExecutorSettings.class, sc.fiji.facemap.command.BatchProcessCommand.class, "batch retry"));
		return rows;
	}

	@ParameterizedTest(name = "{2}")
	@MethodSource("jobs")
	void everyKeyIsInTheCommandTheSubcommandAndASettingsFile(Class<? extends JobSettings> settings, Class<?> command, String sub,
		@TempDir Path tmp) throws Exception {
		SettingsSchema<? extends JobSettings> schema = SettingsSchema.of(settings);
		assertTrue(schema.keys().size() > 0);
		assertEquals(List.of(), CommandSettings.missingKeys(command, settings), command.getSimpleName() + " lacks @Parameter fields for these keys");

		CommandLine cl = FacemapCli.commandLine();
		CommandLine subcommand = cl;
		for (String part : sub.split(" ")) // "batch plan": a subcommand's subcommand
			subcommand = subcommand == null ? null : subcommand.getSubcommands().get(part);
		assertNotNull(subcommand, "no subcommand " + sub);
		CommandSpec spec = subcommand.getCommandSpec();
		List<String> missing = new ArrayList<>();
		for (SettingsSchema.Key k : schema.keys())
			if (spec.findOption(k.cliName()) == null) missing.add(k.cliName());
		assertEquals(List.of(), missing, "facemap " + sub + " lacks these options");
		assertNotNull(spec.findOption(CliSettings.SETTINGS_OPTION));

		roundTrip(schema, tmp);
	}

	private static <S extends JobSettings> void roundTrip(SettingsSchema<S> schema, Path tmp) throws Exception {
		Path f = tmp.resolve("settings.json");
		schema.writeJson(schema.defaults(), f);
		assertEquals(schema.defaults(), schema.fromJson(f, null));
		assertTrue(Files.readString(f).contains("\"" + schema.keys().get(0).name() + "\""));
	}
}
