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
package sc.fiji.facemap.video;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.CanceledException;

/**
 * Reads a range of frames in order on a background thread, a few frames ahead of the consumer, so that decoding
 * overlaps with whatever the caller does with each frame (motion SVD, network inference). While a prefetcher is open,
 * only it may use the source; {@link #close()} stops the thread and hands the source back.
 * <p>
 * An error reading frame i is thrown by {@link #next()} when the consumer reaches frame i, as the
 * {@link FacemapException} the source threw (naming the file and the frame).
 */
public final class FramePrefetcher implements AutoCloseable {

	private record Item(int index, byte[] frame, RuntimeException error) {}

	private static final Item END = new Item(-1, null, null);

	private final BlockingQueue<Item> queue;
	private final Thread thread;
	private final int to;
	private final int step;
	private volatile boolean stop;
	private int next;
	private boolean ended;

	/**
	 * Starts reading frames {@code from, from + step, ...} below {@code to}.
	 *
	 * @param depth frames decoded ahead at most (memory: depth x frame size)
	 */
	public FramePrefetcher(VideoSource source, int from, int to, int step, int depth) {
		if (step < 1) throw new IllegalArgumentException("step must be positive");
		if (from < 0 || to > source.frameCount() || from > to) throw new IndexOutOfBoundsException("frames " + from
			+ ".." + to + " of " + source.frameCount());
		this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
		this.to = to;
		this.step = step;
		this.next = from;
		int size = source.width() * source.height();
		this.thread = new Thread(() -> {
			try {
				for (int i = from; i < to && !stop; i += step) {
					Item item;
					try {
						byte[] f = new byte[size];
						source.read(i, f);
						item = new Item(i, f, null);
					}
					catch (RuntimeException e) {
						item = new Item(i, null, e);
					}
					queue.put(item);
					if (item.error != null) return;
				}
				queue.put(END);
			}
			catch (InterruptedException e) {
				// closed
			}
		}, "facemap-prefetch " + source.path().getFileName());
		thread.setDaemon(true);
		thread.start();
	}

	/** Prefetches the whole source, 8 frames ahead. */
	public FramePrefetcher(VideoSource source) {
		this(source, 0, source.frameCount(), 1, 8);
	}

	public boolean hasNext() {
		return !ended && next < to;
	}

	/** Index of the frame the next call to {@link #next()} returns. */
	public int nextIndex() {
		return next;
	}

	/** The next frame (a new array, owned by the caller). */
	public byte[] next() {
		if (!hasNext()) throw new NoSuchElementException();
		Item item;
		try {
			item = queue.take();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CanceledException();
		}
		if (item == END) {
			ended = true;
			throw new NoSuchElementException();
		}
		if (item.error != null) {
			ended = true;
			throw item.error;
		}
		next = item.index + step;
		return item.frame;
	}

	/** Stops the background thread and waits for it, so that the source can be used (or closed) again. */
	@Override
	public void close() {
		stop = true;
		thread.interrupt();
		queue.clear();
		try {
			thread.join();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		queue.clear();
	}
}
