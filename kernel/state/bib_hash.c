// SPDX-License-Identifier: GPL-2.0
/*
 * The hash tables of a BIB table, bht's (state/bht.h), which grow and
 * shrink with what they hold (1/4 to 4 entries a bucket, from
 * BHT_LOCKS buckets up), so that lookups stay short from a hundred
 * entries to tens of millions, and resize in a work item while lookups
 * go on under RCU.
 *
 * - by6: BIB entries by IPv6 transport address and mark.  The mark is not
 *   hashed: an ICMPv6 error about a marked client carries the router's
 *   mark, not the client's, and must find its entry among the same
 *   candidates (bib_find6_any_mark(), whose comparison leaves the mark
 *   out).
 * - by4: BIB entries by IPv4 transport address.
 * - sessions: by BIB entry and remote IPv4 transport address.
 *
 * The hashes are siphash under a key of the module's, so no chain grows
 * long but for many marks on one IPv6 transport address, and an entry
 * keeps its hash for life, which the walks of bht.h need: the listings,
 * the cascade and the teardown go through a table in the order of the
 * bit-reversed hash, one bucket's range of it at a time, and resume after
 * a range whatever happened to the table in between.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>

#include "state/bht.h"
#include "state/bib.h"
#include "state/bib_table.h"
#include "state/settings.h"

/* One key for every namespace: their tables are apart anyway. */
static siphash_key_t bib_key;

/*
 * Also picks the lock of the entries of @addr#@port, whatever their mark
 * (bib_stripe()), so the entries of a flow and their sessions share one
 * lock, and entries of different flows mostly do not.
 */
u32 bib_hash6(const struct in6_addr *addr, __be16 port)
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
static u32 by6_obj_hash(const void *obj)
{
	const struct bib_entry *b = obj;

	return bib_hash6(&b->addr6, b->port6);
}

static bool by6_match_any_mark(const void *obj, const void *key)
{
	const struct bib_flow *f = key;
	const struct bib_entry *b = obj;

	return b->port6 == f->port6 && ipv6_addr_equal(&b->addr6, &f->addr6);
}

static bool by6_match(const void *obj, const void *key)
{
	const struct bib_flow *f = key;
	const struct bib_entry *b = obj;

	return b->mark == f->mark && by6_match_any_mark(obj, key);
}

/* by4: the key is a u64 of taddr4(). */
static u32 by4_obj_hash(const void *obj)
{
	const struct bib_entry *b = obj;

	return hash4(taddr4(b->addr4, b->port4));
}

static bool by4_match(const void *obj, const void *key)
{
	const struct bib_entry *b = obj;

	return taddr4(b->addr4, b->port4) == *(const u64 *)key;
}

static u32 session_obj_hash(const void *obj)
{
	const struct bib_session *s = obj;

	return hash_session(bib_session_entry(s), s->raddr4, s->rport4);
}

static bool session_match(const void *obj, const void *key)
{
	const struct session_key *k = key;
	const struct bib_session *s = obj;

	return bib_session_entry(s) == k->bib && s->raddr4 == k->raddr4 &&
	       s->rport4 == k->rport4;
}

#define BY6_NODE	offsetof(struct bib_entry, node6)
#define BY4_NODE	offsetof(struct bib_entry, node4)
#define SESSION_NODE	offsetof(struct bib_session, node)

/*
 * The lookups leave rcu_read_lock() to their callers, which hold it
 * already: the packet path gets it from the netfilter hook, and two more
 * read-side sections per packet are not free under a preemptible RCU.
 */
struct bib_entry *bib_find6(struct bib_table *t, const struct bib_flow *f,
			    u32 hash6)
{
	return bht_lookup(&t->by6, hash6, f, by6_match, BY6_NODE);
}

struct bib_entry *bib_find6_any_mark(struct bib_table *t,
				     const struct bib_flow *f)
{
	u32 hash = bib_hash6(&f->addr6, f->port6);

	return bht_lookup(&t->by6, hash, f, by6_match, BY6_NODE) ?:
	       bht_lookup(&t->by6, hash, f, by6_match_any_mark, BY6_NODE);
}

struct bib_entry *bib_find4(struct bib_table *t, __be32 addr, __be16 port)
{
	u64 key = taddr4(addr, port);

	return bht_lookup(&t->by4, hash4(key), &key, by4_match, BY4_NODE);
}

struct bib_session *bib_session_find(struct bib_table *t,
				     const struct bib_entry *b,
				     __be32 raddr, __be16 rport)
{
	struct session_key key = { .bib = b, .raddr4 = raddr, .rport4 = rport };

	return bht_lookup(&t->sessions, hash_session(b, raddr, rport), &key,
			  session_match, SESSION_NODE);
}

void bib_hash_link(struct bib_table *t, struct bib_entry *b, u32 hash6)
{
	bib_assert_stripe_held(t, hash6);
	bht_insert(&t->by6, &b->node6, hash6);
	bht_insert(&t->by4, &b->node4, by4_obj_hash(b));
}

void bib_hash_unlink(struct bib_table *t, struct bib_entry *b)
{
	bib_assert_locked(t, b);
	bht_remove(&t->by6, &b->node6, by6_obj_hash(b));
	bht_remove(&t->by4, &b->node4, by4_obj_hash(b));
}

void bib_session_link(struct bib_table *t, struct bib_session *s)
{
	bib_assert_locked(t, bib_session_entry(s));
	bht_insert(&t->sessions, &s->node, session_obj_hash(s));
}

void bib_session_unlink(struct bib_table *t, struct bib_session *s)
{
	bib_assert_locked(t, bib_session_entry(s));
	bht_remove(&t->sessions, &s->node, session_obj_hash(s));
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
	err = bht_init(&t->by6, BY6_NODE, by6_obj_hash, JOOL_TABLE_MAX);
	if (err)
		goto stripes;
	err = bht_init(&t->by4, BY4_NODE, by4_obj_hash, JOOL_TABLE_MAX);
	if (err)
		goto by6;
	err = bht_init(&t->sessions, SESSION_NODE, session_obj_hash,
		       JOOL_TABLE_MAX);
	if (err)
		goto by4;
	t->hashed = true;
	return 0;
by4:
	bht_destroy(&t->by4);
by6:
	bht_destroy(&t->by6);
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
	bht_destroy(&t->sessions);
	bht_destroy(&t->by4);
	bht_destroy(&t->by6);
	t->hashed = false;
}

void bib_hash_key_init(void)
{
	get_random_bytes(&bib_key, sizeof(bib_key));
}
