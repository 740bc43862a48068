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
package sc.fiji.facemap.task;

/**
 * The one progress and cancel interface of Facemap for Fiji. The core reports through it; the command layer
 * (StatusService / ImageJ progress bar), the CLI (a bar on stderr) and tests (silent) implement it.
 * <p>
 * Implementations must be cheap to call and thread-safe: the core may call {@link #update} from worker threads.
 */
public interface Progress {

	/** A progress that shows nothing and is never canceled. */
	Progress NONE = new Progress() {
		@Override
		public void update(long done, long total, String message) {}

		@Override
		public boolean isCanceled() {
			return false;
		}
	};

	/** A progress that shows nothing and is never canceled, and hands its log lines to {@code sink}. */
	static Progress logTo(java.util.function.Consumer<String> sink) {
		return new Progress() {
			@Override
			public void update(long done, long total, String message) {}

			@Override
			public boolean isCanceled() {
				return false;
			}

			@Override
			public void log(String line) {
				sink.accept(line);
			}
		};
	}

	/**
	 * Reports that {@code done} of {@code total} units (frames, steps, ...) of the current stage are finished.
	 *
	 * @param total the number of units, or a value &lt;= 0 when unknown
	 * @param message a short description of the stage, e.g. "Tracking keypoints"
	 */
	void update(long done, long total, String message);

	/** Whether the user asked to stop. Long loops call {@link #checkCanceled()} between units of work. */
	boolean isCanceled();

	/** A free-text log line (warnings, fallbacks). Defaults to standard error. */
	default void log(String line) {
		System.err.println(line);
	}

	/** Throws {@link CanceledException} when {@link #isCanceled()}. */
	default void checkCanceled() {
		if (isCanceled()) throw new CanceledException();
	}
}
