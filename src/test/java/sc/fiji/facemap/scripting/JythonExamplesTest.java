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
package sc.fiji.facemap.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.util.PythonInterpreter;
import org.scijava.Context;
import org.scijava.command.CommandService;

import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.PoseModel;

/**
 * Runs the Jython examples in {@code scripts/} with a real Jython interpreter, the way Fiji's Script Editor runs
 * them: the {@code #@} script parameters are set as variables first, then the file is executed as it is.
 */
class JythonExamplesTest {

	private static final Path CLIP = Paths.get("src/test/resources/video/formats/clip_mjpeg.avi");

	private static String run(String script, Map<String, Object> vars) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (PythonInterpreter py = new PythonInterpreter()) {
			py.setOut(out);
			for (Map.Entry<String, Object> e : vars.entrySet()) py.set(e.getKey(), e.getValue());
			py.execfile(Paths.get("scripts", script).toString());
			py.getSystemState().stdout.invoke("flush");
		}
		return new String(out.toByteArray(), StandardCharsets.UTF_8);
	}

	@Test
	void trackKeypointsWritesAFacemapPoseFile(@TempDir Path tmp) throws Exception {
		Path model = tmp.resolve("tiny");
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 7)) {
			PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random weights", null).save(model);
		}
		Path outDir = Files.createDirectories(tmp.resolve("out"));
		String printed = run("Track_Keypoints.py", Map.of("video", CLIP.toFile(), "model", model.toString(),
			"batch_size", 4, "out_dir", outDir.toFile()));
		Path h5 = outDir.resolve("clip_mjpeg_FacemapPose.h5");
		assertTrue(Files.isRegularFile(h5), printed);
		Keypoints kp = PoseH5.read(h5);
		assertEquals(16, kp.frames());
		assertTrue(printed.contains("wrote " + h5), printed);
		assertTrue(printed.contains("eye(back)"), printed);
	}

	@Test
	void openVideoRunsTheCommand() {
		try (Context context = new Context()) {
			Map<String, Object> vars = new java.util.HashMap<>();
			vars.put("video", CLIP.toFile());
			vars.put("in_memory", Boolean.TRUE);
			vars.put("command", context.service(CommandService.class));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (PythonInterpreter py = new PythonInterpreter()) {
				py.setOut(out);
				for (Map.Entry<String, Object> e : vars.entrySet()) py.set(e.getKey(), e.getValue());
				py.execfile("scripts/Open_Video.py");
				ImagePlus image = py.get("image", ImagePlus.class);
				assertEquals(16, image.getStackSize());
				assertEquals(128, image.getWidth());
				assertEquals(80, image.getHeight());
			}
			String printed = new String(out.toByteArray(), StandardCharsets.UTF_8);
			assertTrue(printed.contains("16 frames of 128 x 80"), printed);
		}
	}

	@Test
	void videoInfoPrintsEachVideo() {
		String printed = run("Video_Info.py", Map.of("videos", new File[] { CLIP.toFile() }));
		assertTrue(printed.contains("16") && printed.contains("128") && printed.contains("80"), printed);
	}
}
