// SPDX-License-Identifier: GPL-2.0
/*
 * Publication of pool4 snapshots, see state/pool4_pub.h.  The empty pool
 * is a static snapshot so that publishing it can never fail: removing a
 * record must succeed even when a new snapshot cannot be built.
 */
#include <linux/slab.h>

#include "state/pool4_pub.h"

static struct pool4_snapshot pool4_empty;
struct pool4_snapshot __rcu *pool4_published = RCU_INITIALIZER(&pool4_empty);
DEFINE_MUTEX(pool4_mutex);

static void pool4_snapshot_free_rcu(struct rcu_head *rcu)
{
	pool4_snapshot_free(container_of(rcu, struct pool4_snapshot, rcu));
}

void pool4_publish(struct pool4_snapshot *snap)
{
	struct pool4_snapshot *old;

	old = rcu_replace_pointer(pool4_published, snap ?: &pool4_empty,
				  lockdep_is_held(&pool4_mutex));
	if (old != &pool4_empty)
		call_rcu(&old->rcu, pool4_snapshot_free_rcu);
}

/* After the records are gone: the snapshot freed before the module text. */
void pool4_pub_exit(void)
{
	mutex_lock(&pool4_mutex);
	pool4_publish(NULL);
	mutex_unlock(&pool4_mutex);
	rcu_barrier();
}
