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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.pose.ModelTraining;
import sc.fiji.facemap.pose.TrainingSettings;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.ui.RefinementViews;

/**
 * Issue 11: refining on so few frames that none is held out printed "validation NaN px" every epoch and showed no
 * loss curve. It now says once that there are no validation frames, prints the loss alone, and draws the loss curve.
 */
class RefineFewFramesTest {

	@Test
	void withoutValidationFramesItSaysSoOnceAndPlotsTheLoss() {
		List<String> lines = new ArrayList<>();
		TrainingSettings s = TrainingSettings.schema().parse(Map.of("base", "none", "channels", "4,8,8,8,8", "epochs", 2,
			"validation", 0.0, "learning_rate", 1e-3));
		ModelTraining.Outcome o = ModelTraining.train(TrainingCommandData.twoFaceFrames(), null, s, "few", Progress.logTo(
			lines::add));
		assertEquals(0, o.validationFrames);
		assertEquals(1, lines.stream().filter(l -> l.startsWith("No validation frames")).count(), lines.toString());
		for (String l : lines) assertFalse(l.contains("NaN"), "NaN in the log: " + l);
		assertEquals(2, lines.stream().filter(l -> l.startsWith("epoch ")).count(), lines.toString());
		ij.gui.Plot p = RefinementViews.lossPlot(o, "loss");
		assertEquals(2, p.getXValues().length, "one point per epoch");
		assertEquals(o.result.history.get(1).trainLoss, p.getYValues()[1], 1e-12);
	}
}
