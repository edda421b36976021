// SPDX-License-Identifier: GPL-2.0
/*
 * The hash tables of a BIB table: the kernel's rhashtable, which grows
 * and shrinks with what it holds (1.3 to 3.3 buckets an entry, from
 * BIB_HASH_MIN buckets up), so that lookups stay short from a hundred
 * entries to tens of millions; rhashtable resizes in a work item, and
 * lookups go on under RCU meanwhile.
 *
 * - by6: BIB entries by IPv6 transport address and mark.  The mark is not
 *   hashed: an ICMPv6 error about a marked client carries the router's
 *   mark, not the client's, and must find its entry among the same
 *   candidates (bib_find6_any_mark(), a second set of parameters whose
 *   comparison leaves the mark out).
 * - by4: BIB entries by IPv4 transport address.
 * - sessions: by BIB entry and remote IPv4 transport address.
 *
 * The hashes are siphash under a key of the module's, and ignore the seed
 * rhashtable draws for each bucket array: an entry keeps its hash through
 * every resize, which the walks below need.  (rhashtable rehashes with a
 * new seed when a chain passes 16 entries; with a secret siphash key a
 * chain that long does not happen, short of 16 marks on one IPv6
 * transport address.)
 *
 * Walks (listings, the cascade, the teardown) go through a table in the
 * order of the bit-reversed hash, one bucket's range of it at a time: in
 * a table of 2^k buckets, bucket i holds the entries whose hash ends in
 * the k bits of i, that is whose reversed hash lies in one aligned range.
 * A resize splits or merges those ranges but never moves an entry out of
 * one, so a walk resumes after a range whatever happened to the table in
 * between, and lists every entry that stayed exactly once.  Each range is
 * walked under the table's rhashtable mutex, which keeps its resize from
 * moving entries between bucket arrays meanwhile (inserts and removals go
 * on); while a new array is attached, the range is walked in both.
 */
#include <linux/bitrev.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>

#include "state/bib.h"
#include "state/bib_table.h"
#include "state/settings.h"

/* One key for every namespace: their tables are apart anyway. */
static siphash_key_t bib_key;

static u32 hash6(const struct in6_addr *addr, __be16 port)
{
	return siphash_3u64((u64)(__force u32)addr->s6_addr32[0] << 32 |
			    (__force u32)addr->s6_addr32[1],
			    (u64)(__force u32)addr->s6_addr32[2] << 32 |
			    (__force u32)addr->s6_addr32[3],
			    (__force u16)port, &bib_key);
}

static u64 taddr4(__be32 addr, __be16 port)
{
	return (u64)(__force u32)addr << 16 | (__force u16)port;
}

static u32 hash4(u64 taddr)
{
	return siphash_1u64(taddr, &bib_key);
}

/* The lookup key of the sessions table. */
struct session_key {
	const struct bib_entry *bib;
	__be32 raddr4;
	__be16 rport4;
};

static u32 hash_session(const struct bib_entry *b, __be32 raddr, __be16 rport)
{
	return siphash_2u64(taddr4(b->addr4, b->port4), taddr4(raddr, rport),
			    &bib_key);
}

/* by6: the key is a struct bib_flow (addr6, port6, mark). */
static u32 by6_hash(const void *key, u32 len, u32 seed)
{
	const struct bib_flow *f = key;

	return hash6(&f->addr6, f->port6);
}

static u32 by6_obj_hash(const void *obj, u32 len, u32 seed)
{
	const struct bib_entry *b = obj;

	return hash6(&b->addr6, b->port6);
}

static int by6_cmp_any_mark(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	const struct bib_flow *f = arg->key;
	const struct bib_entry *b = obj;

	return b->port6 != f->port6 || !ipv6_addr_equal(&b->addr6, &f->addr6);
}

static int by6_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct bib_flow *f = arg->key;
	const struct bib_entry *b = obj;

	return b->mark != f->mark || by6_cmp_any_mark(arg, obj);
}

/* by4: the key is a u64 of taddr4(). */
static u32 by4_hash(const void *key, u32 len, u32 seed)
{
	return hash4(*(const u64 *)key);
}

static u32 by4_obj_hash(const void *obj, u32 len, u32 seed)
{
	const struct bib_entry *b = obj;

	return hash4(taddr4(b->addr4, b->port4));
}

static int by4_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct bib_entry *b = obj;

	return taddr4(b->addr4, b->port4) != *(const u64 *)arg->key;
}

static u32 session_key_hash(const void *key, u32 len, u32 seed)
{
	const struct session_key *k = key;

	return hash_session(k->bib, k->raddr4, k->rport4);
}

static u32 session_obj_hash(const void *obj, u32 len, u32 seed)
{
	const struct bib_session *s = obj;

	return hash_session(s->bib, s->raddr4, s->rport4);
}

static int session_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct session_key *k = arg->key;
	const struct bib_session *s = obj;

	return s->bib != k->bib || s->raddr4 != k->raddr4 ||
	       s->rport4 != k->rport4;
}

/*
 * The smallest bucket array; the largest holds JOOL_TABLE_MAX buckets, as
 * many as bib-max and session-max may be (rhashtable refuses entries
 * beyond twice that).
 */
#define BIB_HASH_MIN	256

#define BIB_HASH_PARAMS(node_offset)			\
	.head_offset = node_offset,			\
	.min_size = BIB_HASH_MIN,			\
	.max_size = JOOL_TABLE_MAX,			\
	.automatic_shrinking = true

static const struct rhashtable_params by6_params = {
	BIB_HASH_PARAMS(offsetof(struct bib_entry, node6)),
	.hashfn = by6_hash,
	.obj_hashfn = by6_obj_hash,
	.obj_cmpfn = by6_cmp,
};

static const struct rhashtable_params by6_any_mark_params = {
	BIB_HASH_PARAMS(offsetof(struct bib_entry, node6)),
	.hashfn = by6_hash,
	.obj_hashfn = by6_obj_hash,
	.obj_cmpfn = by6_cmp_any_mark,
};

static const struct rhashtable_params by4_params = {
	BIB_HASH_PARAMS(offsetof(struct bib_entry, node4)),
	.hashfn = by4_hash,
	.obj_hashfn = by4_obj_hash,
	.obj_cmpfn = by4_cmp,
};

static const struct rhashtable_params session_params = {
	BIB_HASH_PARAMS(offsetof(struct bib_session, node)),
	.hashfn = session_key_hash,
	.obj_hashfn = session_obj_hash,
	.obj_cmpfn = session_cmp,
};

/*
 * The lock of the entries of @addr6#@port6, whatever their mark: the by6
 * hash picks it, so the entries of a flow and their sessions share one
 * lock, and entries of different flows mostly do not.
 */
spinlock_t *bib_stripe(struct bib_table *t, const struct in6_addr *addr6,
		       __be16 port6)
{
	return &t->stripes[hash6(addr6, port6) & t->stripe_mask];
}

/*
 * The lookups leave rcu_read_lock() to their callers, which hold it
 * already: the packet path gets it from the netfilter hook, and two more
 * read-side sections per packet are not free under a preemptible RCU.
 * __flatten: each lookup gets its own copy of rhashtable_lookup(), with
 * its parameters constant, so that the hash and compare functions are
 * inlined; GCC otherwise shares one copy among the four, and calls them
 * through a pointer (a retpoline each).
 */
__flatten struct bib_entry *bib_find6(struct bib_table *t,
				      const struct bib_flow *f)
{
	return rhashtable_lookup(&t->by6, f, by6_params);
}

__flatten struct bib_entry *bib_find6_any_mark(struct bib_table *t,
					       const struct bib_flow *f)
{
	struct bib_entry *b = bib_find6(t, f);

	return b ?: rhashtable_lookup(&t->by6, f, by6_any_mark_params);
}

__flatten struct bib_entry *bib_find4(struct bib_table *t, __be32 addr,
				      __be16 port)
{
	u64 key = taddr4(addr, port);

	return rhashtable_lookup(&t->by4, &key, by4_params);
}

__flatten struct bib_session *bib_session_find(struct bib_table *t,
					       const struct bib_entry *b,
					       __be32 raddr, __be16 rport)
{
	struct session_key key = { .bib = b, .raddr4 = raddr, .rport4 = rport };

	return rhashtable_lookup(&t->sessions, &key, session_params);
}

/* __flatten as the lookups: new flows pay for these. */
__flatten int bib_hash_link(struct bib_table *t, struct bib_entry *b)
{
	int err;

	lockdep_assert_held(bib_lock_of(t, b));
	err = rhashtable_insert_fast(&t->by6, &b->node6, by6_params);
	if (err)
		return err;
	err = rhashtable_insert_fast(&t->by4, &b->node4, by4_params);
	if (err)
		rhashtable_remove_fast(&t->by6, &b->node6, by6_params);
	return err;
}

__flatten void bib_hash_unlink(struct bib_table *t, struct bib_entry *b)
{
	lockdep_assert_held(bib_lock_of(t, b));
	rhashtable_remove_fast(&t->by6, &b->node6, by6_params);
	rhashtable_remove_fast(&t->by4, &b->node4, by4_params);
}

__flatten int bib_session_link(struct bib_table *t, struct bib_session *s)
{
	lockdep_assert_held(bib_lock_of(t, s->bib));
	return rhashtable_insert_fast(&t->sessions, &s->node, session_params);
}

__flatten void bib_session_unlink(struct bib_table *t,
				     struct bib_session *s)
{
	lockdep_assert_held(bib_lock_of(t, s->bib));
	rhashtable_remove_fast(&t->sessions, &s->node, session_params);
}

/* The end of the range of @first's bucket in an array of 2^@bits. */
static u64 range_end(u64 first, unsigned int bits)
{
	u64 width = 1ULL << (32 - bits);

	return (first & ~(width - 1)) + width;
}

/*
 * Calls @fn for every entry of @ht whose reversed hash lies in the range
 * that starts at @first, the largest that one bucket of every bucket array
 * holds; returns where the next range starts (BIB_WALK_END after the
 * last).  Under @ht's mutex and rcu_read_lock().
 */
static u64 bib_hash_walk_range(struct rhashtable *ht, u64 first,
			       bib_hash_fn fn, void *arg)
{
	struct bucket_table *tbl, *top = rht_dereference_rcu(ht->tbl, ht);
	struct rhash_head *pos;
	u64 end = BIB_WALK_END;
	u64 rev;
	void *obj;

	for (tbl = top; tbl; tbl = rht_dereference_rcu(tbl->future_tbl, ht))
		end = min(end, range_end(first, ilog2(tbl->size)));
	for (tbl = top; tbl; tbl = rht_dereference_rcu(tbl->future_tbl, ht)) {
		rht_for_each_rcu(pos, tbl,
				 bitrev32((u32)first) & (tbl->size - 1)) {
			obj = rht_obj(ht, pos);
			rev = bitrev32(ht->p.obj_hashfn(obj, 0, 0));
			if (rev >= first && rev < end)
				fn(obj, arg);
		}
	}
	return end;
}

u64 bib_hash_read(struct rhashtable *ht, u64 first, bib_hash_fn fn,
		  void *arg)
{
	mutex_lock(&ht->mutex);
	rcu_read_lock();
	first = bib_hash_walk_range(ht, first, fn, arg);
	rcu_read_unlock();
	mutex_unlock(&ht->mutex);
	return first;
}

/*
 * No table lock across the ranges: @fn takes the lock of each entry it
 * removes, so packets creating other entries meanwhile wait for one
 * removal at most, never for a range.  Removing the entry at hand during
 * rht_for_each_rcu() is fine: an unlinked entry keeps its next pointer
 * for the readers of its chain.
 */
u64 bib_hash_write(struct rhashtable *ht, u64 first, unsigned int ranges,
		   bib_hash_fn fn, void *arg)
{
	mutex_lock(&ht->mutex);
	rcu_read_lock();
	while (ranges-- && first < BIB_WALK_END)
		first = bib_hash_walk_range(ht, first, fn, arg);
	rcu_read_unlock();
	mutex_unlock(&ht->mutex);
	return first;
}

/*
 * Entries' locks per table: a few per CPU, so that flows of different
 * entries on different CPUs rarely meet on one, at least BIB_STRIPES_MIN
 * (a spinlock_t is 4 bytes but with lock debugging).
 */
#define BIB_STRIPES_MIN		64
#define BIB_STRIPES_MAX		4096
#define BIB_STRIPES_PER_CPU	8

static int bib_stripes_init(struct bib_table *t)
{
	u32 n = clamp_t(u32, nr_cpu_ids * BIB_STRIPES_PER_CPU,
			BIB_STRIPES_MIN, BIB_STRIPES_MAX);
	u32 i;

	n = roundup_pow_of_two(n);
	t->stripes = kvmalloc_array(n, sizeof(*t->stripes), GFP_KERNEL);
	if (!t->stripes)
		return -ENOMEM;
	/* One lockdep class for all: no two are ever held at once. */
	for (i = 0; i < n; i++)
		spin_lock_init(&t->stripes[i]);
	t->stripe_mask = n - 1;
	return 0;
}

int bib_hash_init(struct bib_table *t)
{
	int err = bib_stripes_init(t);

	if (err)
		return err;
	err = rhashtable_init(&t->by6, &by6_params);
	if (err)
		goto stripes;
	err = rhashtable_init(&t->by4, &by4_params);
	if (err)
		goto by6;
	err = rhashtable_init(&t->sessions, &session_params);
	if (err)
		goto by4;
	t->hashed = true;
	return 0;
by4:
	rhashtable_destroy(&t->by4);
by6:
	rhashtable_destroy(&t->by6);
stripes:
	kvfree(t->stripes);
	t->stripes = NULL;
	return err;
}

/* The tables are empty by now. */
void bib_hash_free(struct bib_table *t)
{
	if (!t->hashed)
		return;
	kvfree(t->stripes);
	t->stripes = NULL;
	rhashtable_destroy(&t->sessions);
	rhashtable_destroy(&t->by4);
	rhashtable_destroy(&t->by6);
	t->hashed = false;
}

void bib_hash_key_init(void)
{
	get_random_bytes(&bib_key, sizeof(bib_key));
}
