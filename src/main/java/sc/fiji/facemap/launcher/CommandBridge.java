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
package sc.fiji.facemap.launcher;

import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.command.FacemapCommands;
import sc.fiji.facemap.task.CanceledException;

/**
 * The ImageJ1 {@link PlugIn} behind every Facemap menu item in standalone ImageJ (see {@link MenuInstaller}); its
 * argument is the SciJava command's class name. It asks for the inputs with a {@link CommandDialog} (filled from the
 * macro options in a macro), runs the command in the shared {@link Contexts context}, forwards SciJava status
 * events to ImageJ's status line and progress bar, cancels the command when Escape is pressed, and shows ImagePlus
 * and ResultsTable outputs. Errors are shown as one message (the {@link FacemapException} text), and abort a macro.
 */
public class CommandBridge implements PlugIn {

	@Override
	public void run(String arg) {
		String className = arg == null ? "" : arg.trim();
		Context context;
		try {
			context = Contexts.get();
		}
		catch (RuntimeException e) {
			fail("Facemap", "could not start SciJava: " + e);
			return;
		}
		CommandService commands = context.service(CommandService.class);
		CommandInfo info = commands.getCommand(className);
		if (info == null) {
			fail("Facemap", "no SciJava command " + className + " in the plugin index");
			return;
		}
		String title = FacemapCommands.label(info).replace("...", "");
		try {
			Module module = runCommand(context, info, title);
			if (module != null) showOutputs(module);
		}
		catch (CanceledException e) {
			IJ.showStatus(title + " canceled");
			IJ.showProgress(1.0);
		}
		catch (FacemapException e) {
			fail(title, e.getMessage());
		}
	}

	/**
	 * Harvests the inputs and runs the command to completion on this thread's behalf.
	 *
	 * @return the finished module, or null if the user canceled the dialog
	 */
	public static Module runCommand(Context context, CommandInfo info, String title) {
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(info);
		if (!CommandDialog.harvest(module, context, title)) return null;
		IJ.resetEscape();
		StatusForwarder forwarder = new StatusForwarder(module);
		EventService events = context.getService(EventService.class);
		java.util.List<org.scijava.event.EventSubscriber<?>> subscribers = events == null ? null : events.subscribe(
			forwarder);
		try {
			Module done = modules.run(module, true).get();
			Object delegate = done.getDelegateObject();
			if (delegate instanceof Cancelable && ((Cancelable) delegate).isCanceled()) {
				String reason = ((Cancelable) delegate).getCancelReason();
				if (reason != null && !forwarder.escaped) throw new FacemapException(title + ": " + reason);
				throw new CanceledException();
			}
			CommandDialog.persist(module, context); // only values that worked are offered next time
			return done;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CanceledException();
		}
		catch (ExecutionException e) {
			Throwable t = e.getCause();
			while (t != null) {
				if (t instanceof FacemapException) throw (FacemapException) t;
				if (t instanceof CanceledException) throw (CanceledException) t;
				t = t.getCause();
			}
			throw new FacemapException(title + " failed: " + e.getCause(), e.getCause());
		}
		finally {
			CommandDialog.discard(module);
			if (subscribers != null) events.unsubscribe(subscribers);
			IJ.showProgress(1.0);
		}
	}

	/** Shows ImagePlus outputs and ResultsTable outputs the way ImageJ1 would. */
	static void showOutputs(Module module) {
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) ((ImagePlus) value).show();
			else if (value instanceof ResultsTable) {
				ResultsTable rt = (ResultsTable) value;
				rt.show(rt.getTitle() == null ? "Results" : rt.getTitle());
			}
		}
	}

	private static void fail(String title, String message) {
		IJ.error(title, message);
		if (Macro.getOptions() != null || IJ.isMacro()) Macro.abort();
	}

	/** Forwards SciJava status events to ImageJ1 and turns an Escape press into a cancel of the running command. */
	public static final class StatusForwarder {
		private final Module module;
		volatile boolean escaped;

		StatusForwarder(Module module) {
			this.module = module;
		}

		@EventHandler
		public void onEvent(StatusEvent e) {
			int max = e.getProgressMaximum();
			if (max > 0) IJ.showProgress(e.getProgressValue(), max);
			String msg = e.getStatusMessage();
			if (msg != null && !msg.isEmpty()) IJ.showStatus(msg);
			if (IJ.escapePressed() && !escaped) {
				escaped = true;
				Object delegate = module.getDelegateObject();
				if (delegate instanceof Cancelable) ((Cancelable) delegate).cancel(null);
			}
		}
	}
}
