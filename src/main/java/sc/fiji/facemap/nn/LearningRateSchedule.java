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

/** Step learning-rate schedules (per epoch). */
public final class LearningRateSchedule {

	private LearningRateSchedule() {}

	/**
	 * Facemap's schedule: {@code lr} for the first epochs, {@code lr/10} for epochs [n-6, n-3) and {@code lr/25} for
	 * the last 3 (fewer epochs: the later phases win).
	 */
	public static double facemap(double lr, int epoch, int epochs) {
		if (epoch < 0 || epoch >= epochs) throw new IndexOutOfBoundsException("epoch " + epoch + " of " + epochs);
		int a = Math.max(0, epochs - 6), b = Math.max(0, epochs - 3);
		if (epoch >= b) return lr / 25;
		if (epoch >= a) return lr / 10;
		return lr;
	}
}
