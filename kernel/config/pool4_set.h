/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The set of pool4 records: one directory per record under jool/pool4/
 * (config/pool4_item.c), the enabled ones making up the published pool
 * (config/pool4_set.c).  Every directory serving a namespace's translator
 * (config/instance.h) has its own set; everything here is under that
 * directory's lock.
 */
#ifndef _JOOL_CONFIG_POOL4_SET_H
#define _JOOL_CONFIG_POOL4_SET_H

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/workqueue.h>

#include "core/pool4.h"

struct jool_inst;
struct jool_net;

/**
 * struct pool4_set - the pool4/ group of a configuration directory
 * @group:	the group; records are its children
 * @inst:	the directory it belongs to: its lock, its translator
 * @enabled:	the enabled records (pool4_item.node)
 * @enabled_count: their number
 * @orphans:	removed records whose cascade waits for a rebuild
 * @retry:	rebuilds the pool after a removal that ran out of memory
 */
struct pool4_set {
	struct config_group group;
	struct jool_inst *inst;
	struct list_head enabled;
	unsigned int enabled_count;
	struct list_head orphans;
	struct delayed_work retry;
};

static inline struct pool4_set *to_pool4_set(struct config_group *group)
{
	return container_of(group, struct pool4_set, group);
}

/**
 * struct pool4_item - a pool4 record directory
 * @item:	the configfs item; its refcount keeps the record alive
 * @rec:	mark, proto, prefix and ports, as written by the user
 * @proto_set:	@rec.proto has been written
 * @prefix_set:	@rec.addr and @rec.prefix_len have been written
 * @enabled:	the record is in the enabled set and the published pool
 * @quick:	leave BIB entries to expire instead of cascading removal
 * @node:	in the enabled set while enabled, among the orphans after a
 *		removal whose rebuild failed
 */
struct pool4_item {
	struct config_item item;
	struct pool4_record rec;
	bool proto_set;
	bool prefix_set;
	bool enabled;
	bool quick;
	struct list_head node;
};

static inline struct pool4_item *to_pool4_item(struct config_item *item)
{
	return container_of(item, struct pool4_item, item);
}

/* The set of a linked record (configfs set its parent). */
static inline struct pool4_set *pool4_set_of(struct pool4_item *pi)
{
	return to_pool4_set(to_config_group(pi->item.ci_parent));
}

void pool4_set_init(struct pool4_set *ps, struct jool_inst *inst);

/* "enabled" 1: publishes a pool with @pi; 0 or -ENOMEM (nothing changed). */
int pool4_set_enable(struct pool4_set *ps, struct pool4_item *pi);
/* "enabled" 0: refused with -ENOMEM (record still enabled) if out of memory. */
int pool4_set_disable(struct pool4_set *ps, struct pool4_item *pi);
/* rmdir of an enabled record: cannot fail, see pool4_set.c. */
void pool4_set_remove(struct pool4_set *ps, struct pool4_item *pi);

/*
 * The directory stops serving @jn (under its lock): its records leave the
 * pool, disabled, without cascade, and @jn's pool becomes empty.
 */
void pool4_set_detach(struct pool4_set *ps, struct jool_net *jn);

/*
 * After a detach, without the lock: waits for the retry worker and drops
 * the removals that waited for it (no translator to cascade into).
 */
void pool4_set_settle(struct pool4_set *ps);

#endif /* _JOOL_CONFIG_POOL4_SET_H */
