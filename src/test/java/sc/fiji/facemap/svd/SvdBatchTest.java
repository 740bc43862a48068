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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;

import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.svd.RoiSpec.Kind;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/** The batch's bookkeeping (skip what is done, go on after a failure) with a stand-in processor. */
class SvdBatchTest {

	private static final Path CLIP = Paths.get("src/test/resources/video/formats/clip_mjpeg.avi");

	/** Writes stand-in outputs and counts its calls; fails for videos named in {@code failing}. */
	static final class FakeProcessor implements SvdBatch.Processor {
		final List<Path> calls = new ArrayList<>();
		final List<String> failing = new ArrayList<>();
		boolean cancel;

		@Override
		public ProcessingResult process(Recording r, List<RoiSpec> rois, SvdSettings s, Progress p) {
			calls.add(r.primaryVideo());
			if (cancel) throw new CanceledException();
			if (failing.contains(r.primaryVideo().getFileName().toString())) throw new FacemapException(r.primaryVideo(), "cannot decode");
			try {
				Files.createDirectories(r.outputs().folder());
				Files.writeString(r.outputs().procNpy(), "npy");
				if (s.writeH5()) Files.writeString(r.outputs().procH5(), "h5");
			} catch (java.io.IOException e) {
				throw new RuntimeException(e);
			}
			return new ProcessingResult(r.views(), 16, 25, s, new int[] { 80 }, new int[] { 128 }, new int[] { 20 }, new int[] { 32 },
				new int[] { 0 }, new int[] { 0 }, 20, 32, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), rois, null, null);
		}
	}

	private static Path copy(Path dir, String name) throws Exception {
		Files.createDirectories(dir);
		return Files.copy(CLIP, dir.resolve(name));
	}

	@Test
	void rerunSkipsWhatIsDoneAndRedoesWhatChanged(@TempDir Path tmp) throws Exception {
		Path a = copy(tmp.resolve("in"), "a.avi"), b = copy(tmp.resolve("in"), "b.avi");
		Path out = tmp.resolve("out");
		List<Recording> recs = List.of(Recording.of(a).withOutputDir(out), Recording.of(b).withOutputDir(out));
		List<RoiSpec> rois = List.of(RoiSpec.of(Kind.MOTION, 1, 2, 30, 20).withName("motion 1"));
		FakeProcessor fake = new FakeProcessor();
		List<SvdBatch.Item> seen = new ArrayList<>();
		List<SvdBatch.Item> first = new SvdBatch(fake, SvdSettings.DEFAULTS, rois).run(recs, r -> Progress.NONE, seen::add);
		assertEquals(2, fake.calls.size());
		assertEquals(first, seen);
		assertEquals(SvdBatch.Status.PROCESSED, first.get(0).status());
		assertTrue(Files.isRegularFile(out.resolve("a_proc.json")));
		// the run record is a settings file without file names
		String rec = Files.readString(out.resolve("a_proc.json"));
		assertTrue(!rec.contains("a.avi") && rec.contains("\"svd\"") && rec.contains("\"sbin\": 4"), rec);
		assertEquals(rois, SvdRois.read(out.resolve("a_proc.json")));

		// same settings: both skipped
		List<SvdBatch.Item> second = new SvdBatch(fake, SvdSettings.DEFAULTS, rois).run(recs, r -> Progress.NONE, i -> {});
		assertEquals(2, fake.calls.size());
		assertEquals(List.of(SvdBatch.Status.SKIPPED, SvdBatch.Status.SKIPPED), second.stream().map(SvdBatch.Item::status).toList());
		assertTrue(SvdBatch.summary(second).contains("0 processed, 2 skipped"), SvdBatch.summary(second));

		// one output lost: only that one again
		Files.delete(out.resolve("b_proc.npy"));
		new SvdBatch(fake, SvdSettings.DEFAULTS, rois).run(recs, r -> Progress.NONE, i -> {});
		assertEquals(List.of(a, b, b), fake.calls);

		// changed bin size or ROIs: processed again, and the message says why
		assertTrue(SvdBatch.whyNotDone(recs.get(0), SvdSettings.DEFAULTS.with("sbin", 2), rois).contains("sbin"));
		assertTrue(SvdBatch.whyNotDone(recs.get(0), SvdSettings.DEFAULTS, List.of()).contains("ROIs changed"));
		assertNull(SvdBatch.whyNotDone(recs.get(0), SvdSettings.DEFAULTS, rois));
		SvdBatch.Item redo = new SvdBatch(fake, SvdSettings.DEFAULTS.with("sbin", 2), rois).runOne(recs.get(0), Progress.NONE);
		assertEquals(SvdBatch.Status.PROCESSED, redo.status());
		assertTrue(redo.message().contains("processed again: settings changed (sbin 4 -> 2)"), redo.message());
		// --force
		assertEquals(SvdBatch.Status.PROCESSED, new SvdBatch(fake, SvdSettings.DEFAULTS.with("sbin", 2), rois).force(true).runOne(recs.get(0), Progress.NONE)
			.status());
	}

	@Test
	void aDifferentVideoOfTheSameNameIsNotSkipped(@TempDir Path tmp) throws Exception {
		Path a = copy(tmp.resolve("in"), "a.avi");
		Recording rec = Recording.of(a).withOutputDir(tmp.resolve("out"));
		FakeProcessor fake = new FakeProcessor();
		new SvdBatch(fake, SvdSettings.DEFAULTS, List.of()).runOne(rec, Progress.NONE);
		Files.write(a, new byte[] { 1, 2, 3 }, java.nio.file.StandardOpenOption.APPEND);
		assertEquals("the video differs from the one processed", SvdBatch.whyNotDone(rec, SvdSettings.DEFAULTS, List.of()));
	}

	@Test
	void aFailureIsReportedAndTheBatchGoesOnButACancelStopsIt(@TempDir Path tmp) throws Exception {
		Path a = copy(tmp, "a.avi"), b = copy(tmp, "b.avi");
		FakeProcessor fake = new FakeProcessor();
		fake.failing.add("a.avi");
		List<SvdBatch.Item> items = new SvdBatch(fake, SvdSettings.DEFAULTS, List.of()).run(List.of(Recording.of(a), Recording.of(b)), r -> Progress.NONE,
			i -> {});
		assertEquals(SvdBatch.Status.FAILED, items.get(0).status());
		assertTrue(items.get(0).message().contains("cannot decode"));
		assertEquals(SvdBatch.Status.PROCESSED, items.get(1).status());
		assertTrue(Files.notExists(tmp.resolve("a_proc.json")));
		fake.cancel = true;
		assertThrows(CanceledException.class, () -> new SvdBatch(fake, SvdSettings.DEFAULTS, List.of()).force(true).run(List.of(Recording.of(a),
			Recording.of(b)), r -> Progress.NONE, i -> {}));
		assertEquals(List.of(a, b, a), fake.calls);
	}

	@Test
	void videosOfTheSameNameIntoOneFolderAreRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
		Path a = copy(tmp.resolve("day1"), "cam.avi"), b = copy(tmp.resolve("day2"), "cam.avi");
		FakeProcessor fake = new FakeProcessor();
		Path out = tmp.resolve("out");
		FacemapException e = assertThrows(FacemapException.class, () -> new SvdBatch(fake, SvdSettings.DEFAULTS, List.of()).run(List.of(Recording.of(a)
			.withOutputDir(out), Recording.of(b).withOutputDir(out)), r -> Progress.NONE, i -> {}));
		assertTrue(e.getMessage().contains("cam_proc.npy") && e.getMessage().contains("day1") && e.getMessage().contains("day2"), e.getMessage());
		assertEquals(List.of(), fake.calls);
	}
}
