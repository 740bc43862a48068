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
package sc.fiji.facemap.install;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Run by {@code InstallFijiIT} in a separate JVM whose class path is only an installed Fiji folder's
 * {@code jars/}, {@code jars/<platform>/} and {@code plugins/} (this class aside): starts ImageJ headless, puts our
 * commands into its command table (as Fiji's menus would hold them), then opens the demo video and tracks two frames,
 * which needs the FFmpeg and PyTorch natives installed into {@code jars/<platform>/}. Prints what it found.
 */
public final class InstalledFijiProbe {

	private InstalledFijiProbe() {}

	public static void main(String[] args) throws Exception {
		File video = new File(args[0]), out = new File(args[1]);
		Context context = new Context();
		try {
			List<String> labels = sc.fiji.facemap.launcher.MenuInstaller.install(context);
			for (String l : labels) System.out.println("MENU " + l + " = " + ij.Menus.getCommands().get(l));
			CommandService commands = context.service(CommandService.class);
			CommandModule open = commands.run(sc.fiji.facemap.command.OpenVideoCommand.class, true, Map.of("path", video))
				.get();
			ij.ImagePlus imp = (ij.ImagePlus) open.getOutput("image");
			System.out.println("OPENED " + imp.getStackSize() + " " + imp.getWidth() + "x" + imp.getHeight());
			CommandModule track = commands.run(sc.fiji.facemap.command.TrackKeypointsCommand.class, true, Map.of("video",
				video, "model", "default", "frames", "0:2", "batch_size", 2, "output_folder", out)).get();
			System.out.println("TRACKED " + track.getOutput("frames_tracked") + " " + track.getOutput("h5_file"));
			System.out.println("IJ " + ij.IJ.getVersion() + " FROM " + ij.IJ.class.getProtectionDomain().getCodeSource()
				.getLocation());
		}
		finally {
			context.dispose();
		}
		System.exit(0);
	}
}
