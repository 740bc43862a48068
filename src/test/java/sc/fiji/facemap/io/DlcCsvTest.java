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
package sc.fiji.facemap.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

class DlcCsvTest {

	@TempDir
	Path tmp;

	static Path shared(String rel) {
		return Paths.get(System.getProperty("facemap.shared", "../shared"), "data", rel);
	}

	@Test
	void keypointExportRoundTrips() throws IOException {
		Keypoints kp = PoseH5Test.random(KeypointSet.facemap(), 6, 5);
		Path f = tmp.resolve("vid_FacemapPose.csv");
		DlcCsv.writeKeypoints(f, kp, "Facemap");
		List<String> lines = Files.readAllLines(f);
		assertTrue(lines.get(0).startsWith("scorer,Facemap,Facemap,Facemap,"));
		assertTrue(lines.get(1).startsWith("bodyparts,eye(back),eye(back),eye(back),eye(bottom)"));
		assertTrue(lines.get(2).startsWith("coords,x,y,likelihood,x,y,likelihood"));
		assertTrue(lines.get(4).startsWith("1,,,,"), "NaN is an empty cell: " + lines.get(4));
		assertEquals(3 + 6, lines.size());
		Keypoints back = DlcCsv.readKeypoints(f);
		assertEquals(KeypointSet.FACEMAP, back.keypointSet().names());
		assertArrayEquals(kp.xArray(), back.xArray());
		assertArrayEquals(kp.yArray(), back.yArray());
		assertArrayEquals(kp.likelihoodArray(), back.likelihoodArray());
	}

	@Test
	void readsDeepLabCutLabelFiles() {
		DlcCsv.Table t = DlcCsv.read(shared("mirror-mouse/CollectedData.csv"));
		assertEquals("rick", t.header.scorer);
		assertEquals(17, t.header.bodyparts.size());
		assertEquals("paw1LH_top", t.header.bodyparts.get(0));
		assertFalse(t.header.hasLikelihood());
		assertEquals(90, t.index.size());
		assertEquals("labeled-data/img01.png", t.index.get(0));
		assertEquals(77.25f, t.x[0][0]);
		assertEquals(36.25f, t.y[0][0]);
		assertTrue(Float.isNaN(t.x[0][4]), "tailBase_top of img01 is missing");
		DlcCsv.Table o = DlcCsv.read(shared("openfield-dlc/labeled-data/m4s1/CollectedData_Pranav.csv"));
		assertEquals(List.of("snout", "leftear", "rightear", "tailbase"), o.header.bodyparts);
		assertEquals(116, o.index.size());
		assertEquals(250.05599999999998f, o.y[0][2]);
	}

	@Test
	void splitIndexColumnsAndMultiAnimal() throws IOException {
		Path f = tmp.resolve("CollectedData_me.csv");
		Files.writeString(f, "scorer,,,me,me,me,me\nbodyparts,,,nose,nose,ear,ear\ncoords,,,x,y,x,y\n"
			+ "labeled-data,vid1,img001.png,1.5,2.5,,\nlabeled-data,vid1,\"img,002.png\",3,4,5,6\n");
		DlcCsv.Table t = DlcCsv.read(f);
		assertEquals(3, t.header.indexColumns);
		assertEquals(List.of("labeled-data/vid1/img001.png", "labeled-data/vid1/img,002.png"), t.index);
		assertEquals(List.of("nose", "ear"), t.header.bodyparts);
		assertEquals(6f, t.y[1][1]);
		Path m = tmp.resolve("multi.csv");
		Files.writeString(m, "scorer,s,s,s,s\nindividuals,m1,m1,m2,m2\nbodyparts,nose,nose,nose,nose\ncoords,x,y,x,y\n0,1,2,3,4\n");
		DlcCsv.Table mt = DlcCsv.read(m);
		assertEquals(List.of("m1/nose", "m2/nose"), mt.header.bodyparts);
		assertEquals(3f, mt.x[0][1]);
	}

	@Test
	void badFilesGiveClearErrors() throws IOException {
		Path noHeader = tmp.resolve("a.csv");
		Files.writeString(noHeader, "image,video,x\n");
		FacemapException e = assertThrows(FacemapException.class, () -> DlcCsv.read(noHeader));
		assertTrue(e.getMessage().startsWith(noHeader.toString()) && e.getMessage().contains("'scorer', 'bodyparts', 'coords'"), e.getMessage());
		Path noY = tmp.resolve("b.csv");
		Files.writeString(noY, "scorer,s,s\nbodyparts,nose,ear\ncoords,x,x\n0,1,2\n");
		e = assertThrows(FacemapException.class, () -> DlcCsv.read(noY));
		assertTrue(e.getMessage().contains("'nose' needs both an x and a y column"), e.getMessage());
		Path badNum = tmp.resolve("c.csv");
		Files.writeString(badNum, "scorer,s,s\nbodyparts,nose,nose\ncoords,x,y\n0,1,2\n1,abc,2\n");
		e = assertThrows(FacemapException.class, () -> DlcCsv.read(badNum));
		assertTrue(e.getMessage().contains("line 5, column 2: 'abc' is not a number"), e.getMessage());
		Path badCoord = tmp.resolve("d.csv");
		Files.writeString(badCoord, "scorer,s,s\nbodyparts,nose,nose\ncoords,x,z\n");
		e = assertThrows(FacemapException.class, () -> DlcCsv.read(badCoord));
		assertTrue(e.getMessage().contains("unknown coordinate 'z'"), e.getMessage());
	}
}
