// SPDX-License-Identifier: GPL-2.0
/*
 * The enabled pool4 records and the snapshot built from them.
 *
 * Every change of the set (enable, disable, rmdir) builds a new snapshot
 * of the enabled records and publishes it (state/pool4_pub.c); then the
 * BIB entries whose transport addresses left the pool are removed (the
 * cascade), unless the record was "quick".  All under pool4_mutex.
 */
#include <linux/mm.h>
#include <linux/workqueue.h>

#include "config/pool4_set.h"
#include "state/bib.h"
#include "state/pool4_pub.h"

static LIST_HEAD(pool4_enabled);
static unsigned int pool4_enabled_count;
/* Removed records whose cascade waits for a successful rebuild. */
static LIST_HEAD(pool4_orphans);

static void pool4_rebuild_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(pool4_retry_work, pool4_rebuild_retry);

/* A new snapshot of the enabled records, or NULL when memory ran out. */
static struct pool4_snapshot *pool4_build_enabled(void)
{
	const struct pool4_record **recs;
	struct pool4_snapshot *snap;
	struct pool4_item *pi;
	unsigned int i = 0;

	lockdep_assert_held(&pool4_mutex);
	recs = kvmalloc_array(max(pool4_enabled_count, 1U), sizeof(*recs),
			      GFP_KERNEL);
	if (!recs)
		return NULL;
	list_for_each_entry(pi, &pool4_enabled, node)
		recs[i++] = &pi->rec;
	snap = pool4_snapshot_build(recs, i);
	kvfree(recs);
	return snap;
}

/* @after NULL: the empty pool. */
static void pool4_cascade(struct pool4_item *pi,
			  const struct pool4_snapshot *after)
{
	if (!pi->quick)
		pool4_for_each_uncovered(&pi->rec, after, bib_remove_area, NULL);
}

/* Cascades removals that waited for a rebuild; drops their references. */
static void pool4_settle_orphans(const struct pool4_snapshot *after)
{
	struct pool4_item *pi, *tmp;

	list_for_each_entry_safe(pi, tmp, &pool4_orphans, node) {
		list_del_init(&pi->node);
		pool4_cascade(pi, after);
		config_item_put(&pi->item);
	}
}

static void pool4_rebuild_retry(struct work_struct *work)
{
	struct pool4_snapshot *snap;

	mutex_lock(&pool4_mutex);
	snap = pool4_build_enabled();
	if (snap) {
		pool4_publish(snap);
		pool4_settle_orphans(snap);
	} else {
		schedule_delayed_work(&pool4_retry_work, HZ);
	}
	mutex_unlock(&pool4_mutex);
}

int pool4_set_enable(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	list_add_tail(&pi->node, &pool4_enabled);
	pool4_enabled_count++;
	snap = pool4_build_enabled();
	if (!snap) {
		list_del_init(&pi->node);
		pool4_enabled_count--;
		return -ENOMEM;
	}
	pi->enabled = true;
	pool4_publish(snap);
	return 0;
}

static void pool4_unlink(struct pool4_item *pi)
{
	list_del_init(&pi->node);
	pool4_enabled_count--;
	pi->enabled = false;
}

int pool4_set_disable(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(pi);
	snap = pool4_build_enabled();
	if (!snap) {
		list_add_tail(&pi->node, &pool4_enabled);
		pool4_enabled_count++;
		pi->enabled = true;
		return -ENOMEM;
	}
	pool4_publish(snap);
	pool4_cascade(pi, snap);
	return 0;
}

/*
 * rmdir cannot be refused.  If the new snapshot cannot be built, publish
 * the empty pool instead: no new mapping can use the removed addresses,
 * existing BIB entries keep working, and a worker rebuilds the real pool
 * and finishes the cascade as soon as memory allows.
 */
void pool4_set_remove(struct pool4_item *pi)
{
	struct pool4_snapshot *snap;

	pool4_unlink(pi);
	snap = pool4_build_enabled();
	if (snap) {
		pool4_publish(snap);
		pool4_cascade(pi, snap);
		return;
	}
	pr_warn_ratelimited("jool: out of memory rebuilding pool4; translating no new flows until it succeeds\n");
	pool4_publish(NULL);
	config_item_get(&pi->item);
	list_add_tail(&pi->node, &pool4_orphans);
	schedule_delayed_work(&pool4_retry_work, HZ / 10);
}

/*
 * configfs has already dropped every record (the subsystem is gone), so
 * only orphans may be left: cascade them against the empty pool.
 */
void pool4_set_exit(void)
{
	cancel_delayed_work_sync(&pool4_retry_work);
	mutex_lock(&pool4_mutex);
	pool4_settle_orphans(NULL);
	mutex_unlock(&pool4_mutex);
}
