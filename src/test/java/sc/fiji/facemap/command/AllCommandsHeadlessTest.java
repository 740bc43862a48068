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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;

import sc.fiji.facemap.testutil.TestData;
import sc.fiji.facemap.launcher.CommandDialog;
import sc.fiji.facemap.ui.VideoVirtualStack;
import sc.fiji.facemap.video.FfmpegVideoSource;

/**
 * Runs every SciJava command under {@code Plugins>Facemap>} found in the plugin index, headless, in a fresh SciJava
 * Context, with the small inputs registered in {@link #CASES}. A command without an entry fails this test:
 * <b>when you add a command, add an entry below</b> (inputs by field name, plus a check of its outputs).
 */
class AllCommandsHeadlessTest {

	/** Inputs (field name to value) and an output check, for one command. */
	static final class Case {
		final Supplier<Map<String, Object>> inputs;
		final Consumer<Map<String, Object>> check;

		Case(Supplier<Map<String, Object>> inputs, Consumer<Map<String, Object>> check) {
			this.inputs = inputs;
			this.check = check;
		}
	}

	/** Command class name to its test case. One entry per command; keep them small (seconds, not minutes). */
	static final Map<String, Case> CASES = new LinkedHashMap<>();

	static {
		add("sc.fiji.facemap.command.OpenVideoCommand", //
			() -> inputs("path", TestData.demoVideo().toFile()), // in_memory left out: its declared default (false) applies
			out -> {
				ImagePlus imp = (ImagePlus) out.get("image");
				assertEquals(749, imp.getStackSize());
				assertEquals(749, imp.getNFrames());
				assertEquals(800, imp.getWidth());
				assertEquals(480, imp.getHeight());
				assertEquals(0.04, imp.getCalibration().frameInterval, 1e-9);
				assertTrue(imp.getStack() instanceof VideoVirtualStack, "opens as a virtual stack by default");
				byte[] expected;
				try (FfmpegVideoSource s = new FfmpegVideoSource(TestData.demoVideo())) {
					expected = s.read(600);
				}
				assertTrue(java.util.Arrays.equals(expected, (byte[]) imp.getStack().getPixels(601)),
					"slice 601 is frame 600");
				((VideoVirtualStack) imp.getStack()).close();
			});
	}

	static {
		add("sc.fiji.facemap.command.TrackKeypointsCommand", //
			() -> inputs("video", TestData.demoVideo().toFile(), "model", tinyPoseModel().toString(), "frames", "100:103",
				"batch_size", 2, "bbox", "30,430,100,701", "output_folder", tempFolder("track").toFile()), //
			out -> {
				java.nio.file.Path h5 = java.nio.file.Paths.get((String) out.get("h5_file"));
				assertTrue(java.nio.file.Files.isRegularFile(h5), h5.toString());
				assertEquals(3, out.get("frames_tracked"));
				assertEquals(3, sc.fiji.facemap.io.PoseH5.read(h5).frames());
			});
	}

	// classic processing: a 16-frame clip, ROIs as text (no ROI Manager headless)
	static {
		add("sc.fiji.facemap.command.ProcessVideoCommand", //
			() -> inputs("video", java.nio.file.Paths.get("src/test/resources/video/formats/clip_mjpeg.avi").toFile(), "rois_from", "ROI text",
				"roi_text", "motion:1,1,60,40; pupil:60,20,30,24,saturation=120", "sbin", 2, "n_components", 5, "output_folder",
				tempFolder("svd").toFile()), //
			out -> {
				java.nio.file.Path npy = java.nio.file.Paths.get((String) out.get("proc_file"));
				assertTrue(java.nio.file.Files.isRegularFile(npy), npy.toString());
				assertEquals(16, out.get("frames_processed"));
				java.util.Map<String, Object> d = sc.fiji.facemap.io.Npy.readDict(npy);
				assertEquals(2, ((java.util.List<?>) d.get("motSVD")).size());
				assertEquals(1, ((java.util.List<?>) d.get("pupil")).size());
				assertTrue(java.nio.file.Files.isRegularFile(npy.resolveSibling("clip_mjpeg_proc.json")));
			});
	}

	// batch: 4 frames of the demo video in 2 chunks, one local worker process (the same task command SLURM runs)
	static {
		add("sc.fiji.facemap.command.BatchProcessCommand", //
			() -> {
				System.setProperty("facemap.batch.classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
				return inputs("videos", TestData.demoVideo().toString(), "run_folder", tempFolder("batch").resolve("run").toFile(), "model",
					tinyPoseModel().toString(), "frames", "100:104", "batch_size", 2, "chunk_frames", 2, "workers", 1, "java_options", "-Xmx1g",
					"show_status", false);
			}, //
			out -> {
				assertEquals(2, out.get("tasks"));
				assertEquals(0, out.get("failed_tasks"));
			});
	}

	static {
		add("sc.fiji.facemap.command.TrainNeuralEncoderCommand", //
			() -> {
				java.nio.file.Path d = tempFolder("neural");
				sc.fiji.facemap.neural.NeuralInputs in = sc.fiji.facemap.neural.FakeResults.inputs(400, 3, 5, 3);
				float[] b = new float[400 * 3], y = new float[5 * 400];
				for (int t = 0; t < 400; t++) System.arraycopy(in.behavior()[t], 0, b, t * 3, 3);
				for (int i = 0; i < 5; i++) System.arraycopy(in.neural()[i], 0, y, i * 400, 400);
				sc.fiji.facemap.io.Npy.write(d.resolve("beh.npy"), sc.fiji.facemap.io.Tensor.ofFloats(new long[] { 400, 3 }, b));
				sc.fiji.facemap.io.Npy.write(d.resolve("spks.npy"), sc.fiji.facemap.io.Tensor.ofFloats(new long[] { 5, 400 }, y));
				return inputs("behavior", d.resolve("beh.npy").toFile(), "neural", d.resolve("spks.npy").toFile(), "model", "ridge", "pcs", 0,
					"baselines", false, "latents", false, "output_folder", d.resolve("out").toFile());
			}, //
			out -> {
				double v = (Double) out.get("varexp");
				assertTrue(v > 0.3 && v <= 1, "ridge on linearly driven neurons: " + v);
				assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Paths.get((String) out.get("predictions_file"))));
			});
	}

	// GPU support: headless and without the download key it only reports (never downloads; loopback repository)
	static {
		java.nio.file.Path gpuTarget = tempFolder("gpu");
		add("sc.fiji.facemap.command.InstallGpuSupportCommand", //
			() -> inputs("target_folder", gpuTarget.toFile(), "repository", "http://127.0.0.1:1/"), //
			out -> {
				String report = (String) out.get("report");
				assertTrue(report.startsWith("Found: "), report);
				assertEquals(0, gpuTarget.toFile().list().length, "nothing downloaded: " + report);
			});
	}

	/** A folder under the system temp dir, deleted at exit. */
	static java.nio.file.Path tempFolder(String prefix) {
		try {
			java.nio.file.Path d = java.nio.file.Files.createTempDirectory("facemap-" + prefix);
			d.toFile().deleteOnExit();
			return d;
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** A random-weight 15-keypoint FMnet model folder (tiny channels) for commands that need a model. */
	static java.nio.file.Path tinyPoseModel() {
		java.nio.file.Path dir = tempFolder("model").resolve("tiny");
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
			sc.fiji.facemap.pose.FMnet net = sc.fiji.facemap.pose.FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 1)) {
			sc.fiji.facemap.pose.PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random weights", null).save(dir);
		}
		return dir;
	}

	// training: Annotate Keypoints (headless: prepares and saves the session) and Refine Model (tiny network)
	static {
		add("sc.fiji.facemap.command.AnnotateKeypointsCommand", //
			() -> inputs("labels", TrainingCommandData.skeleton().toFile()), //
			out -> {
				java.nio.file.Path f = java.nio.file.Paths.get((String) out.get("label_file"));
				assertTrue(java.nio.file.Files.exists(f));
				assertTrue(java.nio.file.Files.exists(f.resolveSibling(f.getFileName() + ".session.json")));
			});
		add("sc.fiji.facemap.command.RefineModelCommand", //
			() -> inputs("labels", TrainingCommandData.twoFaceFrames().toFile(), "base", "", "channels", "4,8,8,8,8",
				"epochs", 1, "validation", 0.0, "learning_rate", 1e-3, "output",
				TrainingCommandData.tempDir().resolve("tiny-model").toFile(), "video", TestData.demoVideo().toFile(),
				"preview_frames", 1), //
			out -> {
				String s = (String) out.get("summary");
				assertTrue(s.contains("Trained tiny-model on 2 frames"), s);
				assertTrue(java.nio.file.Files.exists(TrainingCommandData.tempDir().resolve("tiny-model/model.pt")));
			});
	}

	static {
		AnnotationCommandCases.register(); // Suggest Frames
	}

	static {
		WindowCommandCases.register(); // Facemap Window, Save Facemap Figure
	}

	static {
		add("sc.fiji.facemap.command.LoadKeypointsCommand", //
			() -> inputs("file", tinyKeypointsFile().toFile(), "csv", true), //
			out -> {
				assertEquals(3, out.get("frames"));
				ij.measure.ResultsTable rt = (ij.measure.ResultsTable) out.get("table");
				assertEquals(3, rt.size());
				assertEquals(12.5, rt.getValue("eye(top)_x", 1), 1e-6);
				assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Paths.get((String) out.get("csv_file"))));
			});
	}

	static {
		add("sc.fiji.facemap.command.EvaluateModelCommand", //
			() -> inputs("model", tinyPoseModel().toString(), "labels", TrainingCommandData.twoFaceFrames().toFile()), //
			out -> {
				ij.measure.ResultsTable rt = (ij.measure.ResultsTable) out.get("table");
				int all = rt.size() - 1;
				assertEquals("ALL", rt.getStringValue("keypoint", all));
				assertEquals(24, (int) rt.getValue("points", all), "2 frames x 12 labelled keypoints");
				assertTrue(rt.getValue("mean error", all) > 0);
				assertTrue(((String) out.get("summary")).contains("constant"), (String) out.get("summary"));
			});
	}

	/** A 3-frame _FacemapPose.h5 with Facemap's 15 keypoints; eye(top) x = 10 + 2.5 * frame. */
	static java.nio.file.Path tinyKeypointsFile() {
		sc.fiji.facemap.keypoints.Keypoints kp = new sc.fiji.facemap.keypoints.Keypoints(sc.fiji.facemap.keypoints.KeypointSet.facemap(), 3);
		for (int f = 0; f < 3; f++)
			for (int k = 0; k < kp.keypoints(); k++) kp.set(f, k, 10 + 2.5f * f + k, 20 + f, 0.9f);
		int eyeTop = kp.keypointSet().indexOf("eye(top)");
		for (int f = 0; f < 3; f++) kp.set(f, eyeTop, 10 + 2.5f * f, 20 + f, 0.9f);
		java.nio.file.Path h5 = tempFolder("keypoints").resolve("clip_FacemapPose.h5");
		sc.fiji.facemap.io.PoseH5.write(h5, kp);
		return h5;
	}

	static void add(String className, Supplier<Map<String, Object>> inputs, Consumer<Map<String, Object>> check) {
		if (CASES.put(className, new Case(inputs, check)) != null) throw new IllegalStateException(
			"Two entries for " + className);
	}

	/** inputs("a", 1, "b", x) as a map. */
	static Map<String, Object> inputs(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context();
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	private static List<CommandInfo> commands() {
		return FacemapCommands.list(context.service(PluginService.class));
	}

	@Test
	void theIndexHasOurCommands() {
		List<String> names = new ArrayList<>();
		for (CommandInfo c : commands()) names.add(c.getClassName());
		assertTrue(names.contains(OpenVideoCommand.class.getName()), names.toString());
	}

	@Test
	void everyRegistryEntryIsAnIndexedCommand() {
		Set<String> indexed = new HashSet<>();
		for (CommandInfo c : commands()) indexed.add(c.getClassName());
		for (String name : CASES.keySet())
			assertTrue(indexed.contains(name), "AllCommandsHeadlessTest.CASES has an entry for " + name +
				", which is not a command under Plugins>Facemap> in the plugin index; remove or fix the entry");
	}

	@TestFactory
	Stream<DynamicTest> everyCommandRunsHeadless() {
		return commands().stream().map(info -> DynamicTest.dynamicTest(FacemapCommands.label(info), () -> runCase(
			info)));
	}

	@TestFactory
	Stream<DynamicTest> inputNamesAreMacroKeys() {
		// ImageJ macro keys are lower-cased first words of labels: field names must be lower-case snake_case.
		return commands().stream().map(info -> DynamicTest.dynamicTest(FacemapCommands.label(info), () -> {
			for (ModuleItem<?> item : info.inputs()) {
				if (CommandDialog.isInjectedType(item.getType()) || item.getVisibility() == ItemVisibility.MESSAGE)
					continue;
				assertTrue(item.getName().matches("[a-z][a-z0-9_]*"), info.getClassName() + "." + item.getName() +
					": input field names are macro keys and must be lower-case snake_case");
			}
			String label = FacemapCommands.label(info);
			assertFalse(label.contains("\u2026"), label + ": use three ASCII dots, as macros type them");
		}));
	}

	private static void runCase(CommandInfo info) throws InterruptedException {
		Case c = CASES.get(info.getClassName());
		if (c == null) fail("The command " + info.getClassName() + " (" + FacemapCommands.menuPath(info
			.getMenuPath()) + ") has no entry in AllCommandsHeadlessTest.CASES. Add one with small inputs " +
			"(field name -> value) and a check of its outputs, so that every command is run headless.");
		// Inputs left out take the command's declared defaults, not values persisted by earlier runs (SciJava keeps
		// the last used values of non-transient inputs in the user's preferences).
		org.scijava.prefs.PrefService prefs = context.service(org.scijava.prefs.PrefService.class);
		Class<?> commandClass;
		try {
			commandClass = info.loadDelegateClass();
		}
		catch (ClassNotFoundException e) {
			throw new AssertionError(e);
		}
		for (ModuleItem<?> item : info.inputs()) prefs.remove(commandClass, item.getName());
		prefs.clear(commandClass);
		CommandModule module;
		try {
			module = context.service(CommandService.class).run(info, true, c.inputs.get()).get();
		}
		catch (ExecutionException e) {
			throw new AssertionError(info.getClassName() + " failed headless: " + e.getCause(), e.getCause());
		}
		Object delegate = module.getDelegateObject();
		if (delegate instanceof Cancelable && ((Cancelable) delegate).isCanceled())
			fail(info.getClassName() + " was canceled: " + ((Cancelable) delegate).getCancelReason());
		Map<String, Object> outputs = new LinkedHashMap<>();
		for (ModuleItem<?> item : info.outputs()) {
			Object v = module.getOutput(item.getName());
			assertNotNull(v, info.getClassName() + ": output '" + item.getName() + "' is null");
			outputs.put(item.getName(), v);
		}
		c.check.accept(outputs);
	}
}
