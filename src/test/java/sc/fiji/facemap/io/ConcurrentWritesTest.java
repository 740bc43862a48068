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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.facemap.testutil.TempFiles;

/** Two writers of one output at the same time both succeed; the file is always one complete write. */
class ConcurrentWritesTest {

	@Test
	void concurrentWritersOfOneFileNeverCollide(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("v_FacemapPose.csv");
		String a = "a".repeat(200_000), b = "b".repeat(300_000);
		List<Throwable> errors = new ArrayList<>();
		for (int round = 0; round < 40; round++) {
			CyclicBarrier start = new CyclicBarrier(2);
			Thread[] t = new Thread[2];
			for (int i = 0; i < 2; i++) {
				String text = i == 0 ? a : b;
				t[i] = new Thread(() -> {
					try {
						start.await();
						AtomicFiles.writeString(f, text);
					} catch (Throwable e) {
						synchronized (errors) {
							errors.add(e);
						}
					}
				});
				t[i].start();
			}
			for (Thread x : t)
				x.join();
			String now = Files.readString(f);
			assertTrue(now.equals(a) || now.equals(b), "round " + round + ": a mixed or partial file of " + now.length() + " characters");
		}
		assertEquals(List.of(), errors);
		TempFiles.assertNoneIn(tmp);
	}
}
