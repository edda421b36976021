// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the BIB's hash tables (kernel/state/bht.c,
 * built unchanged against the one-thread shims of selftests/lib/kinclude):
 * the resize an insert or remove asks for runs right after it, as if the
 * kernel's worker ran at once, but never inside a call of a walk, which
 * holds the mutex a resize takes.
 *
 *   make -C selftests/bht-core run
 *
 * grow_and_shrink: after every insert and remove the table holds at most
 * 4 entries a bucket, and at least 1/4 unless it is at its fewest
 * buckets (bht.h); every entry present is found, none removed is.
 * cap: a table never grows past the buckets its bht_init() allowed.
 * nomem: a resize that cannot allocate its array leaves the table as it
 * was (longer chains), and the next insert that asks again succeeds.
 * walk_once: a walk in ranges lists every entry exactly once.
 * walk_across_resizes: a table doubling and halving between the calls of
 * a walk: every entry present from its start to its end is listed once,
 * none twice (bib_scale.sh checks the same for a listing across the
 * doublings of 100,000 entries in the module).
 * walk_removes: the walk's function may remove the entry it is given.
 */
#include <linux/siphash.h>

#include "state/bht.h"
#include "kselftest_harness.h"

/* The slab shim's counters (selftests/lib/kinclude/linux/slab.h). */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

#define FEWEST	BHT_LOCKS	/* buckets of an empty table */

struct entry {
	u32 key;
	bool in;		/* in the table */
	unsigned int seen;	/* times the walk listed it */
	struct bht_node node;
};

static const siphash_key_t hash_key = { { 0x0706050403020100ULL,
					  0x0f0e0d0c0b0a0908ULL } };

static u32 key_hash(u32 key)
{
	return (u32)siphash(&key, sizeof(key), &hash_key);
}

static u32 entry_hash(const void *obj)
{
	return key_hash(((const struct entry *)obj)->key);
}

static bool entry_match(const void *obj, const void *key)
{
	return ((const struct entry *)obj)->key == *(const u32 *)key;
}

static struct entry *find(struct bht *ht, u32 key)
{
	return bht_lookup(ht, key_hash(key), &key, entry_match,
			  offsetof(struct entry, node));
}

static u32 buckets(struct bht *ht)
{
	return ht->cur->mask + 1;
}

/* bht.h's load: at most 4 a bucket, at least 1/4 above the fewest. */
static bool balanced(struct bht *ht)
{
	u32 n = atomic_read(&ht->count), b = buckets(ht);

	return n <= 4 * b && (b == FEWEST || n >= b / 4);
}

/* Inserts or removes, without the resize it may ask for. */
static void add(struct bht *ht, struct entry *e)
{
	bht_insert(ht, &e->node, key_hash(e->key));
	e->in = true;
}

static void del(struct bht *ht, struct entry *e)
{
	bht_remove(ht, &e->node, key_hash(e->key));
	e->in = false;
}

/* ... and with it, done at once. */
static void put(struct bht *ht, struct entry *e)
{
	add(ht, e);
	shim_run_work(&ht->resize);
}

static void take(struct bht *ht, struct entry *e)
{
	del(ht, e);
	shim_run_work(&ht->resize);
}

/* Every entry of @e[0..@n) is found exactly when it is in the table. */
static bool all_found(struct bht *ht, struct entry *e, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if ((find(ht, e[i].key) == &e[i]) != e[i].in)
			return false;
	return true;
}

FIXTURE(table) {
	struct bht ht;
	struct entry *e;
	u32 n;
};

FIXTURE_SETUP(table)
{
	u32 i;

	self->n = 100000;
	self->e = calloc(self->n, sizeof(*self->e));
	ASSERT_NE(NULL, self->e);
	for (i = 0; i < self->n; i++)
		self->e[i].key = i;
	ASSERT_EQ(0, bht_init(&self->ht, offsetof(struct entry, node),
			      entry_hash, self->n));
}

FIXTURE_TEARDOWN(table)
{
	u32 i;

	for (i = 0; i < self->n; i++)
		if (self->e[i].in)
			take(&self->ht, &self->e[i]);
	bht_destroy(&self->ht);
	free(self->e);
	pool4_test_fail_after = -1;
}

TEST_F(table, grow_and_shrink)
{
	u32 i, most = 0;

	for (i = 0; i < self->n; i++) {
		put(&self->ht, &self->e[i]);
		ASSERT_TRUE(balanced(&self->ht)) TH_LOG("insert %u", i);
		most = buckets(&self->ht) > most ? buckets(&self->ht) : most;
	}
	/* 100,000 entries, 4 a bucket at most: 32,768 buckets. */
	EXPECT_EQ(32768, most);
	EXPECT_TRUE(all_found(&self->ht, self->e, self->n));
	for (i = 0; i < self->n - 100; i++) {
		take(&self->ht, &self->e[i]);
		ASSERT_TRUE(balanced(&self->ht)) TH_LOG("remove %u", i);
	}
	EXPECT_EQ(FEWEST, buckets(&self->ht));
	EXPECT_TRUE(all_found(&self->ht, self->e, self->n));
}

TEST_F(table, cap)
{
	struct bht small;
	u32 i;

	/* Room for 1,000: the fewest buckets, however many come. */
	ASSERT_EQ(0, bht_init(&small, offsetof(struct entry, node),
			      entry_hash, 1000));
	for (i = 0; i < 10000; i++)
		put(&small, &self->e[i]);
	EXPECT_EQ(FEWEST, buckets(&small));
	EXPECT_TRUE(all_found(&small, self->e, 10000));
	for (i = 0; i < 10000; i++)
		take(&small, &self->e[i]);
	bht_destroy(&small);
}

TEST_F(table, nomem)
{
	u32 i, before;

	for (i = 0; i < 1024; i++)
		put(&self->ht, &self->e[i]);
	before = buckets(&self->ht);
	/* The next insert doubles the table: its array cannot be had. */
	pool4_test_fail_after = 1;
	put(&self->ht, &self->e[i++]);
	EXPECT_TRUE(pool4_test_failed);
	EXPECT_EQ(before, buckets(&self->ht));
	EXPECT_TRUE(all_found(&self->ht, self->e, self->n));
	put(&self->ht, &self->e[i++]);
	EXPECT_EQ(2 * before, buckets(&self->ht));
	EXPECT_TRUE(all_found(&self->ht, self->e, self->n));
}

static void count_seen(void *obj, void *arg)
{
	(void)arg;
	((struct entry *)obj)->seen++;
}

TEST_F(table, walk_once)
{
	u64 next = 0;
	u32 i;

	for (i = 0; i < self->n; i++)
		put(&self->ht, &self->e[i]);
	do
		next = bht_walk(&self->ht, next, 7, count_seen, NULL);
	while (next != BHT_WALK_END);
	for (i = 0; i < self->n; i++)
		ASSERT_EQ(1, self->e[i].seen) TH_LOG("entry %u", i);
}

TEST_F(table, walk_across_resizes)
{
	u32 i, grown = 0, shrunk = 0, b;
	const u32 stay = 100, more = 1100;
	u64 next = 0;

	/*
	 * Entries 0 to stay - 1 are there throughout.  Between the calls
	 * of the walk, one range each, the others come (the table doubles
	 * to 512 buckets) and go (it halves back to 256), in turn: the
	 * walk often resumes in the middle of a bucket, which then also
	 * holds entries it listed already.
	 */
	for (i = 0; i < stay; i++)
		put(&self->ht, &self->e[i]);
	do {
		b = buckets(&self->ht);
		next = bht_walk(&self->ht, next, 1, count_seen, NULL);
		if (i == stay)
			while (i < stay + more)
				put(&self->ht, &self->e[i++]);
		else
			while (i > stay)
				take(&self->ht, &self->e[--i]);
		grown += buckets(&self->ht) > b;
		shrunk += buckets(&self->ht) < b;
	} while (next != BHT_WALK_END);
	EXPECT_GT(grown, 10);
	EXPECT_GT(shrunk, 10);
	for (i = 0; i < stay + more; i++) {
		ASSERT_GE(1, self->e[i].seen) TH_LOG("entry %u twice", i);
		if (i < stay)
			ASSERT_EQ(1, self->e[i].seen) TH_LOG("entry %u", i);
	}
	TH_LOG("%u doublings and %u halvings during the walk", grown, shrunk);
}

static void remove_seen(void *obj, void *arg)
{
	struct entry *e = obj;

	e->seen++;
	del(arg, e);
}

TEST_F(table, walk_removes)
{
	u64 next = 0;
	u32 i;

	for (i = 0; i < self->n; i++)
		put(&self->ht, &self->e[i]);
	/* The table halves between the calls, as the worker gets the mutex. */
	do {
		next = bht_walk(&self->ht, next, 100, remove_seen, &self->ht);
		shim_run_work(&self->ht.resize);
	} while (next != BHT_WALK_END);
	EXPECT_EQ(0, atomic_read(&self->ht.count));
	for (i = 0; i < self->n; i++)
		ASSERT_EQ(1, self->e[i].seen) TH_LOG("entry %u", i);
	EXPECT_TRUE(all_found(&self->ht, self->e, self->n));
}

TEST_HARNESS_MAIN
