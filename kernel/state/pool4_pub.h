/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pool4 the data path uses: an immutable snapshot (core/pool4.h)
 * published with RCU.  The configuration builds snapshots and publishes
 * them under pool4_mutex; the data path never takes it.
 */
#ifndef _JOOL_STATE_POOL4_PUB_H
#define _JOOL_STATE_POOL4_PUB_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>

#include "core/pool4.h"

extern struct pool4_snapshot __rcu *pool4_published;

/* Serialises the writers of the pool (config/pool4_set.c and its items). */
extern struct mutex pool4_mutex;

/*
 * The snapshot the data path must use; never NULL.  Caller holds
 * rcu_read_lock() for as long as it uses the result: rcu_read_lock_bh()
 * alone also keeps the snapshot alive, but rcu_dereference() does not
 * count it as a reader and lockdep would complain.
 */
static inline const struct pool4_snapshot *pool4_current(void)
{
	return rcu_dereference(pool4_published);
}

/*
 * Caller holds pool4_mutex.  @snap (NULL: the empty pool, which costs no
 * allocation) replaces the published snapshot, freed after a grace period.
 */
void pool4_publish(struct pool4_snapshot *snap);

/* Publishes the empty pool and waits until the last snapshot is freed. */
void pool4_pub_exit(void);

#endif /* _JOOL_STATE_POOL4_PUB_H */
