// SPDX-License-Identifier: GPL-2.0
/*
 * The lifetime of a namespace's BIB tables: bib_alloc() makes them when
 * the translator starts and starts the sweep (bib_sweep.c) and the
 * reaper (bib_mem.c); bib_free() stops both, empties the tables through
 * the teardown walk and frees them.  bib_init() and bib_exit() are the
 * module's.  Apart from bib.c, so that the packet path and the writers
 * of bib_sweep.c, which call into it, do not also depend on each other.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "core/port_block.h"
#include "core/taddr_alloc.h"
#include "state/bib.h"
#include "state/bib_table.h"
#include "state/netns.h"

static void bib_table_free(struct bib_table *t)
{
	bib_hash_free(t);
	expiry_free(&t->wheel);
	sub_table_free(&t->subs);
	pblk_table_free(&t->blocks);
	taddr_occ_free(&t->occ);
}

static int bib_table_init(struct bib *bib, u8 proto)
{
	struct bib_table *t = &bib->tables[proto];

	if (bib_hash_init(t) || sub_table_init(&t->subs) ||
	    expiry_init(&t->wheel) || pblk_table_init(&t->blocks))
		return -ENOMEM;
	return taddr_occ_init(&t->occ);
}

/* The sweep and the reaper are stopped before the tables go. */
void bib_free(struct bib *bib)
{
	int p;

	if (!bib)
		return;
	cancel_delayed_work_sync(&bib->sweep);
	for (p = 0; p < JOOL_PROTO_COUNT; p++)
		bib_table_empty(&bib->tables[p]);
	cancel_work_sync(&bib->reap);
	bib_reap(bib);
	for (p = 0; p < JOOL_PROTO_COUNT; p++)
		bib_table_free(&bib->tables[p]);
	kfree(bib);
}

struct bib *bib_alloc(const struct jool_net *jn)
{
	struct bib *bib = kzalloc(sizeof(*bib), GFP_KERNEL);
	int p;

	if (!bib)
		return NULL;
	bib->stats = jn->stats;
	bib->jn = jn;
	INIT_DELAYED_WORK(&bib->sweep, bib_sweep);
	INIT_WORK(&bib->reap, bib_reap_work);
	/* Whatever fails below, bib_free() finds every list initialized. */
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		struct bib_table *t = &bib->tables[p];

		spin_lock_init(&t->occ_lock);
		spin_lock_init(&t->wheel_lock);
		spin_lock_init(&t->grave_lock);
		t->proto = p;
		t->bib = bib;
		INIT_LIST_HEAD(&t->grave_bibs);
		INIT_LIST_HEAD(&t->grave_sessions);
	}
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		if (bib_table_init(bib, p)) {
			bib_free(bib);
			return NULL;
		}
	}
	queue_delayed_work(system_power_efficient_wq, &bib->sweep, SWEEP_PERIOD);
	return bib;
}

int bib_init(void)
{
	bib_hash_key_init();
	sub_init();
	taddr_init();
	pblk_init();
	return bib_mem_init();
}

void bib_exit(void)
{
	bib_mem_exit();
}
