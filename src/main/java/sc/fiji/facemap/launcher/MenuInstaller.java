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

import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuItem;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.plugin.PluginService;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;

import sc.fiji.facemap.command.FacemapCommands;

/**
 * Installs every SciJava command under {@code Plugins>Facemap>} (found in the plugin index) into standalone ImageJ1:
 * the command table, so {@code run("Open Video...", "path=[...]")} works in macros, and, when ImageJ has a window,
 * the {@code Plugins > Facemap} menu. Each entry runs {@link CommandBridge} with the command's class name.
 * <p>
 * Used only where Fiji's imagej-legacy is absent (inside Fiji the SciJava commands are already in the menus, and
 * installing them twice would define a label twice). Labels that ImageJ already uses for something else are
 * skipped with a log line.
 */
public final class MenuInstaller {

	private MenuInstaller() {}

	/** For macros: {@code call("sc.fiji.facemap.launcher.MenuInstaller.installCommands")}; returns the number installed. */
	public static String installCommands() {
		return Integer.toString(install(Contexts.get(), FacemapCommands.MENU_PREFIX).size());
	}

	/** For macros and tests: installs the commands under another menu prefix; returns the number installed. */
	public static String installCommands(String prefix) {
		return Integer.toString(install(Contexts.get(), prefix).size());
	}

	/** Installs the commands under {@code Plugins>Facemap>}; returns their labels. */
	public static List<String> install(Context context) {
		return install(context, FacemapCommands.MENU_PREFIX);
	}

	/** Installs the indexed commands whose menu path starts with {@code prefix}; returns their labels. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static List<String> install(Context context, String prefix) {
		if (Menus.getCommands() == null) initMenuTables();
		Hashtable table = Menus.getCommands();
		if (table == null) throw new IllegalStateException("ImageJ's command table is not initialized");
		ImageJ ij = IJ.getInstance();
		boolean gui = ij != null && !GraphicsEnvironment.isHeadless() && Menus.getMenuBar() != null;
		List<String> installed = new ArrayList<>();
		for (CommandInfo info : FacemapCommands.list(context.service(PluginService.class), prefix)) {
			if (!info.isVisible()) continue;
			String label = FacemapCommands.label(info);
			String command = CommandBridge.class.getName() + "(\"" + info.getClassName() + "\")";
			Object existing = table.get(label);
			if (existing != null && !existing.equals(command)) {
				IJ.log("Facemap: not installing '" + label + "', ImageJ already has a command of that name (" + existing +
					")");
				continue;
			}
			table.put(label, command);
			if (gui && existing == null) addMenuItem(ij, FacemapCommands.menuPath(info.getMenuPath()), label);
			installed.add(label);
		}
		return installed;
	}

	/**
	 * Without an ImageJ window the command table is built lazily by the first {@code IJ.run}; build it now through
	 * ImageJ's own (package-private) initializer so our entries are not lost when it is built later.
	 */
	private static void initMenuTables() {
		try {
			java.lang.reflect.Method init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			init.invoke(null);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			IJ.log("Facemap: could not initialize ImageJ's command table: " + e);
		}
	}

	private static void addMenuItem(ImageJ ij, String menuPath, String label) {
		String[] parts = menuPath.split(">");
		Menu menu = Menus.getImageJMenu(parts[0]);
		if (menu == null) return;
		for (int i = 1; i < parts.length - 1; i++) menu = submenu(menu, parts[i]);
		MenuItem item = new MenuItem(label);
		item.addActionListener(ij);
		menu.add(item);
	}

	private static Menu submenu(Menu parent, String name) {
		for (int i = 0; i < parent.getItemCount(); i++) {
			MenuItem it = parent.getItem(i);
			if (it instanceof Menu && name.equals(it.getLabel())) return (Menu) it;
		}
		Menu m = new Menu(name);
		parent.add(m);
		return m;
	}
}
