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

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.JobSettings;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.job.SettingsSchema;
import sc.fiji.facemap.svd.RoiSpec;
import sc.fiji.facemap.svd.SvdBatch;
import sc.fiji.facemap.svd.SvdRois;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.ui.ImageJRois;

/**
 * {@code facemap svd VIDEO...}: Facemap's classic processing (motion/movie SVD, motion energy, pupil, blink,
 * running) of each video, writing {@code <video>_proc.npy} (Facemap's layout), {@code <video>_proc.h5} and the run
 * record {@code <video>_proc.json}. Each video is its own recording, processed in turn with the same settings and
 * ROIs; a video whose outputs are up to date is skipped, so a batch can be rerun after an interruption. The
 * settings options come from {@link SvdSettings} (installed by {@link CliSettings}); ROIs come from
 * {@code --settings} (its {@code "rois"}), {@code --rois FILE} (.json, ImageJ .roi or RoiSet.zip) and {@code --roi}.
 */
@Command(name = "svd", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Motion SVD, movie SVD, motion energy, pupil, blink and running of each video (Facemap's classic "
		+ "processing); writes <video>_proc.npy (Facemap's layout), <video>_proc.h5 and <video>_proc.json (settings, ROIs).",
		"Videos already processed with the same settings and ROIs are skipped (--force processes them again).",
		"Example: facemap svd mouse1.mp4 mouse2.mp4 --sbin 4 --roi pupil:300,238,112,80,saturation=65 "
			+ "--roi motion:420,250,200,150 --out results/" })
public class SvdCommand implements Callable<Integer>, CliSettings.Settable {

	@Parameters(arity = "1..*", paramLabel = "VIDEO", description = "Video files (each is its own recording).")
	List<Path> videos = new ArrayList<>();

	@Option(names = "--roi", paramLabel = "TYPE:x,y,w,h[,saturation=S]",
		description = { "A region: TYPE pupil, motion, blink or running; x,y the top-left corner and w,h the size in pixels "
			+ "(pupil and blink: the ellipse inside). Pupil/blink options: saturation=S (0-255: only darker pixels count; "
			+ "default 255), sigma=G, bright (a pupil brighter than its surround); view=V for multi-camera recordings. "
			+ "Repeat for several ROIs; replaces the ROIs of --settings." })
	List<String> roi = new ArrayList<>();

	@Option(names = "--rois", paramLabel = "FILE", description = "ROIs from a file: .json (ROI settings), ImageJ .roi or RoiSet.zip "
		+ "(type from each ROI's name); replaces the ROIs of --settings.")
	Path roiFile;

	@Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each video).")
	Path out;

	@Option(names = "--force", description = "Process every video again, even when its outputs are up to date.")
	boolean force;

	@Option(names = "--save-settings", paramLabel = "FILE.json",
		description = "Write the settings and ROIs of this run to FILE.json (reusable with --settings for other videos).")
	Path saveSettings;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public List<Class<? extends JobSettings>> settingsTypes() {
		return List.of(SvdSettings.class);
	}

	@Override
	public Integer call() {
		PrintWriter pw = spec.commandLine().getOut();
		SvdSettings settings = CliSettings.read(spec, SvdSettings.class, SvdBatch.SECTION);
		List<RoiSpec> rois = rois();
		for (Path v : videos)
			if (!Files.exists(v)) throw new FacemapException(v, "no such file");
		if (saveSettings != null) {
			SvdRois.write(saveSettings, rois, Map.of(SvdBatch.SECTION, SettingsSchema.of(SvdSettings.class).toJsonObject(settings)));
			pw.println("Settings and ROIs saved to " + saveSettings);
		}
		pw.println(describe(settings, rois));
		pw.flush();
		List<Recording> recs = new ArrayList<>();
		for (Path v : videos)
			recs.add(Recording.of(v).withOutputDir(out));
		List<SvdBatch.Item> items = new SvdBatch(settings, rois).force(force).run(recs, r -> new ConsoleProgress("frame reads"), it -> {
			switch (it.status()) {
				case SKIPPED:
					pw.println(it.recording() + ": skipped, " + it.message());
					break;
				case FAILED:
					pw.println(it.recording() + ": FAILED: " + it.message());
					break;
				default:
					pw.println(it.recording() + ": " + it.message() + " -> " + it.output());
			}
			pw.flush();
		});
		if (items.size() > 1) pw.println(SvdBatch.summary(items));
		pw.flush();
		for (SvdBatch.Item it : items)
			if (it.status() == SvdBatch.Status.FAILED) return FacemapCli.EXIT_ERROR;
		return 0;
	}

	/** The ROIs: --roi and --rois when given, else those of the --settings file. */
	List<RoiSpec> rois() {
		List<RoiSpec> out = new ArrayList<>();
		if (roiFile != null) out.addAll(ImageJRois.read(roiFile));
		for (String r : roi)
			out.add(SvdRois.parse(r));
		if (roiFile == null && roi.isEmpty()) {
			Object f = spec.findOption(CliSettings.SETTINGS_OPTION).getValue();
			if (f != null) out.addAll(SvdRois.read(Paths.get(f.toString())));
		}
		return out;
	}

	static String describe(SvdSettings s, List<RoiSpec> rois) {
		StringBuilder b = new StringBuilder("Bin size " + s.sbin() + ", " + (s.motsvd() ? "motion SVD" : "")
			+ (s.motsvd() && s.movsvd() ? " and " : "") + (s.movsvd() ? "movie SVD" : "") + (s.anySvd() ? " (" + s.nComponents()
				+ " components)" : "no SVD") + (s.facemapCompatible() ? ", Facemap-compatible mode" : "") + "; ");
		if (rois.isEmpty()) b.append("no ROIs (full frame only)");
		else {
			b.append(rois.size()).append(rois.size() == 1 ? " ROI:" : " ROIs:");
			for (RoiSpec r : rois)
				b.append(' ').append(SvdRois.toText(r)).append(r.reflectors().isEmpty() ? "" : "+" + r.reflectors().size() + " reflector(s)");
		}
		return b.toString();
	}
}
