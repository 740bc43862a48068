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
package sc.fiji.facemap.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.cli.CliSettings;
import sc.fiji.facemap.cli.FacemapCli;
import sc.fiji.facemap.job.Device;

/** The settings of training, evaluation and frame selection: defaults, validation naming the key, older option names. */
class PoseSettingsTest {

	static void rejects(Runnable r, String key) {
		FacemapException e = assertThrows(FacemapException.class, r::run);
		assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
	}

	@Test
	void trainingValidatesEachKey() {
		TrainingSettings d = TrainingSettings.DEFAULTS;
		assertEquals("default", d.base());
		assertTrue(d.fineTunes());
		assertEquals(List.of(16, 32, 64, 128, 200), d.channels().widths());
		rejects(() -> d.with("batch_size", 0), "batch_size");
		rejects(() -> d.with("learning_rate", 0.0), "learning_rate");
		rejects(() -> d.with("learning_rate", -1e-3), "learning_rate");
		rejects(() -> d.with("validation", 1.0), "validation");
		rejects(() -> d.with("validation", -0.1), "validation");
		rejects(() -> d.with("steps", -1L), "steps");
		rejects(() -> d.with("epochs", 0), "epochs");
		rejects(() -> d.with("checkpoint_every", -5), "checkpoint_every");
		FacemapException ch = assertThrows(FacemapException.class, () -> d.with("channels", "16,0,8"));
		assertTrue(ch.getMessage().contains("channels") && ch.getMessage().contains("positive"), ch.getMessage());
		assertThrows(FacemapException.class, () -> d.with("channels", "16,x,8"));
		FacemapException aug = assertThrows(FacemapException.class, () -> d.with("augment", "wild"));
		assertTrue(aug.getMessage().contains("full, strong, facemap, none"), aug.getMessage());
		assertFalse(d.with("base", "").fineTunes());
		assertEquals("none", d.with("base", "None").base());
		assertNull(d.with("checkpoint", "").checkpoint());
		assertEquals(List.of("video", "session"), d.with("group_by", "video, session").groupColumns());
		assertEquals(TrainingSettings.Augment.STRONG, d.with("augment", "strong").augment());
	}

	@Test
	void evaluationAndFrameSelectionValidate() {
		rejects(() -> EvaluationSettings.DEFAULTS.with("batch_size", 0), "batch_size");
		assertEquals(Device.GPU, EvaluationSettings.DEFAULTS.with("device", "gpu").device());
		FrameSelectionSettings f = FrameSelectionSettings.DEFAULTS;
		rejects(() -> f.with("n", 0), "n");
		rejects(() -> f.with("random_fraction", -0.1), "random_fraction");
		rejects(() -> f.with("hard_fraction", 1.5), "hard_fraction");
		rejects(() -> f.with("random_fraction", 0.7).with("hard_fraction", 0.5), "hard_fraction");
		rejects(() -> f.with("pool", 0), "pool");
		assertFalse(f.with("model", "none").usesModel());
		assertTrue(f.usesModel());
	}

	@Test
	void olderCommandLineNamesStillWork() {
		CommandLine cl = FacemapCli.commandLine();
		CommandLine train = cl.getSubcommands().get("train");
		cl.parseArgs("train", "--labels", "l.csv", "--out", "m", "--lr", "1e-3", "--batch", "4", "--augment", "facemap", "--skip-missing-images",
			"--checkpoint", "c.ckpt");
		TrainingSettings t = CliSettings.read(train.getCommandSpec(), TrainingSettings.class, "train");
		assertEquals(1e-3, t.learningRate());
		assertEquals(4, t.batchSize());
		assertEquals(TrainingSettings.Augment.FACEMAP, t.augment());
		assertTrue(t.skipMissingImages());
		assertEquals(Path.of("c.ckpt"), t.checkpoint());
		CommandLine select = cl.getSubcommands().get("select-frames");
		cl.parseArgs("select-frames", "video.mp4", "--out", "d", "--random", "0.5", "--hard", "0.25", "--n", "7");
		FrameSelectionSettings s = CliSettings.read(select.getCommandSpec(), FrameSelectionSettings.class, "select-frames");
		assertEquals(Map.of("n", 7, "random", 0.5, "hard", 0.25), Map.of("n", s.n(), "random", s.randomFraction(), "hard", s.hardFraction()));
	}
}
