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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.facemap.FacemapException;

/**
 * Facemap's {@code <video>_FacemapPose_metadata.pkl} (reference 4.1): a pickled dict with {@code batch_size},
 * {@code image_size} (a tuple of two lists: Ly per view, Lx per view), {@code bbox} [r0, r1, c0, c1],
 * {@code total_frames}, {@code bodyparts} and {@code inference_speed} (frames/s). Extra entries (for example the
 * model name) are kept in {@link #extra()}, written after Facemap's keys, and ignored by Facemap.
 */
public final class PoseMetadata {


	public int batchSize;
	public List<Integer> ly = new ArrayList<>();
	public List<Integer> lx = new ArrayList<>();
	/** [r0, r1, c0, c1] (rows then columns), as Facemap stores it. */
	public int[] bbox = new int[4];
	public int totalFrames;
	public List<String> bodyparts = new ArrayList<>();
	public double inferenceSpeed;
	private final Map<String, Object> extra = new LinkedHashMap<>();

	/** Entries beyond Facemap's six (written and read back; Facemap ignores them). */
	public Map<String, Object> extra() {
		return extra;
	}


	/** The dict as Facemap writes it. */
	public Map<String, Object> toDict() {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("batch_size", (long) batchSize);
		d.put("image_size", PyTuple.of(longs(ly), longs(lx)));
		d.put("bbox", List.of((long) bbox[0], (long) bbox[1], (long) bbox[2], (long) bbox[3]));
		d.put("total_frames", (long) totalFrames);
		d.put("bodyparts", new ArrayList<>(bodyparts));
		d.put("inference_speed", inferenceSpeed);
		d.putAll(extra);
		return d;
	}

	private static List<Object> longs(List<Integer> l) {
		List<Object> out = new ArrayList<>();
		for (Integer i : l) out.add((long) i);
		return out;
	}

	/** Writes the pickle (protocol 4), atomically. */
	public void write(Path file) {
		PickleWriter.write(file, toDict());
	}

	/** Reads a metadata pickle written by Facemap or by us. */
	public static PoseMetadata read(Path file) {
		Object o = PickleReader.read(file);
		if (!(o instanceof Map)) throw new FacemapException(file, "expected a Facemap pose metadata dict, found " + PickleReader.typeName(o));
		try {
			return fromDict((Map<?, ?>) o);
		}
		catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
			throw new FacemapException(file, "malformed Facemap pose metadata (" + e.getMessage() + ")", e);
		}
		catch (FacemapException e) {
			throw new FacemapException(file, e.getMessage(), e);
		}
	}

	static PoseMetadata fromDict(Map<?, ?> d) {
		PoseMetadata m = new PoseMetadata();
		for (String k : new String[] { "batch_size", "image_size", "bbox", "total_frames", "bodyparts" })
			if (!d.containsKey(k)) throw new FacemapException("Facemap pose metadata without '" + k + "'");
		m.batchSize = intOf(d.get("batch_size"));
		List<?> size = (List<?>) d.get("image_size");
		m.ly = ints(size.get(0));
		m.lx = ints(size.get(1));
		List<Integer> bb = ints(d.get("bbox"));
		if (bb.size() != 4) throw new FacemapException("bbox should have 4 values, has " + bb.size());
		for (int i = 0; i < 4; i++) m.bbox[i] = bb.get(i);
		m.totalFrames = intOf(d.get("total_frames"));
		for (Object b : listOf(d.get("bodyparts"))) m.bodyparts.add(String.valueOf(b));
		Object speed = d.get("inference_speed");
		m.inferenceSpeed = speed == null ? Double.NaN : ((Number) speed).doubleValue();
		for (Map.Entry<?, ?> e : d.entrySet()) {
			String k = String.valueOf(e.getKey());
			if (!List.of("batch_size", "image_size", "bbox", "total_frames", "bodyparts", "inference_speed").contains(k))
				m.extra.put(k, e.getValue());
		}
		return m;
	}

	private static List<?> listOf(Object o) {
		if (o instanceof List) return (List<?>) o;
		if (o instanceof Tensor) {
			List<Object> l = new ArrayList<>();
			for (double v : ((Tensor) o).doubles()) l.add(v);
			return l;
		}
		if (o == null) return Collections.emptyList();
		return List.of(o);
	}

	private static int intOf(Object o) {
		if (o instanceof Number) return ((Number) o).intValue();
		if (o instanceof Tensor && ((Tensor) o).size() == 1) return (int) ((Tensor) o).doubles()[0];
		throw new FacemapException("expected a number, found " + PickleReader.typeName(o));
	}

	private static List<Integer> ints(Object o) {
		List<Integer> out = new ArrayList<>();
		for (Object x : listOf(o)) out.add(intOf(x));
		return out;
	}
}
