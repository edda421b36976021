// SPDX-License-Identifier: GPL-2.0
/*
 * The enabled pool4 records of one configuration directory and the
 * snapshot built from them.
 *
 * Every change of the set (enable, disable, rmdir) builds a new snapshot
 * of the enabled records and publishes it (state/pool4_pub.c) into the
 * translator the directory serves; then the BIB entries whose transport
 * addresses left the pool are removed (the cascade), unless the record was
 * "quick".  All under the directory's lock, with its translator bound
 * (config/instance.h): the callers check.
 */
#include <linux/mm.h>
#include <linux/workqueue.h>

#include "config/instance.h"
#include "config/pool4_set.h"
#include "state/bib.h"
#include "state/pool4_pub.h"

/*
 * A new snapshot of the enabled records, or NULL when memory ran out.
 * A started translator gets the occupancy arrays of the snapshot's
 * protocols first (bib_occ_prepare()): a protocol's first record costs
 * 160 KiB, and a publication must never show the data path a record
 * whose protocol has nowhere to note the addresses it takes.  Every
 * caller handles NULL as "nothing changed" (or, for rmdir, retries).
 */
static struct pool4_snapshot *pool4_build_enabled(struct pool4_set *ps)
{
	struct bib *bib = ps->inst->jn->bib;
	const struct pool4_record **recs;
	struct pool4_snapshot *snap;
	struct pool4_item *pi;
	unsigned int i = 0;

	lockdep_assert_held(&ps->inst->lock);
	recs = kvmalloc_array(max(ps->enabled_count, 1U), sizeof(*recs),
			      GFP_KERNEL);
	if (!recs)
		return NULL;
	list_for_each_entry(pi, &ps->enabled, node)
		recs[i++] = &pi->rec;
	snap = pool4_snapshot_build(recs, i);
	kvfree(recs);
	if (snap && bib && bib_occ_prepare(bib, snap)) {
		pool4_snapshot_free(snap);
		snap = NULL;
	}
	return snap;
}

static void pool4_set_publish(struct pool4_set *ps,
			      struct pool4_snapshot *snap)
{
	lockdep_assert_held(&ps->inst->lock);
	pool4_publish(ps->inst->jn, snap);
}

/*
 * @after NULL: the empty pool.  Static BIB entries it no longer covers go
 * first, quick or not (they never expire: there is nothing to wait for).
 */
static void pool4_cascade(struct pool4_set *ps, struct pool4_item *pi,
			  const struct pool4_snapshot *after)
{
	static_bib_recheck(&ps->inst->static_bib, after);
	if (!pi->quick)
		pool4_for_each_uncovered(&pi->rec, after, bib_remove_area,
					 ps->inst->jn->bib);
}

/*
 * Moves the removals that waited for a rebuild to @done, cascading them
 * against @after when the directory still serves a translator; the
 * caller drops their references after the lock (pool4_put_all()).
 */
static void pool4_settle_orphans(struct pool4_set *ps,
				 const struct pool4_snapshot *after,
				 struct list_head *done)
{
	struct pool4_item *pi, *tmp;

	list_for_each_entry_safe(pi, tmp, &ps->orphans, node) {
		list_move(&pi->node, done);
		if (ps->inst->jn)
			pool4_cascade(ps, pi, after);
	}
}

static void pool4_put_all(struct list_head *done)
{
	struct pool4_item *pi, *tmp;

	list_for_each_entry_safe(pi, tmp, done, node) {
		list_del_init(&pi->node);
		config_item_put(&pi->item);
	}
}

static void pool4_rebuild_retry(struct work_struct *work)
{
	struct pool4_set *ps = container_of(to_delayed_work(work),
					    struct pool4_set, retry);
	struct pool4_snapshot *snap = NULL;
	LIST_HEAD(done);

	mutex_lock(&ps->inst->lock);
	/* Detached meanwhile: pool4_set_settle() takes the orphans. */
	if (ps->inst->jn) {
		snap = pool4_build_enabled(ps);
		if (snap) {
			pool4_set_publish(ps, snap);
			pool4_settle_orphans(ps, snap, &done);
		} else {
			schedule_delayed_work(&ps->retry, HZ);
		}
	}
	mutex_unlock(&ps->inst->lock);
	pool4_put_all(&done);
}

void pool4_set_init(struct pool4_set *ps, struct jool_inst *inst)
{
	ps->inst = inst;
	INIT_LIST_HEAD(&ps->enabled);
	INIT_LIST_HEAD(&ps->orphans);
	INIT_DELAYED_WORK(&ps->retry, pool4_rebuild_retry);
}

int pool4_set_enable(struct pool4_set *ps, struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	list_add_tail(&pi->node, &ps->enabled);
	ps->enabled_count++;
	snap = pool4_build_enabled(ps);
	if (!snap) {
		list_del_init(&pi->node);
		ps->enabled_count--;
		return -ENOMEM;
	}
	pi->enabled = true;
	pool4_set_publish(ps, snap);
	return 0;
}

static void pool4_unlink(struct pool4_set *ps, struct pool4_item *pi)
{
	list_del_init(&pi->node);
	ps->enabled_count--;
	pi->enabled = false;
}

int pool4_set_disable(struct pool4_set *ps, struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(ps, pi);
	snap = pool4_build_enabled(ps);
	if (!snap) {
		list_add_tail(&pi->node, &ps->enabled);
		ps->enabled_count++;
		pi->enabled = true;
		return -ENOMEM;
	}
	pool4_set_publish(ps, snap);
	pool4_cascade(ps, pi, snap);
	return 0;
}

/*
 * rmdir cannot be refused.  If the new snapshot cannot be built, publish
 * the empty pool instead: no new mapping can use the removed addresses,
 * existing BIB entries keep working, and a worker rebuilds the real pool
 * and finishes the cascade as soon as memory allows.
 */
void pool4_set_remove(struct pool4_set *ps, struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(ps, pi);
	snap = pool4_build_enabled(ps);
	if (snap) {
		pool4_set_publish(ps, snap);
		pool4_cascade(ps, pi, snap);
		return;
	}
	pr_warn_ratelimited("jool: out of memory rebuilding pool4; translating no new flows until it succeeds\n");
	pool4_set_publish(ps, NULL);
	config_item_get(&pi->item);
	list_add_tail(&pi->node, &ps->orphans);
	schedule_delayed_work(&ps->retry, HZ / 10);
}

void pool4_set_detach(struct pool4_set *ps, struct jool_net *jn)
{
	struct pool4_item *pi, *tmp;

	lockdep_assert_held(&ps->inst->lock);
	list_for_each_entry_safe(pi, tmp, &ps->enabled, node)
		pool4_unlink(ps, pi);
	pool4_publish(jn, NULL);
}

void pool4_set_settle(struct pool4_set *ps)
{
	LIST_HEAD(done);

	cancel_delayed_work_sync(&ps->retry);
	mutex_lock(&ps->inst->lock);
	pool4_settle_orphans(ps, NULL, &done);
	mutex_unlock(&ps->inst->lock);
	pool4_put_all(&done);
}
