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

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * A test-only command with one input of every type the ImageJ1 dialog supports; it writes what it received to
 * {@code out} so that the macro test can check the dialog was filled from the macro options. It lives under
 * Plugins>FacemapTest> so that it is not one of the product's commands.
 */
@Plugin(type = Command.class, menuPath = "Plugins>FacemapTest>Dialog Types Test...", headless = true)
public class DialogTypesCommand extends ContextCommand {

	public enum Mode {
		FAST, SLOW
	}

	@Parameter(style = "save")
	private File out;

	@Parameter(label = "Some text")
	private String text = "default text";

	@Parameter(min = "1", max = "10")
	private int count = 3;

	@Parameter(label = "A ratio", min = "0", max = "1", stepSize = "0.01")
	private double ratio = 0.5;

	@Parameter(required = false)
	private boolean flag = false;

	@Parameter(choices = { "alpha", "beta", "gamma" })
	private String choice = "alpha";

	@Parameter
	private Mode mode = Mode.FAST;

	@Parameter(style = "directory", required = false)
	private File folder;

	@Parameter(required = false)
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	public void run() {
		List<String> lines = new ArrayList<>();
		lines.add("text=" + text);
		lines.add("count=" + count);
		lines.add("ratio=" + ratio);
		lines.add("flag=" + flag);
		lines.add("choice=" + choice);
		lines.add("mode=" + mode);
		lines.add("folder=" + folder);
		lines.add("image=" + (image == null ? null : image.getTitle()));
		summary = String.join("\n", lines);
		try {
			Files.writeString(out.toPath(), summary + "\n");
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
