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

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import sc.fiji.facemap.FacemapException;

/**
 * Finds keypoint models by name or path. A name is looked up, in this order, in the folder given by the system
 * property {@code facemap.models}, in {@code models/} of the working folder, in {@code Fiji.app/models/} (found
 * relative to the jar this class was loaded from: {@code Fiji.app/jars/x.jar -> Fiji.app/models}), and as a jar
 * resource {@code /models/<name>/} (copied to a temporary folder). Anything that exists as a file or folder is
 * loaded as a path.
 */
public final class PoseModels {

	/** The name of the bundled base model (produced by the training work, in models/). */
	public static final String DEFAULT_NAME = "facemap-base";

	private PoseModels() {}

	/**
	 * Loads the model {@code nameOrPath}; null, "" or "default" means the bundled base model.
	 *
	 * @throws FacemapException when nothing of that name or path exists (listing the models that do), or the model
	 *             cannot be read
	 */
	public static PoseModel find(String nameOrPath) {
		String n = nameOrPath == null ? "" : nameOrPath.trim();
		if (n.isEmpty() || n.equals("default")) n = DEFAULT_NAME;
		Path p = Paths.get(n);
		if (Files.exists(p)) return PoseModel.load(p);
		if (!n.contains("/") && !n.contains("\\") && !n.endsWith(".pt") && !n.endsWith(".pth")) {
			for (Path dir : modelFolders()) {
				Path m = dir.resolve(n);
				if (Files.isRegularFile(m.resolve(PoseModel.WEIGHTS_FILE))) return PoseModel.load(m);
			}
			Path fromJar = extractResource(n);
			if (fromJar != null) return PoseModel.load(fromJar);
		}
		List<String> known = available();
		throw new FacemapException("keypoint model '" + nameOrPath + "' not found: it is neither a file or folder nor a bundled model"
			+ (known.isEmpty() ? " (no bundled models were found in " + modelFolders() + ")" : "; bundled models: " + known));
	}

	/** The folders searched for models by name, existing ones only. */
	public static List<Path> modelFolders() {
		List<Path> dirs = new ArrayList<>();
		String prop = System.getProperty("facemap.models");
		if (prop != null && !prop.isEmpty()) dirs.add(Paths.get(prop));
		dirs.add(Paths.get("models"));
		Path fiji = fijiModels();
		if (fiji != null) dirs.add(fiji);
		dirs.removeIf(d -> !Files.isDirectory(d));
		return dirs;
	}

	private static Path fijiModels() {
		try {
			URL loc = PoseModels.class.getProtectionDomain().getCodeSource().getLocation();
			if (loc == null) return null;
			Path jar = Paths.get(loc.toURI());
			Path parent = jar.getParent();
			if (parent == null || parent.getParent() == null) return null;
			return parent.getParent().resolve("models");
		} catch (URISyntaxException | RuntimeException e) {
			return null;
		}
	}

	/** Names of the models found in the model folders (the jar's are included when it lists them). */
	public static List<String> available() {
		TreeSet<String> names = new TreeSet<>();
		for (Path dir : modelFolders()) {
			try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
				for (Path m : ds)
					if (Files.isRegularFile(m.resolve(PoseModel.WEIGHTS_FILE))) names.add(m.getFileName().toString());
			} catch (IOException e) {
				// unreadable folder: skip
			}
		}
		if (PoseModels.class.getResource("/models/" + DEFAULT_NAME + "/" + PoseModel.WEIGHTS_FILE) != null) names.add(DEFAULT_NAME);
		return new ArrayList<>(names);
	}

	/** Bundled models already extracted in this JVM (one temporary folder per model, not one per call). */
	private static final java.util.Map<String, Path> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

	private static synchronized Path extractResource(String name) {
		Path done = EXTRACTED.get(name);
		if (done != null && Files.isRegularFile(done.resolve(PoseModel.WEIGHTS_FILE))) return done;
		String base = "/models/" + name + "/";
		URL weights = PoseModels.class.getResource(base + PoseModel.WEIGHTS_FILE);
		if (weights == null) return null;
		try {
			Path dir = Files.createTempDirectory("facemap-model-").resolve(name);
			Files.createDirectories(dir);
			for (String f : new String[] { PoseModel.WEIGHTS_FILE, PoseModel.METADATA_FILE }) {
				try (InputStream in = PoseModels.class.getResourceAsStream(base + f)) {
					if (in == null) continue;
					Path out = dir.resolve(f);
					Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
					out.toFile().deleteOnExit();
				}
			}
			dir.toFile().deleteOnExit();
			dir.getParent().toFile().deleteOnExit();
			EXTRACTED.put(name, dir);
			return dir;
		} catch (IOException e) {
			throw new FacemapException("cannot extract bundled model '" + name + "' from the jar (" + e.getMessage() + ")", e);
		}
	}
}
