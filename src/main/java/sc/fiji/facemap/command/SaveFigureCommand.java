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
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.ui.FacemapWindow;
import sc.fiji.facemap.ui.TraceFigure;
import sc.fiji.facemap.viewer.Results;
import sc.fiji.facemap.viewer.TimeWindow;
import sc.fiji.facemap.viewer.Traces;

/**
 * {@code Plugins > Facemap > Save Facemap Figure...}: writes the trace figure (keypoint groups' x and y in px,
 * motion SVD, pupil, blink, running, neural prediction on one time axis in frames and seconds) as SVG or PNG. With a
 * video, the figure of the results beside it (whole video; works headless); without, the front Facemap window's
 * figure as shown (its time window and cursor). Macro:
 * {@code run("Save Facemap Figure...", "video=[/data/m.mp4] file=[/data/m_traces.svg]");}
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "Facemap"), @Menu(label = "Save Facemap Figure...", weight = 110) }, headless = true)
public class SaveFigureCommand extends ContextCommand {

	@Parameter(label = "Figure file (.svg or .png)", style = "save",
		description = "Where to write the figure; .svg is vector (for papers), .png a picture")
	private File file;

	@Parameter(label = "Video (optional)", style = "open", required = false, persist = false,
		description = "Make the figure of the results beside this video; empty = the front Facemap window's figure")
	private File video;

	@Parameter(label = "Width (px)", min = "300", max = "10000", required = false, description = "Figure width in pixels")
	private int width = 1200;

	@Parameter(label = "Height per plot (px)", min = "30", max = "1000", required = false,
		description = "Height of each small plot in pixels")
	private int row_height = 70;

	@Parameter(type = ItemIO.OUTPUT)
	private int plots;

	@Override
	public void run() {
		if (file == null || file.getPath().isEmpty()) throw new FacemapException("Save Facemap Figure: no figure file given");
		if (width < 300 || width > 10000) throw new FacemapException("width must be between 300 and 10000 px, got " + width);
		if (row_height < 30 || row_height > 1000) throw new FacemapException("row_height must be between 30 and 1000 px, got "
			+ row_height);
		TraceFigure f;
		if (video != null && !video.getPath().isEmpty()) {
			Path v = video.toPath();
			Results r = Results.beside(v);
			if (r.keypoints() == null && r.proc() == null && r.neural() == null) throw new FacemapException(v,
				"no results beside this video (no _FacemapPose.h5, _proc.npy or neural_predictions.npy)");
			int frames;
			double fps;
			try (sc.fiji.facemap.video.VideoSource s = sc.fiji.facemap.video.VideoSources.open(v)) {
				frames = s.frameCount();
				fps = Math.max(0, s.fps());
			}
			f = new TraceFigure(Traces.rows(r, Traces.Coordinates.BOTH, k -> true), TimeWindow.all(Math.max(frames,
				frames(r))), -1, fps, v.getFileName().toString());
		}
		else {
			FacemapWindow w = FacemapWindow.front();
			if (w == null) throw new FacemapException("Save Facemap Figure: no video given and no Facemap window is open");
			f = w.figure();
		}
		plots = f.rows().size();
		f.save(file.toPath(), width, f.heightFor(row_height));
	}

	private static int frames(Results r) {
		int n = 1;
		if (r.keypoints() != null) n = Math.max(n, r.firstFrame() + r.keypoints().frames());
		for (sc.fiji.facemap.viewer.TraceRow row : Traces.rows(r, Traces.Coordinates.BOTH, k -> true))
			for (sc.fiji.facemap.viewer.Trace t : row.traces()) n = Math.max(n, t.endFrame());
		return n;
	}
}
