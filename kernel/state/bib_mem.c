// SPDX-License-Identifier: GPL-2.0
/*
 * The memory of BIB entries and sessions: a slab cache for each, sized to
 * the struct (a kmalloc size class would round them up), and freeing in
 * batches rather than one RCU callback per object.
 *
 * A removed entry may still be read by the packets that found it under
 * RCU, so it waits for a grace period before it is freed.  Instead of an
 * rcu_head in every object (16 bytes each, kept for the object's whole
 * life), the writers put what they remove on their table's graveyard
 * (under its own leaf lock, state/bib_table.h), and the reaper (a work
 * item, queued by the sweep and whenever a graveyard passes REAP_BATCH)
 * takes every graveyard, waits for one grace period and frees them all.
 * The graveyard link (an llist_node, under the graveyard's lock) shares
 * memory with what only the entry's lock reads, so it costs nothing: a
 * session's bib_link, a BIB entry's sessions head (empty by then).
 * Removal happens in softirq too (a packet whose session cannot be made);
 * only the reaper sleeps.
 */
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "state/bib.h"
#include "state/bib_table.h"

/* Graveyard objects of one table that queue the reaper before the sweep. */
#define REAP_BATCH	4096

static struct kmem_cache *bib_cache;
static struct kmem_cache *session_cache;

struct bib_entry *bib_entry_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(bib_cache, gfp);
}

void bib_entry_free(struct bib_entry *b)
{
	kmem_cache_free(bib_cache, b);
}

struct bib_session *bib_session_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(session_cache, gfp);
}

void bib_session_free(struct bib_session *s)
{
	kmem_cache_free(session_cache, s);
}

static void bib_bury(struct bib_table *t, struct llist_node *node,
		     struct llist_head *grave)
{
	bool full;

	spin_lock_bh(&t->grave_lock);
	__llist_add(node, grave);
	full = ++t->graves == REAP_BATCH;
	spin_unlock_bh(&t->grave_lock);
	if (full)
		queue_work(system_power_efficient_wq, &t->bib->reap);
}

void bib_bury_entry(struct bib_table *t, struct bib_entry *b)
{
	bib_bury(t, &b->grave, &t->grave_bibs);
}

void bib_bury_session(struct bib_table *t, struct bib_session *s)
{
	bib_bury(t, &s->grave, &t->grave_sessions);
}

/* What one table buried before the reaper came. */
struct bib_graves {
	struct llist_node *bibs;
	struct llist_node *sessions;
};

static void bib_graves_take(struct bib_table *t, struct bib_graves *g)
{
	spin_lock_bh(&t->grave_lock);
	g->bibs = __llist_del_all(&t->grave_bibs);
	g->sessions = __llist_del_all(&t->grave_sessions);
	t->graves = 0;
	spin_unlock_bh(&t->grave_lock);
}

/* Sessions first: an entry is buried after its sessions, never before. */
static unsigned int bib_graves_free(struct bib_graves *g, unsigned int n)
{
	struct bib_session *s, *stmp;
	struct bib_entry *b, *btmp;

	llist_for_each_entry_safe(s, stmp, g->sessions, grave) {
		kmem_cache_free(session_cache, s);
		if (!(++n % REAP_BATCH))
			cond_resched();
	}
	llist_for_each_entry_safe(b, btmp, g->bibs, grave) {
		kmem_cache_free(bib_cache, b);
		if (!(++n % REAP_BATCH))
			cond_resched();
	}
	return n;
}

/* Frees what was buried before the call; process context. */
void bib_reap(struct bib *bib)
{
	struct bib_graves graves[JOOL_PROTO_COUNT];
	bool any = false;
	unsigned int n = 0;
	int p;

	might_sleep();
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		bib_graves_take(&bib->tables[p], &graves[p]);
		any |= graves[p].bibs || graves[p].sessions;
	}
	if (!any)
		return;
	synchronize_rcu();
	for (p = 0; p < JOOL_PROTO_COUNT; p++)
		n = bib_graves_free(&graves[p], n);
}

void bib_reap_work(struct work_struct *work)
{
	bib_reap(container_of(work, struct bib, reap));
}

int bib_mem_init(void)
{
	/* Issue 17: 128 bytes the pair with their hash buckets (bht.h). */
	BUILD_BUG_ON(sizeof(struct bib_entry) > 56);
	BUILD_BUG_ON(sizeof(struct bib_session) > 56);
	/* Room for the session states in an entry's pointer (bib.h). */
	BUILD_BUG_ON(__alignof__(struct bib_entry) <= SESSION_STATE_MASK);
	BUILD_BUG_ON(SESSION_OPEN > SESSION_STATE_MASK);
	bib_cache = KMEM_CACHE(bib_entry, 0);
	session_cache = KMEM_CACHE(bib_session, 0);
	if (bib_cache && session_cache)
		return 0;
	bib_mem_exit();
	return -ENOMEM;
}

/* Every translator is gone and has reaped its graveyards. */
void bib_mem_exit(void)
{
	kmem_cache_destroy(session_cache);
	kmem_cache_destroy(bib_cache);
	session_cache = NULL;
	bib_cache = NULL;
}
