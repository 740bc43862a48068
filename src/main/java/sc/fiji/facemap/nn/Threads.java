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
package sc.fiji.facemap.nn;

/**
 * libtorch's CPU threads in this JVM. A batch worker limits them before its first network call, so that N workers
 * side by side use at most the machine's (or the SLURM allocation's) cores.
 */
public final class Threads {

	private Threads() {}

	/**
	 * Asks for {@code n} intra-op threads and one inter-op thread. Takes effect when libtorch starts in this JVM (call
	 * it before the first network); an explicit {@code -Dai.djl.pytorch.num_threads} wins.
	 */
	public static void limit(int n) {
		if (n < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + n);
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
		if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
	}

	/** The intra-op threads libtorch uses now (starts libtorch if it is not running yet). */
	public static int current() {
		ai.djl.engine.Engine.getEngine("PyTorch");
		return ai.djl.pytorch.jni.JniUtils.getNumThreads();
	}
}
