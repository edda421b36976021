// SPDX-License-Identifier: GPL-2.0
/*
 * The translator of one network namespace: its pointers and their RCU
 * publication (see netns.h).  Starting and stopping it is the data path's
 * (xlat/xlat_net.c); which configuration directory serves which namespace,
 * and the pernet_operations, the configuration side's (config/ns.c).
 */
#include <linux/slab.h>

#include "core/pool4.h"
#include "state/netns.h"
#include "state/pool6.h"

unsigned int jool_net_id __read_mostly;

/* The pool before any record is enabled; never freed, shared. */
static struct pool4_snapshot jool_pool4_empty;

static void jool_pool4_free_rcu(struct rcu_head *rcu)
{
	pool4_snapshot_free(container_of(rcu, struct pool4_snapshot, rcu));
}

void jool_net_init(struct jool_net *jn, struct net *net)
{
	jn->net = net;
	RCU_INIT_POINTER(jn->pool6, NULL);
	RCU_INIT_POINTER(jn->pool4, &jool_pool4_empty);
}

void jool_net_publish_pool6(struct jool_net *jn, struct pool6 *p6)
{
	struct pool6 *old = rcu_replace_pointer(jn->pool6, p6, true);

	if (old)
		kfree_rcu(old, rcu);
}

void jool_net_publish_pool4(struct jool_net *jn, struct pool4_snapshot *snap)
{
	struct pool4_snapshot *old;

	old = rcu_replace_pointer(jn->pool4, snap ?: &jool_pool4_empty, true);
	if (old != &jool_pool4_empty)
		call_rcu(&old->rcu, jool_pool4_free_rcu);
}

