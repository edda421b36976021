/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A configuration directory: the root jool/, which serves the initial
 * network namespace, or a jool/ns/NAME/, bound to a namespace by writing
 * to its "netns" (ns.c).  Both hold the same attributes (pool6, stats,
 * bib, session), a pool4/, a static-bib/ and a global/ group; their
 * handlers find the directory
 * with to_jool_inst() and the translator it serves through it.  Which
 * directory serves which namespace is config/ns.c's.
 *
 * Access rules (jool_inst_enter()): a task may read a translator when it
 * runs in that translator's namespace or has CAP_NET_ADMIN in the initial
 * user namespace; it may change it when, in addition, it has CAP_NET_ADMIN
 * in the user namespace that owns the namespace.  A directory whose
 * namespace is gone is inert: every access but "netns" gets ENODEV.
 */
#ifndef _JOOL_INSTANCE_H
#define _JOOL_INSTANCE_H

#include <linux/configfs.h>
#include <linux/mutex.h>

#include "config/pool4_set.h"
#include "config/static_bib.h"
#include "state/netns.h"

/**
 * struct jool_inst - a configuration directory
 * @cfs:	its configfs group, su_group (first member, so one
 *		container_of serves the root, a subsystem, and the jool/ns/
 *		directories, which use the group alone)
 * @lock:	serialises the configuration of the translator it serves
 *		(records, pool6) and readers that follow @jn
 * @jn:		the translator it serves; NULL before binding and after the
 *		namespace is gone.  Written under jool_bind_mutex and @lock.
 * @gone:	its namespace was deleted: the directory is inert
 * @inum:	the namespace's inode number, reported by "netns"
 * @pool4:	the pool4/ group and its records
 * @static_bib:	the static-bib/ group and its entries
 * @global:	the global/ group: the translator's settings
 */
struct jool_inst {
	struct configfs_subsystem cfs;
	struct mutex lock;
	struct jool_net *jn;
	bool gone;
	unsigned int inum;
	struct pool4_set pool4;
	struct static_bib_set static_bib;
	struct config_group global;
};

static inline struct jool_inst *to_jool_inst(struct config_item *item)
{
	return container_of(to_config_group(item), struct jool_inst,
			    cfs.su_group);
}

/**
 * jool_inst_enter() - lock @inst for one access to the translator it serves
 * @inst:	the directory
 * @admin:	a change, or a read of its subscribers' flows
 *
 * Return: 0 with @inst->lock held and @inst->jn set; or, unlocked,
 * -ENODEV (not bound, or its namespace is gone), -EACCES (another
 * namespace's translator, without CAP_NET_ADMIN in the initial user
 * namespace) or -EPERM (an @admin access without CAP_NET_ADMIN over the
 * namespace).
 */
int jool_inst_enter(struct jool_inst *inst, bool admin);

static inline void jool_inst_leave(struct jool_inst *inst)
{
	mutex_unlock(&inst->lock);
}

/* May the current task touch @net's translator (see above)? */
bool jool_may_read(const struct net *net);
bool jool_may_write(const struct net *net);

#endif /* _JOOL_INSTANCE_H */
