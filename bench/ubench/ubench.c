// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace microbenchmark of the pool4 core's lookup path and of the
 * allocator (kernel/core/: pool4.c, pool4_lookup.c, taddr_occ.c, taddr_alloc.c, built
 * unchanged against shims), meant to run under callgrind:
 *
 *   valgrind --tool=callgrind --instr-atstart=no ubench OP SHAPE [OCC FILL]
 *
 *   OP     nth | contains | index | alloc
 *   SHAPE  1 (192.0.2.1), 24 (198.18.0.0/24), 16 (198.18.0.0/16); UDP,
 *          ports 61001-65535
 *   OCC    alloc only: percentage of transport addresses already taken
 *   FILL   alloc only: random (taken ones scattered uniformly, marked
 *          with taddr_reserve()) or alloc (taken ones are what
 *          taddr_alloc() itself handed out to 64 hosts: their addresses
 *          full, the runs of full addresses after them)
 *
 * Instrumentation starts right before the measured loop of CALLS calls, so
 * the callgrind total divided by CALLS is the cost of one call.  For alloc,
 * each allocated transport address is released right away (outside the
 * collection), so the occupancy stays where the fill put it.  Prints
 * "calls N failed F occupancy P": the FILL=alloc fill stops early when the
 * allocator refuses 20000 times, P says where it got.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "kcore_test.h"

#define CALLS 20000
#define PORT_MIN 61001
#define PORT_MAX 65535

/* The slab shim's bookkeeping (selftests/lib/kinclude/linux/slab.h). */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

static u64 rng = 88172645463325252ULL;

static u64 next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned char *taken_bits;
static struct taddr_occ occ;
static struct taddr_arrays arrays;

static void random_src6(struct in6_addr *a)
{
	u64 hi = 0x20010db8ULL << 32, lo = next();

	memcpy(&a->s6_addr[0], &hi, 8);
	memcpy(&a->s6_addr[8], &lo, 8);
}

struct query {
	u64 k;
	u32 addr;
	u16 port;
	struct in6_addr src6;
};

static const struct pool4_table *table;
static const struct pool4_snapshot *snap;
static struct query *queries;
static volatile u64 sink;
static unsigned long failed;

static void __attribute__((noinline)) measure(const char *op)
{
	u32 addr;
	u16 port;
	u64 k;
	int i;

	if (!strcmp(op, "nth")) {
		for (i = 0; i < CALLS; i++) {
			pool4_table_nth(table, queries[i].k, &addr, &port);
			sink += addr + port;
		}
	} else if (!strcmp(op, "contains")) {
		for (i = 0; i < CALLS; i++)
			sink += pool4_table_contains(table, queries[i].addr, queries[i].port);
	} else if (!strcmp(op, "index")) {
		for (i = 0; i < CALLS; i++) {
			sink += pool4_table_index(table, queries[i].addr, queries[i].port, &k);
			sink += k;
		}
	} else {
		for (i = 0; i < CALLS; i++) {
			if (taddr_alloc(snap, JOOL_PROTO_UDP, 0, &queries[i].src6,
					&occ, &addr, &port)) {
				failed++;
				continue;
			}
			sink += addr + port;
			CALLGRIND_TOGGLE_COLLECT;
			taddr_release(&occ, addr, port);
			CALLGRIND_TOGGLE_COLLECT;
		}
	}
}

int main(int argc, char **argv)
{
	struct pool4_record rec = {
		.proto = JOOL_PROTO_UDP, .port_min = PORT_MIN, .port_max = PORT_MAX,
	};
	const struct pool4_record *recs[] = { &rec };
	const char *op;
	u64 want, have = 0, k;
	int i, pct = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: ubench nth|contains|index|alloc 1|24|16 [OCC random|alloc]\n");
		return 64;
	}
	op = argv[1];
	rec.prefix_len = atoi(argv[2]);
	rec.addr = rec.prefix_len == 32 || rec.prefix_len == 1 ? 0xc0000201 : 0xc6120000;
	if (rec.prefix_len == 1)
		rec.prefix_len = 32;
	if (argc > 3)
		pct = atoi(argv[3]);
	snap = pool4_snapshot_build(recs, 1);
	table = snap ? pool4_table_find(snap, 0, JOOL_PROTO_UDP) : NULL;
	if (!table) {
		fprintf(stderr, "ubench: no table\n");
		return 1;
	}
	queries = calloc(CALLS, sizeof(*queries));
	for (i = 0; i < CALLS; i++) {
		queries[i].k = next() % table->size;
		pool4_table_nth(table, next() % table->size, &queries[i].addr,
				&queries[i].port);
		random_src6(&queries[i].src6);
	}
	taddr_occ_init(&occ);
	if (taddr_arrays_alloc(&arrays)) {
		fprintf(stderr, "ubench: no memory\n");
		return 1;
	}
	taddr_occ_attach(&occ, &arrays);
	taken_bits = calloc(table->size / 8 + 1, 1);
	want = table->size * pct / 100;
	if (argc > 4 && !strcmp(argv[4], "alloc")) {
		struct in6_addr hosts[64];
		unsigned long misses = 0;
		u32 addr;
		u16 port;

		for (i = 0; i < 64; i++)
			random_src6(&hosts[i]);
		while (have < want) {
			/* Gives up when the allocator keeps refusing. */
			if (taddr_alloc(snap, JOOL_PROTO_UDP, 0, &hosts[next() % 64],
					&occ, &addr, &port)) {
				if (++misses > 20000)
					break;
				continue;
			}
			have++;
		}
	} else if (want) {
		/* All taken, then free random ones until occ % remain. */
		memset(taken_bits, 0xff, table->size / 8 + 1);
		have = table->size;
		while (have > want) {
			u64 k = next() % table->size;

			if (taken_bits[k >> 3] & (1 << (k & 7))) {
				taken_bits[k >> 3] &= ~(1 << (k & 7));
				have--;
			}
		}
		for (k = 0; k < table->size; k++) {
			u32 addr;
			u16 port;

			if (!(taken_bits[k >> 3] & (1 << (k & 7))))
				continue;
			pool4_table_nth(table, k, &addr, &port);
			if (taddr_reserve(&occ, addr, port)) {
				fprintf(stderr, "ubench: no memory\n");
				return 1;
			}
		}
	}
	CALLGRIND_START_INSTRUMENTATION;
	measure(op);
	CALLGRIND_STOP_INSTRUMENTATION;
	printf("calls %d failed %lu occupancy %.2f\n", CALLS, failed,
	       100.0 * have / table->size);
	taddr_occ_free(&occ);
	pool4_snapshot_free((struct pool4_snapshot *)snap);
	return 0;
}
