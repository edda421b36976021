// SPDX-License-Identifier: GPL-2.0
/*
 * Publication of pool4 snapshots, see state/pool4_pub.h.  The empty pool
 * is a static snapshot, shared by every namespace, so that publishing it
 * can never fail: removing a record must succeed even when a new snapshot
 * cannot be built.
 */
#include <linux/slab.h>

#include "state/pool4_pub.h"

static struct pool4_snapshot pool4_empty;

static void pool4_snapshot_free_rcu(struct rcu_head *rcu)
{
	pool4_snapshot_free(container_of(rcu, struct pool4_snapshot, rcu));
}

void pool4_pub_init(struct jool_net *jn)
{
	RCU_INIT_POINTER(jn->pool4, &pool4_empty);
}

void pool4_publish(struct jool_net *jn, struct pool4_snapshot *snap)
{
	struct pool4_snapshot *old;

	old = rcu_replace_pointer(jn->pool4, snap ?: &pool4_empty, true);
	if (old != &pool4_empty)
		call_rcu(&old->rcu, pool4_snapshot_free_rcu);
}
