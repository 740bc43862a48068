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
package sc.fiji.facemap.neural;

/**
 * numpy's legacy {@code RandomState} (MT19937) far enough for {@code np.random.seed(s); np.random.permutation(n)},
 * which orders the training segments of Facemap's {@code train_model} in every epoch.
 */
final class NumpyRandom {

	private final int[] mt = new int[624];
	private int pos;

	NumpyRandom(long seed) {
		int s = (int) (seed & 0xffffffffL);
		mt[0] = s;
		for (int i = 1; i < 624; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
		pos = 624;
	}

	int nextInt32() {
		if (pos >= 624) {
			for (int i = 0; i < 624; i++) {
				int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
				int v = mt[(i + 397) % 624] ^ (y >>> 1);
				if ((y & 1) != 0) v ^= 0x9908b0df;
				mt[i] = v;
			}
			pos = 0;
		}
		int y = mt[pos++];
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y;
	}

	/** numpy's {@code random_interval(max)}: uniform in [0, max] by masked rejection (max &lt; 2^32). */
	long interval(long max) {
		if (max == 0) return 0;
		long mask = max;
		mask |= mask >>> 1;
		mask |= mask >>> 2;
		mask |= mask >>> 4;
		mask |= mask >>> 8;
		mask |= mask >>> 16;
		long v;
		do {
			v = (nextInt32() & 0xffffffffL) & mask;
		} while (v > max);
		return v;
	}

	/** {@code np.random.seed(seed); np.random.permutation(n)}. */
	static int[] permutation(long seed, int n) {
		NumpyRandom r = new NumpyRandom(seed);
		int[] a = new int[n];
		for (int i = 0; i < n; i++) a[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = (int) r.interval(i);
			int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		return a;
	}
}
