/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pool4 the data path uses: an immutable snapshot (core/pool4.h)
 * published with RCU in the translator of each namespace (state/netns.h).
 * The configuration builds snapshots and publishes them under the lock
 * of the directory serving that namespace; the data path never takes it.
 */
#ifndef _JOOL_STATE_POOL4_PUB_H
#define _JOOL_STATE_POOL4_PUB_H

#include <linux/rcupdate.h>

#include "core/pool4.h"
#include "state/netns.h"

/*
 * The snapshot the data path must use; never NULL.  Caller holds
 * rcu_read_lock() for as long as it uses the result: rcu_read_lock_bh()
 * alone also keeps the snapshot alive, but rcu_dereference() does not
 * count it as a reader and lockdep would complain.
 */
static inline const struct pool4_snapshot *
pool4_current(const struct jool_net *jn)
{
	return rcu_dereference(jn->pool4);
}

/* A new namespace's translator: the empty pool. */
void pool4_pub_init(struct jool_net *jn);

/*
 * The caller serialises the writers of @jn.  @snap (NULL: the empty pool,
 * which costs no allocation) replaces the published snapshot, freed after
 * a grace period (the module's exit waits for it: rcu_barrier()).
 */
void pool4_publish(struct jool_net *jn, struct pool4_snapshot *snap);

#endif /* _JOOL_STATE_POOL4_PUB_H */
