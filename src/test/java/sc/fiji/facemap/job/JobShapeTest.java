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
package sc.fiji.facemap.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.cli.FacemapCli;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.pose.FramePreprocessor.Normalization;
import sc.fiji.facemap.pose.TrackingSettings;

/** The job shape: settings from text, JSON and the CLI; recordings; output layout; atomic output sets; checkpoints. */
class JobShapeTest {

	@Test
	void settingsParseTextTypedAndJsonValuesAndNameTheKeyOnErrors(@TempDir Path tmp) throws Exception {
		SettingsSchema<TrackingSettings> s = TrackingSettings.schema();
		assertEquals(List.of("model", "batch_size", "device", "engine", "precision", "frames", "bbox", "normalization", "filter_outliers", "csv", "resume", "checkpoint_every"),
			s.keys().stream().map(SettingsSchema.Key::name).toList());
		assertEquals("--filter-outliers", s.key("filter_outliers").cliName());
		TrackingSettings t = s.parse(Map.of("batch_size", "16", "device", "GPU", "frames", "10:20", "bbox", "1,50,2,60", "normalization", "batch", "csv", true));
		assertEquals(16, t.batchSize());
		assertEquals(Device.GPU, t.device());
		assertEquals(new FrameRange(10, 20), t.frames());
		assertEquals(new Box(1, 50, 2, 60), t.bbox());
		assertEquals(Normalization.BATCH, t.normalization());
		assertTrue(t.csv());
		assertEquals("default", t.model());
		// empty text means the default
		assertEquals(TrackingSettings.DEFAULTS, s.parse(Map.of("frames", "", "bbox", "", "batch_size", "")));
		assertNull(s.parse(Map.of("bbox", "")).bbox());
		// errors name the key
		assertTrue(assertThrows(FacemapException.class, () -> s.parse(Map.of("batch_size", "0"))).getMessage().startsWith("batch_size"));
		assertTrue(assertThrows(FacemapException.class, () -> s.parse(Map.of("batch_size", "eight"))).getMessage().contains("batch_size must be a whole number"));
		assertTrue(assertThrows(FacemapException.class, () -> s.parse(Map.of("checkpoint_every", -1))).getMessage().contains("checkpoint_every"));
		assertTrue(assertThrows(FacemapException.class, () -> s.parse(Map.of("device", "tpu"))).getMessage().contains("cpu or gpu"));
		FacemapException unknown = assertThrows(FacemapException.class, () -> s.parse(Map.of("batchsize", 3)));
		assertTrue(unknown.getMessage().contains("unknown option 'batchsize'") && unknown.getMessage().contains("batch_size"), unknown.getMessage());
		// JSON round trip, and JSON numbers for int keys
		Path f = tmp.resolve("track.json");
		s.writeJson(t, f);
		assertEquals(t, s.fromJson(f, null));
		Files.writeString(f, "{\"track\": {\"batch_size\": 4, \"resume\": true}, \"svd\": {\"sbin\": 4}}", StandardCharsets.UTF_8);
		TrackingSettings fromSection = s.fromJson(f, "track");
		assertEquals(4, fromSection.batchSize());
		assertTrue(fromSection.resume());
		Files.writeString(f, "{\"batch_size\": 2.5}", StandardCharsets.UTF_8);
		FacemapException e = assertThrows(FacemapException.class, () -> s.fromJson(f, null));
		assertTrue(e.getMessage().contains("track.json") && e.getMessage().contains("batch_size"), e.getMessage());
		Files.writeString(f, "[1, 2]", StandardCharsets.UTF_8);
		assertTrue(assertThrows(FacemapException.class, () -> s.fromJson(f, null)).getMessage().contains("one JSON object"));
		// copies with options changed by key, one or several (withOptions: the Jython name), validated alike
		TrackingSettings w = TrackingSettings.DEFAULTS.with("batch_size", 4);
		assertEquals(4, w.batchSize());
		TrackingSettings several = TrackingSettings.DEFAULTS.withOptions(Map.of("batch_size", "2", "csv", true));
		assertEquals(2, several.batchSize());
		assertTrue(several.csv());
		assertEquals(TrackingSettings.DEFAULTS.model(), several.model());
		assertTrue(assertThrows(FacemapException.class, () -> TrackingSettings.DEFAULTS.withOptions(Map.of("batch_size", 0)))
			.getMessage().startsWith("batch_size"));
		// the identity leaves out bookkeeping keys
		JsonObject id = s.identity(t);
		assertTrue(id.has("batch_size") && id.has("normalization"));
		assertFalse(id.has("resume") || id.has("csv") || id.has("checkpoint_every"));
	}

	@Test
	void theCliReadsOptionsAndSettingsFilesWithOptionsWinning(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("s.json");
		Files.writeString(f, "{\"batch_size\": 4, \"normalization\": \"batch\", \"bogus\": 1}", StandardCharsets.UTF_8);
		java.io.StringWriter err = new java.io.StringWriter();
		picocli.CommandLine cl = FacemapCli.commandLine();
		cl.setErr(new java.io.PrintWriter(err));
		int rc = cl.execute("track", "--settings", f.toString(), tmp.resolve("none.mp4").toString());
		assertEquals(FacemapCli.EXIT_ERROR, rc);
		assertTrue(err.toString().contains("unknown option 'bogus'"), err.toString());

		Files.writeString(f, "{\"batch_size\": 4, \"normalization\": \"batch\"}", StandardCharsets.UTF_8);
		picocli.CommandLine c2 = FacemapCli.commandLine();
		picocli.CommandLine track = c2.getSubcommands().get("track");
		c2.parseArgs("track", "--settings", f.toString(), "--batch-size", "2", "--csv", "v.mp4");
		TrackingSettings t = sc.fiji.facemap.cli.CliSettings.read(track.getCommandSpec(), TrackingSettings.class, "track");
		assertEquals(2, t.batchSize()); // the option wins
		assertEquals(Normalization.BATCH, t.normalization()); // from the file
		assertTrue(t.csv());
	}

	@Test
	void recordingsRoundTripAndNameEveryOutput(@TempDir Path tmp) {
		Recording r = Recording.ofViews(List.of(Paths.get("/data/cam0.mp4"), Paths.get("/data/cam1.mp4")))
			.withFaceBox(new int[] { 10, 200, 20, 300 }).withRois(List.of(Roi.parse("pupil:1,2,30,40"), new Roi(RoiType.MOTION, "whiskers", 5, 6, 70, 80)))
			.withOutputDir(tmp).withFps(50);
		Path f = tmp.resolve("rec.json");
		r.writeJson(f);
		Recording back = Recording.readJson(f);
		assertEquals(r, back);
		assertEquals(1, back.rois(RoiType.PUPIL).size());
		assertEquals("pupil:1,2,30,40", back.rois(RoiType.PUPIL).get(0).toString());
		OutputLayout o = back.outputs();
		assertEquals(tmp.resolve("cam0_FacemapPose.h5"), o.poseH5());
		assertEquals(tmp.resolve("cam0_FacemapPose_metadata.pkl"), o.poseMetadata());
		assertEquals(tmp.resolve("cam0_FacemapPose.csv"), o.poseCsv());
		assertEquals(tmp.resolve("cam0_proc.npy"), o.procNpy());
		assertEquals(tmp.resolve("cam0_proc.h5"), o.procH5());
		assertEquals(tmp.resolve(".cam0_FacemapPose.partial.npy"), OutputLayout.partial(o.poseH5(), ".npy"));
		assertEquals(Paths.get("/data/cam0_FacemapPose.h5"), Recording.of(Paths.get("/data/cam0.mp4")).outputs().poseH5());
		assertThrows(FacemapException.class, () -> Recording.of(Paths.get("a.mp4")).withFaceBox(new int[] { 5, 5, 0, 10 }));
		assertThrows(IllegalArgumentException.class, () -> Roi.parse("nose:1,2,3,4"));
		assertThrows(IllegalArgumentException.class, () -> Roi.parse("pupil:1,2,0,4"));
	}

	@Test
	void anOutputSetPutsAllFilesInPlaceOrNone(@TempDir Path tmp) throws Exception {
		Path a = tmp.resolve("out/a.h5"), b = tmp.resolve("out/a.pkl");
		Files.createDirectories(a.getParent());
		Files.writeString(a, "old a");
		try (OutputSet set = new OutputSet()) {
			set.write(a, p -> Files.writeString(p, "new a"));
			assertThrows(FacemapException.class, () -> set.write(b, p -> {
				throw new java.io.IOException("No space left on device");
			}));
		}
		assertEquals("old a", Files.readString(a)); // the first file was not put in place either
		assertFalse(Files.exists(b));
		try (Stream<Path> s = Files.list(a.getParent())) {
			assertEquals(1, s.count(), "temporary files left behind"); // no hidden .part left
		}
		try (OutputSet set = new OutputSet()) {
			set.write(a, p -> Files.writeString(p, "new a"));
			set.write(b, p -> Files.writeString(p, "new b"));
			set.commit();
		}
		assertEquals("new a", Files.readString(a));
		assertEquals("new b", Files.readString(b));
		FacemapException full = assertThrows(FacemapException.class, () -> {
			try (OutputSet set = new OutputSet()) {
				set.write(a, p -> {
					throw new RuntimeException("HDF5 writer failed: Exception writing", new java.io.IOException("No space left on device"));
				});
			}
		});
		assertTrue(full.getMessage().contains("the disk is full") && full.getMessage().contains("a.h5"), full.getMessage());
	}

	@Test
	void aCheckpointResumesOnlyTheSameRunAndSaysWhatChanged(@TempDir Path tmp) {
		Path out = tmp.resolve("v_FacemapPose.h5");
		JsonObject id = new JsonObject();
		id.addProperty("video", "v.mp4 123:abc");
		id.addProperty("model", "base 42");
		Checkpoint cp = Checkpoint.beside(out, id);
		assertTrue(cp.resume().isEmpty());
		cp.save(Tensor.ofFloats(new long[] { 2, 1, 3 }, new float[] { 1, 2, 3, 4, 5, 6 }), 1);
		assertEquals(tmp.resolve(".v_FacemapPose.partial.npy"), cp.dataFile());
		Checkpoint.Saved s = cp.resume().orElseThrow();
		assertEquals(1, s.done());
		assertEquals(6, s.state().floats().length);
		JsonObject other = id.deepCopy();
		other.addProperty("video", "v.mp4 999:def");
		FacemapException e = assertThrows(FacemapException.class, () -> Checkpoint.beside(out, other).resume());
		assertTrue(e.getMessage().contains("video (was \"v.mp4 123:abc\", now \"v.mp4 999:def\")"), e.getMessage());
		assertFalse(e.getMessage().contains("model ("), e.getMessage());
		cp.clear();
		assertFalse(cp.exists());
	}

	@Test
	void frameRangesParseAndClip() {
		assertEquals(new FrameRange(700, 749), FrameRange.parse("700:900").clip(749));
		assertTrue(FrameRange.parse("700:900").exceeds(749));
		assertEquals(FrameRange.ALL, FrameRange.parse(":"));
		assertEquals("3:", new FrameRange(3, -1).toString());
		assertThrows(FacemapException.class, () -> FrameRange.parse("-5:10"));
		assertThrows(FacemapException.class, () -> FrameRange.parse("800:900").clip(749));
		assertEquals(new FrameRange(10, 20), FrameRange.parse("10:20"));
		assertEquals(new FrameRange(10, -1), FrameRange.parse(" 10: "));
		assertEquals(new FrameRange(0, 5), FrameRange.parse(":5"));
		// a lone number was silently one frame; now it is refused with both readings spelled out
		FacemapException lone = assertThrows(FacemapException.class, () -> FrameRange.parse("10"));
		assertTrue(lone.getMessage().contains(":10 for the first 10 frames") && lone.getMessage().contains("10:11 for frame 10 alone"), lone.getMessage());
		FacemapException empty = assertThrows(FacemapException.class, () -> FrameRange.parse("5:5"));
		assertTrue(empty.getMessage().startsWith("frames 5:5 is an empty range"), empty.getMessage());
		assertTrue(assertThrows(FacemapException.class, () -> FrameRange.parse("a:b")).getMessage().contains("frames needs A:B"));
		assertTrue(assertThrows(FacemapException.class, () -> FrameRange.parse("-5:10")).getMessage().contains("starts before frame 0"));
		assertThrows(FacemapException.class, () -> FrameRange.parse("-3"));
		assertEquals(new Box(1, 2, 3, 4), Box.parse(" 1, 2,3 ,4"));
		assertEquals(new Box(30, 430, 100, 701), Box.parse("30, 430,100 ,701"));
		assertTrue(assertThrows(FacemapException.class, () -> Box.parse("1,2,3")).getMessage().contains("box needs 4 whole numbers y0,y1,x0,x1, got '1,2,3'"));
		assertThrows(FacemapException.class, () -> Box.parse("1,2,x,4"));
	}
}
