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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.RoiFile;
import sc.fiji.facemap.svd.RoiSpec.Kind;

/** ROI settings files (io.RoiFile) read and written as the processing's ROIs. */
class SvdRoisTest {

	static List<RoiSpec> sample() {
		RoiSpec pupil = new RoiSpec(Kind.PUPIL, "pupil", 0, 300, 238, 112, 80, 65, 2.5, false,
			List.of(new RoiSpec.Ellipse(45, 30, 20, 18)));
		RoiSpec motion = RoiSpec.of(Kind.MOTION, 420, 250, 200, 150).withName("motion 1");
		RoiSpec blink = new RoiSpec(Kind.BLINK, "blink", 1, 10, 20, 30, 40, 90, Double.NaN, true, List.of());
		RoiSpec running = RoiSpec.of(Kind.RUNNING, 0, 0, 64, 48).withName("running");
		return List.of(pupil, motion, blink, running);
	}

	@Test
	void roundTripKeepsEveryField(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("rois.json");
		SvdRois.write(f, sample());
		assertEquals(sample(), SvdRois.read(f));
		String text = Files.readString(f);
		assertFalse(text.contains(".mp4") || text.contains("filename"), text);
		assertTrue(text.contains("\"saturation\": 65"), text);
		// defaults are left out: a motion ROI is just its rectangle
		assertFalse(text.contains("\"bright_pupil\": false"), text);
	}

	@Test
	void settingsSectionsAreKeptBesideTheRois(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("settings.json");
		JsonObject svd = new JsonObject();
		svd.addProperty("sbin", 2);
		SvdRois.write(f, sample(), Map.of("svd", svd));
		assertTrue(Files.readString(f).contains("\"sbin\": 2"));
		assertEquals(sample(), SvdRois.read(f));
		assertTrue(RoiFile.hasRois(f));
	}

	@Test
	void handWrittenFileWithTypeFromNameAndDefaults(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("hand.json");
		Files.writeString(f, "{\"svd\": {\"sbin\": 4}, \"rois\": [{\"name\": \"Motion whiskers\", \"x\": 1, \"y\": 2, \"width\": 30, \"height\": 20},"
			+ " {\"type\": \"Pupil\", \"x\": 5, \"y\": 6, \"width\": 10, \"height\": 8}]}");
		List<RoiSpec> r = SvdRois.read(f);
		assertEquals(2, r.size());
		assertEquals(Kind.MOTION, r.get(0).kind());
		assertEquals("Motion whiskers", r.get(0).name());
		assertEquals(Kind.PUPIL, r.get(1).kind());
		assertEquals("pupil", r.get(1).name());
		assertEquals(255, r.get(1).saturation());
		assertTrue(Double.isNaN(r.get(1).pupilSigma()));
		assertEquals(0, r.get(1).view());
	}

	@Test
	void noRoisIsAnEmptyList(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("s.json");
		Files.writeString(f, "{\"svd\": {\"sbin\": 4}}");
		assertEquals(List.of(), SvdRois.read(f));
		assertFalse(RoiFile.hasRois(f));
	}

	@Test
	void badFilesNameTheFileAndTheRoi(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("bad.json");
		Files.writeString(f, "{\"rois\": [{\"type\": \"pupil\", \"x\": 1, \"y\": 2, \"width\": 30}]}");
		FacemapException e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("ROI 1") && e.getMessage().contains("height"), e.getMessage());

		Files.writeString(f, "{\"rois\": [{\"type\": \"nose\", \"x\": 1, \"y\": 2, \"width\": 30, \"height\": 4}]}");
		e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().contains("pupil, motion, blink or running") && e.getMessage().contains("nose"), e.getMessage());

		Files.writeString(f, "{\"rois\": [{\"type\": \"motion\", \"x\": 1.5, \"y\": 2, \"width\": 30, \"height\": 4}]}");
		e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().contains("\"x\" must be a whole number"), e.getMessage());

		Files.writeString(f, "{\"rois\": [{\"type\": \"motion\", \"file\": \"a.mp4\", \"x\": 1, \"y\": 2, \"width\": 30, \"height\": 4}]}");
		e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().contains("unknown key 'file'"), e.getMessage());

		Files.writeString(f, "{\"rois\": [{\"type\": \"pupil\", \"x\": 1, \"y\": 2, \"width\": 30, \"height\": 4, \"saturation\": 300}]}");
		e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().contains("saturation"), e.getMessage());

		Files.writeString(f, "{\"rois\": [");
		e = assertThrows(FacemapException.class, () -> SvdRois.read(f));
		assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
	}

	@Test
	void textFormOfTheCommandLine() {
		RoiSpec r = SvdRois.parse("pupil:300,238,112,80,saturation=65,sigma=2.5,bright,view=1");
		assertEquals(new RoiSpec(Kind.PUPIL, "pupil", 1, 300, 238, 112, 80, 65, 2.5, true, List.of()), r);
		assertEquals(r, SvdRois.parse(SvdRois.toText(r)));
		RoiSpec m = SvdRois.parse("MOTION:1,2,30,40");
		assertEquals(RoiSpec.of(Kind.MOTION, 1, 2, 30, 40).withName("motion"), m);
		assertEquals("motion:1,2,30,40", SvdRois.toText(m));
		assertEquals(Kind.RUNNING, SvdRois.parse("run:0,0,10,10").kind());
		for (String bad : new String[] { "pupil", "pupil:1,2,3", "eye:1,2,30,40", "pupil:1,2,a,4", "pupil:1,2,30,40,colour=red",
			"pupil:1,2,30,40,saturation=x", "pupil:1,2,1,40" }) {
			FacemapException e = assertThrows(FacemapException.class, () -> SvdRois.parse(bad), bad);
			assertFalse(e.getMessage().isEmpty());
		}
	}
}
