// SPDX-License-Identifier: GPL-2.0
/*
 * What the BIB's hash tables cost a lookup as they fill: kernel/state/bht.c
 * built unchanged against the shims in selftests/lib/kinclude, -O2, run
 * natively, where a cache miss costs what it costs on a translator (TCG
 * emulates no cache, so the VM benchmarks cannot show it).
 *
 *   make -C bench/ubench bht
 *
 * runs the table at 4 entries a bucket before it doubles (the module's
 * BHT_LOAD_MAX) and at 2 (a build with -DBHT_LOAD_MAX=2).  For each
 * size, entries of 56 bytes (a BIB entry's size) in one array, as a slab
 * packs them, hashed with siphash as state/bib_hash.c does; then lookups
 * of entries present and of keys absent, in a random order that no
 * prefetcher follows.  It prints the load (entries a bucket), the bytes
 * of buckets an entry, and the nanoseconds of a lookup (median of -n
 * runs, default 7, of a million lookups each).  It asserts only that
 * every present key is found and no absent one is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/siphash.h>

#include "state/bht.h"
#include "timing.h"

/* The slab shim's counters (selftests/lib/kinclude/linux/slab.h). */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

#define LOOKUPS	1000000u

/* The Makefile builds bht.c as the module does, and with 2. */
#define STR(x) #x
#define VALUE(x) STR(x)
#ifdef BHT_LOAD_MAX
#define BUILD "-DBHT_LOAD_MAX=" VALUE(BHT_LOAD_MAX)
#else
#define BUILD "the module's BHT_LOAD_MAX"
#endif

/* A stand-in of struct bib_entry's size, its node where the real one is. */
struct entry {
	u64 key;
	struct bht_node node;
	u8 rest[40];
};

static const siphash_key_t hash_key = { { 0x0123456789abcdefULL,
					  0xfedcba9876543210ULL } };

static u32 key_hash(u64 key)
{
	return (u32)siphash(&key, sizeof(key), &hash_key);
}

static u32 entry_hash(const void *obj)
{
	return key_hash(((const struct entry *)obj)->key);
}

static bool entry_match(const void *obj, const void *key)
{
	return ((const struct entry *)obj)->key == *(const u64 *)key;
}

/*
 * Median ns of one lookup over @runs runs of LOOKUPS lookups of @keys;
 * @found counts the hits of the last run.
 */
static double time_lookups(struct bht *ht, const u64 *keys, const u32 *hashes,
			   unsigned int runs, u32 *found)
{
	double t[64];
	unsigned int r, i;

	for (r = 0; r < runs; r++) {
		double t0 = now_ns(CLOCK_MONOTONIC);

		*found = 0;
		for (i = 0; i < LOOKUPS; i++)
			*found += bht_lookup(ht, hashes[i], &keys[i],
					     entry_match,
					     offsetof(struct entry, node)) != NULL;
		t[r] = (now_ns(CLOCK_MONOTONIC) - t0) / LOOKUPS;
	}
	return median(t, runs);
}

/* The keys to look up: @present of the table's @n, or keys it lacks. */
static void pick_keys(u64 *keys, u32 *hashes, u32 n, bool present, u64 seed)
{
	u32 i;

	for (i = 0; i < LOOKUPS; i++) {
		u64 k = xorshift64s(&seed) % n;

		keys[i] = present ? k : n + k;
		hashes[i] = key_hash(keys[i]);
	}
}

static int bench_size(u32 n, unsigned int runs, u64 *keys, u32 *hashes)
{
	struct entry *e = calloc(n, sizeof(*e));
	double hit, miss;
	struct bht ht;
	u32 i, found;
	int ret = 0;

	if (!e || bht_init(&ht, offsetof(struct entry, node), entry_hash, n)) {
		fprintf(stderr, "bht_bench: out of memory at %u entries\n", n);
		free(e);
		return 1;
	}
	for (i = 0; i < n; i++) {
		e[i].key = i;
		bht_insert(&ht, &e[i].node, key_hash(i));
		/* The resize it asks for, as the kernel's worker would. */
		shim_run_work(&ht.resize);
	}
	pick_keys(keys, hashes, n, true, n);
	hit = time_lookups(&ht, keys, hashes, runs, &found);
	if (found != LOOKUPS) {
		fprintf(stderr, "bht_bench: %u of %u present keys found\n",
			found, LOOKUPS);
		ret = 1;
	}
	pick_keys(keys, hashes, n, false, n + 1);
	miss = time_lookups(&ht, keys, hashes, runs, &found);
	if (found) {
		fprintf(stderr, "bht_bench: %u absent keys found\n", found);
		ret = 1;
	}
	printf("%u\t%.2f\t%.2f\t%.1f\t%.1f\n", n,
	       (double)n / (ht.cur->mask + 1),
	       (double)(ht.cur->mask + 1) * sizeof(void *) / n, hit, miss);
	for (i = 0; i < n; i++) {
		bht_remove(&ht, &e[i].node, key_hash(i));
		shim_run_work(&ht.resize);
	}
	bht_destroy(&ht);
	free(e);
	return ret;
}

int main(int argc, char **argv)
{
	/* Just before and just after a doubling, at three scales. */
	static const u32 sizes[] = { 65536, 65537, 1048576, 1048577,
				     4194304, 4194305 };
	unsigned int runs = 7, i;
	u64 *keys = malloc(LOOKUPS * sizeof(*keys));
	u32 *hashes = malloc(LOOKUPS * sizeof(*hashes));
	int opt, ret = 0;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || atoi(optarg) < 1 || atoi(optarg) > 64) {
			fprintf(stderr, "usage: bht_bench [-n RUNS (1-64)]\n");
			return 2;
		}
		runs = atoi(optarg);
	}
	if (!keys || !hashes)
		return 1;
	printf("# bht.c built with %s\n", BUILD);
	printf("# entries\tload\tbucket_bytes_per_entry\tns_hit\tns_miss\n");
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		ret |= bench_size(sizes[i], runs, keys, hashes);
	free(keys);
	free(hashes);
	return ret;
}
