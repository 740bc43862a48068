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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.pose.FMnet;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;
import sc.fiji.facemap.pose.PoseModel;
import sc.fiji.facemap.testutil.TestData;

/**
 * The {@link AllCommandsHeadlessTest} entry for Suggest Frames (3 frames of the demo video), and inputs shared with
 * {@link AnnotationCommandsTest}: real labelled frames of {@code mouse-face-labeled} copied into a temporary folder,
 * and a tiny random-weight model.
 */
final class AnnotationCommandCases {

	private AnnotationCommandCases() {}

	private static Path root;

	/** A fresh temporary folder below one deleted at exit. */
	static synchronized Path temp(String name) {
		try {
			if (root == null) {
				root = Files.createTempDirectory("facemap-annotation-commands");
				Path r = root;
				Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
			}
			return Files.createDirectories(Files.createTempDirectory(root, name));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void delete(Path p) {
		try (Stream<Path> s = Files.walk(p)) {
			s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException e) {
			// best effort
		}
	}

	static Path labeledData() {
		return TestData.shared().resolve("data/mouse-face-labeled");
	}

	/** A tiny FMnet (channels 2,4,4,4,4) with Facemap's 15 keypoints and random weights, saved as a model folder. */
	static Path tinyModel(Path dir) {
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 5)) {
			Path folder = dir.resolve("tiny-model");
			PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random weights, seed 5", null).save(folder);
			return folder;
		}
	}

	/** Copies rows of the real labels (and their PNGs) into dir/labels.csv; also copies the PNGs of extraRows only. */
	static Path labelledFolder(Path dir, int[] rows, int[] extraRows) {
		Path src = labeledData();
		LabelSet all = LabelSet.read(src.resolve("labels.csv"));
		LabelSet sub = all.subset(rows);
		try {
			for (int i = 0; i < sub.size(); i++)
				Files.copy(src.resolve(sub.imagePath(i)), dir.resolve(sub.imagePath(i)));
			for (int r : extraRows) Files.copy(src.resolve(all.imagePath(r)), dir.resolve(all.imagePath(r)));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Path csv = dir.resolve("labels.csv");
		sub.write(csv, LabelSet.Format.SIMPLE_CSV);
		return csv;
	}

	static void register() {
		// Suggest Frames: 3 frames of the demo video, no model
		Path[] suggest = new Path[1];
		AllCommandsHeadlessTest.add("sc.fiji.facemap.command.SuggestFramesCommand", () -> {
			suggest[0] = temp("suggest").resolve("frames");
			return AllCommandsHeadlessTest.inputs("video", TestData.demoVideo().toFile(), "n", 3, "output", suggest[0]
				.toFile(), "model", "none", "seed", 1L);
		}, out -> {
			LabelSet l = LabelSet.read(suggest[0].resolve("labels.csv"));
			assertEquals(3, l.size());
			assertEquals(KeypointSet.FACEMAP, l.keypointSet().names());
			for (int i = 0; i < 3; i++) {
				assertTrue(Files.isRegularFile(suggest[0].resolve(l.imagePath(i))), l.imagePath(i));
				int frame = Integer.parseInt(l.meta(i, "frame"));
				assertTrue(frame >= 0 && frame < 749);
				assertEquals(String.format("img%05d.png", frame), l.imagePath(i));
			}
		});
	}
}
