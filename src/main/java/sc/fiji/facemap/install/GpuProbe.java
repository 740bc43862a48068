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
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this machine has for running PyTorch on an NVIDIA GPU, found without extra libraries: the driver (from
 * {@code /proc/driver/nvidia/version} on Linux, else {@code nvidia-smi}), the CUDA version the driver supports and
 * the GPUs (from {@code nvidia-smi}), a CUDA runtime library ({@code libcudart.so.12*} / {@code cudart64_12.dll}:
 * DJL looks for it to decide that the CUDA build of libtorch can run), and a PyTorch the user points to with
 * {@code PYTORCH_LIBRARY_PATH}.
 *
 * @param platform this machine's platform (null: none of ours)
 * @param osName the os.name it was probed on
 * @param driverVersion the NVIDIA driver version ("550.54.15"), or null when no driver was found
 * @param driverCuda the newest CUDA version the driver supports ("12.4", from nvidia-smi), or null if unknown
 * @param gpus the GPU names nvidia-smi lists (may be empty)
 * @param cudart a CUDA runtime library found on the library path, or null
 * @param cudartVersion its version ("12.4"), or null if unknown
 * @param pytorchLibraryPath the value of PYTORCH_LIBRARY_PATH (environment or system property), or null
 * @param notes how each fact was found (for the report)
 */
public record GpuProbe(NativePlatform platform, String osName, String driverVersion, String driverCuda,
	List<String> gpus, Path cudart, String cudartVersion, String pytorchLibraryPath, List<String> notes) {

	/** The machine as the probe sees it; tests substitute recorded files and command outputs. */
	public interface SystemView {
		String property(String key);

		String env(String key);

		/** A small text file's contents, or null if it cannot be read. */
		String readFile(Path p);

		/** A command's standard output, or null if it cannot be run or fails. */
		String run(String... command);

		/** The names of the files in a folder (empty when it is none). */
		List<String> list(Path dir);

		/** This JVM's machine. */
		SystemView REAL = new SystemView() {
			@Override
			public String property(String key) {
				return System.getProperty(key);
			}

			@Override
			public String env(String key) {
				return System.getenv(key);
			}

			@Override
			public String readFile(Path p) {
				try {
					return Files.isReadable(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : null;
				}
				catch (IOException | RuntimeException e) {
					return null;
				}
			}

			@Override
			public String run(String... command) {
				try {
					Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
					p.getOutputStream().close();
					byte[] out;
					try (InputStream in = p.getInputStream()) {
						out = in.readNBytes(1 << 16);
					}
					if (!p.waitFor(20, TimeUnit.SECONDS)) {
						p.destroyForcibly();
						return null;
					}
					return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
				}
				catch (IOException e) {
					return null;
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return null;
				}
			}

			@Override
			public List<String> list(Path dir) {
				List<String> out = new ArrayList<>();
				if (!Files.isDirectory(dir)) return out;
				try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
					for (Path p : ds) out.add(p.getFileName().toString());
				}
				catch (IOException | RuntimeException e) {
					// unreadable: nothing found there
				}
				return out;
			}
		};
	}

	/** Probes this machine. */
	public static GpuProbe probe() {
		return probe(SystemView.REAL);
	}

	/** Probes the machine {@code sys} describes. */
	public static GpuProbe probe(SystemView sys) {
		String osName = String.valueOf(sys.property("os.name"));
		NativePlatform platform = NativePlatform.of(osName, String.valueOf(sys.property("os.arch")));
		boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("win");
		List<String> notes = new ArrayList<>();
		String driver = null, cuda = null;
		List<String> gpus = new ArrayList<>();

		if (osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
			String proc = sys.readFile(Paths.get("/proc/driver/nvidia/version"));
			driver = parseProcVersion(proc);
			if (driver != null) notes.add("NVIDIA driver " + driver + " (/proc/driver/nvidia/version)");
		}
		String smi = sys.run("nvidia-smi");
		if (smi != null) {
			cuda = parseSmiCudaVersion(smi);
			String d = parseSmiDriverVersion(smi);
			if (driver == null && d != null) {
				driver = d;
				notes.add("NVIDIA driver " + d + " (nvidia-smi)");
			}
			if (cuda != null) notes.add("the driver supports CUDA up to " + cuda + " (nvidia-smi)");
			String q = sys.run("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader");
			if (q != null) for (String line : q.split("\\R")) if (!line.isBlank()) gpus.add(line.trim());
			if (!gpus.isEmpty()) notes.add("GPUs: " + String.join("; ", gpus));
		}
		else if (driver != null) notes.add("nvidia-smi could not be run; the CUDA version of the driver is unknown");

		Path cudart = null;
		String cudartVersion = null;
		for (Path dir : libraryDirs(sys, windows)) {
			for (String name : sys.list(dir)) {
				String v = cudartVersion(name, windows);
				if (v == null) continue;
				if (cudart == null || compareVersions(v, cudartVersion) > 0) {
					cudart = dir.resolve(name);
					cudartVersion = v;
				}
			}
			if (cudart != null) break;
		}
		if (cudart != null && windows && cudartVersion.indexOf('.') < 0) {
			// cudart64_12.dll names the major version only; the toolkit folder names the rest (...\CUDA\v12.4\bin)
			Matcher m = Pattern.compile("[vV](\\d+\\.\\d+)").matcher(cudart.toString());
			if (m.find()) cudartVersion = m.group(1);
		}
		if (cudart != null) notes.add("CUDA runtime " + cudartVersion + ": " + cudart);
		String libtorch = sys.env("PYTORCH_LIBRARY_PATH");
		if (libtorch == null || libtorch.isBlank()) libtorch = sys.property("PYTORCH_LIBRARY_PATH");
		if (libtorch != null && libtorch.isBlank()) libtorch = null;
		if (libtorch != null) notes.add("PYTORCH_LIBRARY_PATH=" + libtorch);
		return new GpuProbe(platform, osName, driver, cuda, gpus, cudart, cudartVersion, libtorch, notes);
	}

	/** "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar ..." -&gt; "550.54.15"; null if none. */
	public static String parseProcVersion(String text) {
		if (text == null) return null;
		Matcher m = Pattern.compile("NVRM version:.*?\\s(\\d+\\.\\d+(?:\\.\\d+)?)\\s").matcher(text + " ");
		return m.find() ? m.group(1) : null;
	}

	/** "... CUDA Version: 12.4 ..." in nvidia-smi's header -&gt; "12.4"; null if none. */
	public static String parseSmiCudaVersion(String text) {
		if (text == null) return null;
		Matcher m = Pattern.compile("CUDA Version:\\s*(\\d+\\.\\d+)").matcher(text);
		return m.find() ? m.group(1) : null;
	}

	/** "... Driver Version: 550.54.15 ..." in nvidia-smi's header -&gt; "550.54.15"; null if none. */
	public static String parseSmiDriverVersion(String text) {
		if (text == null) return null;
		Matcher m = Pattern.compile("Driver Version:\\s*(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(text);
		return m.find() ? m.group(1) : null;
	}

	/** The version a CUDA runtime file name carries ("libcudart.so.12.4.127" -&gt; "12.4"), or null if it is none. */
	static String cudartVersion(String fileName, boolean windows) {
		Matcher m = (windows ? Pattern.compile("cudart64_(\\d+)\\.dll") : Pattern.compile(
			"libcudart\\.so\\.(\\d+(?:\\.\\d+)?)(?:\\.\\d+)*")).matcher(fileName);
		return m.matches() ? m.group(1) : null;
	}

	/** Where DJL's JNA lookup of "cudart" can find the runtime: the library path and CUDA's usual folders. */
	private static List<Path> libraryDirs(SystemView sys, boolean windows) {
		Set<String> dirs = new LinkedHashSet<>();
		String sep = windows ? ";" : ":";
		if (windows) {
			String cudaPath = sys.env("CUDA_PATH");
			if (cudaPath != null) dirs.add(cudaPath + "\\bin");
			String path = sys.env("PATH");
			if (path != null) for (String d : path.split(sep)) if (!d.isBlank()) dirs.add(d);
		}
		else {
			for (String key : new String[] { "LD_LIBRARY_PATH", "jna.library.path" }) {
				String v = key.contains(".") ? sys.property(key) : sys.env(key);
				if (v != null) for (String d : v.split(sep)) if (!d.isBlank()) dirs.add(d);
			}
			dirs.add("/usr/local/cuda/lib64");
			dirs.add("/usr/local/cuda/targets/x86_64-linux/lib");
			dirs.add("/usr/lib/x86_64-linux-gnu");
			dirs.add("/usr/lib64");
			dirs.add("/usr/lib");
		}
		List<Path> out = new ArrayList<>();
		for (String d : dirs) {
			try {
				out.add(Paths.get(d));
			}
			catch (RuntimeException e) {
				// not a path on this system
			}
		}
		return out;
	}

	/** Compares dotted version numbers ("12.4" &lt; "12.10"); a missing part counts as 0. */
	public static int compareVersions(String a, String b) {
		if (b == null) return a == null ? 0 : 1;
		if (a == null) return -1;
		String[] x = a.split("\\."), y = b.split("\\.");
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			int p = i < x.length ? parse(x[i]) : 0, q = i < y.length ? parse(y[i]) : 0;
			if (p != q) return Integer.compare(p, q);
		}
		return 0;
	}

	private static int parse(String s) {
		try {
			return Integer.parseInt(s.replaceAll("\\D.*", ""));
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}
}
