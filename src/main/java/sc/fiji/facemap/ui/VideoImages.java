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

import java.nio.file.Path;
import java.util.Locale;

import ij.ImageListener;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.Progress;
import sc.fiji.facemap.video.VideoSource;
import sc.fiji.facemap.video.VideoSources;

/**
 * Opens videos as ImageJ images: a {@link VideoVirtualStack} (frames decoded on demand, opens at once) or a stack
 * loaded into memory. Frames are the image's time axis, with the frame interval set from the video's frame rate.
 * This is the static API behind {@code Open Video...}, also meant for Jython scripts.
 */
public final class VideoImages {

	/** Frames a video image decodes ahead while played or stepped through. */
	public static final int READ_AHEAD = 8;

	private VideoImages() {}

	/** Opens {@code path} as a virtual stack with the default frame cache. */
	public static ImagePlus open(Path path) {
		return open(path, false, VideoVirtualStack.DEFAULT_CACHE_BYTES, Progress.NONE);
	}

	/**
	 * @param inMemory decode every frame now (with progress; canceled through {@code progress}) instead of on demand
	 * @param cacheBytes frame cache of the virtual stack
	 */
	public static ImagePlus open(Path path, boolean inMemory, long cacheBytes, Progress progress) {
		VideoSource source = VideoSources.open(path);
		try {
			return inMemory ? load(source, progress) : virtual(source, cacheBytes);
		}
		catch (RuntimeException e) {
			source.close();
			throw e;
		}
	}

	/** Wraps an open source as a virtual stack image; the source is closed when the image is closed. */
	public static ImagePlus virtual(VideoSource source, long cacheBytes) {
		VideoVirtualStack stack = new VideoVirtualStack(source, cacheBytes);
		stack.setReadAhead(READ_AHEAD);
		ImagePlus imp = new ImagePlus(title(source), stack);
		describe(imp, source);
		closeWithImage(imp, stack);
		return imp;
	}

	/** Decodes every frame of {@code source} into memory and closes it. */
	public static ImagePlus load(VideoSource source, Progress progress) {
		try (source) {
			int n = source.frameCount(), w = source.width(), h = source.height();
			long bytes = (long) n * w * h;
			long free = Runtime.getRuntime().maxMemory() -
				(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
			if (bytes > free * 0.8)
				throw new FacemapException(source.path(), String.format(Locale.ROOT,
					"%d frames of %dx%d need %d MB, more than the %d MB of free memory; open it as a virtual stack", n, w,
					h, bytes >> 20, free >> 20));
			ImageStack stack = new ImageStack(w, h);
			for (int i = 0; i < n; i++) {
				progress.checkCanceled();
				byte[] b = new byte[w * h];
				source.read(i, b);
				stack.addSlice("frame " + i, new ByteProcessor(w, h, b));
				progress.update(i + 1, n, "Reading " + source.path().getFileName());
			}
			ImagePlus imp = new ImagePlus(title(source), stack);
			describe(imp, source);
			return imp;
		}
	}

	private static String title(VideoSource source) {
		Path name = source.path().getFileName();
		return name == null ? source.path().toString() : name.toString();
	}

	private static void describe(ImagePlus imp, VideoSource source) {
		imp.setDimensions(1, 1, source.frameCount());
		double fps = source.fps();
		if (fps > 0) {
			Calibration cal = imp.getCalibration();
			cal.frameInterval = 1.0 / fps;
			cal.fps = fps;
			cal.setTimeUnit("s");
		}
		imp.setProperty("Info", String.format(Locale.ROOT,
			"Video: %s%nCodec: %s%nFrames: %d%nFrame rate: %.4f fps%nSize: %dx%d%n", source.path().toAbsolutePath(),
			source.codec(), source.frameCount(), fps, source.width(), source.height()));
		imp.setProperty("facemap.video", source.path().toAbsolutePath().toString());
	}

	/** Closes the stack's decoder when ImageJ closes the image. */
	private static void closeWithImage(ImagePlus imp, VideoVirtualStack stack) {
		ImagePlus.addImageListener(new ImageListener() {
			@Override
			public void imageOpened(ImagePlus i) {}

			@Override
			public void imageUpdated(ImagePlus i) {}

			@Override
			public void imageClosed(ImagePlus i) {
				if (i == imp) {
					ImagePlus.removeImageListener(this);
					stack.close();
				}
			}
		});
	}
}
