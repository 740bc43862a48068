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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Font;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.awt.event.MouseListener;
import java.awt.event.MouseMotionListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.swing.SwingUtilities;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.pose.AnnotationSession;
import sc.fiji.facemap.pose.GrayImage;

/**
 * The ImageJ1 view of an {@link AnnotationSession}: the frames as a stack, one coloured, named circle per keypoint
 * in an {@link Overlay} (filled = labelled, hollow = model suggestion, white ring = selected), and mouse and key
 * handlers that only translate events into session calls (the session saves after each edit). The view listens to
 * the session ({@link AnnotationSession.Listener}) and redraws on each of its events, whoever made the change.
 * <p>
 * Mouse: left-press near a point (within {@value AnnotationSession#PICK_RADIUS_SCREEN_PX} screen pixels) selects it
 * and dragging moves it; right-click places the selected keypoint at the cursor (re-adds a missing one). Keys:
 * {@code .} {@code >} or right arrow = confirm and next frame, {@code ,} {@code <} or left arrow = previous frame,
 * {@code d}, Delete or Backspace = mark the selected point missing (not labelled), {@code o} = mark it out of view (not
 * in the picture: a label that teaches the model to see it nowhere), up/down arrow or {@code [} {@code ]} = select the
 * previous/next keypoint, Enter = confirm the frame's predictions, {@code z} or Ctrl+Z = undo the last edit,
 * {@code y}, Ctrl+Y or Ctrl+Shift+Z = redo (a whole drag is one step). Other events go to ImageJ as usual (zoom,
 * scroll, the stack slider).
 */
public final class AnnotationView {

	private final AnnotationSession session;
	private final ImagePlus imp;
	private ImageCanvas canvas;
	private boolean dragging;
	private final List<Runnable> undo = new ArrayList<>();
	private final AnnotationSession.Listener listener = e -> refresh();

	private AnnotationView(AnnotationSession session, ImagePlus imp) {
		this.session = session;
		this.imp = imp;
	}

	/**
	 * The session's frames as an 8-bit stack (frames of different sizes are padded at the right and bottom, so image
	 * coordinates stay those of each file) with the current frame's overlay; nothing is shown (works headless).
	 */
	public static ImagePlus createImage(AnnotationSession session) {
		List<ImageProcessor> ips = new ArrayList<>();
		int w = 0, h = 0;
		for (int i = 0; i < session.frameCount(); i++) {
			GrayImage g = session.inMemoryImage(i);
			// in-memory frames (Facemap .npy) are normalised floats: scaled min..max to 8 bits for display
			ImageProcessor ip = g != null ? new ij.process.FloatProcessor(g.width(), g.height(), g.pixels().clone())
				.convertToByte(true) : load(session.imageFile(i));
			ips.add(ip);
			w = Math.max(w, ip.getWidth());
			h = Math.max(h, ip.getHeight());
		}
		ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < ips.size(); i++) {
			ImageProcessor ip = ips.get(i);
			if (ip.getWidth() != w || ip.getHeight() != h) {
				ImageProcessor big = new ByteProcessor(w, h);
				big.insert(ip, 0, 0);
				ip = big;
			}
			stack.addSlice(session.imageFile(i).getFileName().toString(), ip);
		}
		ImagePlus imp = new ImagePlus("Annotate " + session.labelFile().getFileName(), stack);
		if (stack.getSize() > 1) imp.setSlice(session.frame() + 1);
		imp.setOverlay(overlay(session, w, h));
		return imp;
	}

	private static ImageProcessor load(Path f) {
		String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".png")) {
			GrayImage g = GrayImage.readPng(f);
			return new ByteProcessor(g.width(), g.height(), g.toBytes());
		}
		ImagePlus one = IJ.openImage(f.toString());
		if (one == null) throw new FacemapException(f, "cannot open the image");
		return one.getProcessor().convertToByte(true);
	}

	/** The overlay of the session's current frame: one named circle per shown keypoint, the selection ringed. */
	public static Overlay overlay(AnnotationSession s, int width, int height) {
		Overlay o = new Overlay();
		double r = Math.max(3, Math.min(width, height) / 120.0);
		int fontSize = (int) Math.max(10, Math.round(Math.min(width, height) / 45.0));
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
		int f = s.frame();
		for (int k = 0; k < s.keypointCount(); k++) {
			if (!s.isShown(k)) continue;
			Color c = new Color(s.color(k));
			double x = s.x(f, k), y = s.y(f, k);
			OvalRoi dot = new OvalRoi(x - r, y - r, 2 * r, 2 * r);
			dot.setName(s.keypointName(k));
			dot.setStrokeColor(c);
			if (s.isSuggested(f, k)) dot.setStroke(new BasicStroke(1.5f));
			else dot.setFillColor(new Color((s.color(k) & 0xffffff) | 0xc0000000, true));
			o.add(dot);
			if (k == s.selected()) {
				OvalRoi ring = new OvalRoi(x - 2 * r, y - 2 * r, 4 * r, 4 * r);
				ring.setStrokeColor(Color.WHITE);
				ring.setStrokeWidth(1.5);
				o.add(ring);
			}
			// a name that would run past the right edge goes left of its point (it was cut off)
			double tw = KeypointViews.textWidth(s.keypointName(k), font);
			double lx = x + 1.5 * r + tw > width ? x - 1.5 * r - tw : x + 1.5 * r;
			TextRoi label = new TextRoi(Math.max(0, lx), Math.max(0, y - 1.5 * r - fontSize), s.keypointName(k), font);
			label.setStrokeColor(c);
			label.setName(s.keypointName(k) + " (name)");
			o.add(label);
		}
		String head = String.format(Locale.ROOT, "%d/%d  [%s]%s", f + 1, s.frameCount(), s.selectedName(), s.isShown(s
			.selected()) ? (s.isSuggested(f, s.selected()) ? " predicted" : "") : s.isOutOfView(f, s.selected())
				? " out of view: right-click to place" : " missing: right-click to place");
		// the header: white on a dark band (it was the keypoint's colour, e.g. red, on gray)
		TextRoi title = new TextRoi(4, 4, head, font);
		title.setStrokeColor(Color.WHITE);
		title.setFillColor(new Color(0, 0, 0, 170));
		title.setName("header");
		o.add(title);
		// the list of keypoints with what is done on this frame: a check for placed (or out of view), a dash for not yet
		boolean[] done = s.done(f);
		Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, fontSize - 2));
		double y = 8 + fontSize * 1.6;
		for (int k = 0; k < s.keypointCount(); k++) {
			String line = (done[k] ? "\u2713 " : "\u2013 ") + s.keypointName(k) + (k == s.selected() ? "  \u25C0" : "");
			TextRoi t = new TextRoi(4, y, line, small);
			t.setStrokeColor(done[k] ? lighter(s.color(k)) : new Color(0xD0D0D0));
			t.setFillColor(new Color(0, 0, 0, 150));
			t.setName("done list: " + s.keypointName(k) + (done[k] ? " done" : " to do"));
			o.add(t);
			y += small.getSize() * 1.35;
		}
		return o;
	}

	/** A keypoint colour halfway to white: readable as text on the dark list band (dark blue is not). */
	static Color lighter(int rgb) {
		int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
		return new Color((r + 255) / 2, (g + 255) / 2, (b + 255) / 2);
	}

	/** Opens the session in a window and starts handling mouse and keys there. Needs a display. */
	public static AnnotationView show(AnnotationSession session) {
		AnnotationView v = new AnnotationView(session, createImage(session));
		v.imp.show();
		v.attach();
		v.refresh();
		return v;
	}

	/** The editing keys. */
	public enum Key {
		NEXT, PREVIOUS, DELETE, OUT_OF_VIEW, PREVIOUS_KEYPOINT, NEXT_KEYPOINT, CONFIRM, UNDO, REDO
	}

	/**
	 * The editing key of a shortcut with Ctrl (or Meta on macOS): Ctrl+Z = undo, Ctrl+Y and Ctrl+Shift+Z = redo; null
	 * for every other key (left to ImageJ).
	 */
	public static Key shortcut(int keyCode, boolean ctrlOrMeta, boolean shift, boolean alt) {
		if (!ctrlOrMeta || alt) return null;
		if (keyCode == KeyEvent.VK_Z) return shift ? Key.REDO : Key.UNDO;
		if (keyCode == KeyEvent.VK_Y && !shift) return Key.REDO;
		return null;
	}

	/**
	 * The editing key of a key event, or null for keys left to ImageJ (and for any key with Ctrl, Alt or Meta, which
	 * are ImageJ's shortcuts).
	 */
	public static Key key(int keyCode, char keyChar, boolean withModifier) {
		if (withModifier) return null;
		switch (keyCode) {
			case KeyEvent.VK_RIGHT: return Key.NEXT;
			case KeyEvent.VK_LEFT: return Key.PREVIOUS;
			case KeyEvent.VK_DELETE:
			case KeyEvent.VK_BACK_SPACE: return Key.DELETE;
			case KeyEvent.VK_UP: return Key.PREVIOUS_KEYPOINT;
			case KeyEvent.VK_DOWN: return Key.NEXT_KEYPOINT;
			case KeyEvent.VK_ENTER: return Key.CONFIRM;
			default: break;
		}
		switch (keyChar) {
			case '.':
			case '>': return Key.NEXT;
			case ',':
			case '<': return Key.PREVIOUS;
			case 'd':
			case 'D': return Key.DELETE;
			case 'o':
			case 'O': return Key.OUT_OF_VIEW;
			case '[': return Key.PREVIOUS_KEYPOINT;
			case ']': return Key.NEXT_KEYPOINT;
			case 'z': return Key.UNDO;
			case 'y': return Key.REDO;
			default: return null;
		}
	}

	/** Performs an editing key on the session. */
	public static void apply(Key k, AnnotationSession s) {
		switch (k) {
			case NEXT:
				if (s.frame() != s.next()) s.selectFirstUnplaced();
				break;
			case PREVIOUS:
				int from = s.frame();
				if (from != s.previous()) s.selectFirstUnplaced();
				break;
			case DELETE: s.deleteSelected(); break;
			case OUT_OF_VIEW: s.markSelectedOutOfView(); break;
			case PREVIOUS_KEYPOINT: s.selectNext(-1); break;
			case NEXT_KEYPOINT: s.selectNext(1); break;
			case UNDO: s.undo(); break;
			case REDO: s.redo(); break;
			default: s.confirm(); break;
		}
	}

	/**
	 * A mouse press at image position (x, y) shown at {@code magnification}: the right button places the selected
	 * keypoint there and selects the next one not yet placed; the left button picks the nearest shown point within
	 * {@link AnnotationSession#PICK_RADIUS_SCREEN_PX} screen pixels.
	 *
	 * @return true when the press was used (a point was placed or picked: a drag may follow), false to leave it to
	 *         ImageJ
	 */
	public static boolean press(AnnotationSession s, double x, double y, double magnification, boolean right) {
		if (right) {
			s.placeAndAdvance(x, y);
			return true;
		}
		return s.pick(x, y, AnnotationSession.PICK_RADIUS_SCREEN_PX / magnification) >= 0;
	}

	public ImagePlus image() {
		return imp;
	}

	private void attach() {
		ImageWindow win = imp.getWindow();
		if (win == null) throw new FacemapException("Annotate: the image window did not open");
		canvas = win.getCanvas();
		// our mouse handler sees events first and passes on those it does not use (zoom, scroll, ...)
		MouseListener[] ml = canvas.getMouseListeners();
		MouseMotionListener[] mml = canvas.getMouseMotionListeners();
		for (MouseListener l : ml) canvas.removeMouseListener(l);
		for (MouseMotionListener l : mml) canvas.removeMouseMotionListener(l);
		Mouse mouse = new Mouse(ml, mml);
		canvas.addMouseListener(mouse);
		canvas.addMouseMotionListener(mouse);
		undo.add(() -> {
			canvas.removeMouseListener(mouse);
			canvas.removeMouseMotionListener(mouse);
			for (MouseListener l : ml) canvas.addMouseListener(l);
			for (MouseMotionListener l : mml) canvas.addMouseMotionListener(l);
		});
		wrapKeys(win);
		session.addListener(listener);
		undo.add(() -> session.removeListener(listener));
		// the stack slider (and any other slice change by ImageJ) moves the session: ImageJ tells its image listeners
		ij.ImageListener slices = new ij.ImageListener() {
			@Override
			public void imageOpened(ImagePlus i) {}

			@Override
			public void imageClosed(ImagePlus i) {}

			@Override
			public void imageUpdated(ImagePlus i) {
				if (i == imp) syncSlice();
			}
		};
		ImagePlus.addImageListener(slices);
		undo.add(() -> ImagePlus.removeImageListener(slices));
		win.addWindowListener(new WindowAdapter() {
			@Override
			public void windowClosed(WindowEvent e) {
				detach();
			}
		});
	}

	private void wrapKeys(Container root) {
		List<Component> all = new ArrayList<>();
		collect(root, all);
		for (Component c : all) {
			KeyListener[] kl = c.getKeyListeners();
			// the canvas and the window always get our keys (without an ImageJ instance they have no listener)
			if (kl.length == 0 && c != canvas && c != root) continue;
			for (KeyListener l : kl) c.removeKeyListener(l);
			Keys keys = new Keys(kl);
			c.addKeyListener(keys);
			undo.add(() -> {
				c.removeKeyListener(keys);
				for (KeyListener l : kl) c.addKeyListener(l);
			});
		}
	}

	private static void collect(Component c, List<Component> out) {
		out.add(c);
		if (c instanceof Container) for (Component ch : ((Container) c).getComponents()) collect(ch, out);
	}

	/** Stops handling events (the window was closed); the label file is already saved. */
	public void detach() {
		for (Runnable r : undo) r.run();
		undo.clear();
	}

	/** Follows the stack slider: a slice change made by ImageJ moves the session (which saves). */
	private void syncSlice() {
		int slice = imp.getCurrentSlice() - 1;
		if (slice != session.frame() && slice >= 0 && slice < session.frameCount()) {
			run(() -> {
				session.setFrame(slice);
				session.selectFirstUnplaced();
			});
		}
	}

	/**
	 * Runs an edit, reporting a failure (e.g. the file cannot be written) in ImageJ's log. The view redraws when the
	 * session tells it of the change (and after a failure, which may have left a change unsaved).
	 */
	private void run(Runnable edit) {
		try {
			edit.run();
		}
		catch (RuntimeException e) {
			IJ.log("Annotate: " + e.getMessage());
			IJ.beep();
			refresh();
		}
	}

	private void refresh() {
		if (imp.getCurrentSlice() != session.frame() + 1) imp.setSlice(session.frame() + 1);
		imp.setOverlay(overlay(session, imp.getWidth(), imp.getHeight()));
		IJ.showStatus(session.statusLine());
	}

	/** Mouse: select/drag and right-click placement; other events are forwarded to ImageJ's canvas listeners. */
	private final class Mouse implements MouseListener, MouseMotionListener {
		private final MouseListener[] ml;
		private final MouseMotionListener[] mml;

		Mouse(MouseListener[] ml, MouseMotionListener[] mml) {
			this.ml = ml;
			this.mml = mml;
		}

		private double ix(MouseEvent e) {
			return canvas.offScreenXD(e.getX());
		}

		private double iy(MouseEvent e) {
			return canvas.offScreenYD(e.getY());
		}

		@Override
		public void mousePressed(MouseEvent e) {
			syncSlice();
			boolean right = SwingUtilities.isRightMouseButton(e) || e.isPopupTrigger();
			if (right || SwingUtilities.isLeftMouseButton(e)) {
				boolean[] used = new boolean[1];
				run(() -> used[0] = press(session, ix(e), iy(e), canvas.getMagnification(), right));
				if (used[0]) {
					dragging = !right;
					if (dragging) session.beginGesture(); // the whole drag is one undo step
					return;
				}
			}
			for (MouseListener l : ml) l.mousePressed(e);
		}

		@Override
		public void mouseDragged(MouseEvent e) {
			if (dragging) {
				double x = Math.max(0, Math.min(imp.getWidth() - 1, ix(e)));
				double y = Math.max(0, Math.min(imp.getHeight() - 1, iy(e)));
				run(() -> session.moveSelected(x, y));
				return;
			}
			for (MouseMotionListener l : mml) l.mouseDragged(e);
		}

		@Override
		public void mouseReleased(MouseEvent e) {
			if (dragging) {
				dragging = false;
				session.endGesture();
				return;
			}
			if (SwingUtilities.isRightMouseButton(e) || e.isPopupTrigger()) return;
			for (MouseListener l : ml) l.mouseReleased(e);
		}

		@Override
		public void mouseClicked(MouseEvent e) {
			if (SwingUtilities.isRightMouseButton(e)) return;
			for (MouseListener l : ml) l.mouseClicked(e);
		}

		@Override
		public void mouseEntered(MouseEvent e) {
			for (MouseListener l : ml) l.mouseEntered(e);
		}

		@Override
		public void mouseExited(MouseEvent e) {
			for (MouseListener l : ml) l.mouseExited(e);
		}

		@Override
		public void mouseMoved(MouseEvent e) {
			for (MouseMotionListener l : mml) l.mouseMoved(e);
		}
	}

	/** Keys: our editing keys are handled here; all others go on to ImageJ's listeners. */
	private final class Keys implements KeyListener {
		private final KeyListener[] next;

		Keys(KeyListener[] next) {
			this.next = next;
		}

		private Runnable action(KeyEvent e) {
			Key k = key(e.getKeyCode(), e.getKeyChar(), e.isControlDown() || e.isMetaDown() || e.isAltDown());
			if (k == null) k = shortcut(e.getKeyCode(), e.isControlDown() || e.isMetaDown(), e.isShiftDown(), e
				.isAltDown());
			Key key = k;
			return key == null ? null : () -> apply(key, session);
		}

		@Override
		public void keyPressed(KeyEvent e) {
			Runnable a = action(e);
			if (a == null) {
				for (KeyListener l : next) l.keyPressed(e);
				return;
			}
			syncSlice();
			run(a);
			e.consume();
		}

		@Override
		public void keyReleased(KeyEvent e) {
			if (action(e) == null) for (KeyListener l : next) l.keyReleased(e);
		}

		@Override
		public void keyTyped(KeyEvent e) {
			if (action(e) == null) for (KeyListener l : next) l.keyTyped(e);
		}
	}
}
