/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bht: the resizable hash tables of the BIB (state/bib_hash.c).
 *
 * Why not the kernel's rhashtable: an entry and its session cost 128
 * bytes of objects, and rhashtable's buckets as much again.  It grows
 * past 75 % load, so its arrays hold 1.3 to 2.7 pointers an entry, and
 * it allocates an array and its header in one kvzalloc(), which the page
 * allocator rounds up to twice 2^k pointers below vmalloc's sizes: 126
 * bytes a BIB entry and session in three tables at 100,000.  A bht keeps
 * 1/4 to 1/2 bucket's pointer an entry as it grows (it doubles past 4
 * entries a bucket and halves below 1/4, bht.c) in arrays of exactly 2^k
 * pointers, allocated apart from their header.
 *
 * Readers take no lock (RCU).  Writers lock a bucket: one of BHT_LOCKS
 * spinlocks, chosen by the low bits of the hash, which are also the low
 * bits of the bucket in every array (an array never has fewer buckets
 * than locks), so a bucket and the buckets its entries go to or come
 * from in a resize share one lock.
 *
 * A resize (a work item, under @mutex) attaches a new array as @future
 * of the current one, after which inserts go into @future; then it moves
 * each old bucket's entries, under the bucket's lock, to the new array,
 * the last of a chain first, linking an entry into its new chain before
 * cutting it from the old one.  A reader that walks an old chain without
 * finding its key looks in @future too: whatever left the old chain
 * before the reader passed was in the new one already.  A reader on an
 * entry being moved follows it into its new chain, which only ends
 * sooner.  The new array then becomes current, and the old one is freed
 * after a grace period, before any other resize starts.
 *
 * Entries keep their hash through every resize (no seed), so bucket i of
 * an array of 2^k holds the entries whose hash ends in the k bits of i,
 * whatever k is: the range walks of bib_hash.c rely on it.
 */
#ifndef _JOOL_BHT_H
#define _JOOL_BHT_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/* Also the fewest buckets an array has. */
#define BHT_LOCKS	256

struct bht_node {
	struct bht_node __rcu *next;
};

/**
 * struct bht_array - one bucket array of a table
 * @mask:	its number of buckets, a power of two, - 1
 * @future:	the array a resize moves the entries to, or NULL
 * @buckets:	the chains, NULL-terminated
 */
struct bht_array {
	u32 mask;
	struct bht_array __rcu *future;
	struct bht_node __rcu **buckets;
};

/**
 * struct bht - a table
 * @cur:	the current bucket array
 * @locks:	the buckets' locks, BHT_LOCKS of them
 * @count:	entries in the table
 * @max_buckets: the most buckets an array may have, a power of two
 * @offset:	where the struct bht_node lies in an entry
 * @obj_hash:	an entry's hash (resizes and walks)
 * @mutex:	excludes a resize and walks
 * @resize:	the resize's work
 */
struct bht {
	struct bht_array __rcu *cur;
	spinlock_t *locks;
	atomic_t count;
	u32 max_buckets;
	size_t offset;
	u32 (*obj_hash)(const void *obj);
	struct mutex mutex;
	struct work_struct resize;
};

int bht_init(struct bht *ht, size_t offset, u32 (*obj_hash)(const void *),
	     u32 max_entries);
/* For an empty table, and after a failed bht_init(). */
void bht_destroy(struct bht *ht);

/*
 * Any context.  The caller keeps equal keys out (bht does not look for
 * duplicates); @hash is @node's entry's.
 */
void bht_insert(struct bht *ht, struct bht_node *node, u32 hash);
void bht_remove(struct bht *ht, struct bht_node *node, u32 hash);

/*
 * The entry whose hash is @hash and which @match()es @key, or NULL.  Under
 * rcu_read_lock().  Inline, for @match and @offset to be constants.
 */
static __always_inline void *
bht_lookup(struct bht *ht, u32 hash, const void *key,
	   bool (*match)(const void *obj, const void *key), size_t offset)
{
	struct bht_array *arr = rcu_dereference(ht->cur);
	struct bht_node *n;

	do {
		n = rcu_dereference(arr->buckets[hash & arr->mask]);
		for (; n; n = rcu_dereference(n->next))
			if (match((void *)n - offset, key))
				return (void *)n - offset;
		/* Pairs with bht_move()'s smp_wmb(). */
		smp_rmb();
		arr = rcu_dereference(arr->future);
	} while (unlikely(arr));
	return NULL;
}

/*
 * Calls @fn for the entries of @ht by their bit-reversed hash, from
 * @first (0: the start) on, in at most @ranges ranges of it, each the
 * range that one bucket holds in every array; returns where the next
 * range starts, BHT_WALK_END after the last.  Takes RCU (@fn must not
 * sleep) and @ht's mutex, which a resize holds throughout: @fn sees once
 * each entry that stays in the table from the first call to the last,
 * and may remove the entry it is given.  Process context.
 */
#define BHT_WALK_END	(1ULL << 32)
typedef void (*bht_walk_fn)(void *obj, void *arg);
u64 bht_walk(struct bht *ht, u64 first, unsigned int ranges, bht_walk_fn fn,
	     void *arg);

#endif /* _JOOL_BHT_H */
