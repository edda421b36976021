/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The insides of the BIB tables, for the files that write or walk them:
 * bib.c (the tables, the packet path), bib_sweep.c (the sweep, the
 * cascade, the teardown), bib_life.c (allocation and freeing),
 * bib_hash.c (their hash tables: keys, lookups, walks),
 * bib_expiry.c (the wheel that tells the sweep what came due),
 * bib_mem.c (the slab caches and the graveyards),
 * bib_static.c (the administrator's entries) and bib_walk.c (the
 * listings).  Nothing else includes this header: every other file goes
 * through state/bib.h.
 */
#ifndef _JOOL_BIB_TABLE_H
#define _JOOL_BIB_TABLE_H

#include <linux/atomic.h>
#include <linux/llist.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "core/port_block.h"
#include "core/session_state.h"
#include "core/taddr_alloc.h"
#include "state/bht.h"
#include "state/bib.h"
#include "state/subscriber.h"

/*
 * One slot per second, as many as the default established-TCP lifetime
 * (2 h 4 min) needs: a session whose lifetime is longer is looked at once
 * more per turn of the wheel.
 */
#define EXPIRY_SLOTS	8192

/**
 * struct expiry_wheel - the sessions of one table by the second they are due
 * @slots:	EXPIRY_SLOTS lists of sessions, by due second modulo their
 *		number
 * @swept:	the last second whose slot the sweep took
 * @filed_by:	the lifetimes the slots were filed with; when the
 *		administrator changes one, the sweep files every session again
 */
struct expiry_wheel {
	struct list_head *slots;
	unsigned long swept;
	struct session_timeouts filed_by;
};

/*
 * Locking.  Lookups take no lock (RCU).  Writers take, in this order:
 *
 * 0. (the writers' walks of bib_sweep.c only) the by4 table's mutex,
 *    which keeps its resize from moving entries while a range is walked.
 * 1. the lock of one BIB entry: one of @t->stripes, chosen by the hash of
 *    the entry's IPv6 transport address without the mark (the by6 hash;
 *    bib_stripe()), so every entry that an (addr6, port6) may have, of
 *    any mark, has the same one, and creating the entry of a flow is
 *    serialised against the flows of the same IPv6 transport address
 *    only.  It covers the entry's creation (no duplicate for an addr6,
 *    port6 and mark), its sessions list and nsessions, the creation of
 *    its sessions both ways (no duplicate for an entry, remote address
 *    and port), their TCP state changes, and the destruction of the
 *    entry and of its sessions (BIB_DEAD).  Never two at once.
 * 2. at most one leaf lock, for what the entries of a table share, held
 *    for a few list or bitmap operations and never across an allocation
 *    of a BIB entry or session:
 *    - @occ_lock: @occ and @blocks (reserving and releasing an IPv4
 *      transport address or a port block).  The by4 hash needs no lock
 *      of its own: an IPv4 transport address is reserved in @occ before
 *      its entry goes into by4 and released after it left, so no two
 *      entries ever share one.
 *    - @subs.lock: the subscriber table (state/subscriber.c).
 *    - @wheel_lock: @wheel, and each session's expiry link, which is also
 *      the session's "still there" mark (empty once destroyed).
 *    - @grave_lock: the graveyards (bib_mem.c).
 *
 * The hash tables lock their own buckets (state/bht.h), for a link or
 * an unlink under an entry's lock, never with a leaf lock held; their
 * resizes take the bucket locks alone.  Who finds an entry without
 * its lock (by4: 4->6 session creation, a static entry's removal, the
 * cascade and the teardown; a session: the sweep, TCP state changes)
 * takes the entry's lock and checks it is still there (BIB_DEAD, or the
 * session's expiry link) before changing anything.  The cascade and the
 * teardown walk by4 under RCU and the table's mutex, taking each
 * entry's lock in turn; the sweep takes the wheel lock inside an entry's
 * lock to look at each session due.  The per-namespace counts
 * (bib-max, session-max) are atomic and taken before an object is made
 * (bib_count_take()), so they hold exactly across protocols.
 */
struct bib_table {
	spinlock_t *stripes;		/* the entries' locks, see above */
	u32 stripe_mask;		/* their number, a power of two, - 1 */
	spinlock_t occ_lock;		/* @occ and @blocks */
	spinlock_t wheel_lock;		/* @wheel */
	spinlock_t grave_lock;		/* the graveyards, @graves */
	u8 proto;
	bool hashed;			/* the three hashes are initialized */
	struct bib *bib;		/* the namespace's, which holds us */
	struct bht by6;			/* see bib_hash.c */
	struct bht by4;
	struct bht sessions;
	struct expiry_wheel wheel;
	struct taddr_occ occ;		/* IPv4 transport addresses in use */
	struct pblk_table blocks;	/* port blocks, port-block-size */
	struct sub_table subs;		/* dynamic entries per subscriber */
	struct llist_head grave_bibs;	/* removed, for the reaper to free */
	struct llist_head grave_sessions;
	unsigned int graves;		/* on both lists */
};

/**
 * struct bib - the BIB and sessions of one namespace's translator
 * @tables:	one per protocol
 * @bib_entries: BIB entries of all protocols (at most bib-max)
 * @session_entries: sessions of all protocols (at most session-max)
 * @stats:	the counters of the same translator
 * @jn:		that translator, whose settings give the lifetimes
 * @sweep:	expires sessions (bib_expiry.c)
 * @reap:	frees what the tables removed (bib_mem.c)
 */
struct bib {
	struct bib_table tables[JOOL_PROTO_COUNT];
	atomic_t bib_entries;
	atomic_t session_entries;
	struct jool_stats *stats;
	const struct jool_net *jn;
	struct delayed_work sweep;
	struct work_struct reap;
};

/*
 * The hash tables (bib_hash.c).  bib_find6() finds the BIB entry of @f's
 * IPv6 transport address and mark, bib_find6_any_mark() that of another
 * mark when there is none, bib_find4() that of the IPv4 transport address
 * @addr#@port, bib_session_find() the session of @b with the remote
 * @raddr#@rport.  Under rcu_read_lock(), even with the entry's lock held.
 *
 * bib_hash6() is the hash of an IPv6 transport address: a new flow's
 * hash is computed once and passed along (bib_find6(), bib_stripe(),
 * bib_link()), as it is a siphash.  bib_stripe() is the lock of the
 * entries of the IPv6 transport address hashed to @hash6, bib_lock_of()
 * that of @b.
 */
u32 bib_hash6(const struct in6_addr *addr6, __be16 port6);
static inline spinlock_t *bib_stripe(struct bib_table *t, u32 hash6)
{
	return &t->stripes[hash6 & t->stripe_mask];
}

static inline spinlock_t *bib_lock_of(struct bib_table *t,
				      const struct bib_entry *b)
{
	return bib_stripe(t, bib_hash6(&b->addr6, b->port6));
}

/*
 * Without lockdep, lockdep_assert_held() still evaluates its argument,
 * and the lock of an entry is a siphash away, an out-of-line call the
 * compiler must keep: these hash only when lockdep is there to check.
 */
static inline void bib_assert_stripe_held(struct bib_table *t, u32 hash6)
{
	if (IS_ENABLED(CONFIG_LOCKDEP))
		lockdep_assert_held(bib_stripe(t, hash6));
}

static inline void bib_assert_locked(struct bib_table *t,
				     const struct bib_entry *b)
{
	if (IS_ENABLED(CONFIG_LOCKDEP))
		lockdep_assert_held(bib_lock_of(t, b));
}

struct bib_entry *bib_find6(struct bib_table *t, const struct bib_flow *f,
			    u32 hash6);
struct bib_entry *bib_find6_any_mark(struct bib_table *t,
				     const struct bib_flow *f);
struct bib_entry *bib_find4(struct bib_table *t, __be32 addr, __be16 port);
struct bib_session *bib_session_find(struct bib_table *t,
				     const struct bib_entry *b,
				     __be32 raddr, __be16 rport);
/*
 * Under the lock of @b (of @s's entry).  The links cannot fail: a table
 * takes any number of entries, and grows later (state/bht.h).  The walks
 * of the tables are bht_walk()'s.
 */
void bib_hash_link(struct bib_table *t, struct bib_entry *b, u32 hash6);
void bib_hash_unlink(struct bib_table *t, struct bib_entry *b);
void bib_session_link(struct bib_table *t, struct bib_session *s);
void bib_session_unlink(struct bib_table *t, struct bib_session *s);
/*
 * bib_hash_init() makes the hashes and the entries' locks; bib_hash_free()
 * is for empty tables, and fine after a failed init.
 */
int bib_hash_init(struct bib_table *t);
void bib_hash_free(struct bib_table *t);
void bib_hash_key_init(void);

/*
 * Under the lock of @b.  bib_link() publishes @b, whose IPv6 transport
 * address (of hash @hash6) and mark have no entry, whose IPv4 transport
 * address is already reserved in @t->occ (or in one of @t->blocks:
 * @in_block, and then the mapping log has a line for the block, none for
 * @b), and whose place in bib-max was taken with bib_count_take().
 * bib_destroy() unlinks @b and its sessions, marks it BIB_DEAD and gives
 * back what it had.
 */
void bib_link(struct bib_table *t, struct bib_entry *b, u32 hash6,
	      bool in_block);
void bib_destroy(struct bib_table *t, struct bib_entry *b);

/*
 * Takes one of the @max places of @count (bib_entries, session_entries):
 * false when all are taken.  Exact under any concurrency, without a lock;
 * atomic_dec() gives the place back.
 */
static inline bool bib_count_take(atomic_t *count, int max)
{
	int n = atomic_read(count);

	do {
		if (n >= max)
			return false;
	} while (!atomic_try_cmpxchg(count, &n, n + 1));
	return true;
}

/*
 * The expiry wheel (bib_expiry.c), under @t->wheel_lock but for init and
 * free.  expiry_file() puts @s, new or in a new state, in the slot of the
 * second its lifetime by @to runs out.  The sweep (bib_sweep.c), every
 * SWEEP_PERIOD from bib_alloc() until bib_free(), takes the sessions that
 * came due with expiry_take_due(), then asks expiry_due() of each: true,
 * it goes; false, it was filed again.
 */
#define SWEEP_PERIOD	(2 * HZ)

int expiry_init(struct expiry_wheel *w);
void expiry_free(struct expiry_wheel *w);
void expiry_file(struct bib_table *t, struct bib_session *s,
		 const struct session_timeouts *to);
void expiry_take_due(struct bib_table *t, const struct session_timeouts *to,
		     struct list_head *due);
bool expiry_due(struct bib_table *t, struct bib_session *s,
		const struct session_timeouts *to);

/*
 * The objects (bib_mem.c).  The allocations are zeroed; the frees are for
 * an object that was never linked.  A writer that unlinked an object
 * buries it instead (the burials take @t->grave_lock): bib_reap() frees
 * what was buried before it was called, after a grace period (process
 * context).  The reaper runs after every sweep and whenever a graveyard
 * fills up.
 */
int bib_mem_init(void);
void bib_mem_exit(void);
struct bib_entry *bib_entry_alloc(gfp_t gfp);
void bib_entry_free(struct bib_entry *b);
struct bib_session *bib_session_alloc(gfp_t gfp);
void bib_session_free(struct bib_session *s);
void bib_bury_entry(struct bib_table *t, struct bib_entry *b);
void bib_bury_session(struct bib_table *t, struct bib_session *s);
void bib_reap(struct bib *bib);
void bib_reap_work(struct work_struct *work);

/*
 * Between bib.c, bib_sweep.c and bib_life.c: bib_session_expire()
 * destroys @s, under the lock of its entry, and the entry with it if it
 * was the last session of a dynamic one; bib_sweep() is the sweep's work;
 * bib_table_empty() destroys every entry of @t, in process context.
 */
void bib_session_expire(struct bib_table *t, struct bib_session *s);
void bib_sweep(struct work_struct *work);
void bib_table_empty(struct bib_table *t);

#endif /* _JOOL_BIB_TABLE_H */
