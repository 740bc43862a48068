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

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import ij.IJ;
import ij.ImageJ;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.launcher.Contexts;
import sc.fiji.facemap.launcher.MenuInstaller;

/**
 * {@code facemap gui [VIDEO]}: starts ImageJ with the {@code Plugins > Facemap} menu, for people who have no Fiji.
 * The Facemap commands come from the SciJava plugin index and are run through the same dialogs and macro keys as in
 * Fiji. With a VIDEO argument, it is opened in the Facemap window ({@code Facemap Window...}) with the results
 * found beside it.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
	description = "Start ImageJ with the Plugins > Facemap menu (for use without Fiji).")
public class GuiCommand implements Callable<Integer> {

	@Parameters(arity = "0..1", paramLabel = "VIDEO", description = "A video to open in the Facemap window at start (with the results beside it).")
	Path video;

	@Option(names = "--macro", paramLabel = "FILE",
		description = "An ImageJ macro (.ijm) to run once ImageJ has started (after VIDEO is opened).")
	Path macro;

	@Override
	public Integer call() {
		if (GraphicsEnvironment.isHeadless())
			throw new FacemapException("facemap gui needs a display (no X server / DISPLAY is set, or java.awt.headless)");
		if (video != null && !Files.exists(video)) throw new FacemapException(video, "no such file");
		if (macro != null && !Files.isRegularFile(macro)) throw new FacemapException(macro, "no such macro file");
		ImageJ ij = IJ.getInstance();
		if (ij == null) {
			ij = new ImageJ(ImageJ.STANDALONE);
			ij.exitWhenQuitting(true); // File > Quit ends "facemap gui"
		}
		List<String> labels = MenuInstaller.install(Contexts.get());
		IJ.showStatus("Facemap: " + labels.size() + " commands in Plugins > Facemap");
		if (video != null || macro != null) {
			String path = video == null ? null : video.toAbsolutePath().toString();
			String macroPath = macro == null ? null : macro.toAbsolutePath().toString();
			// ImageJ reads macro options only on threads whose name starts with "Run$_"
			new Thread(() -> {
				if (path != null) IJ.run("Facemap Window...", "video=[" + path + "]");
				if (macroPath != null) IJ.runMacroFile(macroPath);
			}, "Run$_facemap-gui").start();
		}
		FacemapCli.keepRunning = true;
		return 0;
	}
}
