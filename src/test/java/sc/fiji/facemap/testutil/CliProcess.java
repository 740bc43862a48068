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
package sc.fiji.facemap.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code facemap ...} in a child JVM (the test class path), for signal, kill and exit-status tests. */
public final class CliProcess {

	private CliProcess() {}

	/** Starts {@code facemap args...}; standard error goes to {@code err}, standard output to {@code out}. */
	public static Process start(Path out, Path err, String... args) throws IOException {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-Xmx2g");
		cmd.add("-cp");
		cmd.add(cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
		cmd.add("sc.fiji.facemap.cli.FacemapCli");
		for (String a : args)
			cmd.add(a);
		ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.redirectOutput(out.toFile());
		pb.redirectError(err.toFile());
		return pb.start();
	}

	/** Sends a signal (e.g. "INT", "KILL") to a process. */
	public static void signal(Process p, String name) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
	}
}
