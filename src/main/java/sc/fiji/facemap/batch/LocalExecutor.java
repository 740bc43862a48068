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
package sc.fiji.facemap.batch;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.task.CanceledException;
import sc.fiji.facemap.task.Progress;

/**
 * Runs a batch's tasks on this machine: {@code workers} task processes at a time (the same {@code batch task}
 * command a SLURM node runs), each with {@code cores / workers} libtorch threads ({@code OMP_NUM_THREADS} too), so
 * the workers together never ask for more threads than there are cores. A failing task fails alone; canceling stops
 * the running tasks (SIGTERM: they save their checkpoints) and starts no more.
 */
public final class LocalExecutor {

	/** What a local run did. */
	public record Summary(int workers, int threadsPerWorker, List<Integer> ran, List<Integer> failed, double seconds) {}

	private LocalExecutor() {}

	/** Runs the tasks {@code indices} of {@code run} and waits for all of them. */
	public static Summary run(BatchRun run, ExecutorSettings s, List<Integer> indices, Progress progress) {
		int cores = Runtime.getRuntime().availableProcessors();
		int workers = Math.min(s.localWorkers(cores), Math.max(1, indices.size()));
		int threads = ExecutorSettings.threadsPerWorker(workers, cores);
		progress.log(String.format(java.util.Locale.ROOT, "Running %d tasks on this machine: %d worker%s x %d libtorch thread%s (%d cores)", indices.size(), workers,
			workers == 1 ? "" : "s", threads, threads == 1 ? "" : "s", cores));
		long t0 = System.nanoTime();
		List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
		List<Process> live = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger finished = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
			Thread th = new Thread(r, "facemap-batch-worker");
			th.setDaemon(true);
			return th;
		});
		List<Future<?>> futures = new ArrayList<>();
		for (int i : indices)
			futures.add(pool.submit(() -> {
				if (progress.isCanceled()) return;
				ProcessBuilder pb = new ProcessBuilder(TaskLauncher.taskCommand(run, i, threads, s));
				Map<String, String> env = pb.environment();
				env.put("OMP_NUM_THREADS", Integer.toString(threads));
				env.put("MKL_NUM_THREADS", Integer.toString(threads));
				pb.redirectErrorStream(true);
				pb.redirectOutput(Redirect.appendTo(run.logFile(i).toFile()));
				int rc;
				try {
					Process p = pb.start();
					live.add(p);
					rc = p.waitFor();
					live.remove(p);
				} catch (IOException e) {
					rc = -1;
					run.writeState(i, new TaskState(TaskState.FAILED, "could not start the task process (" + e.getMessage() + ")", BatchTasks.host(), 0, null, null, null, 0, 0, null));
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
				TaskState st = run.state(i);
				if (rc != 0 || st == null || !TaskState.DONE.equals(st.state())) {
					failed.add(i);
					if (st == null || TaskState.RUNNING.equals(st.state()))
						run.writeState(i, new TaskState(TaskState.FAILED, "the task process ended with exit status " + rc + " without finishing; see " + run.dir().relativize(run.logFile(i)),
							BatchTasks.host(), 0, null, st == null ? null : st.started(), null, 0, 0, null));
					progress.log("Task " + i + " failed: " + run.state(i).message());
				}
				progress.update(finished.incrementAndGet(), indices.size(), "Batch tasks");
			}));
		pool.shutdown();
		try {
			while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
				if (progress.isCanceled()) {
					synchronized (live) {
						for (Process p : live)
							p.destroy(); // SIGTERM: the task saves its checkpoint and records that it was interrupted
					}
					pool.shutdownNow();
					pool.awaitTermination(90, TimeUnit.SECONDS);
					throw new CanceledException("the running tasks were stopped (they resume with facemap batch retry)");
				}
			}
			for (Future<?> f : futures)
				f.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CanceledException();
		} catch (java.util.concurrent.ExecutionException e) {
			throw new FacemapException("a batch worker failed: " + e.getCause(), e.getCause());
		}
		List<Integer> f = new ArrayList<>(failed);
		Collections.sort(f);
		return new Summary(workers, threads, List.copyOf(indices), f, (System.nanoTime() - t0) / 1e9);
	}
}
