/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the wall-time benchmarks of bench/ubench share: a clock, the
 * median of a run's samples, and a cheap repeatable random sequence.
 */
#ifndef _JOOL_UBENCH_TIMING_H
#define _JOOL_UBENCH_TIMING_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* Nanoseconds on @clock (CLOCK_MONOTONIC, or CLOCK_THREAD_CPUTIME_ID). */
static inline double now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @v. */
static inline double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64*: repeatable, and cheaper than the code it feeds. */
static inline uint64_t xorshift64s(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

#endif
