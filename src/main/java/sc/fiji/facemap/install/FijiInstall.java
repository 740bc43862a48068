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
package sc.fiji.facemap.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;
import sc.fiji.facemap.task.Progress;

/**
 * Installs an update site's files into an existing Fiji folder, as the updater would: each file under its path
 * ({@code plugins/...}, {@code jars/...}, {@code jars/<platform>/...}, {@code models/...}), natives only for the
 * platforms that Fiji runs on (this machine's, those whose {@code jars/<platform>/} folder or launcher exists), each
 * written under a temporary name, checked against the site's checksum, then renamed. Files that Fiji has in another
 * version and that an earlier install did not put there are left alone (and reported); older versions of our own
 * files are replaced. The list of installed files is kept in {@code .facemap-installed.txt} in the Fiji folder.
 */
public final class FijiInstall {

	/** The file listing what the last install put into the Fiji folder. */
	public static final String MANIFEST = ".facemap-installed.txt";

	/** What an install did. */
	public record Result(List<String> installed, List<String> unchanged, List<String> removed, List<String> keptFijis,
		Set<NativePlatform> platforms) {

		/** A few lines for a log. */
		public String summary(Path fiji) {
			StringBuilder s = new StringBuilder();
			s.append("Installed ").append(installed.size()).append(" files into ").append(fiji).append(" (").append(
				unchanged.size()).append(" already up to date; natives for ");
			List<String> names = new ArrayList<>();
			for (NativePlatform p : platforms) names.add(p.folder);
			s.append(String.join(", ", names)).append(").");
			if (!removed.isEmpty()) s.append("\nRemoved older versions: ").append(String.join(", ", removed));
			if (!keptFijis.isEmpty()) s.append("\nKept Fiji's own versions (ours not installed): ").append(String.join(
				", ", keptFijis));
			s.append("\nRestart Fiji to see Plugins > Facemap.");
			return s.toString();
		}
	}

	private FijiInstall() {}

	/** Checks that {@code fiji} is a Fiji (or ImageJ2) folder: an existing folder with a {@code jars/} folder. */
	public static void checkFiji(Path fiji) {
		if (!Files.isDirectory(fiji)) throw new FacemapException(fiji, "no such folder (give the Fiji.app folder)");
		if (!Files.isDirectory(fiji.resolve("jars"))) throw new FacemapException(fiji,
			"not a Fiji folder: it has no jars/ folder (give the Fiji.app folder, the one holding jars/ and plugins/)");
	}

	/** The platforms whose natives go into {@code fiji}: this machine's, and those the folder shows signs of. */
	public static Set<NativePlatform> platforms(Path fiji) {
		Set<NativePlatform> out = EnumSet.noneOf(NativePlatform.class);
		NativePlatform here = NativePlatform.current();
		if (here != null) out.add(here);
		for (NativePlatform p : NativePlatform.values())
			if (Files.isDirectory(fiji.resolve("jars").resolve(p.folder))) out.add(p);
		// launchers (Jaunch's and the older ImageJ launcher's)
		if (Files.exists(fiji.resolve("fiji-linux-x64")) || Files.exists(fiji.resolve("ImageJ-linux64"))) out.add(
			NativePlatform.LINUX64);
		if (Files.exists(fiji.resolve("fiji-windows-x64.exe")) || Files.exists(fiji.resolve("ImageJ-win64.exe"))) out
			.add(NativePlatform.WIN64);
		if (Files.isDirectory(fiji.resolve("Contents/MacOS")) && "aarch64".equals(System.getProperty("os.arch")))
			out.add(NativePlatform.MACOS_ARM64);
		return out;
	}

	/** Installs every file of {@code site} into {@code fiji}. */
	public static Result install(SiteSource site, Path fiji, Progress progress) {
		Path root = fiji.toAbsolutePath().normalize();
		checkFiji(root);
		Set<NativePlatform> platforms = platforms(root);
		Set<String> previous = readManifest(root);
		List<UpdateSite.Entry> entries = site.entries();
		List<String> installed = new ArrayList<>(), unchanged = new ArrayList<>(), removed = new ArrayList<>(),
			kept = new ArrayList<>();
		Set<String> ours = new LinkedHashSet<>();
		int i = 0;
		for (UpdateSite.Entry e : entries) {
			progress.checkCanceled();
			progress.update(i++, entries.size(), "Installing Facemap into Fiji");
			if (e.platform() != null && !platforms.contains(e.platform())) continue;
			Path target = root.resolve(e.filename()).normalize();
			if (!target.startsWith(root)) throw new FacemapException(site.describe() + ": db.xml.gz names a file "
				+ "outside the Fiji folder: " + e.filename());
			// other versions of the same file in the same folder
			List<Path> others = otherVersions(target);
			List<Path> fijis = new ArrayList<>();
			for (Path o : others) {
				String rel = root.relativize(o).toString().replace('\\', '/');
				if (previous.contains(rel) || e.filename().startsWith("plugins/Facemap_Fiji-")) continue;
				fijis.add(o);
			}
			if (!fijis.isEmpty()) {
				for (Path o : fijis) kept.add(root.relativize(o).toString().replace('\\', '/'));
				continue;
			}
			try {
				if (Files.isRegularFile(target) && UpdaterChecksums.checksum(e.filename(), target).equals(e.checksum())) {
					unchanged.add(e.filename());
				}
				else {
					copy(site, e, target);
					installed.add(e.filename());
				}
				for (Path o : others) {
					Files.deleteIfExists(o);
					removed.add(root.relativize(o).toString().replace('\\', '/'));
				}
			}
			catch (IOException x) {
				throw new FacemapException(target, "could not install (" + AtomicFiles.describe(x) + ")", x);
			}
			ours.add(e.filename());
		}
		progress.update(entries.size(), entries.size(), "Installing Facemap into Fiji");
		// files of an earlier install that the site no longer has
		for (String p : previous) {
			if (ours.contains(p)) continue;
			Path f = root.resolve(p).normalize();
			if (!f.startsWith(root)) continue;
			try {
				if (Files.deleteIfExists(f) && !removed.contains(p)) removed.add(p);
			}
			catch (IOException x) {
				progress.log("Facemap: could not remove " + f + " (" + AtomicFiles.describe(x) + ")");
			}
		}
		AtomicFiles.writeString(root.resolve(MANIFEST), String.join("\n", ours) + "\n");
		return new Result(installed, unchanged, removed, kept, platforms);
	}

	/** Copies one file from the site, verifying the updater's checksum before it gets its name. */
	private static void copy(SiteSource site, UpdateSite.Entry e, Path target) {
		AtomicFiles.write(target, tmp -> {
			try (InputStream in = site.open(e)) {
				Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
			String got = UpdaterChecksums.checksum(e.filename(), tmp);
			if (!got.equals(e.checksum())) throw new FacemapException(site.describe() + ": " + e.storedName()
				+ " does not match its checksum in db.xml.gz (" + got + " instead of " + e.checksum()
				+ "); rebuild or re-upload the site");
		});
	}

	/** Files in the same folder with the same name but another version ({@code api-0.32.0.jar} for {@code api-0.33.0.jar}). */
	static List<Path> otherVersions(Path target) {
		List<Path> out = new ArrayList<>();
		Path dir = target.getParent();
		if (dir == null || !Files.isDirectory(dir)) return out;
		String name = target.getFileName().toString();
		if (!name.endsWith(".jar")) return out;
		String id = UpdateSite.artifactId(name), suffix = classifierSuffix(name);
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
			for (Path p : ds) {
				String n = p.getFileName().toString();
				if (n.equals(name) || !Files.isRegularFile(p)) continue;
				if (UpdateSite.artifactId(n).equals(id) && classifierSuffix(n).equals(suffix)) out.add(p);
			}
		}
		catch (IOException x) {
			throw new FacemapException(dir, "could not list (" + AtomicFiles.describe(x) + ")", x);
		}
		return out;
	}

	/** The native classifier at the end of a jar name ("-linux-x86_64"), or "". */
	private static String classifierSuffix(String jarName) {
		NativePlatform p = NativePlatform.ofJar(jarName);
		if (p == null) return "";
		String base = jarName.substring(0, jarName.length() - 4);
		return base.endsWith("-" + p.pytorchClassifier) ? "-" + p.pytorchClassifier : "-" + p.javacppClassifier;
	}

	private static Set<String> readManifest(Path root) {
		Set<String> out = new LinkedHashSet<>();
		Path m = root.resolve(MANIFEST);
		if (!Files.isRegularFile(m)) return out;
		try {
			for (String line : Files.readAllLines(m)) if (!line.isBlank()) out.add(line.trim());
		}
		catch (IOException e) {
			// an unreadable list only means that older versions are treated as Fiji's own
		}
		return out;
	}
}
