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

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.keypoints.Keypoints;

/**
 * Facemap's keypoint output {@code <video>_FacemapPose.h5} (reference 4.1): a group {@code Facemap} holding one
 * group per keypoint, each with 1-D float32 datasets {@code x}, {@code y} and {@code likelihood} (one value per
 * frame, full-frame pixel coordinates). Keypoints that map onto Facemap's 15 names are written under those names,
 * and then all 15 groups are written (the missing ones NaN), because Facemap's GUI only loads files with all 15;
 * other keypoints are written under their own names. Written with jhdf, atomically. jhdf 0.9.4 cannot write
 * zero-length datasets, so an empty result (0 frames) is refused.
 */
public final class PoseH5 {

	/** The top-level group (DeepLabCut's "scorer"). */
	public static final String ROOT = "Facemap";

	private PoseH5() {}


	/**
	 * Writes keypoints. When names map onto Facemap names (see {@link KeypointSet#toFacemapName}), the output has
	 * Facemap's 15 groups in Facemap's order (NaN for those the model lacks), followed by any other keypoints under
	 * their own names; when none map, one group per keypoint under its own name.
	 */
	public static void write(Path file, Keypoints kp) {
		KeypointSet set = kp.keypointSet();
		int frames = kp.frames();
		// jhdf 0.9.4 cannot write zero-length datasets (it fails inside its writer)
		if (frames == 0) throw new FacemapException(file, "no frames to write (the keypoint traces are empty)");
		int[] fm = set.facemapIndices();
		long mapped = Arrays.stream(fm).filter(i -> i >= 0).count();
		boolean facemap = mapped > 0 && Arrays.stream(fm).filter(i -> i >= 0).distinct().count() == mapped;
		List<String> names = new ArrayList<>();
		List<float[][]> traces = new ArrayList<>();
		if (facemap) {
			for (int f = 0; f < KeypointSet.FACEMAP.size(); f++) {
				names.add(KeypointSet.FACEMAP.get(f));
				int k = -1;
				for (int i = 0; i < fm.length; i++)
					if (fm[i] == f) k = i;
				traces.add(k < 0 ? nanTraces(frames) : traces(kp, k));
			}
		}
		for (int k = 0; k < set.size(); k++) {
			if (facemap && fm[k] >= 0) continue;
			String n = set.name(k);
			if (n.isEmpty() || n.contains("/") || n.equals(".") || names.contains(n))
				throw new FacemapException(file, "keypoint name '" + n + "' cannot be an HDF5 group name here");
			names.add(n);
			traces.add(traces(kp, k));
		}
		AtomicFiles.write(file, tmp -> {
			try (WritableHdfFile h5 = HdfFile.write(tmp)) {
				WritableGroup root = h5.putGroup(ROOT);
				for (int i = 0; i < names.size(); i++) {
					WritableGroup g = root.putGroup(names.get(i));
					float[][] t = traces.get(i);
					g.putDataset("x", t[0]);
					g.putDataset("y", t[1]);
					g.putDataset("likelihood", t[2]);
				}
			}
			catch (RuntimeException e) {
				throw new IOException("HDF5 writer failed: " + e.getMessage(), e);
			}
		});
	}

	private static float[][] traces(Keypoints kp, int k) {
		return new float[][] { kp.trace(k, 0), kp.trace(k, 1), kp.trace(k, 2) };
	}

	private static float[][] nanTraces(int frames) {
		float[][] t = new float[3][frames];
		for (float[] a : t) Arrays.fill(a, Float.NaN);
		return t;
	}

	/**
	 * Reads a pose file written by Facemap or by us. With all of Facemap's 15 names present the keypoints come in
	 * Facemap's order (with any extra groups after them); otherwise in the file's order. The top-level group is
	 * {@code Facemap}, or the file's only group (another "scorer").
	 */
	public static Keypoints read(Path file) {
		checkHdf5(file);
		try (HdfFile h5 = new HdfFile(file)) {
			Group root = null;
			Node n = h5.getChildren().get(ROOT);
			if (n instanceof Group) root = (Group) n;
			else {
				List<Group> groups = new ArrayList<>();
				for (Node c : h5.getChildren().values())
					if (c instanceof Group) groups.add((Group) c);
				if (groups.size() == 1) root = groups.get(0);
			}
			if (root == null)
				throw new FacemapException(file, "expected a Facemap keypoints file (group 'Facemap' with one group per keypoint); found " + h5.getChildren().keySet());
			Map<String, Node> children = root.getChildren();
			List<String> names = new ArrayList<>();
			if (children.keySet().containsAll(KeypointSet.FACEMAP)) names.addAll(KeypointSet.FACEMAP);
			for (Map.Entry<String, Node> e : children.entrySet())
				if (e.getValue() instanceof Group && !names.contains(e.getKey())) names.add(e.getKey());
			if (names.isEmpty()) throw new FacemapException(file, "group '" + root.getName() + "' holds no keypoint groups");
			int frames = -1;
			List<float[][]> traces = new ArrayList<>();
			for (String name : names) {
				Node g = children.get(name);
				float[][] t = new float[3][];
				String[] ds = { "x", "y", "likelihood" };
				for (int i = 0; i < 3; i++) {
					Node d = g instanceof Group ? ((Group) g).getChildren().get(ds[i]) : null;
					if (!(d instanceof Dataset))
						throw new FacemapException(file, "keypoint '" + name + "' has no dataset '" + ds[i] + "'");
					t[i] = toFloats((Dataset) d, file, name + "/" + ds[i]);
					if (frames < 0) frames = t[i].length;
					if (t[i].length != frames)
						throw new FacemapException(file, "dataset " + name + "/" + ds[i] + " has " + t[i].length + " values, expected " + frames);
				}
				traces.add(t);
			}
			Keypoints kp = new Keypoints(new KeypointSet(names), frames);
			for (int k = 0; k < names.size(); k++) {
				float[][] t = traces.get(k);
				for (int f = 0; f < frames; f++) kp.set(f, k, t[0][f], t[1][f], t[2][f]);
			}
			return kp;
		}
		catch (FacemapException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new FacemapException(file, "cannot read this HDF5 file (" + e.getMessage() + "); it may be damaged", e);
		}
	}

	private static void checkHdf5(Path file) {
		byte[] head = FileBytes.head(file, 8);
		int n = head.length;
		if (n < 8 || (head[0] & 0xff) != 0x89 || head[1] != 'H' || head[2] != 'D' || head[3] != 'F')
			throw new FacemapException(file, "expected a Facemap keypoints file (HDF5, _FacemapPose.h5); " + TorchStateDict.sniff(head, n));
	}

	private static float[] toFloats(Dataset d, Path file, String what) {
		if (d.getDimensions().length != 1)
			throw new FacemapException(file, "dataset " + what + " should be 1-D, has shape " + Arrays.toString(d.getDimensions()));
		Object data = d.getData();
		int n = Array.getLength(data);
		float[] out = new float[n];
		if (data instanceof float[]) return (float[]) data;
		if (data instanceof double[]) for (int i = 0; i < n; i++) out[i] = (float) ((double[]) data)[i];
		else if (Number.class.isAssignableFrom(data.getClass().getComponentType()) || data.getClass().getComponentType().isPrimitive())
			for (int i = 0; i < n; i++) out[i] = ((Number) Array.get(data, i)).floatValue();
		else throw new FacemapException(file, "dataset " + what + " is not numeric");
		return out;
	}
}
