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

import org.scijava.Context;

import ij.IJ;

/**
 * The SciJava {@link Context} that ImageJ1 code (the standalone menu bridge) runs commands in. Inside Fiji it is the
 * application's own context (obtained the way imagej-legacy hands it to ImageJ1 plugins); in plain ImageJ one context
 * is created on first use and cached, because creating a context is slow and each would find the plugins again.
 */
public final class Contexts {

	private static Context context;

	private Contexts() {}

	/** The shared context, created on first call. */
	public static synchronized Context get() {
		if (context == null || isDisposed(context)) {
			context = null;
			if (isFiji()) {
				Object o = IJ.runPlugIn("org.scijava.Context", "");
				if (o instanceof Context) context = (Context) o;
			}
			if (context == null) context = new Context();
		}
		return context;
	}

	/** Replaces the cached context (tests, or a host application that owns one). */
	public static synchronized void set(Context c) {
		context = c;
	}

	/** Whether imagej-legacy is present, i.e. we run inside Fiji and its context is reachable from ImageJ1. */
	static boolean isFiji() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, Contexts.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	private static boolean isDisposed(Context c) {
		try {
			return c.getServiceIndex() == null || c.getServiceIndex().isEmpty();
		}
		catch (RuntimeException e) {
			return true;
		}
	}
}
