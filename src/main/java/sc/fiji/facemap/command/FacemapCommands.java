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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;

/**
 * Finds the Facemap commands in the SciJava plugin index (never a hand-written list), so that the standalone ImageJ
 * menu, the tests and the documentation all see the same set.
 */
public final class FacemapCommands {

	/** Every Facemap command lives under this menu (ImageJ/Fiji spelling, '&gt;' separated, no spaces). */
	public static final String MENU_PREFIX = "Plugins>Facemap>";

	private FacemapCommands() {}

	/**
	 * The indexed commands whose menu path starts with {@link #MENU_PREFIX}, in workflow order: by the menu weight of
	 * each command's own entry (open, review, track, label, refine, process, predict; set in each command's
	 * {@code @Menu}), then by label (commands without a weight come last).
	 */
	public static List<CommandInfo> list(PluginService plugins) {
		return list(plugins, MENU_PREFIX);
	}

	/** The indexed commands whose menu path starts with {@code prefix} (e.g. "Plugins&gt;Facemap&gt;"). */
	public static List<CommandInfo> list(PluginService plugins, String prefix) {
		List<CommandInfo> out = new ArrayList<>();
		for (PluginInfo<Command> p : plugins.getPluginsOfType(Command.class)) {
			String path = menuPath(p.getMenuPath());
			if (path != null && path.startsWith(prefix)) out.add(new CommandInfo(p));
		}
		out.sort(Comparator.comparingDouble((CommandInfo c) -> weight(c.getMenuPath())).thenComparing(c -> menuPath(c
			.getMenuPath())));
		return out;
	}

	/** The weight of a menu path's leaf (its position in the menu); unweighted entries are infinitely heavy. */
	public static double weight(MenuPath path) {
		if (path == null || path.isEmpty()) return Double.POSITIVE_INFINITY;
		double w = path.getLeaf().getWeight();
		return Double.isNaN(w) ? Double.POSITIVE_INFINITY : w;
	}

	/** "Plugins&gt;Facemap&gt;Open Video..." for a SciJava menu path; null when there is none. */
	public static String menuPath(MenuPath path) {
		if (path == null || path.isEmpty()) return null;
		StringBuilder sb = new StringBuilder();
		for (MenuEntry e : path) {
			if (sb.length() > 0) sb.append('>');
			sb.append(e.getName());
		}
		return sb.toString();
	}

	/** The leaf label, e.g. "Open Video...", which is the ImageJ command name used by {@code run("...")}. */
	public static String label(CommandInfo info) {
		MenuPath path = info.getMenuPath();
		return path == null || path.isEmpty() ? info.getTitle() : path.getLeaf().getName();
	}
}
