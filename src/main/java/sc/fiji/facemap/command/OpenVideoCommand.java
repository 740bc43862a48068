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

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.ui.IJProgress;
import sc.fiji.facemap.ui.VideoImages;

/**
 * {@code Plugins > Facemap > Open Video...}: opens a video (AVI, MP4, MKV, MOV, ... or a TIFF stack) as an image
 * whose frames are read on demand, so even an hour-long recording opens at once. Macro:
 * {@code run("Open Video...", "path=[/data/mouse.mp4]");} add {@code in_memory} to decode every frame now.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Open Video...", weight = 10) }, headless = true)
public class OpenVideoCommand extends ContextCommand {

	@Parameter(label = "Video file", style = "open",
		description = "A video (AVI, MP4, MKV, MOV, MJ2), a TIFF stack or a folder of images")
	private File path;

	@Parameter(label = "Load all frames into memory", required = false,
		description = "Decode every frame now instead of on demand (needs width x height x frames bytes of memory)")
	private boolean in_memory = false;

	@Parameter(label = "Frame cache (MB)", min = "1", max = "65536", required = false,
		description = "Memory for recently viewed frames of the on-demand (virtual) stack")
	private int cache_mb = 256;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		if (path == null) throw new FacemapException("Open Video: no file given");
		StatusServiceProgress progress = new StatusServiceProgress(status, log, this, new IJProgress());
		image = VideoImages.open(path.toPath(), in_memory, (long) cache_mb << 20, progress);
	}

	public ImagePlus getImage() {
		return image;
	}
}
