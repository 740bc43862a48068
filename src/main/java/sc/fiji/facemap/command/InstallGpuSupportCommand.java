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

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.facemap.install.Downloads;
import sc.fiji.facemap.install.GpuProbe;
import sc.fiji.facemap.install.GpuSupport;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.ui.TaskWindow;

/**
 * {@code Plugins > Facemap > Install GPU Support...}: checks for an NVIDIA driver and its CUDA version, explains what
 * it would download (the CUDA build of libtorch from Maven Central) and its size, and downloads, verifies and
 * installs it beside the CPU build only when the user says yes (or the macro gives {@code download}). Same core code
 * as {@code facemap install-gpu}. Macro: {@code run("Install GPU Support...", "download");}
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Install GPU Support...", weight = 130) }, headless = true)
public class InstallGpuSupportCommand extends ContextCommand {

	@Parameter(label = "Download without asking (for macros)", required = false,
		description = "Without it, a dialog shows what was found and asks before downloading (headless: only reports)")
	private boolean download = false;

	@Parameter(label = "Install into folder (empty: beside the CPU build)", style = "directory", required = false,
		description = "Default: the folder of the CPU build of libtorch (Fiji.app/jars/linux64 or win64)")
	private File target_folder;

	@Parameter(label = "Maven repository (empty: Maven Central)", required = false,
		description = "Where to download from (default: Maven Central)")
	private String repository = "";

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		String repo = repository == null || repository.isBlank() ? GpuSupport.repository() : repository;
		Path folder = target_folder != null ? target_folder.toPath() : GpuSupport.cpuJarFolder();
		GpuSupport.Plan plan = GpuSupport.decide(GpuProbe.probe(), folder, repo, Downloads::size);
		boolean gui = !GraphicsEnvironment.isHeadless();
		report = plan.message();
		if (!plan.canDownload()) {
			say(plan.message());
			if (gui) ij.IJ.showMessage(TITLE, wrap(plan.message()));
			return;
		}
		if (!download) {
			if (!gui) {
				report = plan.message() + "\nNot downloading: run with the download option to install.";
				say(report);
				return;
			}
			boolean yes = ij.IJ.showMessageWithCancel(TITLE, wrap(plan.message()) + "\n \nDownload and install now ("
				+ GpuSupport.human(plan.size()) + ")? OK downloads, Cancel keeps everything as it is.");
			if (!yes) {
				report = plan.message() + "\nNothing was downloaded.";
				return;
			}
		}
		Progress bar = new StatusServiceProgress(status, log, this, null);
		TaskWindow window = gui ? new TaskWindow("Facemap: GPU support", "MB", bar) : null;
		try {
			Path jar = GpuSupport.install(plan, Downloads.inMegabytes(window != null ? window : bar));
			report = "Installed " + jar + ". Restart Fiji, then tick GPU in Track Keypoints... and Refine Model...";
		}
		catch (CanceledException e) {
			report = "Canceled: nothing was installed.";
			if (!isCanceled()) cancel(report);
		}
		finally {
			if (window != null) window.close();
		}
		say(report);
		if (gui) ij.IJ.showMessage(TITLE, wrap(report));
	}

	private static final String TITLE = "Install GPU Support";

	/** Lines of at most about 100 characters (ImageJ's message dialogs do not wrap). */
	static String wrap(String text) {
		StringBuilder out = new StringBuilder();
		for (String para : text.split("\n")) {
			int col = 0;
			for (String w : para.split(" ")) {
				if (col > 0 && col + w.length() > 100) {
					out.append('\n');
					col = 0;
				}
				else if (col > 0) {
					out.append(' ');
					col++;
				}
				out.append(w);
				col += w.length();
			}
			out.append('\n');
		}
		return out.toString().trim();
	}

	private void say(String text) {
		if (log != null) log.info(text);
		else System.err.println(text);
	}
}
