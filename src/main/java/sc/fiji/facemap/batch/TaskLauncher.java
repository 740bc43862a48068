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
package sc.fiji.facemap.batch;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of one task process, the same for local workers and SLURM nodes: {@code java [options] -cp
 * CLASSPATH sc.fiji.facemap.cli.FacemapCli batch task RUN_DIR --index I}. The class path is this JVM's
 * ({@code java.class.path}), or Fiji's {@code jars/} and {@code plugins/} when running inside Fiji (whose launcher
 * class path does not name our jar); {@code -Dfacemap.batch.classpath=...} overrides it.
 */
public final class TaskLauncher {

	/** The main class of the command line. */
	public static final String MAIN = "sc.fiji.facemap.cli.FacemapCli";

	private TaskLauncher() {}

	/** The java executable of this JVM. */
	public static String java() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The class path a task process needs, every entry absolute (a SLURM task may start in another folder). */
	public static String classpath() {
		return absolute(rawClasspath());
	}

	static String absolute(String cp) {
		List<String> out = new ArrayList<>();
		for (String e : cp.split(File.pathSeparator)) {
			if (e.isEmpty()) continue;
			boolean star = e.endsWith("/*") || e.equals("*");
			String base = star ? e.substring(0, e.length() - 1) : e;
			Path abs = Paths.get(base.isEmpty() ? "." : base).toAbsolutePath().normalize();
			out.add(star ? abs + File.separator + "*" : abs.toString());
		}
		return String.join(File.pathSeparator, out);
	}

	private static String rawClasspath() {
		String o = System.getProperty("facemap.batch.classpath");
		if (o != null && !o.isBlank()) return o;
		String cp = System.getProperty("java.class.path", "");
		Path own = ownLocation();
		if (own != null) {
			for (String e : cp.split(File.pathSeparator))
				if (!e.isEmpty() && Paths.get(e).toAbsolutePath().normalize().equals(own)) return cp;
			Path app = fijiDir(own);
			if (app != null) return String.join(File.pathSeparator, app.resolve("jars") + "/*", app.resolve("jars").resolve("linux64") + "/*",
				app.resolve("plugins") + "/*");
			return own + (cp.isEmpty() ? "" : File.pathSeparator + cp);
		}
		return cp;
	}

	private static Path ownLocation() {
		try {
			java.net.URL u = TaskLauncher.class.getProtectionDomain().getCodeSource().getLocation();
			return u == null ? null : Paths.get(u.toURI()).toAbsolutePath().normalize();
		} catch (URISyntaxException | RuntimeException e) {
			return null;
		}
	}

	/** The Fiji.app folder holding our jar ({@code Fiji.app/plugins/x.jar} or {@code Fiji.app/jars/x.jar}), or null. */
	private static Path fijiDir(Path jar) {
		for (String p : new String[] { "imagej.dir", "ij.dir", "fiji.dir" }) {
			String d = System.getProperty(p);
			if (d != null && Files.isDirectory(Paths.get(d, "jars"))) return Paths.get(d);
		}
		Path parent = jar.getParent();
		if (parent != null && parent.getParent() != null && Files.isDirectory(parent.getParent().resolve("jars"))) return parent.getParent();
		return null;
	}

	/** {@code java [javaOptions] -Dai.djl.offline=true -Djava.awt.headless=true -cp CP MAIN}. */
	public static List<String> javaCommand(ExecutorSettings s) {
		List<String> cmd = new ArrayList<>();
		cmd.add(java());
		if (s.javaOptions() != null) for (String o : s.javaOptions().trim().split("\\s+"))
			if (!o.isEmpty()) cmd.add(o);
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-cp");
		cmd.add(classpath());
		cmd.add(MAIN);
		return cmd;
	}

	/** The full command of task {@code index} with {@code threads} libtorch threads (0 = leave it to the task). */
	public static List<String> taskCommand(BatchRun run, int index, int threads, ExecutorSettings s) {
		List<String> cmd = javaCommand(s);
		cmd.add("batch");
		cmd.add("task");
		cmd.add(run.dir().toString());
		cmd.add("--index");
		cmd.add(Integer.toString(index));
		if (threads > 0) {
			cmd.add("--threads");
			cmd.add(Integer.toString(threads));
		}
		return cmd;
	}

	/** A word quoted for bash. */
	static String quote(String s) {
		if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
		return "'" + s.replace("'", "'\\''") + "'";
	}
}
