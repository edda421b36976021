/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The translator of one network namespace: what the data path reads.
 *
 * Every namespace has a struct jool_net (pernet_operations allocates it
 * with the namespace: a few pointers, all NULL or empty).  It stays idle
 * and costs nothing else until the translator is first configured there
 * (a pool6 prefix is written): jool_net_start() (xlat/hooks.h) then
 * allocates the BIB and the counters and registers the netfilter hooks of
 * that namespace; jool_net_stop() undoes it when the namespace goes.  The
 * hooks get the struct jool_net as their priv argument, so the data path
 * finds its namespace's translator without any lookup; net_generic() is
 * for the configuration side.
 *
 * Writers (the configuration directory bound to the namespace, under its
 * lock; pernet exit, when nothing else can reach it) publish pool6 and
 * pool4 with RCU (state/pool6.h, state/pool4_pub.h), and the settings
 * (state/settings.h).  @bib, @syn_store, @stats, @routes and @hooks are set once by
 * jool_net_start(), before the hooks can run, and cleared only by
 * jool_net_stop() after the hooks are gone.
 */
#ifndef _JOOL_NETNS_H
#define _JOOL_NETNS_H

#include <linux/compiler_types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

struct bib;
struct jool_inst;
struct jool_stats;
struct nf_hook_ops;
struct proc_dir_entry;
struct route_cache;
struct pool4_snapshot;
struct pool6;
struct jool_settings;
struct syn_store;

/**
 * struct jool_net - the translator of one network namespace
 * @pool6:	the NAT64 prefix; NULL while the translator is idle
 * @pool4:	the pool4 snapshot; never NULL (the empty one at first)
 * @settings:	the operator's settings; never NULL (the defaults at first)
 * @bib:	BIB and sessions; NULL until started
 * @syn_store:	IPv4 SYNs waiting for a simultaneous open; NULL until started
 * @stats:	counters; NULL until started
 * @hooks:	the registered netfilter hooks; NULL until started
 * @routes:	the routes translated packets took, per CPU
 *		(xlat/route_cache.c); NULL until started
 * @proc:	/proc/net/jool/, the listings (config/bib_proc.c); NULL until
 *		started
 * @net:	the namespace (not a reference: it owns us)
 * @inst:	the configuration directory serving it, or NULL; changes
 *		under jool_bind_mutex only (config/ns.c)
 */
struct jool_net {
	struct pool6 __rcu *pool6;
	struct pool4_snapshot __rcu *pool4;
	struct jool_settings __rcu *settings;
	struct bib *bib;
	struct syn_store *syn_store;
	struct jool_stats *stats;
	struct nf_hook_ops *hooks;
	struct route_cache __percpu *routes;
	struct proc_dir_entry *proc;
	struct net *net;
	struct jool_inst *inst;
};

extern unsigned int jool_net_id;

static inline struct jool_net *jool_net(const struct net *net)
{
	return net_generic(net, jool_net_id);
}

/* pernet init: an idle translator. */
void jool_net_init(struct jool_net *jn, struct net *net);

#endif /* _JOOL_NETNS_H */
