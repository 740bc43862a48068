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
package sc.fiji.facemap.ui;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Canvas;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FileDialog;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.Scrollbar;
import java.awt.datatransfer.DataFlavor;
import java.awt.dnd.DnDConstants;
import java.awt.dnd.DropTarget;
import java.awt.dnd.DropTargetAdapter;
import java.awt.dnd.DropTargetDropEvent;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowEvent;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.StackWindow;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.RoiManager;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.job.Box;
import sc.fiji.facemap.job.Recording;
import sc.fiji.facemap.keypoints.KeypointSet;
import sc.fiji.facemap.pose.TrackingJob;
import sc.fiji.facemap.pose.TrackingSettings;
import sc.fiji.facemap.svd.SvdJob;
import sc.fiji.facemap.svd.SvdSettings;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.viewer.Results;
import sc.fiji.facemap.viewer.TraceRow;
import sc.fiji.facemap.viewer.Traces;
import sc.fiji.facemap.viewer.ViewerState;
import sc.fiji.facemap.viewer.ViewerStateChange;
import sc.fiji.facemap.viewer.ViewerStateListener;

/**
 * The Facemap window: the video (decoded on demand, read ahead while playing) with the keypoints of the shown frame,
 * the face box and the processing ROIs; controls (play/pause, playback rate, likelihood threshold, names, which
 * traces); the keypoint list (which points and traces are shown); and below, the synchronised trace plots
 * ({@link TraceFigure}: keypoint groups, motion SVD, pupil, blink, running, neural prediction) with a cursor at the
 * current frame, click to jump, wheel to zoom, drag to pan. Results beside the video load on opening; dropped files
 * load too (videos open in a new window). Tracking and processing start from the window, with progress and Cancel
 * (a canceled tracking run keeps its finished frames and continues from them next time).
 * <p>
 * Every view reads and changes one {@link ViewerState}, so they follow each other; scripts use the same state
 * ({@link #state()}). Opening costs one decoded frame whatever the video's length. Keys: Space plays/pauses, the
 * arrow keys step one frame (Shift: Facemap's step of max(5, frames/200)).
 */
public class FacemapWindow extends StackWindow implements ViewerStateListener {

	private static final long serialVersionUID = 1L;
	private static final List<FacemapWindow> OPEN = new CopyOnWriteArrayList<>();
	/** Playback rates offered (frames per second); the video's own rate is added. */
	private static final double[] RATES = { 5, 10, 15, 25, 30, 50, 60, 100 };

	private final Path video;
	private final ViewerState state;
	private final double fps;
	private volatile Results results = Results.NONE;
	private volatile KeypointOverlay overlay;
	private volatile Traces.Coordinates coordinates = Traces.Coordinates.BOTH;
	private final TracePanel traces;
	private final KeypointList list;
	private final JobBar jobBar;
	private Button playButton;
	private Choice rateChoice;
	private Label thresholdLabel;
	private Scrollbar thresholdBar;
	private Checkbox namesBox;
	private volatile Thread player;
	private volatile Thread job;

	private FacemapWindow(ImagePlus imp, Path video, ViewerState state) {
		super(imp);
		this.video = video;
		this.state = state;
		double f = imp.getCalibration().fps;
		this.fps = f > 0 ? f : 0;
		list = new KeypointList(state);
		traces = new TracePanel(state, fps, () -> ic.getSize().width);
		jobBar = new JobBar();
		add(controls());
		add(jobBar);
		add(new Below());
		KeyAdapter keys = new KeyAdapter() {
			@Override
			public void keyPressed(KeyEvent e) {
				if (handleKey(e)) e.consume();
			}
		};
		for (Component c : new Component[] { ic, traces, list }) {
			c.addKeyListener(keys);
			new DropTarget(c, DnDConstants.ACTION_COPY, new Dropper(), true);
		}
		new DropTarget(this, DnDConstants.ACTION_COPY, new Dropper(), true);
		state.addListener(this);
		pack();
		OPEN.add(this);
	}

	// ---------------------------------------------------------------------------------------- opening

	/**
	 * Opens {@code video} in a new Facemap window, with the results found beside it (see {@link Results#beside});
	 * files beside it that cannot be read are reported in the Log window. Returns once the window is shown; callable
	 * from any thread (scripts, macros, commands).
	 */
	public static FacemapWindow open(Path video) {
		List<String> problems = new ArrayList<>();
		Results r = Results.beside(video, problems);
		for (String p : problems) IJ.log("Facemap: not loaded: " + p);
		return open(VideoImages.open(video), video, r);
	}

	/** Opens an image already made by {@link VideoImages} (or any stack: one frame per slice) with results. */
	public static FacemapWindow open(ImagePlus imp, Path video, Results r) {
		if (java.awt.GraphicsEnvironment.isHeadless()) throw new FacemapException(video,
			"the Facemap window needs a display (this is a headless session)");
		ViewerState state = new ViewerState(r.keypoints() != null ? r.keypoints().keypointSet() : KeypointSet.facemap(),
			Math.max(1, KeypointOverlay.frameCount(imp)));
		FacemapWindow[] w = new FacemapWindow[1];
		onEdtAndWait(() -> {
			w[0] = new FacemapWindow(imp, video, state);
			w[0].setResults(r);
		});
		return w[0];
	}

	/** The Facemap window in front (or the one opened last), or null when none is open. */
	public static FacemapWindow front() {
		if (WindowManager.getCurrentWindow() instanceof FacemapWindow) return (FacemapWindow) WindowManager
			.getCurrentWindow();
		return OPEN.isEmpty() ? null : OPEN.get(OPEN.size() - 1);
	}

	/** The open Facemap windows. */
	public static List<FacemapWindow> openWindows() {
		return List.copyOf(OPEN);
	}

	// ----------------------------------------------------------------------------------------- state

	public ViewerState state() {
		return state;
	}

	public Path video() {
		return video;
	}

	public Results results() {
		return results;
	}

	/** The trace rows shown now. */
	public List<TraceRow> traceRows() {
		return traces.rows();
	}

	/** The trace panel (for screenshots and tests). */
	public Component tracePanel() {
		return traces;
	}

	/** The keypoint overlay of the video, or null when no keypoints are loaded. */
	public KeypointOverlay keypointOverlay() {
		return overlay;
	}

	/** Loads one more result file (keypoints .h5, _proc.npy, neural_predictions.npy) into this window. */
	public void load(Path file) {
		Results r = results.load(file);
		onEdtAndWait(() -> setResults(r));
		IJ.log("Facemap: loaded " + file);
	}

	/** Shows {@code r} (replacing what was shown). */
	public void setResults(Results r) {
		if (!EventQueue.isDispatchThread()) {
			onEdtAndWait(() -> setResults(r));
			return;
		}
		results = r;
		if (r.keypoints() != null) {
			state.setContent(r.keypoints().keypointSet(), state.frameCount());
			overlay = KeypointOverlay.attach(imp, r.keypoints(), r.firstFrame(), state);
		}
		else if (overlay != null) {
			overlay.detach();
			overlay = null;
		}
		List<Roi> deco = decorations(r);
		if (overlay != null) overlay.setDecorations(deco);
		else {
			Overlay ov = new Overlay();
			for (Roi d : deco) ov.add(d);
			imp.setOverlay(deco.isEmpty() ? null : ov);
		}
		list.setHasKeypoints(r.keypoints() != null);
		list.setHasData(r.keypoints() == null ? null : hasData(r.keypoints()));
		refreshTraces();
		jobBar.idle(summary(r));
		pack();
	}

	private static boolean[] hasData(sc.fiji.facemap.keypoints.Keypoints kp) {
		boolean[] d = new boolean[kp.keypoints()];
		for (int k = 0; k < d.length; k++) {
			for (int f = 0; f < kp.frames() && !d[k]; f++) d[k] = !Float.isNaN(kp.x(f, k));
		}
		return d;
	}

	private static List<Roi> decorations(Results r) {
		List<Roi> out = new ArrayList<>();
		for (Results.Region g : r.regions()) {
			Roi roi = g.ellipse() ? new OvalRoi(g.x(), g.y(), g.width(), g.height()) : new Roi(g.x(), g.y(), g.width(), g
				.height());
			roi.setStrokeColor(g.label().equals("face box") ? new Color(0xFFFFFF) : new Color(0x40C0FF));
			roi.setStrokeWidth(1.5);
			roi.setName(g.label());
			out.add(roi);
		}
		return out;
	}

	private static String summary(Results r) {
		List<String> parts = new ArrayList<>();
		if (r.poseFile() != null) parts.add("keypoints: " + r.poseFile().getFileName() + " (" + r.keypoints().frames()
			+ " frames from " + r.firstFrame() + ")");
		if (r.procFile() != null) parts.add("processing: " + r.procFile().getFileName());
		if (r.neuralFile() != null) parts.add("neural: " + r.neuralFile().getFileName());
		return parts.isEmpty() ? "No results beside the video yet: Track or Process, or drop result files here"
			: String.join("  |  ", parts);
	}

	private void refreshTraces() {
		traces.setRows(Traces.rows(results, coordinates, k -> state.isTraceVisible(k)));
	}

	@Override
	public void viewerStateChanged(ViewerStateChange change) {
		switch (change) {
			case FRAME_CHANGED:
				traces.follow(state.frame());
				break;
			case TRACE_VISIBILITY_CHANGED:
			case CONTENT_CHANGED:
				EventQueue.invokeLater(() -> {
					refreshTraces();
					list.repaint();
					pack();
				});
				break;
			case DISPLAY_CHANGED:
				EventQueue.invokeLater(() -> {
					double t = state.display().likelihoodThreshold();
					thresholdLabel.setText(threshold(t));
					if (thresholdBar.getValue() != (int) Math.round(100 * t)) thresholdBar.setValue((int) Math.round(100 * t));
					namesBox.setState(state.display().showNames());
				});
				break;
			default:
				list.repaint();
				break;
		}
	}

	// -------------------------------------------------------------------------------------- controls

	private Panel controls() {
		Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 4, 1)) {
			private static final long serialVersionUID = 1L;

			@Override
			public Dimension getPreferredSize() {
				Dimension d = super.getPreferredSize();
				return new Dimension(Math.max(600, ic.getSize().width + KeypointList.WIDTH), d.height);
			}
		};
		playButton = new Button("Play");
		playButton.addActionListener(e -> togglePlay());
		p.add(playButton);
		rateChoice = new Choice();
		List<Double> rates = new ArrayList<>();
		for (double r : RATES) rates.add(r);
		if (fps > 0 && !rates.contains(fps)) rates.add(fps);
		rates.sort(null);
		for (double r : rates) rateChoice.add(rate(r));
		double initial = fps > 0 ? fps : 30;
		state.setPlaybackFps(initial);
		rateChoice.select(rate(initial));
		rateChoice.addItemListener(e -> state.setPlaybackFps(Double.parseDouble(rateChoice.getSelectedItem().split(
			" ")[0])));
		p.add(rateChoice);
		thresholdLabel = new Label(threshold(state.display().likelihoodThreshold()));
		p.add(thresholdLabel);
		Scrollbar th = thresholdBar = new Scrollbar(Scrollbar.HORIZONTAL, (int) Math.round(100 * state.display()
			.likelihoodThreshold()), 1, 0, 101);
		th.setPreferredSize(new Dimension(90, 16));
		th.addAdjustmentListener(e -> {
			state.setLikelihoodThreshold(th.getValue() / 100.0);
			thresholdLabel.setText(threshold(state.display().likelihoodThreshold()));
		});
		p.add(th);
		Checkbox names = namesBox = new Checkbox("names", state.display().showNames());
		names.addItemListener(e -> state.setShowNames(names.getState()));
		p.add(names);
		Choice coords = new Choice();
		coords.add("traces x and y");
		coords.add("traces x");
		coords.add("traces y");
		coords.addItemListener(e -> {
			coordinates = Traces.Coordinates.values()[coords.getSelectedIndex()];
			refreshTraces();
			pack();
		});
		p.add(coords);
		Button track = new Button("Track");
		track.addActionListener(e -> startTracking());
		p.add(track);
		Button process = new Button("Process");
		process.addActionListener(e -> startProcessing());
		p.add(process);
		Button refine = new Button("Refine...");
		refine.addActionListener(e -> new Thread(() -> IJ.run("Refine Model..."), "Run$_facemap-refine").start());
		p.add(refine);
		Button load = new Button("Load...");
		load.addActionListener(e -> chooseAndLoad());
		p.add(load);
		Button save = new Button("Save figure...");
		save.addActionListener(e -> chooseAndSaveFigure());
		p.add(save);
		return p;
	}

	private static String rate(double r) {
		return (r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.2f", r)) + " fps";
	}

	private static String threshold(double t) {
		return String.format(Locale.ROOT, "likelihood \u2265 %.2f", t);
	}

	/** The video and the keypoint list side by side is too wide for small screens: the list goes below, left of the traces. */
	private final class Below extends Panel {
		private static final long serialVersionUID = 1L;

		Below() {
			super(new BorderLayout(4, 0));
			Panel west = new Panel(new BorderLayout());
			west.add(list, BorderLayout.NORTH);
			add(west, BorderLayout.WEST);
			add(traces, BorderLayout.CENTER);
		}

		@Override
		public Dimension getPreferredSize() {
			Dimension t = traces.getPreferredSize(), l = list.getPreferredSize();
			return new Dimension(Math.max(600, ic.getSize().width) + KeypointList.WIDTH + 4, Math.max(t.height, l.height));
		}
	}

	// -------------------------------------------------------------------------------------- playback

	public boolean isPlaying() {
		return player != null;
	}

	public void togglePlay() {
		if (isPlaying()) pause();
		else play();
	}

	/** Plays from the current frame at the state's playback rate, stopping at the last frame. */
	public synchronized void play() {
		if (player != null) return;
		Thread t = new Thread(() -> {
			long next = System.nanoTime();
			try {
				while (player == Thread.currentThread()) {
					int f = state.frame();
					if (f >= state.frameCount() - 1) break;
					state.setFrame(f + 1);
					next += (long) (1e9 / state.display().playbackFps());
					long wait = next - System.nanoTime();
					if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					else next = System.nanoTime(); // behind: do not try to catch up
				}
			}
			catch (InterruptedException e) {
				// paused
			}
			finally {
				synchronized (FacemapWindow.this) {
					if (player == Thread.currentThread()) player = null;
				}
				EventQueue.invokeLater(() -> playButton.setLabel("Play"));
			}
		}, "facemap-playback");
		t.setDaemon(true);
		player = t;
		playButton.setLabel("Pause");
		t.start();
	}

	public synchronized void pause() {
		Thread t = player;
		player = null;
		if (t != null) t.interrupt();
		if (playButton != null) EventQueue.invokeLater(() -> playButton.setLabel("Play"));
	}

	/** Facemap's jump for Shift+arrow: max(5, frames / 200). */
	int bigStep() {
		return Math.max(5, state.frameCount() / 200);
	}

	boolean handleKey(KeyEvent e) {
		switch (e.getKeyCode()) {
			case KeyEvent.VK_SPACE:
				togglePlay();
				return true;
			case KeyEvent.VK_RIGHT:
				state.step(e.isShiftDown() ? bigStep() : 1);
				return true;
			case KeyEvent.VK_LEFT:
				state.step(e.isShiftDown() ? -bigStep() : -1);
				return true;
			default:
				return false;
		}
	}

	// ------------------------------------------------------------------------------------------- jobs

	/** Whether a job started from the window is running. */
	public boolean isRunningJob() {
		return job != null;
	}

	/** Tracks the video with the bundled model (in the rectangle selection, if any), then shows the keypoints. */
	public void startTracking() {
		Roi roi = imp.getRoi();
		int[] box = null;
		if (roi != null && roi.isArea()) {
			Rectangle b = roi.getBounds().intersection(new Rectangle(0, 0, imp.getWidth(), imp.getHeight()));
			if (b.width > 0 && b.height > 0) box = new int[] { b.y, b.y + b.height, b.x, b.x + b.width };
		}
		TrackingSettings s = TrackingSettings.DEFAULTS.with("resume", true);
		if (box != null) s = s.with("bbox", Box.of(box));
		TrackingSettings settings = s;
		startJob("Tracking", "frames", p -> {
			TrackingJob.Outcome o = TrackingJob.INSTANCE.run(Recording.of(video), settings, p);
			IJ.log(String.format(Locale.ROOT, "Facemap: tracked %d frames of %s: %s", o.keypoints.frames(), video
				.getFileName(), o.h5));
			load(o.h5);
		});
	}

	/** Facemap's processing (motion SVD, and pupil/blink/running for the ROI Manager's typed ROIs), then its traces. */
	public void startProcessing() {
		List<sc.fiji.facemap.svd.RoiSpec> rois = new ArrayList<>();
		RoiManager rm = RoiManager.getInstance();
		if (rm != null && rm.getCount() > 0) rois = ImageJRois.fromRoiManager(rm, imp.getWidth(), imp.getHeight());
		List<sc.fiji.facemap.svd.RoiSpec> r = rois;
		startJob("Processing", "frame reads", p -> {
			new SvdJob().run(Recording.of(video), r, SvdSettings.DEFAULTS, p);
			Path npy = sc.fiji.facemap.job.OutputLayout.of(video, null).procNpy();
			IJ.log("Facemap: processed " + video.getFileName() + ": " + npy);
			load(npy);
		});
	}

	/** Asks the running job to stop at its next check (tracking keeps its finished frames for the next run). */
	public void cancelJob() {
		jobBar.canceled = true;
	}

	/** A job body that reports through a {@link Progress}. */
	@FunctionalInterface
	public interface JobBody {
		void run(Progress p) throws Exception;
	}

	/** Runs {@code body} on a background thread, showing its progress and a Cancel button in the window. */
	public synchronized void startJob(String what, String unit, JobBody body) {
		if (job != null) {
			IJ.showMessage("Facemap", "A job is already running in this window; cancel it first.");
			return;
		}
		jobBar.start(what, unit);
		Thread t = new Thread(() -> {
			try {
				body.run(jobBar);
				jobBar.idle(summary(results));
			}
			catch (CanceledException e) {
				jobBar.idle(what + " canceled" + (e.getMessage() != null ? ": " + e.getMessage() : ""));
				IJ.log("Facemap: " + what.toLowerCase(Locale.ROOT) + " canceled" + (e.getMessage() != null ? ": " + e
					.getMessage() : ""));
			}
			catch (Exception e) {
				String m = e.getMessage() != null ? e.getMessage() : e.toString();
				jobBar.idle(what + " failed: " + m);
				IJ.log("Facemap: " + what.toLowerCase(Locale.ROOT) + " failed: " + m);
			}
			finally {
				synchronized (FacemapWindow.this) {
					job = null;
				}
			}
		}, "facemap-" + what.toLowerCase(Locale.ROOT));
		t.setDaemon(true);
		job = t;
		t.start();
	}

	/** The job line: what runs, its progress with rate and time left, and Cancel; between jobs, what is loaded. */
	private final class JobBar extends Panel implements Progress {
		private static final long serialVersionUID = 1L;
		volatile boolean canceled;
		private final Button cancel = new Button("Cancel");
		private final Line line = new Line();
		private String unit = "", stage;
		private long stageStart, stageDone, lastShown;

		JobBar() {
			super(new BorderLayout(4, 0));
			add(line, BorderLayout.CENTER);
			add(cancel, BorderLayout.EAST);
			cancel.setEnabled(false);
			cancel.addActionListener(e -> {
				canceled = true;
				line.text = "Canceling (finished work is kept)...";
				line.repaint();
			});
		}

		@Override
		public Dimension getPreferredSize() {
			return new Dimension(Math.max(600, ic.getSize().width + KeypointList.WIDTH), 26);
		}

		void start(String what, String u) {
			canceled = false;
			unit = u;
			stage = null;
			EventQueue.invokeLater(() -> {
				cancel.setEnabled(true);
				line.text = what + "...";
				line.fraction = 0;
				line.repaint();
			});
		}

		void idle(String text) {
			EventQueue.invokeLater(() -> {
				cancel.setEnabled(false);
				line.text = text;
				line.fraction = -1;
				line.repaint();
			});
		}

		@Override
		public synchronized void update(long done, long total, String message) {
			long now = System.nanoTime();
			String msg = message == null ? "" : message;
			if (!msg.equals(stage) || done < stageDone) {
				stage = msg;
				stageStart = now;
				stageDone = done;
			}
			if (now - lastShown < 100_000_000L && !(total > 0 && done >= total)) return;
			lastShown = now;
			String text = TaskWindow.line(msg, done, total, (now - stageStart) / 1e9, done - stageDone, unit);
			double f = total > 0 ? Math.min(1, done / (double) total) : 0;
			EventQueue.invokeLater(() -> {
				if (canceled) return;
				line.text = text;
				line.fraction = f;
				line.repaint();
			});
		}

		@Override
		public boolean isCanceled() {
			return canceled;
		}

		@Override
		public void log(String l) {
			IJ.log(l);
		}
	}

	private static final class Line extends Canvas {
		private static final long serialVersionUID = 1L;
		volatile String text = "";
		volatile double fraction = -1;

		@Override
		public void update(Graphics g) {
			paint(g);
		}

		@Override
		public void paint(Graphics g) {
			int w = getWidth(), h = getHeight();
			g.setColor(new Color(0xF4F4F4));
			g.fillRect(0, 0, w, h);
			if (fraction >= 0) {
				g.setColor(new Color(0xC9DDF2));
				g.fillRect(0, 0, (int) Math.round(w * fraction), h);
			}
			g.setColor(new Color(0x202020));
			g.setFont(new Font("SansSerif", Font.PLAIN, 11));
			g.drawString(text, 6, h / 2 + 4);
		}
	}

	// ----------------------------------------------------------------------------------- files, figure

	private void chooseAndLoad() {
		FileDialog d = new FileDialog(this, "Load keypoints (.h5), _proc.npy or neural_predictions.npy", FileDialog.LOAD);
		d.setDirectory(video.toAbsolutePath().getParent().toString());
		d.setVisible(true);
		if (d.getFile() == null) return;
		Path f = Path.of(d.getDirectory(), d.getFile());
		new Thread(() -> loadReporting(f), "facemap-load").start();
	}

	private void loadReporting(Path f) {
		try {
			load(f);
		}
		catch (RuntimeException e) {
			IJ.error("Facemap", e.getMessage() != null ? e.getMessage() : e.toString());
		}
	}

	private void chooseAndSaveFigure() {
		FileDialog d = new FileDialog(this, "Save the trace figure (.svg or .png)", FileDialog.SAVE);
		d.setDirectory(video.toAbsolutePath().getParent().toString());
		d.setFile(sc.fiji.facemap.job.OutputLayout.baseName(video) + "_traces.svg");
		d.setVisible(true);
		if (d.getFile() == null) return;
		Path f = Path.of(d.getDirectory(), d.getFile());
		try {
			saveFigure(f);
			if (Recorder.record) Recorder.recordString("run(\"Save Facemap Figure...\", \"file=[" + f + "]\");\n");
			IJ.log("Facemap: figure saved: " + f);
		}
		catch (RuntimeException e) {
			IJ.error("Facemap", e.getMessage());
		}
	}

	/** The trace figure as shown now (same rows and time window), titled with the video's name. */
	public TraceFigure figure() {
		return new TraceFigure(traces.rows(), traces.window(), state.frame(), fps, video.getFileName().toString());
	}

	/** Writes {@link #figure()} as SVG or PNG (by the name's ending), 1200 px wide, 70 px per row. */
	public void saveFigure(Path file) {
		TraceFigure f = figure();
		f.save(file, 1200, f.heightFor(70));
	}

	private final class Dropper extends DropTargetAdapter {
		@Override
		public void drop(DropTargetDropEvent e) {
			try {
				e.acceptDrop(DnDConstants.ACTION_COPY);
				Object data = e.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
				e.dropComplete(true);
				if (!(data instanceof List)) return;
				List<Path> files = new ArrayList<>();
				for (Object o : (List<?>) data) if (o instanceof File) files.add(((File) o).toPath());
				new Thread(() -> dropped(files), "facemap-drop").start();
			}
			catch (Exception ex) {
				e.dropComplete(false);
			}
		}
	}

	/** Result files load into this window; anything else opens as a video in a new Facemap window. */
	public void dropped(List<Path> files) {
		for (Path f : files) {
			String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
			try {
				if (n.endsWith(".h5") || n.endsWith(".npy")) load(f);
				else open(f);
			}
			catch (RuntimeException ex) {
				IJ.log("Facemap: " + (ex.getMessage() != null ? ex.getMessage() : f + ": " + ex));
			}
		}
	}

	// ------------------------------------------------------------------------------------------- close

	@Override
	public void windowClosed(WindowEvent e) {
		cleanup();
		super.windowClosed(e);
	}

	@Override
	public boolean close() {
		boolean closed = super.close();
		if (closed) cleanup();
		return closed;
	}

	private void cleanup() {
		pause();
		cancelJob();
		state.removeListener(this);
		OPEN.remove(this);
	}

	private static void onEdtAndWait(Runnable r) {
		if (EventQueue.isDispatchThread()) r.run();
		else try {
			EventQueue.invokeAndWait(r);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (java.lang.reflect.InvocationTargetException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			throw new IllegalStateException(c);
		}
	}
}
