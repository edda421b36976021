/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The set of pool4 records: one directory per record under jool/pool4/
 * (config/pool4_item.c), the enabled ones making up the published pool
 * (config/pool4_set.c).  Everything here is under pool4_mutex.
 */
#ifndef _JOOL_CONFIG_POOL4_SET_H
#define _JOOL_CONFIG_POOL4_SET_H

#include <linux/configfs.h>
#include <linux/list.h>

#include "core/pool4.h"

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

/* "enabled" 1: publishes a pool with @pi; 0 or -ENOMEM (nothing changed). */
int pool4_set_enable(struct pool4_item *pi);
/* "enabled" 0: refused with -ENOMEM (record still enabled) if out of memory. */
int pool4_set_disable(struct pool4_item *pi);
/* rmdir of an enabled record: cannot fail, see pool4_set.c. */
void pool4_set_remove(struct pool4_item *pi);

/* After the tree is gone: finishes the removals that waited for memory. */
void pool4_set_exit(void);

#endif /* _JOOL_CONFIG_POOL4_SET_H */
