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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.facemap.install.Downloads;
import sc.fiji.facemap.install.GpuProbe;
import sc.fiji.facemap.install.GpuSupport;

/**
 * {@code facemap install-gpu [--yes] [--target DIR] [--repository URL]}: checks for an NVIDIA driver and its CUDA
 * version, says what it would download and how large it is, and only after a yes (typed, or {@code --yes}) downloads
 * the CUDA build of libtorch from Maven Central, verifies it and installs it beside the CPU build.
 */
@Command(name = "install-gpu", mixinStandardHelpOptions = true,
	description = { "Check for an NVIDIA GPU and install the CUDA build of PyTorch (" + GpuSupport.GROUP + ":"
		+ GpuSupport.ARTIFACT + ":" + GpuSupport.VERSION + ") beside the CPU build.",
		"Nothing is downloaded without a yes (asked on a terminal, or --yes). A PyTorch 2.5.1 of your own is used through "
			+ "PYTORCH_LIBRARY_PATH instead." })
public class InstallGpuCommand implements Callable<Integer> {

	@Option(names = "--yes", description = "Download and install without asking.")
	boolean yes;

	@Option(names = "--target", paramLabel = "DIR",
		description = "Install into this folder (default: the folder of the CPU build on the class path, e.g. target/lib or Fiji.app/jars/linux64).")
	Path target;

	@Option(names = "--repository", paramLabel = "URL", description = "Maven repository to download from (default: Maven Central).")
	String repository;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		String repo = repository != null ? repository : GpuSupport.repository();
		GpuSupport.Plan plan = GpuSupport.decide(GpuProbe.probe(), target != null ? target : GpuSupport.cpuJarFolder(),
			repo, Downloads::size);
		out.println(plan.message());
		out.flush();
		if (!plan.canDownload()) return plan.verdict() == GpuSupport.Verdict.NOT_POSSIBLE ? FacemapCli.EXIT_ERROR : 0;
		if (!yes) {
			if (System.console() == null) {
				out.println("Not downloading: run again with --yes to download and install.");
				out.flush();
				return 0;
			}
			out.print("Download and install (" + GpuSupport.human(plan.size()) + ")? [y/N] ");
			out.flush();
			String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
				out.println("Nothing was downloaded.");
				out.flush();
				return 0;
			}
		}
		Path installed = GpuSupport.install(plan, Downloads.inMegabytes(new ConsoleProgress("MB")));
		out.println("Installed " + installed + ". Use --device gpu (Fiji: restart it, then tick GPU).");
		out.flush();
		return 0;
	}
}
