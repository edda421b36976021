// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of the pool4 core: kernel/core/pool4.c and pool4_lookup.c built
 * unchanged against the shims in selftests/lib/kinclude, -O2, no
 * sanitizers.  It prints figures; it asserts nothing about time (machines
 * differ), only that each build succeeded.
 *
 *   make -C bench/ubench wall [BENCH_ARGS=-n 11]
 *
 * Every figure is the median of N runs (-n, default 21) measured with
 * clock_gettime(CLOCK_MONOTONIC), or with CLOCK_THREAD_CPUTIME_ID under -c
 * (steadier on a loaded machine: time spent preempted is left out).
 * Lookups are timed over batches of calls and reported per call.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kcore_test.h"
#include "timing.h"

/* Failure injection and accounting of the slab shim (unused here). */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

#define IP(a, b, c, d) ((u32)(a) << 24 | (u32)(b) << 16 | (u32)(c) << 8 | (u32)(d))
#define BATCH 1000000

static unsigned int runs = 21;
static clockid_t clock_id = CLOCK_MONOTONIC;
/* Results land here so that the compiler cannot drop the calls. */
u64 bench_sink;

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng(void)
{
	return xorshift64s(&rng_state);
}

static struct pool4_record rec(u32 addr, u8 len, u16 min, u16 max)
{
	struct pool4_record r = {
		.mark = 0, .proto = JOOL_PROTO_TCP, .addr = addr, .prefix_len = len,
		.port_min = min, .port_max = max,
	};
	return r;
}

struct set {
	const char *name;
	struct pool4_record *recs;
	const struct pool4_record **ptrs;
	unsigned int n;
};

static void set_alloc(struct set *s, const char *name, unsigned int n)
{
	unsigned int i;

	s->name = name;
	s->n = n;
	s->recs = calloc(n, sizeof(*s->recs));
	s->ptrs = calloc(n, sizeof(*s->ptrs));
	if (!s->recs || !s->ptrs) {
		perror("calloc");
		exit(1);
	}
	for (i = 0; i < n; i++)
		s->ptrs[i] = &s->recs[i];
}

/* Configfs hands records over in creation order: shuffle them. */
static void set_shuffle(struct set *s)
{
	unsigned int i, j;

	for (i = s->n; i > 1; i--) {
		const struct pool4_record *t;

		j = rng() % i;
		t = s->ptrs[i - 1];
		s->ptrs[i - 1] = s->ptrs[j];
		s->ptrs[j] = t;
	}
}

/* @n distinct, non-adjacent /32s: @n spans. */
static void set_distinct(struct set *s, const char *name, unsigned int n)
{
	unsigned int i;

	set_alloc(s, name, n);
	for (i = 0; i < n; i++)
		s->recs[i] = rec(IP(10, 0, 0, 0) + 2 * i, 32, 61001, 65535);
	set_shuffle(s);
}

/*
 * @n random prefixes /16../32 inside 10.0.0.0/16 with random port ranges:
 * deep nesting, many splits.
 */
static void set_overlap(struct set *s, const char *name, unsigned int n)
{
	unsigned int i;

	set_alloc(s, name, n);
	for (i = 0; i < n; i++) {
		u8 len = 16 + rng() % 17;
		u32 host = (u32)((1ULL << (32 - len)) - 1);
		u16 min = 1 + rng() % 60000;
		u16 max = min + rng() % 5000;

		s->recs[i] = rec((IP(10, 0, 0, 0) | (rng() & 0xffff)) & ~host,
				 len, min, max);
	}
	set_shuffle(s);
}

/*
 * The documented quadratic case: @m records of one /16 with disjoint port
 * ranges, over @n - @m distinct /32s inside it.  The output is as large:
 * about 2 (@n - @m) spans of @m + 1 ranges.
 */
static void set_worst(struct set *s, const char *name, unsigned int n,
		      unsigned int m)
{
	unsigned int i;

	set_alloc(s, name, n);
	for (i = 0; i < m; i++)
		s->recs[i] = rec(IP(10, 0, 0, 0), 16, 1 + 4 * i, 2 + 4 * i);
	for (; i < n; i++)
		s->recs[i] = rec(IP(10, 0, 0, 0) + 2 * (i - m), 32,
				 61001, 65535);
	set_shuffle(s);
}

static struct pool4_snapshot *build_once(const struct set *s)
{
	struct pool4_snapshot *snap = pool4_snapshot_build(s->ptrs, s->n);

	if (!snap) {
		fprintf(stderr, "%s: build failed\n", s->name);
		exit(1);
	}
	return snap;
}

static const struct pool4_table *only_table(const struct pool4_snapshot *snap)
{
	return snap->table_count ? &snap->tables[0] : NULL;
}

static void row(const char *what, double ns, const char *extra)
{
	if (ns >= 1e6)
		printf("  %-44s %10.3f ms  %s\n", what, ns / 1e6, extra);
	else if (ns >= 1e3)
		printf("  %-44s %10.3f us  %s\n", what, ns / 1e3, extra);
	else
		printf("  %-44s %10.1f ns  %s\n", what, ns, extra);
}

static void bench_build(const struct set *s)
{
	double *t = calloc(runs, sizeof(*t));
	struct pool4_snapshot *snap = NULL;
	char what[128], extra[128];
	unsigned int i;

	for (i = 0; i < runs; i++) {
		double t0 = now_ns(clock_id);

		snap = build_once(s);
		t[i] = now_ns(clock_id) - t0;
		if (i + 1 < runs)
			pool4_snapshot_free(snap);
	}
	snprintf(what, sizeof(what), "build %s", s->name);
	snprintf(extra, sizeof(extra), "(%u records -> %u spans)", s->n,
		 only_table(snap) ? only_table(snap)->span_count : 0);
	row(what, median(t, runs), extra);
	pool4_snapshot_free(snap);
	free(t);
}

static void bench_count(const char *name, const struct pool4_snapshot *snap)
{
	double *t = calloc(runs, sizeof(*t));
	struct pool4_count c;
	char what[128];
	unsigned int i;

	for (i = 0; i < runs; i++) {
		double t0 = now_ns(clock_id);

		pool4_snapshot_count(snap, &c);
		t[i] = now_ns(clock_id) - t0;
		bench_sink += c.taddrs;
	}
	snprintf(what, sizeof(what), "pool4_snapshot_count, %s", name);
	row(what, median(t, runs), "(one call, incl. clock overhead)");
	free(t);
}

enum op { OP_NTH, OP_CONTAINS, OP_INDEX };

/* Per-call time of @op on @t, over BATCH pseudo-random members. */
static void bench_lookup(const char *name, const struct pool4_table *t,
			 enum op op)
{
	static const char *const ops[] = { "pool4_table_nth", "pool4_table_contains",
					   "pool4_table_index" };
	double *ts = calloc(runs, sizeof(*ts));
	u32 *addrs = malloc(BATCH * sizeof(*addrs));
	u16 *ports = malloc(BATCH * sizeof(*ports));
	u64 *ks = malloc(BATCH * sizeof(*ks));
	char what[128];
	unsigned int i, r;

	for (i = 0; i < BATCH; i++) {
		ks[i] = rng() % t->size;
		pool4_table_nth(t, ks[i], &addrs[i], &ports[i]);
	}
	for (r = 0; r < runs; r++) {
		double t0 = now_ns(clock_id);
		u64 acc = 0;

		for (i = 0; i < BATCH; i++) {
			u32 a;
			u16 p;
			u64 k = 0;

			switch (op) {
			case OP_NTH:
				pool4_table_nth(t, ks[i], &a, &p);
				acc += a + p;
				break;
			case OP_CONTAINS:
				acc += pool4_table_contains(t, addrs[i], ports[i]);
				break;
			case OP_INDEX:
				if (!pool4_table_index(t, addrs[i], ports[i], &k) ||
				    k != ks[i]) {
					fprintf(stderr, "index mismatch\n");
					exit(1);
				}
				acc += k;
				break;
			}
		}
		ts[r] = (now_ns(clock_id) - t0) / BATCH;
		bench_sink += acc;
	}
	snprintf(what, sizeof(what), "%s, %s", ops[op], name);
	row(what, median(ts, runs), "(per call)");
	free(ts);
	free(addrs);
	free(ports);
	free(ks);
}

int main(int argc, char **argv)
{
	struct set d1, d100, d1k, d10k, overlap, worst, s16;
	struct pool4_snapshot *snap16, *snap10k;
	int opt;

	while ((opt = getopt(argc, argv, "cn:")) != -1) {
		if (opt == 'c') {
			clock_id = CLOCK_THREAD_CPUTIME_ID;
		} else if (opt == 'n' && atoi(optarg) > 0) {
			runs = atoi(optarg);
		} else {
			fprintf(stderr, "usage: %s [-c] [-n runs]\n", argv[0]);
			return 2;
		}
	}

	set_distinct(&d1, "1 /32", 1);
	set_distinct(&d100, "100 distinct /32s", 100);
	set_distinct(&d1k, "1,000 distinct /32s", 1000);
	set_distinct(&d10k, "10,000 distinct /32s", 10000);
	set_overlap(&overlap, "10,000 overlapping /16../32", 10000);
	set_worst(&worst, "100 port ranges of a /16 + 9,900 /32", 10000, 100);
	set_alloc(&s16, "one /16", 1);
	s16.recs[0] = rec(IP(198, 18, 0, 0), 16, 1, 65535);

	printf("pool4 core benchmark: median of %u runs, -O2, userspace, %s time\n",
	       runs, clock_id == CLOCK_MONOTONIC ? "wall" : "thread CPU");
	printf("snapshot build (pool4_snapshot_build + free excluded):\n");
	bench_build(&d1);
	bench_build(&d100);
	bench_build(&d1k);
	bench_build(&d10k);
	bench_build(&overlap);
	bench_build(&worst);
	bench_build(&s16);

	snap16 = build_once(&s16);
	snap10k = build_once(&d10k);
	printf("count:\n");
	bench_count("one /16", snap16);
	bench_count("10,000 spans", snap10k);
	printf("lookups (%u pseudo-random members per run):\n", BATCH);
	bench_lookup("/16 table", only_table(snap16), OP_NTH);
	bench_lookup("/16 table", only_table(snap16), OP_CONTAINS);
	bench_lookup("/16 table", only_table(snap16), OP_INDEX);
	bench_lookup("10,000-span table", only_table(snap10k), OP_NTH);
	bench_lookup("10,000-span table", only_table(snap10k), OP_CONTAINS);
	bench_lookup("10,000-span table", only_table(snap10k), OP_INDEX);
	pool4_snapshot_free(snap16);
	pool4_snapshot_free(snap10k);
	return 0;
}
