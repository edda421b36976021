/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool4 configfs glue: owns the records, builds snapshots under one mutex
 * and publishes them with RCU for the data path.
 */
#ifndef _JOOL_POOL4_CONFIG_H
#define _JOOL_POOL4_CONFIG_H

#include <linux/configfs.h>
#include <linux/rcupdate.h>
#include "core/pool4.h"

extern struct pool4_snapshot __rcu *pool4_published;

/*
 * The snapshot the data path must use.  Caller holds rcu_read_lock() (or
 * rcu_read_lock_bh()) for as long as it uses the result; never NULL.
 */
static inline const struct pool4_snapshot *pool4_current(void)
{
	return rcu_dereference(pool4_published);
}

/* The jool/pool4 default group, to be added to the subsystem's root. */
struct config_group *pool4_config_group(void);

int pool4_config_init(void);
void pool4_config_exit(void);

#endif /* _JOOL_POOL4_CONFIG_H */
