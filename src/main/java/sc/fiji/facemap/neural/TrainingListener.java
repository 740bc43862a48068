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
package sc.fiji.facemap.neural;

/**
 * Receives the network's training figures as they happen (for a live plot). Called on the training thread after
 * every epoch; implementations must return quickly.
 */
@FunctionalInterface
public interface TrainingListener {

	TrainingListener NONE = r -> {};

	void epoch(EpochRecord record);
}
