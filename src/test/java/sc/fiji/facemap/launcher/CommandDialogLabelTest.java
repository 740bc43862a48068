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
package sc.fiji.facemap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.PluginService;

import ij.Macro;

import sc.fiji.facemap.command.FacemapCommands;

/**
 * Issue 11: the plain-ImageJ dialogs read like developer text ("video (Video file)"), ImageJ ate the underscore of
 * "_FacemapPose.h5", and the parameter descriptions were never shown. The labels now read as text, every macro key is
 * still the field name, and the descriptions are the dialog's Help.
 */
class CommandDialogLabelTest {

	@Test
	void labelsReadAsTextAndKeepTheirMacroKeys() {
		assertEquals("Video file", CommandDialog.label("video", "Video file"));
		assertEquals("Batch_size", CommandDialog.label("batch_size", "Batch size"));
		assertEquals("Bbox: Bounding box y0,y1,x0,x1", CommandDialog.label("bbox", "Bounding box y0,y1,x0,x1"));
		assertEquals("Csv", CommandDialog.label("csv", null));
		String f = CommandDialog.label("file", "Keypoints file (_FacemapPose.h5)");
		assertFalse(f.substring(f.indexOf(':')).contains("_"), "no underscore for ImageJ to eat after the key: " + f);
		assertTrue(f.contains("\u02CDFacemapPose.h5"), f);
	}

	@Test
	void everyFacemapInputHasATextLabelWhoseKeyIsItsName() {
		PluginService plugins = Contexts.get().service(PluginService.class);
		List<String> checked = new ArrayList<>();
		for (CommandInfo info : FacemapCommands.list(plugins)) {
			List<ModuleItem<?>> items = new ArrayList<>();
			for (ModuleItem<?> item : info.inputs()) {
				if (item.getType().getName().startsWith("org.scijava") || item.getVisibility() == org.scijava.ItemVisibility.MESSAGE)
					continue;
				String name = item.getName();
				String label = CommandDialog.label(item);
				assertEquals(name, Macro.trimKey(label), FacemapCommands.label(info) + ": the key of '" + label + "'");
				assertFalse(label.startsWith(name + " ("), "developer text: " + label);
				items.add(item);
				checked.add(name);
			}
			String help = CommandDialog.help(FacemapCommands.label(info), items);
			for (ModuleItem<?> item : items)
				if (item.getDescription() != null && !item.getDescription().isBlank()) {
					assertNotNull(help, FacemapCommands.label(info) + " has descriptions: a Help button");
					assertTrue(help.contains(item.getDescription().replace("&", "&amp;").replace("<", "&lt;").replace(">",
						"&gt;")), item.getName() + "'s description in the help");
				}
		}
		assertTrue(checked.contains("batch_size") && checked.contains("video"), checked.toString());
	}
}
