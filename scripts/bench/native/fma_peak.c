/*
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
 *
 * FMA-loop peak for scripts/bench/track: each of T threads runs 12 independent float32 FMA chains in registers
 * (AVX-512 when compiled for it, else AVX2) for a fixed count; prints "<GFLOP/s> <vector bits>" of the best of 5.
 * Build: cc -O2 -march=native -pthread fma_peak.c -o fma_peak. Usage: fma_peak THREADS
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ITER 100000000L
#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
static float hsum(vec v) { return _mm512_reduce_add_ps(v); }
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
static float hsum(vec v) { float f[8]; _mm256_storeu_ps(f, v); return f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7]; }
#endif

static volatile float sink;

static void *work(void *arg) {
	(void) arg;
	vec a = SET1(0.999999f), b = SET1(1e-7f);
	vec c0 = SET1(1), c1 = SET1(2), c2 = SET1(3), c3 = SET1(4), c4 = SET1(5), c5 = SET1(6);
	vec c6 = SET1(7), c7 = SET1(8), c8 = SET1(9), c9 = SET1(10), c10 = SET1(11), c11 = SET1(12);
	for (long i = 0; i < ITER; i++) {
		c0 = FMA(c0, a, b); c1 = FMA(c1, a, b); c2 = FMA(c2, a, b); c3 = FMA(c3, a, b);
		c4 = FMA(c4, a, b); c5 = FMA(c5, a, b); c6 = FMA(c6, a, b); c7 = FMA(c7, a, b);
		c8 = FMA(c8, a, b); c9 = FMA(c9, a, b); c10 = FMA(c10, a, b); c11 = FMA(c11, a, b);
	}
	vec s = ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7)));
	s = ADD(s, ADD(ADD(c8, c9), ADD(c10, c11)));
	sink = hsum(s);
	return NULL;
}

int main(int argc, char **argv) {
	int t = argc > 1 ? atoi(argv[1]) : 1;
	if (t < 1 || t > 1024) t = 1;
	pthread_t *th = malloc(sizeof(pthread_t) * t);
	double best = 0;
	for (int rep = 0; rep < 5; rep++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < t; i++) pthread_create(&th[i], NULL, work, NULL);
		for (int i = 0; i < t; i++) pthread_join(th[i], NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
		double gflops = (double) t * ITER * 12 * LANES * 2 / s / 1e9;
		if (gflops > best) best = gflops;
	}
	printf("%.1f %d\n", best, LANES * 32);
	free(th);
	return 0;
}
