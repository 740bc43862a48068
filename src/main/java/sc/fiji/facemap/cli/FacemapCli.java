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

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.Version;
import sc.fiji.facemap.task.CanceledException;

/**
 * The {@code facemap} command line: one picocli subcommand class per task, all calling the same core code as the
 * Fiji commands. Errors a user can act on ({@link FacemapException}) print their message, without a stack trace,
 * and exit with status 1; set {@code -Dfacemap.debug=true} to see stack traces.
 */
@Command(name = "facemap", mixinStandardHelpOptions = true, versionProvider = FacemapCli.VersionProvider.class,
	description = "Facemap for Fiji: orofacial keypoint tracking for mouse face videos.",
	subcommands = {
		InfoCommand.class,
		GuiCommand.class,
		TrackCommand.class,
		KeypointsCommand.class,
		TrainCommand.class,
		EvaluateCommand.class,
		SelectFramesCommand.class,
		SvdCommand.class,
		NeuralCommand.class,
		InstallFijiCommand.class,
		InstallGpuCommand.class,
		BatchCommand.class,
		CommandLine.HelpCommand.class,
	})
public class FacemapCli implements Runnable {

	/** Exit status for an error the user can act on (bad file, bad option value). */
	public static final int EXIT_ERROR = 1;
	/** Exit status for an unexpected internal error (a bug). */
	public static final int EXIT_BUG = 3;
	/** Exit status when the user canceled. */
	public static final int EXIT_CANCELED = 130;

	/** Set by subcommands that leave a window open (facemap gui): main then does not exit. */
	static volatile boolean keepRunning;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	public static void main(String... args) {
		quietLibraries();
		Thread mainThread = Thread.currentThread();
		java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
		// Ctrl-C / SIGTERM: ask the running job to stop at its next check (it saves a checkpoint), and wait for it
		Thread hook = new Thread(() -> {
			if (finished.get() || keepRunning) return;
			ConsoleProgress.INTERRUPTED.set(true);
			try {
				mainThread.join(60_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "facemap-interrupt");
		Runtime.getRuntime().addShutdownHook(hook);
		int rc = execute(args);
		finished.set(true);
		if (ConsoleProgress.INTERRUPTED.get()) return; // the JVM is already shutting down (exit status of the signal)
		if (!keepRunning || rc != 0) System.exit(rc);
	}

	/** Runs the command line and returns the exit status (for tests; never calls System.exit). */
	public static int execute(String... args) {
		return commandLine().execute(args);
	}

	/** The configured picocli command line (error handling, case-insensitive enums). */
	public static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new FacemapCli());
		installSettings(cl);
		cl.setCaseInsensitiveEnumValuesAllowed(true);
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			PrintWriter err = commandLine.getErr();
			boolean debug = Boolean.getBoolean("facemap.debug");
			Throwable t = e;
			while (t != null && !(t instanceof FacemapException) && !(t instanceof CanceledException)) t = t
				.getCause();
			if (t instanceof CanceledException) {
				err.println("facemap: " + (ConsoleProgress.INTERRUPTED.get() ? "interrupted" : "canceled")
					+ (t.getMessage() != null && !t.getMessage().equals(new CanceledException().getMessage()) ? ": " + t.getMessage() : ""));
				err.flush();
				return EXIT_CANCELED;
			}
			if (t instanceof FacemapException) {
				err.println("facemap: " + t.getMessage());
				if (debug) e.printStackTrace(err);
				err.flush();
				return EXIT_ERROR;
			}
			err.println("facemap: internal error: " + e);
			if (debug) e.printStackTrace(err);
			else err.println("(run with -Dfacemap.debug=true, e.g. JAVA_OPTS=-Dfacemap.debug=true, for details)");
			err.flush();
			return EXIT_BUG;
		});
		return cl;
	}

	/**
	 * A user's terminal shows our messages only: SLF4J's own notices (no logging provider on the command line, so
	 * libraries' log calls go nowhere) are silenced unless {@code -Dfacemap.debug=true}.
	 */
	static void quietLibraries() {
		if (Boolean.getBoolean("facemap.debug")) return;
		if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
	}

	/** Gives every subcommand that runs a job the options of its job's settings (see {@link CliSettings}). */
	private static void installSettings(CommandLine cl) {
		for (CommandLine sub : cl.getSubcommands().values()) {
			Object o = sub.getCommandSpec().userObject();
			if (o instanceof CliSettings.Settable) CliSettings.install(sub.getCommandSpec(), ((CliSettings.Settable) o).settingsTypes());
			installSettings(sub);
		}
	}

	/** Prints the version from the build-filtered resource. */
	public static class VersionProvider implements IVersionProvider {
		@Override
		public String[] getVersion() {
			return new String[] { "Facemap for Fiji " + Version.get(), "Java " + System.getProperty("java.version") +
				" (" + System.getProperty("java.vendor") + ")" };
		}
	}
}
