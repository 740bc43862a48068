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
package sc.fiji.facemap.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every edit is saved at once, and a session resumes where it stopped. */
class LabelSessionTest {

	@TempDir
	Path tmp;

	Path skeleton() {
		LabelSet s = new LabelSet(new KeypointSet(List.of("snout", "leftear")), List.of("frame"));
		for (int i = 0; i < 4; i++) {
			String name = "img" + i + ".png";
			GrayImage.ofBytes(8, 6, new byte[48]).writePng(tmp.resolve(name));
			s.addImage(name, Integer.toString(i));
		}
		Path f = tmp.resolve("labels.csv");
		s.write(f, LabelSet.Format.SIMPLE_CSV);
		return f;
	}

	@Test
	void editsAreSavedAndSessionResumes() {
		Path f = skeleton();
		LabelSession s = LabelSession.open(f, tmp);
		assertEquals(0, s.current());
		s.go(0);
		s.set(0, 3.5f, 2.25f);
		assertEquals(3.5f, LabelSet.read(f).x(0, 0), "saved at once");
		s.next();
		s.set(1, 1f, 1f);
		s.markMissing(1);
		assertTrue(LabelSet.read(f).isMissing(1, 1));
		s.next();
		assertFalse(Files.exists(tmp.resolve(".labels.csv.part")));

		LabelSession again = LabelSession.open(f, tmp);
		assertEquals(2, again.current(), "resumes at the frame it stopped on");
		assertTrue(again.isVisited(1));
		assertFalse(again.isVisited(3));
		assertEquals(2.25f, again.labels().y(0, 0));
		assertEquals(List.of("frame"), LabelSet.read(f).metaNames(), "format and metadata kept");
	}

	@Test
	void withoutSessionFileResumesAtFirstUnvisitedFrame() throws Exception {
		Path f = skeleton();
		LabelSession s = LabelSession.open(f, tmp);
		s.go(0);
		s.go(1);
		Files.delete(tmp.resolve("labels.csv.session.json"));
		assertEquals(0, LabelSession.open(f, tmp).current());
		Files.writeString(tmp.resolve("labels.csv.session.json"), "{not json");
		assertEquals(0, LabelSession.open(f, tmp).current(), "a damaged session file loses only the position");
	}
}
