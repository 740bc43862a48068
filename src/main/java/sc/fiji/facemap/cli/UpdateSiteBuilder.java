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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.install.NativePlatform;
import sc.fiji.facemap.install.UpdateSite;

/**
 * Builds {@code update-site/} at {@code mvn package} (exec-maven-plugin): a servable update site
 * ({@link UpdateSite}) of {@code target/Facemap_Fiji-<version>.jar}, the runtime jars in {@code target/lib/} (natives
 * of the build machine's platform), the other platforms' natives that {@code mvn -Pupdate-site package} puts in
 * {@code target/natives/} (the NATIVES_DIR argument; "-" for none), and {@code models/}.
 * <p>
 * Usage: {@code UpdateSiteBuilder PROJECT_DIR VERSION [OUTPUT_DIR [NATIVES_DIR]]}.
 */
public final class UpdateSiteBuilder {

	private UpdateSiteBuilder() {}

	public static void main(String... args) throws IOException {
		if (args.length < 2) {
			System.err.println("Usage: UpdateSiteBuilder PROJECT_DIR VERSION [OUTPUT_DIR [NATIVES_DIR]]");
			System.exit(2);
		}
		Path project = Paths.get(args[0]).toAbsolutePath();
		Path out = args.length > 2 ? Paths.get(args[2]).toAbsolutePath() : project.resolve("update-site");
		Path natives = args.length > 3 && !args[3].equals("-") && !args[3].isBlank() ? Paths.get(args[3]) : null;
		List<UpdateSite.Entry> entries = build(project, args[1], out, natives);
		Set<NativePlatform> platforms = EnumSet.noneOf(NativePlatform.class);
		for (UpdateSite.Entry e : entries) if (e.platform() != null) platforms.add(e.platform());
		System.out.println("[update-site] " + entries.size() + " files in " + out + ", natives for " + platforms.stream()
			.map(p -> p.folder).collect(Collectors.joining(", ")) + (platforms.size() < NativePlatform.values().length
				? " (all platforms: mvn -Pupdate-site package)" : ""));
	}

	/**
	 * Builds the site from the project's build outputs (plus the jars in {@code natives}, may be null); returns its
	 * entries.
	 *
	 * @throws FacemapException if the plugin jar or target/lib is missing
	 */
	public static List<UpdateSite.Entry> build(Path project, String version, Path out, Path natives) throws IOException {
		Path target = project.resolve("target");
		Path pluginJar = target.resolve("Facemap_Fiji-" + version + ".jar");
		Path lib = target.resolve("lib");
		if (!Files.isDirectory(lib)) throw new FacemapException(lib,
			"missing (the maven-dependency-plugin copies runtime dependencies there at package)");
		List<Path> jars = new ArrayList<>(jars(lib));
		if (natives != null) jars.addAll(jars(natives));
		return UpdateSite.build(new UpdateSite.Contents(pluginJar, jars, project.resolve("models"), version), out);
	}

	private static List<Path> jars(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
		}
	}
}
