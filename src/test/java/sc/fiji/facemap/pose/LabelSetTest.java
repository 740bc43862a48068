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

import sc.fiji.facemap.keypoints.KeypointSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

/** Label files: the three formats of the shared data, round trips, and clear errors for bad files. */
class LabelSetTest {

	static final Path DATA = Path.of(System.getProperty("facemap.shared", "../shared")).resolve("data");

	@TempDir
	Path tmp;

	@Test
	void readsMirrorMouseDlcWithMissingPoints() {
		Path f = DATA.resolve("mirror-mouse/CollectedData.csv");
		LabelSet s = LabelSet.read(f);
		assertEquals(17, s.keypointCount());
		assertEquals(90, s.size());
		assertEquals("rick", s.scorer());
		assertEquals("paw1LH_top", s.keypointSet().name(0));
		assertEquals("labeled-data/img01.png", s.imagePath(0));
		assertEquals(77.25f, s.x(0, 0));
		assertEquals(36.25f, s.y(0, 0));
		int tailBase = s.keypointSet().indexOf("tailBase_top");
		assertTrue(s.isMissing(0, tailBase));
		int missing = 0;
		for (int i = 0; i < s.size(); i++)
			for (int k = 0; k < s.keypointCount(); k++)
				if (s.isMissing(i, k)) missing++;
		assertEquals(268 / 2, missing, "268 empty cells = 134 missing points");
		List<Path> imgs = s.resolveImages(null, f);
		assertTrue(imgs.get(0).endsWith("labeled-data/img01.png"));
	}

	@Test
	void readsOpenfieldDlcAndFindsOnlyCopiedImages() {
		Path f = DATA.resolve("openfield-dlc/labeled-data/m4s1/CollectedData_Pranav.csv");
		LabelSet s = LabelSet.read(f);
		assertEquals(List.of("snout", "leftear", "rightear", "tailbase"), s.keypointSet().names());
		assertEquals(116, s.size());
		assertEquals(21.521f, s.x(0, 0), 1e-4);
		assertEquals(40, s.rowsWithImages(null, f).length);
		FacemapException e = assertThrows(FacemapException.class, () -> s.resolveImages(null, f));
		assertTrue(e.getMessage().contains("CollectedData_Pranav.csv"), e.getMessage());
		// the second image row stands on line 5 (three header rows); it was called "row 2"
		assertTrue(e.getMessage().contains("line 5: image") && e.getMessage().contains("img0001.png"), e.getMessage());
	}

	@Test
	void readsMouseFaceSimpleCsvAndMapsToFacemapNames() {
		Path f = DATA.resolve("mouse-face-labeled/labels.csv");
		LabelSet s = LabelSet.read(f);
		assertEquals(12, s.keypointCount());
		assertEquals(186, s.size());
		assertEquals(List.of("video", "batch"), s.metaNames());
		assertEquals("cam1_G7c1_1", s.meta(0, "video"));
		assertEquals("1", s.meta(0, "batch"));
		assertEquals(589.023233632734f, s.x(0, 0), 1e-3);
		LabelSet fm = s.mappedTo(KeypointSet.facemap());
		int eyeTop = KeypointSet.FACEMAP.indexOf("eye(top)");
		assertEquals(s.x(0, 0), fm.x(0, eyeTop));
		assertTrue(fm.isMissing(0, KeypointSet.FACEMAP.indexOf("paw")));
		int lip = s.keypointSet().indexOf("lip");
		assertEquals(s.y(5, lip), fm.y(5, KeypointSet.FACEMAP.indexOf("lowerlip")));
		s.requireKeypoints(new KeypointSet(List.of("eye(top)", "whisker(II)")), f);
		FacemapException e = assertThrows(FacemapException.class,
			() -> s.requireKeypoints(new KeypointSet(List.of("paw")), f));
		assertTrue(e.getMessage().contains("'paw'"));
		assertEquals(186, s.resolveImages(null, f).size());
	}

	@Test
	void roundTripsBothCsvFormats() {
		LabelSet mm = LabelSet.read(DATA.resolve("mirror-mouse/CollectedData.csv"));
		Path a = tmp.resolve("dlc.csv");
		mm.write(a, LabelSet.Format.DLC_CSV);
		assertSame(mm, LabelSet.read(a));
		Path b = tmp.resolve("simple.csv");
		mm.write(b, LabelSet.Format.SIMPLE_CSV);
		assertSame(mm, LabelSet.read(b));

		LabelSet face = LabelSet.read(DATA.resolve("mouse-face-labeled/labels.csv"));
		Path c = tmp.resolve("face.csv");
		face.write(c);
		LabelSet back = LabelSet.read(c);
		assertSame(face, back);
		assertEquals("cam1_G7c1_2", back.meta(185, "video").isEmpty() ? "" : face.meta(185, "video"));
		assertEquals(face.meta(100, "batch"), back.meta(100, "batch"));
		Path d = tmp.resolve("face-dlc.csv");
		face.write(d, LabelSet.Format.DLC_CSV);
		assertSame(face, LabelSet.read(d));
		assertFalse(Files.exists(tmp.resolve(".face.csv.part")));
		sc.fiji.facemap.testutil.TempFiles.assertNoneIn(tmp);
	}

	@Test
	void roundTripsFacemapRefinedData() {
		Path f = DATA.resolve("mirror-mouse/CollectedData.csv");
		LabelSet mm = LabelSet.read(f).subset(new int[] { 0, 1, 2 });
		Path npy = tmp.resolve("refined_model_Facemap_refined_data.npy");
		FacemapRefinedData.write(mm, npy, null, f);
		LabelSet back = LabelSet.read(npy);
		assertEquals(mm.keypointSet(), back.keypointSet());
		assertEquals(3, back.size());
		assertEquals(List.of("set", "frame"), back.metaNames());
		for (int i = 0; i < 3; i++)
			for (int k = 0; k < mm.keypointCount(); k++) {
				assertEquals(mm.isMissing(i, k), back.isMissing(i, k));
				if (!mm.isMissing(i, k)) assertEquals(mm.x(i, k), back.x(i, k), 0f);
			}
		GrayImage orig = mm.loadImage(1, null, f), img = back.images().get(1);
		assertEquals(orig.width(), img.width());
		assertEquals(orig.get(100, 200), img.get(100, 200), 0f);
		// and once more through LabelSet.write (images now in memory)
		Path again = tmp.resolve("again.npy");
		back.write(again);
		assertEquals(back.x(2, 3), LabelSet.read(again).x(2, 3), 0f);
	}

	static void assertSame(LabelSet a, LabelSet b) {
		assertEquals(a.keypointSet(), b.keypointSet());
		assertEquals(a.imagePaths(), b.imagePaths());
		for (int i = 0; i < a.size(); i++)
			for (int k = 0; k < a.keypointCount(); k++) {
				assertEquals(a.isMissing(i, k), b.isMissing(i, k));
				if (!a.isMissing(i, k)) {
					assertEquals(a.x(i, k), b.x(i, k), 0f);
					assertEquals(a.y(i, k), b.y(i, k), 0f);
				}
			}
	}

	@Test
	void missingKeypointColumnIsAnError() throws IOException {
		Path f = tmp.resolve("bad.csv");
		Files.writeString(f, "image,video,eye top x,eye top y,lip x\nimg0051.png,v,1,2,3\n", StandardCharsets.UTF_8);
		FacemapException e = assertThrows(FacemapException.class, () -> LabelSet.read(f));
		assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("missing keypoint column 'lip y'"),
			e.getMessage());
		Path g = tmp.resolve("bad-dlc.csv");
		Files.writeString(g, "scorer,s,s,s\nbodyparts,nose,nose,ear\ncoords,x,y,x\nimg.png,1,2,3\n");
		e = assertThrows(FacemapException.class, () -> LabelSet.read(g));
		assertTrue(e.getMessage().contains("bad-dlc.csv") && e.getMessage().contains("'ear' y"), e.getMessage());
	}

	@Test
	void badNumberIsAnErrorNamingRowAndColumn() throws IOException {
		Path f = tmp.resolve("bad-number.csv");
		Files.writeString(f, "scorer,s,s\nbodyparts,nose,nose\ncoords,x,y\na.png,1,2\nb.png,3.5,abc\n");
		FacemapException e = assertThrows(FacemapException.class, () -> LabelSet.read(f));
		assertTrue(e.getMessage().contains("bad-number.csv"), e.getMessage());
		assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("'nose y'") &&
			e.getMessage().contains("'abc'"), e.getMessage());
	}

	@Test
	void imageMissingFromFolderIsAnError() throws IOException {
		Path dir = Files.createDirectories(tmp.resolve("imgs"));
		GrayImage.ofBytes(4, 3, new byte[12]).writePng(dir.resolve("a.png"));
		Path f = tmp.resolve("labels.csv");
		Files.writeString(f, "image,nose x,nose y\na.png,1,2\nmissing.png,,\n");
		LabelSet s = LabelSet.read(f);
		assertTrue(s.isMissing(1, 0));
		assertNotNull(s.loadImage(0, dir, f));
		FacemapException e = assertThrows(FacemapException.class, () -> s.resolveImages(dir, f));
		// one way of counting: the file's line (3), as an editor shows it; it was "row 2" here and "row 5" (a line)
		// for a bad number
		assertTrue(e.getMessage().contains("labels.csv") && e.getMessage().contains("line 3: image") &&
			e.getMessage().contains("'missing.png' not found"), e.getMessage());
	}

	@Test
	void linesAreCountedAsAnEditorCountsThem() throws IOException {
		Path f = tmp.resolve("gaps.csv");
		// a blank line and a quoted newline in an image name: the bad number is on line 6
		Files.writeString(f, "image,nose x,nose y\n\na.png,1,2\n\"b\nc.png\",3,4\nd.png,5,x\n");
		FacemapException e = assertThrows(FacemapException.class, () -> LabelSet.read(f));
		assertTrue(e.getMessage().contains("line 6, column 'nose y'"), e.getMessage());
		Files.writeString(f, "image,nose x,nose y\n\na.png,1,2\nb.png,3,4\n");
		LabelSet s = LabelSet.read(f);
		assertEquals("line 3", s.where(0));
		assertEquals("line 4", s.where(1));
		assertEquals("line 4", s.subset(new int[] { 1 }).where(0));
	}

	@Test
	void rowsWithTooFewFieldsAreRefusedWithTheirLine() throws IOException {
		Path f = tmp.resolve("short.csv");
		Files.writeString(f, "image,nose x,nose y,ear x,ear y\na.png,1,2,3,4\nb.png,5,6\n");
		FacemapException e = assertThrows(FacemapException.class, () -> LabelSet.read(f));
		assertTrue(e.getMessage().contains("short.csv") && e.getMessage().contains("line 3 has 3 fields, the header has 5"), e.getMessage());
		Path g = tmp.resolve("short-dlc.csv");
		Files.writeString(g, "scorer,s,s,s,s\nbodyparts,nose,nose,ear,ear\ncoords,x,y,x,y\na.png,1,2,3,4\nb.png,1,2\n");
		e = assertThrows(FacemapException.class, () -> LabelSet.read(g));
		assertTrue(e.getMessage().contains("short-dlc.csv") && e.getMessage().contains("line 5 has 3 fields, the header has 5"), e.getMessage());
	}

	@Test
	void labelsFarOutsideTheImageAreMissingAndSaidWithTheirLine() throws IOException {
		Path dir = Files.createDirectories(tmp.resolve("far"));
		GrayImage.ofBytes(40, 30, new byte[40 * 30]).writePng(dir.resolve("a.png"));
		Path f = dir.resolve("labels.csv");
		Files.writeString(f, "image,nose x,nose y,ear x,ear y,eye x,eye y\na.png,10,12,-1,-1,99999,5\na.png,1e30,3,-5000,2,20,20\n");
		LabelSet s = LabelSet.read(f);
		List<String> log = new java.util.ArrayList<>();
		TrainingSet t = TrainingSet.load(s, new int[] { 0, 1 }, dir, f, true, sc.fiji.facemap.task.Progress.logTo(log::add));
		String warn = String.join("\n", log);
		assertTrue(warn.contains("labels.csv: 3 labels lie more than one image size outside the image"), warn);
		assertTrue(warn.contains("line 2 eye (99999.0, 5.0)") && warn.contains("line 3 nose (1.0E30, 3.0)")
			&& warn.contains("line 3 ear (-5000.0, 2.0)"), warn);
		assertFalse(warn.contains("line 2 ear"), "-1, -1 is the out-of-view convention, not an error: " + warn);
		// kept labels stay; far ones are missing (not out of view, not an error term)
		assertEquals(10f, t.frameX(0)[0], 0f);
		assertTrue(Float.isNaN(t.frameX(0)[2]) && Float.isNaN(t.frameX(1)[0]) && Float.isNaN(t.frameX(1)[1]));
	}

	@Test
	void labelColumnsMatchingNoKeypointAreNamed() {
		LabelSet s = new LabelSet(new sc.fiji.facemap.keypoints.KeypointSet(List.of("nose(bottom)", "tail", "eye(front)")));
		assertEquals(List.of("tail"), s.unmatched(sc.fiji.facemap.keypoints.KeypointSet.facemap()));
	}

	@Test
	void pngRoundTripAndRealPng() {
		byte[] px = new byte[7 * 5];
		for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 37);
		Path p = tmp.resolve("t.png");
		GrayImage.ofBytes(7, 5, px).writePng(p);
		GrayImage back = GrayImage.readPng(p);
		assertEquals(7, back.width());
		assertEquals(5, back.height());
		for (int i = 0; i < px.length; i++) assertEquals(px[i] & 0xff, back.pixels()[i], 0f);
		GrayImage face = GrayImage.readPng(DATA.resolve("mouse-face-labeled/img0051.png"));
		assertEquals(864, face.width());
		assertEquals(646, face.height());
		GrayImage mm = GrayImage.readPng(DATA.resolve("mirror-mouse/labeled-data/img01.png"));
		assertEquals(396, mm.width());
		assertEquals(406, mm.height());
	}
}
