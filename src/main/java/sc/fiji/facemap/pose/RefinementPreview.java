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
package sc.fiji.facemap.pose;

import sc.fiji.facemap.keypoints.KeypointSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.task.Progress;

/**
 * A refined model's predictions on a few frames that have no labels (as Facemap's refinement wizard shows after
 * training): images of the images folder that the label file does not list, or lists without any labelled point,
 * drawn at random with a seed, predicted with the model.
 */
public final class RefinementPreview {

	/** The predicted image files (PNG only: the images are read with {@link GrayImage#readPng}). */
	public final List<Path> files;
	public final KeypointSet keypoints;
	/** Predictions [file][keypoint] in image pixels, and the likelihoods. */
	public final float[][] x, y, likelihood;

	private RefinementPreview(List<Path> files, KeypointSet keypoints, float[][] x, float[][] y, float[][] lik) {
		this.files = files;
		this.keypoints = keypoints;
		this.x = x;
		this.y = y;
		this.likelihood = lik;
	}

	/**
	 * Predicts up to {@code n} unlabelled PNG frames of {@code imagesDir}.
	 *
	 * @return the preview (with no files when there are no unlabelled frames or n is 0)
	 */
	public static RefinementPreview of(PoseModel model, Path labelFile, Path imagesDir, int n, long seed,
		Progress progress) {
		List<Path> candidates = unlabelledImages(labelFile, imagesDir);
		Collections.shuffle(candidates, new Random(seed));
		List<Path> files = new ArrayList<>(candidates.subList(0, Math.max(0, Math.min(n, candidates.size()))));
		files.sort((a, b) -> sc.fiji.facemap.video.NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b
			.getFileName().toString()));
		int K = model.keypoints().size();
		float[][] x = new float[files.size()][K], y = new float[files.size()][K], lik = new float[files.size()][K];
		if (!files.isEmpty()) {
			LabelSet todo = new LabelSet(model.keypoints());
			for (Path f : files) todo.addImage(f.toString());
			int[] rows = new int[files.size()];
			for (int i = 0; i < rows.length; i++) rows[i] = i;
			TrainingSet set = TrainingSet.load(todo, rows, null, null, true, progress);
			try (NDManager manager = NDManager.newBaseManager(); FMnet net = model.createNetwork(manager)) {
				float[][][] p = Evaluation.predict(net, set);
				x = p[0];
				y = p[1];
				lik = p[2];
			}
		}
		return new RefinementPreview(files, model.keypoints(), x, y, lik);
	}

	/** PNG images of the folder with no labelled point in the label file, in natural order. */
	public static List<Path> unlabelledImages(Path labelFile, Path imagesDir) {
		Set<Path> labelled = new HashSet<>();
		if (labelFile != null && Files.isRegularFile(labelFile)) {
			LabelSet l = LabelSet.read(labelFile);
			for (int i = 0; i < l.size(); i++) {
				boolean any = false;
				for (int k = 0; k < l.keypointCount() && !any; k++) any = !l.isMissing(i, k);
				Path f = l.findImage(i, imagesDir, labelFile);
				if (any && f != null) labelled.add(f.toAbsolutePath().normalize());
			}
		}
		List<Path> out = new ArrayList<>();
		for (Path f : AnnotationSession.listImages(imagesDir))
			if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") && !labelled.contains(f
				.toAbsolutePath().normalize())) out.add(f);
		return out;
	}
}
