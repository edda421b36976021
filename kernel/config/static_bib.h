/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static BIB entries: one directory per entry under jool/static-bib/
 * (config/static_bib.c), each publishing an IPv6 server at an IPv4
 * transport address of pool4.  Every configuration directory
 * (config/instance.h) has its own set; everything here is under that
 * directory's lock.
 */
#ifndef _JOOL_CONFIG_STATIC_BIB_H
#define _JOOL_CONFIG_STATIC_BIB_H

#include <linux/configfs.h>
#include <linux/list.h>

#include "state/bib.h"

struct jool_inst;

/**
 * struct static_bib_set - the static-bib/ group of a configuration directory
 * @group:	the group; entries are its children
 * @inst:	the directory it belongs to: its lock, its translator
 * @enabled:	the enabled entries (static_bib_item.node), all in the BIB
 */
struct static_bib_set {
	struct config_group group;
	struct jool_inst *inst;
	struct list_head enabled;
};

/**
 * struct static_bib_item - a static BIB entry directory
 * @item:	the configfs item
 * @entry:	proto, mark and both transport addresses, as written
 * @proto_set, @ipv4_set, @ipv6_set: those attributes have been written
 * @enabled:	the entry is in the translator's BIB
 * @node:	in the set's enabled list while enabled
 */
struct static_bib_item {
	struct config_item item;
	struct bib_flow entry;
	bool proto_set;
	bool ipv4_set;
	bool ipv6_set;
	bool enabled;
	struct list_head node;
};

/*
 * pool4 changed to @after (NULL: the empty pool): the enabled entries it
 * no longer covers leave the BIB, with their sessions, and read enabled 0.
 * A static entry outside pool4 could not be restored from a saved file.
 */
void static_bib_recheck(struct static_bib_set *set,
			const struct pool4_snapshot *after);

/* The directory stops serving its translator: every entry leaves it. */
void static_bib_detach(struct static_bib_set *set);

#endif /* _JOOL_CONFIG_STATIC_BIB_H */
