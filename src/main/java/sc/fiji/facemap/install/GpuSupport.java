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

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;

/**
 * GPU support in one step: decides from a {@link GpuProbe} whether the CUDA build of libtorch
 * ({@code ai.djl.pytorch:pytorch-native-cu124:2.5.1}, classifier per OS) can be used here, says what it would
 * download and how large it is, and on request downloads it from Maven Central, verifies it against the
 * {@code .sha1} Maven Central publishes and installs it beside the CPU build, where DJL picks it over the CPU build
 * whenever the machine's CUDA runtime is 12.4 or newer. Nothing here runs unless a user asks for it (the
 * {@code Install GPU Support...} command, {@code facemap install-gpu}). A PyTorch 2.5.1 the user already has is used
 * through {@code PYTORCH_LIBRARY_PATH} instead (nothing to download).
 */
public final class GpuSupport {

	/** Maven Central, where the artifact comes from (override: system property {@code facemap.maven.repository}). */
	public static final String MAVEN_CENTRAL = "https://repo1.maven.org/maven2/";
	public static final String GROUP = "ai.djl.pytorch", ARTIFACT = "pytorch-native-cu124", VERSION = "2.5.1";
	/** The CUDA version the artifact is built for; DJL uses it where the CUDA runtime is at least this. */
	public static final String CUDA = "12.4";
	/** The oldest drivers that support CUDA 12.4 (NVIDIA's CUDA 12.4 release notes). */
	public static final String MIN_DRIVER_LINUX = "550.54.14", MIN_DRIVER_WINDOWS = "551.61";
	/**
	 * The oldest drivers of CUDA 12 (12.0): with CUDA's minor-version compatibility a 12.4 build runs on them, short of
	 * a few features; older drivers cannot run it at all.
	 */
	public static final String MIN_DRIVER_CUDA12_LINUX = "525.60.13", MIN_DRIVER_CUDA12_WINDOWS = "527.41";

	/** What to do. */
	public enum Verdict {
		/** The driver is fit: the CUDA build can be downloaded and installed. */
		DOWNLOAD,
		/** The CUDA build is installed already. */
		INSTALLED,
		/** PYTORCH_LIBRARY_PATH names a usable PyTorch: nothing to download. */
		USE_EXISTING,
		/** No GPU use is possible here; the message says why. */
		NOT_POSSIBLE
	}

	/**
	 * A decision and what it rests on.
	 *
	 * @param verdict what to do
	 * @param message the explanation, several lines, for a dialog or a terminal
	 * @param url the jar to download (null unless DOWNLOAD/INSTALLED)
	 * @param target where it goes (null unless DOWNLOAD/INSTALLED)
	 * @param size its size in bytes (-1 unknown)
	 */
	public record Plan(Verdict verdict, String message, URI url, Path target, long size) {

		public boolean canDownload() {
			return verdict == Verdict.DOWNLOAD;
		}
	}

	private GpuSupport() {}

	/** The Maven Central URL of the CUDA build for {@code platform} under repository {@code repo}. */
	public static URI artifactUrl(String repo, NativePlatform platform) {
		String r = repo.endsWith("/") ? repo : repo + "/";
		return URI.create(r + GROUP.replace('.', '/') + "/" + ARTIFACT + "/" + VERSION + "/" + jarName(platform));
	}

	/** "pytorch-native-cu124-2.5.1-linux-x86_64.jar". */
	public static String jarName(NativePlatform platform) {
		return ARTIFACT + "-" + VERSION + "-" + platform.pytorchClassifier + ".jar";
	}

	/** The repository to use: the system property {@code facemap.maven.repository}, else Maven Central. */
	public static String repository() {
		String r = System.getProperty("facemap.maven.repository");
		return r == null || r.isBlank() ? MAVEN_CENTRAL : r;
	}

	/**
	 * The folder holding the CPU build of libtorch on this JVM's class path ({@code Fiji.app/jars/linux64},
	 * {@code target/lib}), or null when none is found.
	 */
	public static Path cpuJarFolder() {
		try {
			ClassLoader cl = Thread.currentThread().getContextClassLoader();
			if (cl == null) cl = GpuSupport.class.getClassLoader();
			Enumeration<URL> urls = cl.getResources("native/lib/pytorch.properties");
			for (URL u : Collections.list(urls)) {
				String s = u.toString();
				if (!s.startsWith("jar:file:") || !s.contains("pytorch-native-cpu")) continue;
				String file = s.substring("jar:".length(), s.indexOf("!/"));
				return Paths.get(new URI(file)).getParent();
			}
		}
		catch (java.io.IOException | URISyntaxException | RuntimeException e) {
			// none found
		}
		return null;
	}

	/**
	 * The plan for this machine with the defaults of the menu command and {@code facemap install-gpu}: beside the CPU
	 * build on the class path, from {@link #repository()}, the size from a HEAD request. For scripts:
	 * {@code plan = GpuSupport.plan(); print(plan.message()); if plan.canDownload(): GpuSupport.install(plan, progress)}.
	 */
	public static Plan plan() {
		return decide(GpuProbe.probe(), cpuJarFolder(), repository(), Downloads::size);
	}

	/**
	 * Decides what can be done on the probed machine.
	 *
	 * @param probe the machine
	 * @param targetFolder where the jar would go (the CPU build's folder); null if unknown
	 * @param repo the Maven repository URL
	 * @param sizeOf looks up the download size (a HEAD request); called only when a download is possible
	 */
	public static Plan decide(GpuProbe probe, Path targetFolder, String repo, java.util.function.ToLongFunction<URI> sizeOf) {
		List<String> lines = new ArrayList<>();
		lines.add("Found: " + (probe.notes().isEmpty() ? "no NVIDIA driver, no CUDA runtime" : String.join("; ", probe
			.notes())) + ".");

		if (probe.pytorchLibraryPath() != null) return existing(probe, lines);

		NativePlatform p = probe.platform();
		if (p == null || p == NativePlatform.MACOS_ARM64) {
			boolean mac = probe.osName().toLowerCase(Locale.ROOT).startsWith("mac");
			lines.add(mac ? (p == null
				? "PyTorch 2.5.1 has no build for Intel macOS: keypoint tracking cannot run on this Mac."
				: "There is no CUDA build of PyTorch for macOS; Facemap runs on the CPU of this Mac (Apple Silicon).")
				: "No CUDA build of PyTorch 2.5.1 exists for " + probe.osName() + " on this processor; Facemap runs on the CPU.");
			return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
		}
		if (probe.driverVersion() == null) {
			lines.add("No NVIDIA driver was found (" + (p == NativePlatform.LINUX64 ? "no /proc/driver/nvidia/version, " : "")
				+ "nvidia-smi not found): install NVIDIA's driver first (version " + minDriver(p)
				+ " or newer), then run this again. Until then Facemap runs on the CPU.");
			return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
		}
		boolean below124 = probe.driverCuda() != null ? GpuProbe.compareVersions(probe.driverCuda(), CUDA) < 0
			: GpuProbe.compareVersions(probe.driverVersion(), minDriver(p)) < 0;
		boolean belowCuda12 = probe.driverCuda() != null ? GpuProbe.compareVersions(probe.driverCuda(), "12.0") < 0
			: GpuProbe.compareVersions(probe.driverVersion(), p == NativePlatform.WIN64 ? MIN_DRIVER_CUDA12_WINDOWS
				: MIN_DRIVER_CUDA12_LINUX) < 0;
		String driverText = "The NVIDIA driver " + probe.driverVersion() + (probe.driverCuda() != null
			? " supports CUDA up to " + probe.driverCuda() : "");
		if (belowCuda12) {
			lines.add(driverText + "; the CUDA build of PyTorch 2.5.1 needs CUDA 12 (" + CUDA + " best: driver "
				+ minDriver(p) + " or newer). Update the driver, then run this again.");
			return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
		}
		String driverNote = below124 ? "Note: " + driverText + "; the build is for CUDA " + CUDA + ", which runs on a "
			+ "CUDA 12 driver through CUDA's minor-version compatibility; if the GPU is not used, update the driver to "
			+ minDriver(p) + " or newer." : null;
		if (targetFolder == null) {
			lines.add("The CPU build of libtorch (pytorch-native-cpu) is not on the class path, so there is no folder to "
				+ "install the GPU build beside; give one (--target).");
			return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
		}
		URI url = artifactUrl(repo, p);
		Path target = targetFolder.resolve(jarName(p));
		String runtime = probe.cudart() == null
			? "Note: no CUDA runtime library (" + (p == NativePlatform.WIN64 ? "cudart64_12.dll" : "libcudart.so.12")
				+ ") was found on the library path. DJL needs the CUDA " + CUDA + " runtime (the CUDA Toolkit " + CUDA
				+ " or newer, or NVIDIA's cuda-cudart package) to choose the GPU build; install it too, or tracking stays on the CPU."
			: GpuProbe.compareVersions(probe.cudartVersion(), CUDA) < 0
				? "Note: the CUDA runtime found (" + probe.cudartVersion() + ", " + probe.cudart() + ") is older than " + CUDA
					+ "; DJL uses the GPU build only with a CUDA " + CUDA + " runtime or newer on the library path."
				: null;
		if (driverNote != null) lines.add(driverNote);
		if (Files.isRegularFile(target)) {
			lines.add("The GPU build is installed already: " + target + ". Tick GPU (--device gpu) to use it.");
			if (runtime != null) lines.add(runtime);
			return new Plan(Verdict.INSTALLED, String.join("\n", lines), url, target, sizeSafe(target));
		}
		long size;
		try {
			size = sizeOf.applyAsLong(url);
		}
		catch (FacemapException e) {
			size = -1; // offline now: the download itself will say what is wrong
		}
		lines.add("This will download " + GROUP + ":" + ARTIFACT + ":" + VERSION + ":" + p.pytorchClassifier + " ("
			+ human(size) + ") from " + url.getHost() + ", verify it against the SHA-1 published beside it, and install it as "
			+ target + ", beside the CPU build. Restart Fiji afterwards and tick GPU (--device gpu).");
		if (runtime != null) lines.add(runtime);
		return new Plan(Verdict.DOWNLOAD, String.join("\n", lines), url, target, size);
	}

	private static Plan existing(GpuProbe probe, List<String> lines) {
		String given = probe.pytorchLibraryPath();
		for (String d : given.split(java.io.File.pathSeparator)) {
			if (d.isBlank()) continue;
			Path dir = Paths.get(d);
			if (Files.isRegularFile(dir)) dir = dir.getParent();
			if (dir == null || !hasLibtorch(dir)) continue;
			String v = libtorchVersion(dir);
			if (v != null && !v.startsWith(VERSION)) {
				lines.add("PYTORCH_LIBRARY_PATH names PyTorch " + v + " (" + dir + "); Facemap needs PyTorch " + VERSION
					+ " (DJL 0.33's native interface). Point it to a PyTorch " + VERSION + " (e.g. the lib folder of "
					+ "'pip install torch==" + VERSION + "'), or unset it to use the bundled build.");
				return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
			}
			lines.add("PyTorch " + (v == null ? "(version not recorded; " + VERSION + " is needed)" : v) + " at " + dir
				+ " is used (PYTORCH_LIBRARY_PATH): nothing to download. With its CUDA libraries and an NVIDIA GPU, tick GPU"
				+ " (--device gpu).");
			return new Plan(Verdict.USE_EXISTING, String.join("\n", lines), null, null, -1);
		}
		lines.add("PYTORCH_LIBRARY_PATH is set to " + given + ", but no libtorch (" + libName() + ") is there. Point it "
			+ "to the folder holding " + libName() + " (for a pip install: .../site-packages/torch/lib), or unset it.");
		return new Plan(Verdict.NOT_POSSIBLE, String.join("\n", lines), null, null, -1);
	}

	/**
	 * Downloads and installs the jar of a {@link Verdict#DOWNLOAD} plan: the SHA-1 from {@code <url>.sha1} first,
	 * then the jar under a temporary name; renamed into place only when its SHA-1 matches.
	 */
	public static Path install(Plan plan, Progress progress) {
		if (!plan.canDownload()) throw new FacemapException("Nothing to install: " + plan.message());
		String sha1 = Downloads.publishedSha1(URI.create(plan.url() + ".sha1"));
		try {
			Files.createDirectories(plan.target().getParent());
		}
		catch (java.io.IOException e) {
			throw new FacemapException(plan.target().getParent(), "could not create the folder (" + e.getMessage() + ")");
		}
		Downloads.download(plan.url(), sha1, plan.target(), progress);
		return plan.target();
	}

	static String minDriver(NativePlatform p) {
		return p == NativePlatform.WIN64 ? MIN_DRIVER_WINDOWS : MIN_DRIVER_LINUX;
	}

	private static String libName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return os.startsWith("win") ? "torch.dll" : os.startsWith("mac") ? "libtorch.dylib" : "libtorch.so";
	}

	static boolean hasLibtorch(Path dir) {
		return Files.isRegularFile(dir.resolve("libtorch.so")) || Files.isRegularFile(dir.resolve("torch.dll")) || Files
			.isRegularFile(dir.resolve("libtorch.dylib"));
	}

	/**
	 * The version of a libtorch folder: {@code build-version} of a libtorch download (one level up), or
	 * {@code version.py} of a pip install ({@code torch/lib/..}); null when neither says.
	 */
	static String libtorchVersion(Path lib) {
		Path up = lib.getParent();
		if (up == null) return null;
		try {
			Path bv = up.resolve("build-version");
			if (Files.isRegularFile(bv)) return Files.readString(bv).trim();
			Path py = up.resolve("version.py");
			if (Files.isRegularFile(py)) {
				java.util.regex.Matcher m = java.util.regex.Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]")
					.matcher(Files.readString(py));
				if (m.find()) return m.group(1);
			}
		}
		catch (java.io.IOException e) {
			// unknown
		}
		return null;
	}

	private static long sizeSafe(Path p) {
		try {
			return Files.size(p);
		}
		catch (java.io.IOException e) {
			return -1;
		}
	}

	/** "2.4 GB", "340 MB", "unknown size". */
	public static String human(long bytes) {
		if (bytes < 0) return "size unknown";
		if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
		if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
		return String.format(Locale.ROOT, "%.0f kB", bytes / 1024.0);
	}
}
