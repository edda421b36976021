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
/*
 * config/bib_proc.c: /proc/net/jool/ of @jn's namespace, made before its
 * translator starts (idempotent; 0 or -ENOMEM) and removed before it
 * stops.
 */
struct jool_net;
int jool_proc_add(struct jool_net *jn);
void jool_proc_remove(struct jool_net *jn);
/* config/pool4_item.c: @ps's pool4/ group, added under @parent. */
struct pool4_set;
void pool4_group_init(struct pool4_set *ps, struct config_group *parent);
/* config/static_bib.c: @set's static-bib/ group, added under @inst. */
struct static_bib_set;
struct jool_inst;
void static_bib_group_init(struct static_bib_set *set, struct jool_inst *inst);
/* config/global_attr.c: the global/ group @group, added under @parent. */
void global_group_init(struct config_group *group, struct config_group *parent);
/* config/ns.c: jool/netns, a directory's state, and the jool/ns/ group. */
struct jool_inst;
extern struct configfs_attribute jool_attr_root_netns;
void jool_inst_init(struct jool_inst *inst);
struct config_group *jool_ns_group_init(void);
/* pernet_operations, and @root bound to the initial namespace. */
int jool_ns_init(struct jool_inst *root);
/* After the configuration tree is gone: stops every translator. */
void jool_ns_exit(void);

#endif /* _JOOL_CONFIG_PARTS_H */
