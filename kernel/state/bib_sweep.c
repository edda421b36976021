// SPDX-License-Identifier: GPL-2.0
/*
 * The writers of the BIB tables that are not packets: the sweep, which
 * expires the sessions the expiry wheel says came due, the cascade, which
 * removes the entries of a pool4 area that went away, and the teardown of
 * a translator's tables.
 *
 * None of them holds a lock of the table for long: they find what to
 * remove without the lock of its entry (the sweep on its due list, the
 * others in by4 under RCU), then take that lock, see whether it is still
 * there, remove it and let go, one entry at a time (state/bib_table.h has
 * the lock order).  Packets creating other entries on other CPUs meanwhile
 * wait for one removal at most.
 */
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "state/bib.h"
#include "state/bib_table.h"
#include "state/settings.h"
#include "state/stats.h"

/* Hash ranges (about a bucket each) walked per RCU section by the cascade. */
#define WALK_CHUNK	256
/* Sessions looked at between two cond_resched() by the sweep. */
#define SWEEP_CHUNK	256

/*
 * The writers' walk of @t's BIB entries: @fn sees every entry that exists
 * throughout, under RCU, and takes the lock of each entry it removes; the
 * walk gives the CPU back every WALK_CHUNK hash ranges (a full table may
 * hold millions of entries).  @fn may remove the entry it is given, no
 * other.  Process context.
 */
static void bib_walk_locked(struct bib_table *t, bht_walk_fn fn, void *arg)
{
	u64 first = 0;

	while (first < BIB_WALK_END) {
		first = bht_walk(&t->by4, first, WALK_CHUNK, fn, arg);
		cond_resched();
	}
}

struct sweep_count {
	unsigned int checked;
	unsigned int expired;
};

/*
 * Looks at @s, which was first on @due, under the lock of its entry and
 * then the wheel's: if it is first still, it goes or is filed again
 * (expiry_due()); otherwise a packet filed it again or it was destroyed
 * since, and it is left alone.  Returns the session first on @due by then
 * (NULL: none), read under the wheel lock; RCU keeps it readable until
 * the caller looks at it, even if it goes meanwhile.  Caller holds
 * rcu_read_lock(), which keeps @s and its entry readable too.
 */
static struct bib_session *sweep_one(struct bib_table *t,
				     const struct session_timeouts *to,
				     struct list_head *due,
				     struct bib_session *s,
				     struct sweep_count *count)
{
	spinlock_t *lock = bib_lock_of(t, bib_session_entry(s));
	bool expire = false;

	spin_lock_bh(lock);
	spin_lock_bh(&t->wheel_lock);
	/* First on @due: not destroyed, so neither is its entry. */
	if (list_first_entry_or_null(due, struct bib_session, expiry) == s) {
		expire = expiry_due(t, s, to);	/* false: filed again */
		count->checked++;
	}
	spin_unlock_bh(&t->wheel_lock);
	if (expire) {
		bib_session_expire(t, s);	/* takes it off @due */
		count->expired++;
	}
	spin_unlock_bh(lock);

	spin_lock_bh(&t->wheel_lock);
	s = list_first_entry_or_null(due, struct bib_session, expiry);
	spin_unlock_bh(&t->wheel_lock);
	return s;
}

/*
 * Looks at the sessions of @due.  @due is the sweep's own list, but its
 * sessions stay the table's: a packet, a cascade or a static entry's
 * removal may move or free them meanwhile, which takes them off @due
 * under the wheel lock.  Each chunk of SWEEP_CHUNK is one RCU section.
 */
static void sweep_due(struct bib_table *t, const struct session_timeouts *to,
		      struct list_head *due, struct sweep_count *count)
{
	struct bib_session *s;
	u32 n;

	do {
		rcu_read_lock();
		spin_lock_bh(&t->wheel_lock);
		s = list_first_entry_or_null(due, struct bib_session, expiry);
		spin_unlock_bh(&t->wheel_lock);
		for (n = 0; n < SWEEP_CHUNK && s; n++)
			s = sweep_one(t, to, due, s, count);
		rcu_read_unlock();
		cond_resched();
	} while (s);
}

/*
 * The lifetimes are read at every sweep, so that a changed timeout
 * applies to the sessions that exist from the next sweep on.
 */
void bib_sweep(struct work_struct *work)
{
	struct bib *bib = container_of(to_delayed_work(work), struct bib, sweep);
	struct sweep_count count = {};
	struct session_timeouts to;
	struct bib_table *t;
	LIST_HEAD(due);
	int p;

	rcu_read_lock();
	to = jool_settings_current(bib->jn)->timeouts;
	rcu_read_unlock();
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		t = &bib->tables[p];
		spin_lock_bh(&t->wheel_lock);
		expiry_take_due(t, &to, &due);
		spin_unlock_bh(&t->wheel_lock);
		sweep_due(t, &to, &due, &count);
	}
	jool_stat_add(bib->stats, JSTAT_EXPIRY_CHECKS, count.checked);
	jool_stat_add(bib->stats, JSTAT_EXPIRED, count.expired);
	queue_work(system_power_efficient_wq, &bib->reap);
	queue_delayed_work(system_power_efficient_wq, &bib->sweep, SWEEP_PERIOD);
}

static bool bib_in_area(const struct bib_entry *b, const struct pool4_area *a)
{
	u32 addr = ntohl(b->addr4);
	u16 port = ntohs(b->port4);

	return b->mark == a->mark &&
	       addr >= a->addr_first && addr <= a->addr_last &&
	       port >= a->port_min && port <= a->port_max;
}

struct bib_removal {
	struct bib_table *t;
	const struct pool4_area *area;	/* NULL: every entry */
};

/*
 * Removes BIB entry @obj if it lies in the area of @arg, a struct
 * bib_removal.  Static entries are their configuration's: it removes them
 * before a cascade reaches them (config/static_bib.c).  @obj was found
 * under RCU alone: a packet or the sweep may have destroyed it before its
 * lock is ours.
 */
static void bib_remove_if_in(void *obj, void *arg)
{
	struct bib_removal *r = arg;
	struct bib_entry *b = obj;
	spinlock_t *lock;

	if (r->area && (bib_is_static(b) || !bib_in_area(b, r->area)))
		return;
	lock = bib_lock_of(r->t, b);
	spin_lock_bh(lock);
	if (!(b->flags & BIB_DEAD))
		bib_destroy(r->t, b);
	spin_unlock_bh(lock);
}

void bib_remove_area(const struct pool4_area *area, void *arg)
{
	struct bib *bib = arg;
	struct bib_removal r = { .area = area };

	might_sleep();
	if (!bib)
		return;
	r.t = &bib->tables[area->proto];
	bib_walk_locked(r.t, bib_remove_if_in, &r);
}

/*
 * Nothing else runs by now, but a full BIB (bib-max entries) takes seconds
 * to free under emulation: the chunked walk gives the CPU back.  A NULL
 * area: all.
 */
void bib_table_empty(struct bib_table *t)
{
	struct bib_removal r = { .t = t };

	if (t->hashed)
		bib_walk_locked(t, bib_remove_if_in, &r);
}
