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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.facemap.pose.GrayImage;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.LabelSet;
import sc.fiji.facemap.testutil.TestData;

/** Small inputs for the training commands' headless runs. */
final class TrainingCommandData {

	private static Path dir;

	private TrainingCommandData() {}

	static synchronized Path tempDir() {
		try {
			if (dir == null) {
				dir = Files.createTempDirectory("facemap-training-cmd");
				dir.toFile().deleteOnExit();
			}
			return dir;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A label skeleton with two small frames. */
	static Path skeleton() {
		Path d = tempDir().resolve("skeleton");
		try {
			Files.createDirectories(d);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		LabelSet s = new LabelSet(new KeypointSet(List.of("snout", "leftear")), List.of("frame"));
		for (int i = 0; i < 2; i++) {
			GrayImage.ofBytes(16, 12, new byte[16 * 12]).writePng(d.resolve("img" + i + ".png"));
			s.addImage("img" + i + ".png", Integer.toString(i));
		}
		Path f = d.resolve("labels.csv");
		s.write(f, LabelSet.Format.SIMPLE_CSV);
		return f;
	}

	/** Two labelled mouse-face frames (absolute image paths). */
	static Path twoFaceFrames() {
		Path src = TestData.shared().resolve("data/mouse-face-labeled/labels.csv").toAbsolutePath();
		LabelSet all = LabelSet.read(src);
		LabelSet two = all.subset(new int[] { 0, 100 });
		LabelSet out = new LabelSet(two.keypointSet(), two.metaNames());
		for (int i = 0; i < 2; i++) {
			int r = out.addImage(src.resolveSibling(two.imagePath(i)).toString(), two.meta(i, "video"), two.meta(i, "batch"));
			for (int k = 0; k < two.keypointCount(); k++) out.set(r, k, two.x(i, k), two.y(i, k));
		}
		Path f = tempDir().resolve("two.csv");
		out.write(f, LabelSet.Format.SIMPLE_CSV);
		return f;
	}
}
