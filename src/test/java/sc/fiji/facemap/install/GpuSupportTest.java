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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

class GpuSupportTest {

	/** nvidia-smi's header as a 550 driver prints it (the lines the probe reads). */
	static final String SMI_550 = String.join("\n",
		"Tue Dec  1 10:12:03 2026",
		"+-----------------------------------------------------------------------------------------+",
		"| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |",
		"|-----------------------------------------+------------------------+----------------------+",
		"| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |", "");
	static final String PROC_550 = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n"
		+ "GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04)\n";

	/** A machine made of recorded answers. */
	static final class FakeSystem implements GpuProbe.SystemView {
		final Map<String, String> props = new HashMap<>(), env = new HashMap<>(), files = new HashMap<>(), commands =
			new HashMap<>();
		final Map<String, List<String>> dirs = new HashMap<>();

		FakeSystem(String os, String arch) {
			props.put("os.name", os);
			props.put("os.arch", arch);
		}

		@Override
		public String property(String key) {
			return props.get(key);
		}

		@Override
		public String env(String key) {
			return env.get(key);
		}

		@Override
		public String readFile(Path p) {
			return files.get(p.toString().replace('\\', '/'));
		}

		@Override
		public String run(String... command) {
			return commands.get(String.join(" ", command));
		}

		@Override
		public List<String> list(Path dir) {
			return dirs.getOrDefault(dir.toString().replace('\\', '/'), List.of());
		}
	}

	static FakeSystem linuxWithDriver(String proc, String smi) {
		FakeSystem s = new FakeSystem("Linux", "amd64");
		if (proc != null) s.files.put("/proc/driver/nvidia/version", proc);
		if (smi != null) {
			s.commands.put("nvidia-smi", smi);
			s.commands.put("nvidia-smi --query-gpu=name,memory.total --format=csv,noheader", "NVIDIA H200, 143771 MiB\n");
		}
		return s;
	}

	static GpuSupport.Plan decide(GpuProbe.SystemView sys, Path target) {
		return GpuSupport.decide(GpuProbe.probe(sys), target, "http://127.0.0.1:1/maven2/", u -> 2_530_000_000L);
	}

	@Test
	void parsesTheDriverFiles() {
		assertEquals("550.54.15", GpuProbe.parseProcVersion(PROC_550));
		assertEquals("12.4", GpuProbe.parseSmiCudaVersion(SMI_550));
		assertEquals("550.54.15", GpuProbe.parseSmiDriverVersion(SMI_550));
		assertNull(GpuProbe.parseProcVersion("garbage"));
		assertEquals("12.4", GpuProbe.cudartVersion("libcudart.so.12.4.127", false));
		assertEquals("12", GpuProbe.cudartVersion("libcudart.so.12", false));
		assertNull(GpuProbe.cudartVersion("libcudart.so", false));
		assertEquals("12", GpuProbe.cudartVersion("cudart64_12.dll", true));
		assertTrue(GpuProbe.compareVersions("12.10", "12.4") > 0);
		assertTrue(GpuProbe.compareVersions("535.183.01", GpuSupport.MIN_DRIVER_LINUX) < 0);
	}

	@Test
	void aFitDriverMeansDownloadBesideTheCpuBuild(@TempDir Path tmp) {
		FakeSystem s = linuxWithDriver(PROC_550, SMI_550);
		s.dirs.put("/usr/local/cuda/lib64", List.of("libcudart.so", "libcudart.so.12", "libcudart.so.12.4.127"));
		GpuSupport.Plan plan = decide(s, tmp);
		assertEquals(GpuSupport.Verdict.DOWNLOAD, plan.verdict(), plan.message());
		assertEquals(URI.create("http://127.0.0.1:1/maven2/ai/djl/pytorch/pytorch-native-cu124/2.5.1/"
			+ "pytorch-native-cu124-2.5.1-linux-x86_64.jar"), plan.url());
		assertEquals(tmp.resolve("pytorch-native-cu124-2.5.1-linux-x86_64.jar"), plan.target());
		assertTrue(plan.message().contains("550.54.15") && plan.message().contains("CUDA up to 12.4"), plan.message());
		assertTrue(plan.message().contains("2.4 GB"), "says the size: " + plan.message());
		assertTrue(plan.message().contains("CUDA runtime 12.4"), plan.message());
		assertFalse(plan.message().contains("Note:"), "nothing missing: " + plan.message());
	}

	@Test
	void withoutNvidiaSmiTheDriverVersionDecides(@TempDir Path tmp) {
		assertEquals(GpuSupport.Verdict.DOWNLOAD, decide(linuxWithDriver(PROC_550, null), tmp).verdict());
		GpuSupport.Plan r535 = decide(linuxWithDriver(PROC_550.replace("550.54.15", "535.183.01"), null), tmp);
		assertEquals(GpuSupport.Verdict.DOWNLOAD, r535.verdict(), "a CUDA 12 driver: minor-version compatibility");
		assertTrue(r535.message().contains("Note: The NVIDIA driver 535.183.01") && r535.message().contains(
			GpuSupport.MIN_DRIVER_LINUX), r535.message());
		GpuSupport.Plan old = decide(linuxWithDriver(PROC_550.replace("550.54.15", "470.256.02"), null), tmp);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, old.verdict());
		assertTrue(old.message().contains("470.256.02") && old.message().contains("needs CUDA 12"), old.message());
	}

	@Test
	void aDriverForOlderCudaIsRefusedWithWhatToDo(@TempDir Path tmp) {
		GpuSupport.Plan p = decide(linuxWithDriver(PROC_550.replace("550.54.15", "520.61.05"), SMI_550.replace(
			"550.54.15", "520.61.05").replace("CUDA Version: 12.4", "CUDA Version: 11.8")), tmp);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, p.verdict());
		assertTrue(p.message().contains("supports CUDA up to 11.8") && p.message().contains("Update the driver"), p
			.message());
		assertNull(p.url());
		GpuSupport.Plan cuda122 = decide(linuxWithDriver(null, SMI_550.replace("550.54.15", "535.183.01").replace(
			"CUDA Version: 12.4", "CUDA Version: 12.2")), tmp);
		assertEquals(GpuSupport.Verdict.DOWNLOAD, cuda122.verdict());
		assertTrue(cuda122.message().contains("supports CUDA up to 12.2") && cuda122.message().contains(
			"minor-version compatibility"), cuda122.message());
	}

	@Test
	void noDriverNoMacNoDownload(@TempDir Path tmp) {
		GpuSupport.Plan none = decide(new FakeSystem("Linux", "amd64"), tmp);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, none.verdict());
		assertTrue(none.message().contains("No NVIDIA driver"), none.message());
		GpuSupport.Plan mac = decide(new FakeSystem("Mac OS X", "aarch64"), tmp);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, mac.verdict());
		assertTrue(mac.message().contains("no CUDA build of PyTorch for macOS"), mac.message());
		GpuSupport.Plan intel = decide(new FakeSystem("Mac OS X", "x86_64"), tmp);
		assertTrue(intel.message().contains("no build for Intel macOS"), intel.message());
	}

	@Test
	void windowsFindsCudartInCudaPath(@TempDir Path tmp) {
		FakeSystem s = new FakeSystem("Windows 11", "amd64");
		s.commands.put("nvidia-smi", SMI_550.replace("550.54.15", "551.61"));
		s.env.put("CUDA_PATH", "C:\\CUDA\\v12.4");
		s.dirs.put("C:/CUDA/v12.4/bin", List.of("cudart64_12.dll", "cublas64_12.dll"));
		GpuProbe probe = GpuProbe.probe(s);
		assertEquals("551.61", probe.driverVersion());
		assertEquals("12.4", probe.cudartVersion(), probe.toString());
		GpuSupport.Plan p = GpuSupport.decide(probe, tmp, "http://127.0.0.1:1/m2", u -> -1);
		assertEquals(GpuSupport.Verdict.DOWNLOAD, p.verdict(), p.message());
		assertTrue(p.url().toString().endsWith("pytorch-native-cu124-2.5.1-win-x86_64.jar"), p.url().toString());
		assertTrue(p.message().contains("size unknown"), p.message());
	}

	@Test
	void noCudaRuntimeIsSaidButDoesNotBlock(@TempDir Path tmp) {
		GpuSupport.Plan p = decide(linuxWithDriver(PROC_550, SMI_550), tmp);
		assertEquals(GpuSupport.Verdict.DOWNLOAD, p.verdict());
		assertTrue(p.message().contains("no CUDA runtime library (libcudart.so.12)"), p.message());
	}

	@Test
	void installedAlreadyAndPytorchLibraryPath(@TempDir Path tmp) throws Exception {
		Files.writeString(tmp.resolve("pytorch-native-cu124-2.5.1-linux-x86_64.jar"), "x");
		assertEquals(GpuSupport.Verdict.INSTALLED, decide(linuxWithDriver(PROC_550, SMI_550), tmp).verdict());

		// a pip-installed torch: site-packages/torch/lib with torch/version.py
		Path lib = Files.createDirectories(tmp.resolve("site-packages/torch/lib"));
		Files.writeString(lib.resolve("libtorch.so"), "");
		Files.writeString(lib.resolveSibling("version.py"), "__version__ = '2.5.1+cu124'\n");
		FakeSystem s = linuxWithDriver(null, null);
		s.env.put("PYTORCH_LIBRARY_PATH", lib.toString());
		GpuSupport.Plan p = decide(s, null);
		assertEquals(GpuSupport.Verdict.USE_EXISTING, p.verdict(), p.message());
		assertTrue(p.message().contains("2.5.1+cu124") && p.message().contains("nothing to download"), p.message());

		Files.writeString(lib.resolveSibling("version.py"), "__version__ = '2.6.0+cu124'\n");
		p = decide(s, null);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, p.verdict());
		assertTrue(p.message().contains("PyTorch 2.6.0+cu124") && p.message().contains("needs PyTorch 2.5.1"), p.message());

		s.env.put("PYTORCH_LIBRARY_PATH", tmp.resolve("nowhere").toString());
		p = decide(s, null);
		assertEquals(GpuSupport.Verdict.NOT_POSSIBLE, p.verdict());
		assertTrue(p.message().contains("no libtorch"), p.message());
	}

	// ---- downloads against a server on 127.0.0.1

	static final String JAR_PATH = "maven2/ai/djl/pytorch/pytorch-native-cu124/2.5.1/pytorch-native-cu124-2.5.1-linux-x86_64.jar";

	static byte[] artifact() {
		byte[] b = new byte[300_000];
		new Random(7).nextBytes(b);
		return b;
	}

	static String sha1(byte[] b) throws Exception {
		return UpdaterChecksums.hex(java.security.MessageDigest.getInstance("SHA-1").digest(b));
	}

	static GpuSupport.Plan planFor(LoopbackServer server, Path target) {
		return GpuSupport.decide(GpuProbe.probe(linuxWithDriver(PROC_550, SMI_550)), target, server.url() + "maven2/",
			Downloads::size);
	}

	static List<String> leftovers(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void downloadsVerifiesAndInstalls(@TempDir Path tmp) throws Exception {
		byte[] jar = artifact();
		try (LoopbackServer server = new LoopbackServer(null)) {
			server.put(JAR_PATH, jar);
			server.put(JAR_PATH + ".sha1", (sha1(jar) + "  pytorch-native-cu124-2.5.1-linux-x86_64.jar\n").getBytes(
				StandardCharsets.US_ASCII));
			GpuSupport.Plan plan = planFor(server, tmp);
			assertEquals(GpuSupport.Verdict.DOWNLOAD, plan.verdict(), plan.message());
			assertEquals(jar.length, plan.size(), "size from a HEAD request");
			assertEquals(0, server.gets.get(), "deciding downloads nothing");
			List<Long> seen = new ArrayList<>();
			Path installed = GpuSupport.install(plan, new Progress() {
				@Override
				public void update(long done, long total, String message) {
					seen.add(done);
					assertEquals(jar.length, total);
				}

				@Override
				public boolean isCanceled() {
					return false;
				}
			});
			assertArrayEquals(jar, Files.readAllBytes(installed));
			assertEquals(List.of("pytorch-native-cu124-2.5.1-linux-x86_64.jar"), leftovers(tmp));
			assertEquals((long) jar.length, seen.get(seen.size() - 1), "progress reaches the end");
			assertEquals(GpuSupport.Verdict.INSTALLED, planFor(server, tmp).verdict());
		}
	}

	@Test
	void aChecksumFailureLeavesNothing(@TempDir Path tmp) throws Exception {
		byte[] jar = artifact();
		try (LoopbackServer server = new LoopbackServer(null)) {
			server.put(JAR_PATH, jar);
			server.put(JAR_PATH + ".sha1", sha1("something else".getBytes(StandardCharsets.US_ASCII)).getBytes(
				StandardCharsets.US_ASCII));
			GpuSupport.Plan plan = planFor(server, tmp);
			FacemapException e = assertThrows(FacemapException.class, () -> GpuSupport.install(plan, Progress.NONE));
			assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("nothing was installed"), e
				.getMessage());
			assertEquals(List.of(), leftovers(tmp), "no file, no temporary file");
		}
	}

	@Test
	void anInterruptedDownloadLeavesNothing(@TempDir Path tmp) throws Exception {
		byte[] jar = artifact();
		try (LoopbackServer server = new LoopbackServer(null)) {
			server.put(JAR_PATH, jar);
			server.put(JAR_PATH + ".sha1", sha1(jar).getBytes(StandardCharsets.US_ASCII));
			server.breakAfter(JAR_PATH, 100_000);
			GpuSupport.Plan plan = planFor(server, tmp);
			FacemapException e = assertThrows(FacemapException.class, () -> GpuSupport.install(plan, Progress.NONE));
			assertTrue(e.getMessage().contains("download failed") && e.getMessage().contains("of 300000 bytes"), e
				.getMessage());
			assertEquals(List.of(), leftovers(tmp), "no half file");
			assertEquals(GpuSupport.Verdict.DOWNLOAD, planFor(server, tmp).verdict(), "and a retry is offered");
		}
	}

	@Test
	void aCanceledDownloadLeavesNothing(@TempDir Path tmp) throws Exception {
		byte[] jar = artifact();
		try (LoopbackServer server = new LoopbackServer(null)) {
			server.put(JAR_PATH, jar);
			server.put(JAR_PATH + ".sha1", sha1(jar).getBytes(StandardCharsets.US_ASCII));
			GpuSupport.Plan plan = planFor(server, tmp);
			Progress cancelAfterSome = new Progress() {
				long done;

				@Override
				public void update(long d, long total, String message) {
					done = d;
				}

				@Override
				public boolean isCanceled() {
					return done > 0;
				}
			};
			assertThrows(CanceledException.class, () -> GpuSupport.install(plan, cancelAfterSome));
			assertEquals(List.of(), leftovers(tmp));
		}
	}

	@Test
	void aMissingArtifactIsNamed(@TempDir Path tmp) throws Exception {
		try (LoopbackServer server = new LoopbackServer(null)) {
			GpuSupport.Plan plan = planFor(server, tmp);
			assertEquals(-1, plan.size(), "HEAD failed: size unknown, still a plan");
			FacemapException e = assertThrows(FacemapException.class, () -> GpuSupport.install(plan, Progress.NONE));
			assertTrue(e.getMessage().contains(".sha1") && e.getMessage().contains("HTTP 404"), e.getMessage());
			assertEquals(List.of(), leftovers(tmp));
		}
	}

	@Test
	void theRealMachineProbesWithoutFailing() {
		GpuProbe p = GpuProbe.probe();
		assertEquals(NativePlatform.current(), p.platform());
		GpuSupport.Plan plan = GpuSupport.decide(p, Paths.get("target/gpu-probe"), "http://127.0.0.1:1/", u -> -1);
		assertTrue(plan.message().startsWith("Found: "), plan.message());
	}
}
