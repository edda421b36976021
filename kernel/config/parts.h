/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of the configuration tree, each defined in its own file, which
 * knows nothing of the others nor of the tree: config/configfs.c alone
 * puts them together under /sys/kernel/config/jool/.
 */
#ifndef _JOOL_CONFIG_PARTS_H
#define _JOOL_CONFIG_PARTS_H

#include <linux/configfs.h>

/* config/pool6_attr.c */
extern struct configfs_attribute jool_attr_pool6;
/* config/stats_attr.c */
extern struct configfs_attribute jool_attr_stats;
/* config/bib_show.c */
extern struct configfs_bin_attribute jool_attr_bib;
extern struct configfs_bin_attribute jool_attr_session;
/* config/pool4_item.c: the pool4/ group, added under @parent. */
void pool4_group_init(struct config_group *parent);

#endif /* _JOOL_CONFIG_PARTS_H */
