// SPDX-License-Identifier: GPL-2.0
/*
 * The lifetime of a namespace's BIB tables: bib_alloc() makes them when
 * the translator starts and starts the sweep (bib_sweep.c) and the
 * reaper (bib_mem.c); bib_free() stops both, empties the tables through
 * the teardown walk and frees them.  The port blocks' hashes wait for
 * port-block-size (bib_blocks_prepare()): off by default, they would
 * cost 64 KiB per protocol of every translator for nothing.  So do the
 * IPv4 occupancy arrays (160 KiB per protocol) for pool4: they are made
 * when a protocol first has a record (bib_occ_prepare()).
 * bib_init() and bib_exit() are the module's.  Apart from bib.c, so
 * that the packet path and the writers of bib_sweep.c, which call into
 * it, do not also depend on each other.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "core/port_block.h"
#include "core/taddr_alloc.h"
#include "state/bib.h"
#include "state/bib_table.h"
#include "state/netns.h"
#include "state/pool4_pub.h"
#include "state/settings.h"

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

	pblk_table_init(&t->blocks);
	taddr_occ_init(&t->occ);
	if (bib_hash_init(t) || sub_table_init(&t->subs) ||
	    expiry_init(&t->wheel))
		return -ENOMEM;
	return 0;
}

/*
 * Attached under occ_lock, which every user of the arrays holds: the data
 * path sees a table with its arrays or without, and without them it finds
 * nothing to take (taddr_occ_ready()).  The caller publishes the pool4
 * snapshot that needs them only after this returns: the release of
 * occ_lock here comes before that publication's rcu_assign_pointer(), and
 * a packet takes occ_lock after it read the snapshot, so a packet that
 * sees the snapshot's records sees the arrays too.
 */
static int bib_occ_make(struct bib *bib, unsigned int protos)
{
	struct taddr_arrays a[JOOL_PROTO_COUNT] = {};
	int p, err = 0;

	for (p = 0; p < JOOL_PROTO_COUNT && !err; p++) {
		if (protos & 1U << p && !taddr_occ_ready(&bib->tables[p].occ))
			err = taddr_arrays_alloc(&a[p]);
	}
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		struct bib_table *t = &bib->tables[p];

		if (!err && a[p].addrs) {
			spin_lock_bh(&t->occ_lock);
			taddr_occ_attach(&t->occ, &a[p]);
			spin_unlock_bh(&t->occ_lock);
		}
		taddr_arrays_free(&a[p]);
	}
	return err;
}

int bib_occ_prepare(struct bib *bib, const struct pool4_snapshot *snap)
{
	return bib_occ_make(bib, pool4_snapshot_protos(snap));
}

/* A translator started with pool4 records has their arrays at once. */
static int bib_occ_start(struct bib *bib, const struct jool_net *jn)
{
	unsigned int protos;

	rcu_read_lock();
	protos = pool4_snapshot_protos(pool4_current(jn));
	rcu_read_unlock();
	return bib_occ_make(bib, protos);
}

/*
 * Attached under occ_lock, which pblk_alloc() holds: the data path sees
 * a table with its hashes or without.  Only the caller attaches, so
 * pblk_table_ready() needs no lock here.
 */
int bib_blocks_prepare(struct bib *bib)
{
	struct pblk_hashes *h[JOOL_PROTO_COUNT] = {};
	int p, err = 0;

	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		if (pblk_table_ready(&bib->tables[p].blocks))
			continue;
		h[p] = pblk_hashes_alloc();
		if (!h[p])
			err = -ENOMEM;
	}
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		struct bib_table *t = &bib->tables[p];

		if (err) {
			pblk_hashes_free(h[p]);
		} else if (h[p]) {
			spin_lock_bh(&t->occ_lock);
			pblk_table_attach(&t->blocks, h[p]);
			spin_unlock_bh(&t->occ_lock);
		}
	}
	return err;
}

/* A translator started with port-block-size on has its hashes at once. */
static int bib_blocks_start(struct bib *bib, const struct jool_net *jn)
{
	bool on;

	rcu_read_lock();
	on = jool_settings_current(jn)->port_block_size;
	rcu_read_unlock();
	return on ? bib_blocks_prepare(bib) : 0;
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
		init_llist_head(&t->grave_bibs);
		init_llist_head(&t->grave_sessions);
	}
	for (p = 0; p < JOOL_PROTO_COUNT; p++) {
		if (bib_table_init(bib, p)) {
			bib_free(bib);
			return NULL;
		}
	}
	if (bib_blocks_start(bib, jn) || bib_occ_start(bib, jn)) {
		bib_free(bib);
		return NULL;
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
