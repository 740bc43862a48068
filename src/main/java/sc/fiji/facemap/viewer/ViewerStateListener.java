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
package sc.fiji.facemap.viewer;

/** Told after a {@link ViewerState} changed; called on the thread that made the change. */
@FunctionalInterface
public interface ViewerStateListener {

	void viewerStateChanged(ViewerStateChange change);
}
