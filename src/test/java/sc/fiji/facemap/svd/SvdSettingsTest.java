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
package sc.fiji.facemap.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.SettingsSchema;

/** The settings' keys (shared by the Fiji command, the CLI and settings files), defaults and validation. */
class SvdSettingsTest {

	@Test
	void keysDefaultsAndValidation() {
		SettingsSchema<SvdSettings> schema = SettingsSchema.of(SvdSettings.class);
		List<String> keys = schema.keys().stream().map(SettingsSchema.Key::name).toList();
		assertEquals(List.of("sbin", "n_components", "motsvd", "movsvd", "full_frame", "motion_energy", "facemap_compatible",
			"svd_chunk_frames", "svd_max_chunks", "chunk_components", "mean_frames", "mean_segment_frames",
			"projection_chunk_frames", "pupil_sigma", "pupil_smooth_window", "write_h5"), keys);
		assertEquals(SvdSettings.DEFAULTS, schema.defaults());
		SvdSettings s = schema.parse(Map.of("sbin", 2, "facemap_compatible", true, "movsvd", true));
		assertEquals(2, s.sbin());
		assertTrue(s.facemapCompatible() && s.movsvd() && s.motsvd());
		assertEquals(500, s.nComponents());
		FacemapException e = assertThrows(FacemapException.class, () -> schema.parse(Map.of("sbin", 0)));
		assertTrue(e.getMessage().contains("sbin"), e.getMessage());
		for (SettingsSchema.Key k : schema.keys()) assertTrue(!k.description().isBlank(), k.name());
	}
}
