// SPDX-License-Identifier: GPL-2.0
/*
 * Publication of the NAT64 prefix: writers (the pool6 attribute of the
 * directory serving the namespace, under its lock; the namespace's exit)
 * replace it, readers (the data path, the session listing) only take
 * rcu_read_lock().
 */
#include <linux/slab.h>

#include "state/pool6.h"

void pool6_publish(struct jool_net *jn, struct pool6 *p6)
{
	struct pool6 *old = rcu_replace_pointer(jn->pool6, p6, true);

	if (old)
		kfree_rcu(old, rcu);
}
