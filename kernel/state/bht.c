// SPDX-License-Identifier: GPL-2.0
/*
 * The BIB's resizable hash tables: see bht.h for the design and the
 * guarantees, bib_hash.c for the keys.
 */
#include <linux/bitrev.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "state/bht.h"

/*
 * Twice the buckets past 4 entries a bucket, half below 1/4: 2 to 4
 * entries a bucket while a table grows (a lookup walks two or three), 2
 * to 4 bytes of buckets an entry, never a resize back and forth around
 * one size.  At 2 entries a bucket, the three tables of a BIB entry and
 * its session took 11 to 16 bytes of buckets: more than issue 17's 128
 * bytes leave beside the 112 of the two structs.  bench/ubench builds
 * this file with 2 as well, to time what the longer chains cost.
 */
#ifndef BHT_LOAD_MAX
#define BHT_LOAD_MAX	4
#endif

static struct bht_array *bht_array_alloc(u32 buckets)
{
	struct bht_array *arr = kmalloc(sizeof(*arr), GFP_KERNEL);

	if (!arr)
		return NULL;
	/* Exactly 2^k pointers: no rounding up past a power of two. */
	arr->buckets = kvcalloc(buckets, sizeof(*arr->buckets), GFP_KERNEL);
	if (!arr->buckets) {
		kfree(arr);
		return NULL;
	}
	arr->mask = buckets - 1;
	RCU_INIT_POINTER(arr->future, NULL);
	return arr;
}

static void bht_array_free(struct bht_array *arr)
{
	kvfree(arr->buckets);
	kfree(arr);
}

static spinlock_t *bht_lock(struct bht *ht, u32 hash)
{
	return &ht->locks[hash & (BHT_LOCKS - 1)];
}

/* Under the bucket's lock: where inserts go (see bht.h). */
static struct bht_array *bht_newest(struct bht *ht)
{
	struct bht_array *arr = rcu_dereference(ht->cur);

	return rcu_dereference(arr->future) ?: arr;
}

/*
 * The buckets an array of @buckets should have for @count entries: the
 * size that doubling or halving it one step at a time would reach.
 */
static u32 bht_buckets_for(const struct bht *ht, u32 buckets, u32 count)
{
	u32 want = buckets;

	if (count > BHT_LOAD_MAX * buckets)
		want = roundup_pow_of_two(DIV_ROUND_UP(count, BHT_LOAD_MAX));
	else if (count < buckets / BHT_LOAD_MAX)
		want = rounddown_pow_of_two(max(count, 1U) * BHT_LOAD_MAX);
	return clamp(want, (u32)BHT_LOCKS, ht->max_buckets);
}

/*
 * Whether @count entries in @buckets call for a resize.  Lockless and
 * racy on purpose: the work decides on the count it finds.
 */
static bool bht_unbalanced(const struct bht *ht, u32 buckets, u32 count)
{
	return bht_buckets_for(ht, buckets, count) != buckets;
}

static void bht_check(struct bht *ht, u32 count)
{
	const struct bht_array *arr = rcu_dereference(ht->cur);

	if (bht_unbalanced(ht, arr->mask + 1, count) &&
	    !work_pending(&ht->resize))
		schedule_work(&ht->resize);
}

void bht_insert(struct bht *ht, struct bht_node *node, u32 hash)
{
	spinlock_t *lock = bht_lock(ht, hash);
	struct bht_node __rcu **head;
	struct bht_array *arr;

	rcu_read_lock();
	spin_lock_bh(lock);
	/* Read under the lock: a resize moves this bucket under it. */
	arr = bht_newest(ht);
	head = &arr->buckets[hash & arr->mask];
	RCU_INIT_POINTER(node->next, rcu_dereference_protected(*head, true));
	rcu_assign_pointer(*head, node);
	spin_unlock_bh(lock);
	bht_check(ht, atomic_inc_return(&ht->count));
	rcu_read_unlock();
}

/* Unlinks @node from @arr's bucket for @hash: false if it is not there. */
static bool bht_unlink(struct bht_array *arr, struct bht_node *node,
		       u32 hash)
{
	struct bht_node __rcu **pp = &arr->buckets[hash & arr->mask];
	struct bht_node *n;

	for (; (n = rcu_dereference_protected(*pp, true)); pp = &n->next) {
		if (n == node) {
			/* @node keeps its next pointer for its readers. */
			WRITE_ONCE(*pp, node->next);
			return true;
		}
	}
	return false;
}

void bht_remove(struct bht *ht, struct bht_node *node, u32 hash)
{
	spinlock_t *lock = bht_lock(ht, hash);
	struct bht_array *arr, *future;

	rcu_read_lock();
	spin_lock_bh(lock);
	arr = rcu_dereference(ht->cur);
	if (!bht_unlink(arr, node, hash)) {
		future = rcu_dereference(arr->future);
		WARN_ON_ONCE(!future || !bht_unlink(future, node, hash));
	}
	spin_unlock_bh(lock);
	bht_check(ht, atomic_dec_return(&ht->count));
	rcu_read_unlock();
}

/*
 * Moves the last entry of @old's bucket @i to its bucket in @to; false
 * once that bucket is empty.  Under the bucket's lock.
 */
static bool bht_move(struct bht *ht, struct bht_array *old, u32 i,
		     struct bht_array *to)
{
	struct bht_node __rcu **pp = &old->buckets[i];
	struct bht_node __rcu **head;
	struct bht_node *n, *next;

	n = rcu_dereference_protected(*pp, true);
	if (!n)
		return false;
	while ((next = rcu_dereference_protected(n->next, true))) {
		pp = &n->next;
		n = next;
	}
	head = &to->buckets[ht->obj_hash((void *)n - ht->offset) & to->mask];
	/* Into the new chain first, and only then out of the old one. */
	rcu_assign_pointer(n->next, rcu_dereference_protected(*head, true));
	rcu_assign_pointer(*head, n);
	/* Pairs with bht_lookup()'s smp_rmb(). */
	smp_wmb();
	WRITE_ONCE(*pp, NULL);
	return true;
}

static void bht_move_all(struct bht *ht, struct bht_array *old,
			 struct bht_array *to)
{
	spinlock_t *lock;
	u32 i;

	for (i = 0; i <= old->mask; i++) {
		lock = bht_lock(ht, i);
		spin_lock_bh(lock);
		while (bht_move(ht, old, i, to))
			;
		spin_unlock_bh(lock);
		if (i % BHT_LOCKS == BHT_LOCKS - 1)
			cond_resched();
	}
}

/* Gives @ht an array of @buckets; false if there is no memory for it. */
static bool bht_rehash(struct bht *ht, u32 buckets)
{
	struct bht_array *old = rcu_dereference_protected(ht->cur,
				lockdep_is_held(&ht->mutex));
	struct bht_array *to = bht_array_alloc(buckets);

	if (!to)
		return false;
	rcu_assign_pointer(old->future, to);
	bht_move_all(ht, old, to);
	rcu_assign_pointer(ht->cur, to);
	/* No reader may be left in @old before it goes or anything moves. */
	synchronize_rcu();
	bht_array_free(old);
	return true;
}

static void bht_resize(struct work_struct *work)
{
	struct bht *ht = container_of(work, struct bht, resize);
	const struct bht_array *arr;
	u32 want;

	mutex_lock(&ht->mutex);
	do {
		arr = rcu_dereference_protected(ht->cur,
						lockdep_is_held(&ht->mutex));
		want = bht_buckets_for(ht, arr->mask + 1,
				       atomic_read(&ht->count));
		/* Short of memory, the chains just stay longer a while. */
	} while (want != arr->mask + 1 && bht_rehash(ht, want));
	mutex_unlock(&ht->mutex);
}

int bht_init(struct bht *ht, size_t offset, u32 (*obj_hash)(const void *),
	     u32 max_entries)
{
	struct bht_array *arr;
	u32 i;

	ht->locks = kvmalloc_array(BHT_LOCKS, sizeof(*ht->locks), GFP_KERNEL);
	if (!ht->locks)
		return -ENOMEM;
	arr = bht_array_alloc(BHT_LOCKS);
	if (!arr) {
		kvfree(ht->locks);
		ht->locks = NULL;
		return -ENOMEM;
	}
	/* One lockdep class: a writer holds one bucket's lock at a time. */
	for (i = 0; i < BHT_LOCKS; i++)
		spin_lock_init(&ht->locks[i]);
	RCU_INIT_POINTER(ht->cur, arr);
	atomic_set(&ht->count, 0);
	ht->max_buckets = max_t(u32, roundup_pow_of_two(max_entries) /
				BHT_LOAD_MAX, BHT_LOCKS);
	ht->offset = offset;
	ht->obj_hash = obj_hash;
	mutex_init(&ht->mutex);
	INIT_WORK(&ht->resize, bht_resize);
	return 0;
}

void bht_destroy(struct bht *ht)
{
	if (!ht->locks)
		return;
	cancel_work_sync(&ht->resize);
	WARN_ON_ONCE(atomic_read(&ht->count));
	bht_array_free(rcu_dereference_protected(ht->cur, true));
	kvfree(ht->locks);
	ht->locks = NULL;
	mutex_destroy(&ht->mutex);
}

/* The end of the range of @first's bucket in an array of 2^@bits. */
static u64 bht_range_end(u64 first, unsigned int bits)
{
	u64 width = 1ULL << (32 - bits);

	return (first & ~(width - 1)) + width;
}

/*
 * One range: the entries of @first's bucket whose reversed hash lies in
 * it (the bucket also holds those of other ranges when the array is
 * smaller than it was when the walk started).
 */
static u64 bht_walk_range(struct bht *ht, u64 first, bht_walk_fn fn,
			  void *arg)
{
	struct bht_array *arr = rcu_dereference(ht->cur);
	u64 end = bht_range_end(first, ilog2(arr->mask + 1));
	struct bht_node *n;
	void *obj;
	u64 rev;

	n = rcu_dereference(arr->buckets[bitrev32((u32)first) & arr->mask]);
	for (; n; n = rcu_dereference(n->next)) {
		obj = (void *)n - ht->offset;
		rev = bitrev32(ht->obj_hash(obj));
		if (rev >= first && rev < end)
			fn(obj, arg);
	}
	return end;
}

u64 bht_walk(struct bht *ht, u64 first, unsigned int ranges, bht_walk_fn fn,
	     void *arg)
{
	mutex_lock(&ht->mutex);
	rcu_read_lock();
	while (ranges-- && first < BHT_WALK_END)
		first = bht_walk_range(ht, first, fn, arg);
	rcu_read_unlock();
	mutex_unlock(&ht->mutex);
	return first;
}
