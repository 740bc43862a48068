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

import sc.fiji.facemap.keypoints.KeypointPalette;
import sc.fiji.facemap.keypoints.KeypointSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.NaturalOrder;

/**
 * The editing model of the keypoint annotation tool, free of any UI so that it can be tested headless: a list of
 * frames (image files) with one x/y per keypoint ({@link LabelSet}), the current frame and the selected keypoint,
 * and the edits the view translates mouse and key events into (pick, move, delete, re-add, next/previous). Every
 * edit and every frame change saves the label file atomically (through {@link LabelSet#write(Path)}, in the file's
 * format: DeepLabCut CSV, simple CSV with metadata, or Facemap's refined-data .npy), so a crash loses at most the drag
 * in progress. The position and the frames visited are kept in {@code <labels>.session.json}; reopening resumes
 * there, or (without that file) at {@link #resumeFrame()}.
 * <p>
 * Model predictions (optional) are <i>suggestions</i>: on a frame with no labelled point they are shown in place of
 * the missing points, and they become labels (are written to the file) as soon as the frame is edited or confirmed
 * with {@link #next()} — as in Facemap's refinement GUI, where the predictions are the starting points that the user
 * corrects. Previous and jumps to a frame do not confirm.
 */
public final class AnnotationSession {

	/** Image file name extensions listed from a folder of frames. */
	public static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

	/** Default distance (in screen pixels, converted by the view into image pixels) within which a click picks a point. */
	public static final double PICK_RADIUS_SCREEN_PX = 8;

	private final LabelSet labels;
	private final Path labelFile, imagesDir, sessionFile;
	/** Frames shown so far (kept in the session file). */
	private final java.util.TreeSet<Integer> visited = new java.util.TreeSet<>();
	private final List<Path> files;
	/** Suggested positions [frame][k] (NaN where none), or null without a model. */
	private float[][] suggestX, suggestY;
	private int frame, selected;
	private long saves;
	/** The format to keep when the label file existed as CSV, else null (the default for the file name). */
	private LabelSet.Format format;
	/** Frames edited or confirmed in this session: their suggestions were taken over (or deleted). */
	private final Set<Integer> confirmed = new HashSet<>();

	private AnnotationSession(LabelSet labels, Path labelFile, Path imagesDir, List<Path> files) {
		this.labels = labels;
		this.labelFile = labelFile;
		this.imagesDir = imagesDir;
		this.files = files;
		this.sessionFile = labelFile.resolveSibling(labelFile.getFileName() + ".session.json");
		this.frame = resumeFrame();
		readSessionFile();
		visited.add(frame);
	}

	/** Restores the position and the visited frames from {@code <labels>.session.json}; a damaged one is ignored. */
	private void readSessionFile() {
		if (!Files.isRegularFile(sessionFile)) return;
		try {
			com.google.gson.JsonObject o = new com.google.gson.Gson().fromJson(Files.readString(sessionFile,
				java.nio.charset.StandardCharsets.UTF_8), com.google.gson.JsonObject.class);
			if (o == null) return;
			if (o.has("visited")) for (int i : new com.google.gson.Gson().fromJson(o.get("visited"), int[].class))
				if (i >= 0 && i < frameCount()) visited.add(i);
			if (o.has("current")) {
				int c = o.get("current").getAsInt();
				if (c >= 0 && c < frameCount()) frame = c;
			}
		}
		catch (IOException | RuntimeException e) {
			// a damaged session file loses only the position, never labels
		}
	}

	/** The file beside the label file that keeps the position and the visited frames. */
	public Path sessionFile() {
		return sessionFile;
	}

	/** Whether frame i was shown (in this or an earlier session). */
	public boolean isVisited(int i) {
		return visited.contains(i);
	}

	// ------------------------------------------------------------------------------------------------ opening

	/**
	 * Opens a session.
	 *
	 * @param images a folder of frames (as written by select-frames), or a label CSV whose folder holds the images
	 * @param labelFile the label CSV to read and save; created when absent (from the folder's {@code labels.csv}
	 *            skeleton when there is one, else one row per image). Null means {@code images} when it is a CSV,
	 *            else {@code labels.csv} in the folder.
	 * @param keypoints the keypoints of a new label file (ignored when the label file exists); null = Facemap's 15
	 * @throws FacemapException when there are no images, a listed image is missing, or the label file is bad
	 */
	public static AnnotationSession open(Path images, Path labelFile, KeypointSet keypoints) {
		if (images == null) throw new FacemapException("Annotate: no images folder or label file given");
		Path imagesDir;
		LabelSet start = null;
		Path startFile = null;
		if (Files.isDirectory(images)) {
			imagesDir = images;
			if (labelFile == null) labelFile = images.resolve("labels.csv");
		}
		else if (Files.isRegularFile(images)) {
			imagesDir = images.toAbsolutePath().getParent();
			if (labelFile == null) labelFile = images;
			if (!Files.exists(labelFile)) {
				start = LabelSet.read(images);
				startFile = images;
			}
		}
		else throw new FacemapException(images, "no such folder or label file");
		LabelSet labels;
		if (Files.exists(labelFile)) {
			labels = LabelSet.read(labelFile);
			startFile = labelFile;
		}
		else if (start != null) labels = start;
		else {
			Path skeleton = imagesDir.resolve("labels.csv");
			if (Files.isRegularFile(skeleton)) {
				labels = LabelSet.read(skeleton);
				startFile = skeleton;
			}
			else labels = new LabelSet(keypoints == null ? KeypointSet.facemap() : keypoints);
		}
		List<Path> files = new ArrayList<>();
		if (labels.images() != null) {
			// Facemap refined-data (.npy): the images are in the label file itself
			for (int i = 0; i < labels.size(); i++) files.add(imagesDir.resolve(Path.of(labels.imagePath(i))
				.getFileName().toString()).toAbsolutePath().normalize());
			if (files.isEmpty()) throw new FacemapException(startFile, "no images to annotate");
			AnnotationSession s = new AnnotationSession(labels, labelFile, imagesDir, files);
			s.save();
			return s;
		}
		for (int i = 0; i < labels.size(); i++) {
			Path f = labels.findImage(i, imagesDir, startFile);
			if (f == null) throw new FacemapException(startFile, "row " + (i + 1) + ": image '" + labels.imagePath(i) +
				"' not found in " + imagesDir);
			files.add(f.toAbsolutePath().normalize());
		}
		// images of the folder that the label file does not list yet are appended (all points missing)
		Set<Path> known = new HashSet<>(files);
		for (Path f : listImages(imagesDir)) {
			Path a = f.toAbsolutePath().normalize();
			if (known.contains(a)) continue;
			labels.addImage(relativeName(a, labelFile));
			files.add(a);
		}
		if (files.isEmpty()) throw new FacemapException(imagesDir, "no images (" + String.join(", ",
			IMAGE_EXTENSIONS) + ") to annotate");
		AnnotationSession s = new AnnotationSession(labels, labelFile, imagesDir, files);
		s.format = csvFormat(labelFile);
		s.save();
		return s;
	}

	/** The format of an existing CSV label file (DeepLabCut when it starts with "scorer"), else null. */
	private static LabelSet.Format csvFormat(Path file) {
		if (!Files.isRegularFile(file) || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy"))
			return null;
		try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
			String first = r.readLine();
			if (first == null) return null;
			if (first.startsWith("\uFEFF")) first = first.substring(1);
			return first.trim().toLowerCase(Locale.ROOT).startsWith("scorer") ? LabelSet.Format.DLC_CSV
				: LabelSet.Format.SIMPLE_CSV;
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** The image files of a folder in natural order (img2 before img10). */
	public static List<Path> listImages(Path dir) {
		List<Path> list = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.filter(Files::isRegularFile).filter(p -> IMAGE_EXTENSIONS.contains(extension(p))).forEach(list::add);
		}
		catch (IOException e) {
			throw new FacemapException(dir, "cannot list the folder (" + e.getMessage() + ")", e);
		}
		list.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()));
		return list;
	}

	private static String extension(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	/** The image's path as written in the label file: relative to the label file's folder when inside it. */
	private static String relativeName(Path image, Path labelFile) {
		Path dir = labelFile.toAbsolutePath().normalize().getParent();
		if (dir != null && image.startsWith(dir)) return dir.relativize(image).toString().replace('\\', '/');
		return image.toString();
	}

	/** Parses comma-separated keypoint names; null or blank gives null (= the default set). */
	public static KeypointSet parseKeypoints(String csv) {
		if (csv == null || csv.isBlank()) return null;
		List<String> names = new ArrayList<>();
		for (String s : csv.split(",")) if (!s.isBlank()) names.add(s.trim());
		try {
			return new KeypointSet(names);
		}
		catch (IllegalArgumentException e) {
			throw new FacemapException("keypoints '" + csv + "': " + e.getMessage());
		}
	}

	// ------------------------------------------------------------------------------------------- predictions

	/**
	 * Predicts, with {@code model}, the frames that have no labelled point, and keeps the predictions as suggestions
	 * for them (keypoints matched by name or Facemap name; keypoints the model lacks get none).
	 *
	 * @return the number of frames predicted
	 */
	public int suggestFrom(PoseModel model, Progress progress) {
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < frameCount(); i++) if (labelledCount(i) == 0) rows.add(i);
		int K = keypointCount();
		suggestX = new float[frameCount()][K];
		suggestY = new float[frameCount()][K];
		for (float[] r : suggestX) Arrays.fill(r, Float.NaN);
		for (float[] r : suggestY) Arrays.fill(r, Float.NaN);
		if (rows.isEmpty()) return 0;
		KeypointSet mk = model.keypoints();
		int[] src = new int[K];
		for (int k = 0; k < K; k++) src[k] = matchKeypoint(mk, keypointName(k));
		LabelSet todo = new LabelSet(mk);
		List<GrayImage> mem = labels.images() == null ? null : new ArrayList<>();
		for (int i : rows) {
			todo.addImage(files.get(i).toString());
			if (mem != null) mem.add(labels.images().get(i));
		}
		todo.setImages(mem);
		int[] all = new int[rows.size()];
		for (int j = 0; j < all.length; j++) all[j] = j;
		TrainingSet set = TrainingSet.load(todo, all, null, null, true, progress);
		float[][][] p;
		try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
			FMnet net = model.createNetwork(manager)) {
			progress.update(0, 1, "Predicting " + rows.size() + " frames");
			p = Evaluation.predict(net, set);
			progress.update(1, 1, "Predicting " + rows.size() + " frames");
		}
		for (int j = 0; j < rows.size(); j++)
			for (int k = 0; k < K; k++)
				if (src[k] >= 0) {
					suggestX[rows.get(j)][k] = p[0][j][src[k]];
					suggestY[rows.get(j)][k] = p[1][j][src[k]];
				}
		return rows.size();
	}

	/** Sets suggestions directly ([frame][k], NaN = none), e.g. from a previous tracking run. */
	public void setSuggestions(float[][] x, float[][] y) {
		if (x.length != frameCount() || y.length != frameCount())
			throw new IllegalArgumentException("suggestions for " + x.length + " frames, session has " + frameCount());
		suggestX = x;
		suggestY = y;
	}

	private static int matchKeypoint(KeypointSet set, String name) {
		return set.match(name);
	}

	// --------------------------------------------------------------------------------------------- accessors

	public LabelSet labels() {
		return labels;
	}

	public Path labelFile() {
		return labelFile;
	}

	public Path imagesDir() {
		return imagesDir;
	}

	public int frameCount() {
		return files.size();
	}

	public Path imageFile(int i) {
		return files.get(i);
	}

	/** Image i when the label file holds the images (Facemap .npy), else null (read {@link #imageFile}). */
	public GrayImage inMemoryImage(int i) {
		return labels.images() == null ? null : labels.images().get(i);
	}

	public List<Path> imageFiles() {
		return java.util.Collections.unmodifiableList(files);
	}

	public int keypointCount() {
		return labels.keypointCount();
	}

	public String keypointName(int k) {
		return labels.keypointSet().name(k);
	}

	/** The current frame (0-based). */
	public int frame() {
		return frame;
	}

	/** The selected keypoint (0-based). */
	public int selected() {
		return selected;
	}

	public String selectedName() {
		return keypointName(selected);
	}

	/** How many times the label file was written (for tests and the status line). */
	public long saveCount() {
		return saves;
	}

	/** Colour of keypoint k as 0xRRGGBB: its name's colour in the one palette ({@link KeypointPalette}). */
	public int color(int k) {
		return KeypointPalette.rgb(keypointName(k));
	}

	/** Whether point k of frame i is a label (not missing) in the file. */
	public boolean isLabelled(int i, int k) {
		return !labels.isMissing(i, k);
	}

	/** Number of labelled points of frame i. */
	public int labelledCount(int i) {
		int c = 0;
		for (int k = 0; k < keypointCount(); k++) if (isLabelled(i, k)) c++;
		return c;
	}

	/**
	 * Whether point k of frame i is labelled out of view (outside the image: the keypoint is not in the picture, and
	 * training teaches the model to see it nowhere; {@link #markSelectedOutOfView} writes {@link #OUT_OF_VIEW}).
	 */
	public boolean isOutOfView(int i, int k) {
		return isLabelled(i, k) && (labels.x(i, k) < -0.5f || labels.y(i, k) < -0.5f);
	}

	/** The coordinate written for a point marked out of view (both x and y): outside every image. */
	public static final float OUT_OF_VIEW = -1f;

	/** Whether point k of frame i is shown from a model suggestion (the frame has no label yet). */
	public boolean isSuggested(int i, int k) {
		return suggestX != null && !confirmed.contains(i) && labelledCount(i) == 0 && !Float.isNaN(suggestX[i][k]) && !Float.isNaN(
			suggestY[i][k]);
	}

	/** The shown x of point k on frame i: the label, else the suggestion, else NaN. */
	public float x(int i, int k) {
		if (isLabelled(i, k)) return labels.x(i, k);
		return isSuggested(i, k) ? suggestX[i][k] : Float.NaN;
	}

	/** The shown y of point k on frame i: the label, else the suggestion, else NaN. */
	public float y(int i, int k) {
		if (isLabelled(i, k)) return labels.y(i, k);
		return isSuggested(i, k) ? suggestY[i][k] : Float.NaN;
	}

	/** Whether point k is shown on the current frame (placed, and not out of view). */
	public boolean isShown(int k) {
		return !Float.isNaN(x(frame, k)) && !isOutOfView(frame, k);
	}

	// -------------------------------------------------------------------------------------------- listeners

	/** What happened in a session. */
	public enum Change {
		/** A keypoint was placed (or re-added) on the frame. */
		PLACED,
		/** A shown keypoint was moved. */
		MOVED,
		/** A keypoint was marked missing. */
		DELETED,
		/** A keypoint was marked out of view. */
		OUT_OF_VIEW,
		/** The frame's suggestions became labels. */
		CONFIRMED,
		/** Another frame is current. */
		FRAME_CHANGED,
		/** Another keypoint is selected. */
		SELECTION_CHANGED,
		/** An edit was undone (the frame is the edit's, now current again). */
		UNDONE,
		/** An undone edit was done again. */
		REDONE
	}

	/**
	 * One change: its kind, the frame it concerns and the keypoint (the selected one for frame changes; -1 when
	 * none applies).
	 */
	public record Event(Change change, int frame, int keypoint) {}

	/** Told after each change, once it is saved; runs on the thread that made the change. */
	@FunctionalInterface
	public interface Listener {
		void sessionChanged(Event event);
	}

	private final java.util.concurrent.CopyOnWriteArrayList<Listener> listeners =
		new java.util.concurrent.CopyOnWriteArrayList<>();

	public void addListener(Listener l) {
		listeners.addIfAbsent(l);
	}

	public void removeListener(Listener l) {
		listeners.remove(l);
	}

	private void fire(Change c, int f, int k) {
		Event e = new Event(c, f, k);
		for (Listener l : listeners) l.sessionChanged(e);
	}

	// ------------------------------------------------------------------------------------------------ undo

	/** The labels of one frame (and whether its suggestions were taken over), before or after an edit. */
	private record Snapshot(int frame, int keypoint, float[] x, float[] y, boolean confirmed) {
		boolean sameAs(Snapshot o) {
			return confirmed == o.confirmed && Arrays.equals(x, o.x) && Arrays.equals(y, o.y);
		}
	}

	private final java.util.ArrayDeque<Snapshot> undoStack = new java.util.ArrayDeque<>();
	private final java.util.ArrayDeque<Snapshot> redoStack = new java.util.ArrayDeque<>();
	private boolean inGesture, gestureRecorded;

	private Snapshot snapshot(int f, int k) {
		int K = keypointCount();
		float[] x = new float[K], y = new float[K];
		for (int j = 0; j < K; j++) {
			x[j] = labels.x(f, j);
			y[j] = labels.y(f, j);
		}
		return new Snapshot(f, k, x, y, confirmed.contains(f));
	}

	private void restore(Snapshot s) {
		for (int j = 0; j < s.x.length; j++) labels.set(s.frame, j, s.x[j], s.y[j]);
		if (s.confirmed) confirmed.add(s.frame);
		else confirmed.remove(s.frame);
		frame = s.frame;
		visited.add(frame);
		selected = s.keypoint;
	}

	/**
	 * Applies an edit of the current frame: keeps the frame's previous labels for {@link #undo()} when the edit
	 * changed anything, saves (always, as before), and tells the listeners when it changed anything.
	 */
	private boolean edit(Change change, int k, Runnable body) {
		Snapshot before = snapshot(frame, k);
		body.run();
		boolean changed = !before.sameAs(snapshot(frame, k));
		if (changed) {
			if (!inGesture || !gestureRecorded) undoStack.push(before);
			if (inGesture) gestureRecorded = true;
			redoStack.clear();
		}
		save();
		if (changed) fire(change, frame, k);
		return changed;
	}

	/**
	 * Starts a gesture (a mouse drag): the edits until {@link #endGesture()} are undone as one step. Edits are saved
	 * as they happen, as always.
	 */
	public void beginGesture() {
		inGesture = true;
		gestureRecorded = false;
	}

	/** Ends the gesture started by {@link #beginGesture()}. */
	public void endGesture() {
		inGesture = false;
		gestureRecorded = false;
	}

	public boolean canUndo() {
		return !undoStack.isEmpty();
	}

	public boolean canRedo() {
		return !redoStack.isEmpty();
	}

	/**
	 * Undoes the last edit: the edited frame's labels (and whether its model suggestions were taken over) become
	 * exactly what they were before it; that frame becomes current with the edited keypoint selected; saves like any
	 * edit. Navigation and selection are not edits and are not undone.
	 *
	 * @return false when there was nothing to undo
	 */
	public boolean undo() {
		return step(undoStack, redoStack, Change.UNDONE);
	}

	/** Does the last undone edit again (until another edit is made); saves. @return false when there was none */
	public boolean redo() {
		return step(redoStack, undoStack, Change.REDONE);
	}

	private boolean step(java.util.ArrayDeque<Snapshot> from, java.util.ArrayDeque<Snapshot> to, Change change) {
		if (from.isEmpty()) return false;
		endGesture();
		Snapshot s = from.pop();
		to.push(snapshot(s.frame, s.keypoint));
		restore(s);
		save();
		fire(change, s.frame, s.keypoint);
		return true;
	}

	// ---------------------------------------------------------------------------------------------- editing

	/**
	 * Selects the shown point of the current frame nearest to (x, y) within {@code radius} image pixels.
	 *
	 * @return its index, or -1 when none is that close (the selection is then unchanged)
	 */
	public int pick(double x, double y, double radius) {
		int best = -1;
		double bestD = radius * radius;
		for (int k = 0; k < keypointCount(); k++) {
			if (!isShown(k)) continue;
			double dx = x(frame, k) - x, dy = y(frame, k) - y, d = dx * dx + dy * dy;
			if (d <= bestD) {
				bestD = d;
				best = k;
			}
		}
		if (best >= 0) setSelected(best);
		return best;
	}

	private void setSelected(int k) {
		if (k == selected) return;
		selected = k;
		fire(Change.SELECTION_CHANGED, frame, k);
	}

	/** Selects keypoint k. */
	public void select(int k) {
		if (k < 0 || k >= keypointCount()) throw new IllegalArgumentException("no keypoint " + k);
		setSelected(k);
	}

	/** Selects the next (+1) or previous (-1) keypoint, wrapping around. */
	public void selectNext(int step) {
		setSelected(Math.floorMod(selected + step, keypointCount()));
	}

	/**
	 * Moves the selected point of the current frame to (x, y) and saves. A point marked missing stays missing
	 * (use {@link #place}); returns false then.
	 */
	public boolean moveSelected(double x, double y) {
		if (!isShown(selected)) return false;
		setPoint(Change.MOVED, selected, x, y);
		return true;
	}

	/** Places the selected keypoint at (x, y) (re-adds it when missing) and saves. */
	public void place(double x, double y) {
		setPoint(Change.PLACED, selected, x, y);
	}

	/**
	 * {@link #place} and then selects the next keypoint not yet placed on this frame (after the selected one, wrapping
	 * around), so that clicking through a frame labels its keypoints in order; when all are placed the selection stays.
	 * This is what a click in the annotation window does (issue 11: the selection stayed on the placed keypoint).
	 */
	public void placeAndAdvance(double x, double y) {
		place(x, y);
		int next = nextUnplaced(selected + 1);
		if (next >= 0) setSelected(next);
	}

	/** The first keypoint from {@code from} on (wrapping) with no point on the current frame, or -1. */
	private int nextUnplaced(int from) {
		int n = keypointCount();
		for (int i = 0; i < n; i++) {
			int k = Math.floorMod(from + i, n);
			if (!isLabelled(frame, k) && !isSuggested(frame, k) && !isOutOfView(frame, k)) return k;
		}
		return -1;
	}

	/**
	 * Selects the current frame's first keypoint not yet placed (else the first keypoint): what the annotation window
	 * does on a new frame (issue 11: a new frame kept the last keypoint selected).
	 */
	public void selectFirstUnplaced() {
		int k = nextUnplaced(0);
		setSelected(k >= 0 ? k : 0);
	}

	/** Which keypoints have a point (labelled, predicted, or marked out of view) on frame i: the "done" list. */
	public boolean[] done(int i) {
		boolean[] d = new boolean[keypointCount()];
		for (int k = 0; k < d.length; k++) d[k] = isLabelled(i, k) || isSuggested(i, k) || isOutOfView(i, k);
		return d;
	}

	/** Marks the selected point of the current frame missing (NaN) and saves. */
	public void deleteSelected() {
		edit(Change.DELETED, selected, () -> {
			acceptSuggestions();
			labels.set(frame, selected, Float.NaN, Float.NaN);
		});
	}

	/**
	 * Marks the selected point of the current frame out of view (not in the picture, for example below the frame)
	 * and saves: unlike missing (not labelled), it is a label, and training pushes the model's heatmap for it to zero.
	 */
	public void markSelectedOutOfView() {
		edit(Change.OUT_OF_VIEW, selected, () -> {
			acceptSuggestions();
			labels.set(frame, selected, OUT_OF_VIEW, OUT_OF_VIEW);
		});
	}

	private void setPoint(Change change, int k, double x, double y) {
		if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("not a position: " + x +
			", " + y);
		edit(change, k, () -> {
			acceptSuggestions();
			labels.set(frame, k, (float) x, (float) y);
		});
	}

	/** Turns the current frame's suggestions (if it has no label yet) into labels; does not save. */
	private boolean acceptSuggestions() {
		if (suggestX == null || !confirmed.add(frame) || labelledCount(frame) > 0) return false;
		boolean any = false;
		for (int k = 0; k < keypointCount(); k++)
			if (!Float.isNaN(suggestX[frame][k]) && !Float.isNaN(suggestY[frame][k])) {
				labels.set(frame, k, suggestX[frame][k], suggestY[frame][k]);
				any = true;
			}
		return any;
	}

	/** Confirms the current frame (suggestions become labels) and saves, without moving. */
	public void confirm() {
		edit(Change.CONFIRMED, selected, this::acceptSuggestions);
	}

	// ------------------------------------------------------------------------------------------- navigation

	/** Confirms the current frame and goes to the next one (stays on the last); saves. */
	public int next() {
		Snapshot before = snapshot(frame, selected);
		acceptSuggestions();
		if (!before.sameAs(snapshot(before.frame, selected))) {
			undoStack.push(before);
			redoStack.clear();
			endGesture();
		}
		else before = null;
		int from = frame;
		if (frame < frameCount() - 1) frame++;
		visited.add(frame);
		save();
		if (before != null) fire(Change.CONFIRMED, from, selected);
		if (frame != from) fire(Change.FRAME_CHANGED, frame, selected);
		return frame;
	}

	/** Goes to the previous frame (stays on the first); saves. */
	public int previous() {
		int from = frame;
		if (frame > 0) frame--;
		visited.add(frame);
		save();
		if (frame != from) fire(Change.FRAME_CHANGED, frame, selected);
		return frame;
	}

	/** Goes to frame i (e.g. moved with the stack slider); saves. */
	public void setFrame(int i) {
		if (i < 0 || i >= frameCount()) throw new IllegalArgumentException("no frame " + i + " (0.." +
			(frameCount() - 1) + ")");
		if (i == frame) return;
		frame = i;
		visited.add(frame);
		save();
		fire(Change.FRAME_CHANGED, frame, selected);
	}

	/**
	 * Where to resume when there is no session file (else its saved position is used): the first frame without any
	 * labelled point; when every frame has some, the first frame with a
	 * missing point; when all are complete, the first frame. (A point marked missing on purpose and one not yet placed
	 * look the same in the file, so a frame somebody has worked on counts as visited.)
	 */
	public int resumeFrame() {
		for (int i = 0; i < frameCount(); i++) if (labelledCount(i) == 0) return i;
		for (int i = 0; i < frameCount(); i++) if (labelledCount(i) < keypointCount()) return i;
		return 0;
	}

	/** Number of frames with at least one labelled point. */
	public int framesLabelled() {
		int c = 0;
		for (int i = 0; i < frameCount(); i++) if (labelledCount(i) > 0) c++;
		return c;
	}

	/** A one-line description of the state, for the status bar. */
	public String statusLine() {
		String where = isShown(selected) ? String.format(Locale.ROOT, "(%.1f, %.1f)%s", x(frame, selected), y(frame,
			selected), isSuggested(frame, selected) ? " predicted" : "") : isOutOfView(frame, selected) ? "out of view" : "missing";
		return String.format(Locale.ROOT, "Frame %d/%d  keypoint [%s] %s  |  %d/%d frames labelled, saved to %s",
			frame + 1, frameCount(), selectedName(), where, framesLabelled(), frameCount(), labelFile.getFileName());
	}

	/** Writes the label file and the session file (position, visited frames), each atomically. */
	public void save() {
		Path dir = labelFile.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) {
			try {
				Files.createDirectories(dir);
			}
			catch (IOException e) {
				throw new FacemapException(labelFile, "cannot create its folder (" + e.getMessage() + ")", e);
			}
		}
		if (format != null) labels.write(labelFile, format);
		else labels.write(labelFile);
		com.google.gson.JsonObject o = new com.google.gson.JsonObject();
		o.addProperty("current", frame);
		o.add("visited", new com.google.gson.Gson().toJsonTree(visited.stream().mapToInt(Integer::intValue).toArray()));
		sc.fiji.facemap.io.AtomicFiles.writeString(sessionFile, new com.google.gson.Gson().toJson(o) + "\n");
		saves++;
	}
}
