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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;

/** The UI-free annotation model: selection, drag, delete, re-add, autosave, resume, suggestions, colours. */
class AnnotationSessionTest {

	@TempDir
	Path dir;

	private static final KeypointSet ABC = new KeypointSet(List.of("a", "b", "c"));

	/** Writes n random gray PNGs img1.png.. imgN.png (w x h) into folder. */
	static void images(Path folder, int n, int w, int h) throws Exception {
		Files.createDirectories(folder);
		Random r = new Random(7);
		for (int i = 1; i <= n; i++) {
			byte[] px = new byte[w * h];
			r.nextBytes(px);
			GrayImage.ofBytes(w, h, px).writePng(folder.resolve("img" + i + ".png"));
		}
	}

	@Test
	void newSessionListsImagesInNaturalOrderAndCreatesTheLabelFile() throws Exception {
		images(dir, 11, 20, 10);
		Path csv = dir.resolve("out/my labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, ABC);
		assertEquals(11, s.frameCount());
		assertEquals("img2.png", s.imageFile(1).getFileName().toString());
		assertEquals("img10.png", s.imageFile(9).getFileName().toString());
		assertTrue(Files.isRegularFile(csv), "the label file is created at once");
		LabelSet back = LabelSet.read(csv);
		assertEquals(ABC.names(), back.keypointSet().names());
		assertEquals(11, back.size());
		assertEquals(0, s.frame());
		assertEquals(0, s.framesLabelled());
		// with no label file named, labels.csv in the folder
		assertEquals(dir.resolve("labels.csv"), AnnotationSession.open(dir, null, ABC).labelFile());
	}

	@Test
	void placeMoveDeleteReAddAreSavedAfterEachEdit() throws Exception {
		images(dir, 3, 20, 10);
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, ABC);
		long saves = s.saveCount();

		s.select(1);
		assertFalse(s.moveSelected(3, 4), "a missing point is not dragged");
		s.place(5, 6);
		assertEquals(saves + 1, s.saveCount());
		LabelSet f = LabelSet.read(csv);
		assertEquals(5f, f.x(0, 1));
		assertEquals(6f, f.y(0, 1));
		assertTrue(f.isMissing(0, 0));

		s.select(0);
		s.place(15.5, 2.25);
		// pick the nearest point within the radius: (5,6) is b
		assertEquals(1, s.pick(6, 7, 3));
		assertEquals("b", s.selectedName());
		assertEquals(-1, s.pick(100, 100, 3), "nothing near: no pick");
		assertEquals(1, s.selected(), "a missed pick keeps the selection");
		assertEquals(0, s.pick(14, 3, 3));

		// drag = successive moves; each one saved
		s.pick(5, 6, 1);
		long before = s.saveCount();
		s.moveSelected(7, 8);
		s.moveSelected(9.5, 8.5);
		assertEquals(before + 2, s.saveCount());
		f = LabelSet.read(csv);
		assertEquals(9.5f, f.x(0, 1));
		assertEquals(8.5f, f.y(0, 1));
		assertEquals(15.5f, f.x(0, 0));

		// delete -> NaN in the file
		s.deleteSelected();
		f = LabelSet.read(csv);
		assertTrue(f.isMissing(0, 1));
		assertTrue(Float.isNaN(s.x(0, 1)));
		assertFalse(s.isShown(1));
		assertEquals(-1, s.pick(9.5, 8.5, 2), "a deleted point cannot be picked");
		assertFalse(s.moveSelected(1, 1));

		// right-click re-adds the selected keypoint at the cursor
		s.place(2, 3);
		f = LabelSet.read(csv);
		assertEquals(2f, f.x(0, 1));
		assertEquals(3f, f.y(0, 1));
		assertThrows(IllegalArgumentException.class, () -> s.place(Double.NaN, 1));

		// out of view: a label (-1, -1) in the file, not drawn, not pickable, and training reads it as out of view
		s.markSelectedOutOfView();
		f = LabelSet.read(csv);
		assertFalse(f.isMissing(0, 1));
		assertEquals(AnnotationSession.OUT_OF_VIEW, f.x(0, 1));
		assertTrue(s.isOutOfView(0, 1) && s.isLabelled(0, 1));
		assertFalse(s.isShown(1));
		assertEquals(-1, s.pick(2, 3, 2));
		assertTrue(s.statusLine().contains("out of view"), s.statusLine());
		TrainingSet t = TrainingSet.load(f, new int[] { 0 }, dir, csv, false, sc.fiji.facemap.task.Progress.NONE);
		assertTrue(TrainingTargets.isOutside(t.item(0).x[1], t.item(0).y[1]));
		assertTrue(Float.isNaN(t.frameX(0)[1]), "no error term in evaluation");
		s.place(4, 5);
		assertFalse(s.isOutOfView(0, 1));
		assertTrue(s.isShown(1));
	}

	@Test
	void navigationSavesAndReopeningResumes() throws Exception {
		images(dir, 4, 20, 10);
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, ABC);
		for (int k = 0; k < 3; k++) {
			s.select(k);
			s.place(k + 1, k + 2);
		}
		long saves = s.saveCount();
		assertEquals(1, s.next());
		assertEquals(saves + 1, s.saveCount());
		s.select(2);
		s.place(4, 4); // frame 2 (index 1) partly labelled
		assertEquals(2, s.next());
		assertEquals(1, s.previous());
		assertEquals(0, s.previous());
		assertEquals(0, s.previous(), "stays on the first");
		s.setFrame(3);
		assertEquals(3, s.next(), "stays on the last");
		assertThrows(IllegalArgumentException.class, () -> s.setFrame(4));

		// the session file keeps the position and the frames visited
		AnnotationSession back = AnnotationSession.open(dir, csv, null);
		assertEquals(3, back.frame(), "resumes where it stopped");
		assertTrue(back.isVisited(2));
		s.setFrame(1);
		AnnotationSession back1 = AnnotationSession.open(dir, csv, null);
		assertEquals(1, back1.frame());
		Files.writeString(s.sessionFile(), "{not json");
		assertEquals(2, AnnotationSession.open(dir, csv, null).frame(), "a damaged session file loses only the position");

		// without a session file: the first frame without labels
		Files.delete(s.sessionFile());
		AnnotationSession again = AnnotationSession.open(dir, csv, null);
		assertEquals(List.of("a", "b", "c"), again.labels().keypointSet().names(), "keypoints from the file");
		assertEquals(2, again.frame(), "resumes at the first frame without labels");
		assertEquals(3f, again.x(0, 2));
		assertEquals(4f, again.y(1, 2));
		assertEquals(2, again.framesLabelled());

		// label frames 3 and 4 fully: resume at the first frame with a missing point (frame 2)
		for (int i = 2; i < 4; i++) {
			again.setFrame(i);
			for (int k = 0; k < 3; k++) {
				again.select(k);
				again.place(1, 1);
			}
		}
		Files.delete(again.sessionFile());
		assertEquals(1, AnnotationSession.open(dir, csv, null).frame());
		for (int k = 0; k < 2; k++) {
			again.setFrame(1);
			again.select(k);
			again.place(2, 2);
		}
		Files.delete(again.sessionFile());
		assertEquals(0, AnnotationSession.open(dir, csv, null).frame(), "all complete: the first frame");
	}

	@Test
	void startsFromTheSelectFramesSkeletonAndAppendsNewImages() throws Exception {
		images(dir, 3, 20, 10);
		LabelSet skel = new LabelSet(ABC, List.of("video", "frame", "reason"));
		skel.addImage("img2.png", "v.mp4", "2", "random");
		skel.addImage("img1.png", "v.mp4", "1", "hard");
		skel.write(dir.resolve("labels.csv"), LabelSet.Format.SIMPLE_CSV);
		Path csv = dir.resolve("mine.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, null);
		assertEquals(3, s.frameCount());
		assertEquals("img2.png", s.imageFile(0).getFileName().toString(), "skeleton order first");
		assertEquals("img3.png", s.imageFile(2).getFileName().toString(), "unlisted images appended");
		s.place(1, 1);
		LabelSet back = LabelSet.read(csv);
		assertEquals("hard", back.meta(1, "reason"), "metadata kept");
		assertEquals("img3.png", back.imagePath(2));
		// opening the label CSV itself as 'images'
		AnnotationSession viaCsv = AnnotationSession.open(csv, null, null);
		assertEquals(csv, viaCsv.labelFile());
		assertEquals(1f, viaCsv.x(0, 0));
	}

	@Test
	void theLabelFileKeepsItsFormat() throws Exception {
		images(dir, 2, 8, 6);
		LabelSet simple = new LabelSet(ABC);
		simple.addImage("img1.png");
		simple.addImage("img2.png");
		Path csv = dir.resolve("simple.csv");
		simple.write(csv, LabelSet.Format.SIMPLE_CSV);
		AnnotationSession s = AnnotationSession.open(dir, csv, null);
		s.place(1.5, 2.5);
		assertTrue(Files.readAllLines(csv).get(0).startsWith("image,"), "simple CSV without metadata stays simple");
		Path dlc = dir.resolve("dlc.csv");
		simple.write(dlc, LabelSet.Format.DLC_CSV);
		AnnotationSession d = AnnotationSession.open(dlc, null, null);
		d.place(3, 4);
		assertTrue(Files.readAllLines(dlc).get(0).startsWith("scorer"));
		assertEquals(3f, LabelSet.read(dlc).x(0, 0));
		assertFalse(Files.exists(dir.resolve(".dlc.csv.part")) || Files.exists(dir.resolve("dlc.csv.part")));
	}

	@Test
	void facemapRefinedDataKeepsItsImagesInTheFile() throws Exception {
		LabelSet l = new LabelSet(ABC);
		List<GrayImage> imgs = new java.util.ArrayList<>();
		for (int i = 0; i < 2; i++) {
			float[] px = new float[12 * 10];
			for (int j = 0; j < px.length; j++) px[j] = (j % 7) / 7f;
			imgs.add(new GrayImage(12, 10, px));
			l.addImage("frame" + i);
		}
		l.set(1, 2, 4, 5);
		l.setImages(imgs);
		Path npy = dir.resolve("m_Facemap_refined_data.npy");
		l.write(npy);
		AnnotationSession s = AnnotationSession.open(npy, null, null);
		assertEquals(2, s.frameCount());
		assertEquals(0, s.frame(), "frame 1 has no label");
		assertEquals(12, s.inMemoryImage(1).width());
		s.place(2.5, 3.5);
		LabelSet back = LabelSet.read(npy);
		assertEquals(2.5f, back.x(0, 0));
		assertEquals(3.5f, back.y(0, 0));
		assertEquals(4f, back.x(1, 2));
		assertEquals(2, back.images().size(), "images still in the file");
		assertEquals(imgs.get(1).get(3, 2), back.images().get(1).get(3, 2), 1e-6);
	}

	@Test
	void badInputsName() throws Exception {
		Files.createDirectories(dir.resolve("empty"));
		FacemapException e = assertThrows(FacemapException.class, () -> AnnotationSession.open(dir.resolve("empty"),
			null, null));
		assertTrue(e.getMessage().contains("no images"), e.getMessage());
		e = assertThrows(FacemapException.class, () -> AnnotationSession.open(dir.resolve("nope"), null, null));
		assertTrue(e.getMessage().contains("nope"), e.getMessage());
		images(dir, 1, 8, 8);
		LabelSet l = new LabelSet(ABC);
		l.addImage("gone.png");
		l.write(dir.resolve("labels.csv"));
		e = assertThrows(FacemapException.class, () -> AnnotationSession.open(dir, null, null));
		assertTrue(e.getMessage().contains("gone.png"), e.getMessage());
		assertThrows(FacemapException.class, () -> AnnotationSession.parseKeypoints("a, b, a"));
		assertEquals(List.of("x y", "z"), AnnotationSession.parseKeypoints(" x y ,z,").names());
	}

	@Test
	void keypointColoursAreDistinct() {
		// the session's colours are the one palette's, by name (KeypointPaletteTest checks the palette itself)
		Set<Integer> c = new HashSet<>();
		for (String name : KeypointSet.FACEMAP) c.add(sc.fiji.facemap.keypoints.KeypointPalette.rgb(name));
		assertEquals(15, c.size());
		assertEquals(0xE6194B, sc.fiji.facemap.keypoints.KeypointPalette.rgb("eye(back)"));
		for (int v : c) assertTrue(v >= 0 && v <= 0xffffff);
	}

	@Test
	void modelPredictionsAreSuggestionsUntilTheFrameIsEditedOrConfirmed() throws Exception {
		images(dir, 3, 24, 16);
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, new KeypointSet(List.of("a", "eye top", "c")));
		PoseModel model;
		try (NDManager m = NDManager.newBaseManager(); FMnet net = FMnet.random(m, new int[] { 2, 4, 4, 4, 4 }, 15, 3)) {
			model = PoseModel.of("tiny", sc.fiji.facemap.testutil.TestModels.seeingEverywhere(net.toStateDict()), null, "test", "random", null);
		}
		assertEquals(3, s.suggestFrom(model, Progress.NONE));
		// 'eye top' maps to Facemap's eye(top); 'a' and 'c' have no model keypoint
		assertTrue(s.isSuggested(0, 1));
		assertFalse(s.isSuggested(0, 0));
		float sx = s.x(0, 1), sy = s.y(0, 1);
		assertTrue(sx >= -1 && sx <= 25 && sy >= -5 && sy <= 21, sx + "," + sy);
		assertTrue(LabelSet.read(csv).isMissing(0, 1), "suggestions are not labels yet");
		// next confirms the frame: the suggestion becomes a label
		s.next();
		LabelSet f = LabelSet.read(csv);
		assertEquals(sx, f.x(0, 1));
		assertEquals(sy, f.y(0, 1));
		assertTrue(f.isMissing(0, 0));
		// editing another point of a suggested frame keeps the other suggestions as labels
		float s2 = s.y(1, 1);
		s.select(0);
		s.place(3, 3);
		f = LabelSet.read(csv);
		assertEquals(s2, f.y(1, 1));
		assertEquals(3f, f.x(1, 0));
		// previous does not confirm frame 3, and deleting a suggested point leaves it missing
		s.setFrame(2);
		s.previous();
		assertTrue(LabelSet.read(csv).isMissing(2, 1));
		s.setFrame(2);
		s.select(1);
		assertNotEquals(-1, s.pick(s.x(2, 1), s.y(2, 1), 0.5));
		s.deleteSelected();
		assertTrue(LabelSet.read(csv).isMissing(2, 1));
		assertTrue(Float.isNaN(s.x(2, 1)), "no longer shown once the frame has labels");
	}

	/** The label file's bytes and the session's shown points, to compare states exactly. */
	private static String state(AnnotationSession s) throws Exception {
		StringBuilder b = new StringBuilder(Files.readString(s.labelFile()));
		for (int i = 0; i < s.frameCount(); i++)
			for (int k = 0; k < s.keypointCount(); k++)
				b.append(i).append(',').append(k).append('=').append(Float.floatToRawIntBits(s.x(i, k))).append('/')
					.append(Float.floatToRawIntBits(s.y(i, k))).append(s.isSuggested(i, k) ? "s" : "").append(';');
		return b.toString();
	}

	@Test
	void listenersHearEachEditFrameChangeAndSelectionOnce() throws Exception {
		images(dir, 3, 20, 10);
		AnnotationSession s = AnnotationSession.open(dir, dir.resolve("labels.csv"), ABC);
		List<AnnotationSession.Event> events = new java.util.ArrayList<>();
		long[] savesSeen = new long[1];
		AnnotationSession.Listener l = e -> {
			events.add(e);
			savesSeen[0] = s.saveCount();
		};
		s.addListener(l);
		s.addListener(l); // once only
		s.select(1);
		s.select(1); // no change, no event
		s.place(5, 6);
		assertEquals(s.saveCount(), savesSeen[0], "listeners are told after the edit is saved");
		s.moveSelected(7, 8);
		s.markSelectedOutOfView();
		s.deleteSelected();
		s.deleteSelected(); // already missing: nothing changes
		s.next();
		s.previous();
		s.previous(); // already on the first
		s.setFrame(2);
		s.setFrame(2);
		s.selectNext(1);
		assertEquals(List.of(new AnnotationSession.Event(AnnotationSession.Change.SELECTION_CHANGED, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.PLACED, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.MOVED, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.OUT_OF_VIEW, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.DELETED, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.FRAME_CHANGED, 1, 1),
			new AnnotationSession.Event(AnnotationSession.Change.FRAME_CHANGED, 0, 1),
			new AnnotationSession.Event(AnnotationSession.Change.FRAME_CHANGED, 2, 1),
			new AnnotationSession.Event(AnnotationSession.Change.SELECTION_CHANGED, 2, 2)), events);
		s.removeListener(l);
		s.place(1, 1);
		assertEquals(9, events.size(), "a removed listener hears nothing");
	}

	@Test
	void undoRestoresTheExactPreviousStateAndSavesAndRedoDoesItAgain() throws Exception {
		images(dir, 3, 20, 10);
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, ABC);
		assertFalse(s.canUndo());
		assertFalse(s.undo(), "nothing to undo");
		List<String> states = new java.util.ArrayList<>();
		states.add(state(s));
		s.select(0);
		s.place(5, 6);
		states.add(state(s));
		s.moveSelected(7.25, 8.5);
		states.add(state(s));
		s.select(2);
		s.place(1, 2);
		states.add(state(s));
		s.markSelectedOutOfView();
		states.add(state(s));
		s.select(0);
		s.deleteSelected();
		states.add(state(s));
		s.next();
		s.select(1);
		s.place(3, 3); // an edit on frame 1
		states.add(state(s));
		s.next(); // navigation only
		List<AnnotationSession.Event> events = new java.util.ArrayList<>();
		s.addListener(events::add);
		// undo walks back through every edit, each time exactly the previous state, on disk too
		for (int i = states.size() - 2; i >= 0; i--) {
			long saves = s.saveCount();
			assertTrue(s.undo());
			assertEquals(states.get(i), state(s), "after undoing to state " + i);
			assertEquals(saves + 1, s.saveCount(), "undo saves like any edit");
		}
		assertFalse(s.canUndo());
		assertEquals(0, s.frame(), "undo shows the frame of the edit");
		assertEquals(new AnnotationSession.Event(AnnotationSession.Change.UNDONE, 1, 1), events.get(0));
		assertEquals(new AnnotationSession.Event(AnnotationSession.Change.UNDONE, 0, 0), events.get(events.size() - 1));
		// redo walks forward again
		for (int i = 1; i < states.size(); i++) {
			assertTrue(s.redo());
			assertEquals(states.get(i), state(s), "after redoing to state " + i);
		}
		assertFalse(s.redo());
		assertEquals(1, s.frame());
		assertEquals(3f, LabelSet.read(csv).x(1, 1));
		// a new edit after an undo drops the redo history
		s.undo();
		s.select(2);
		s.place(9, 9);
		assertFalse(s.canRedo());
		s.undo();
		assertTrue(LabelSet.read(csv).isMissing(1, 1) && LabelSet.read(csv).isMissing(1, 2));
		// a reopened session reads what undo saved
		assertEquals(states.get(5), state(s));
		assertEquals(states.get(5), state(AnnotationSession.open(dir, csv, ABC)));
	}

	@Test
	void aDragIsOneUndoStep() throws Exception {
		images(dir, 2, 20, 10);
		AnnotationSession s = AnnotationSession.open(dir, dir.resolve("labels.csv"), ABC);
		s.place(5, 5);
		String placed = state(s);
		s.beginGesture();
		for (int i = 1; i <= 10; i++) s.moveSelected(5 + i, 5);
		s.endGesture();
		assertEquals(15f, s.x(0, 0));
		s.moveSelected(16, 6); // outside the gesture: its own step
		s.undo();
		assertEquals(15f, s.x(0, 0));
		s.undo();
		assertEquals(placed, state(s), "the whole drag is undone at once");
		s.undo();
		assertTrue(Float.isNaN(s.x(0, 0)));
	}

	@Test
	void undoOfAConfirmedFrameBringsItsSuggestionsBack() throws Exception {
		images(dir, 3, 20, 10);
		Path csv = dir.resolve("labels.csv");
		AnnotationSession s = AnnotationSession.open(dir, csv, ABC);
		float nan = Float.NaN;
		s.setSuggestions(new float[][] { { 1, 2, nan }, { 4, 5, 6 }, { nan, nan, nan } }, new float[][] { { 1, 2, nan
			}, { 4, 5, 6 }, { nan, nan, nan } });
		String before = state(s);
		assertTrue(s.isSuggested(0, 0));
		s.next(); // confirms frame 0: its suggestions become labels
		assertFalse(LabelSet.read(csv).isMissing(0, 1));
		s.select(2);
		s.place(8, 8); // frame 1: accepts its suggestions and places c
		assertEquals(4f, LabelSet.read(csv).x(1, 0));
		s.undo();
		assertTrue(s.isSuggested(1, 0) && s.isSuggested(1, 2), "frame 1 shows its suggestions again");
		assertTrue(LabelSet.read(csv).isMissing(1, 0));
		assertEquals(6f, s.x(1, 2));
		s.undo();
		assertEquals(before, state(s), "frame 0 is unconfirmed again, its suggestions shown, not labels");
		assertEquals(0, s.frame());
		s.redo();
		assertFalse(LabelSet.read(csv).isMissing(0, 1));
	}
}
