// SPDX-License-Identifier: GPL-2.0
/*
 * Publication of the NAT64 prefix: writers (the jool/pool6 attribute)
 * replace it under a mutex, readers (the data path, the session listing)
 * only take rcu_read_lock().
 */
#include <linux/mutex.h>
#include <linux/slab.h>

#include "state/pool6.h"

struct pool6 __rcu *pool6_published;

/* Serialises writers of pool6_published; the data path never takes it. */
static struct mutex pool6_mutex;

void pool6_publish(struct pool6 *p6)
{
	struct pool6 *old;

	mutex_lock(&pool6_mutex);
	old = rcu_replace_pointer(pool6_published, p6,
				  lockdep_is_held(&pool6_mutex));
	mutex_unlock(&pool6_mutex);
	if (old)
		kfree_rcu(old, rcu);
}

void pool6_init(void)
{
	mutex_init(&pool6_mutex);
	RCU_INIT_POINTER(pool6_published, NULL);
}

/* After the hooks are gone: nobody reads the prefix any more. */
void pool6_exit(void)
{
	pool6_publish(NULL);
}
