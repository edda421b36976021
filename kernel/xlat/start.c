// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the translator of a network namespace (first configured there)
 * and stopping it (the namespace goes, or the module): the BIB, the SYN
 * store, the counters, the route cache and the netfilter hooks of that
 * namespace.
 */
#include <linux/err.h>

#include "state/bib.h"
#include "state/pool4_pub.h"
#include "state/pool6.h"
#include "state/settings.h"
#include "state/stats.h"
#include "state/syn_store.h"
#include "xlat/icmp_err.h"
#include "xlat/hooks.h"
#include "xlat/route_cache.h"
#include "xlat/start.h"

/*
 * The hooks go last: once they are registered packets may use everything
 * else, which is complete by then.
 */
int jool_net_start(struct jool_net *jn)
{
	if (jn->hooks)
		return 0;
	if (!jn->stats)
		jn->stats = jool_stats_alloc();
	if (jn->stats && !jn->syn_store)
		jn->syn_store = syn_store_alloc(jn, xlat_send_port_unreach4);
	if (jn->syn_store && !jn->bib)
		jn->bib = bib_alloc(jn);
	if (jn->bib && !jn->routes)
		jn->routes = route_cache_alloc();
	if (!jn->routes)
		return -ENOMEM;
	jn->hooks = jool_hooks_register(jn);
	if (IS_ERR(jn->hooks)) {
		int err = PTR_ERR(jn->hooks);

		jn->hooks = NULL;
		return err;
	}
	return 0;
}

/*
 * Unregistering the hooks waits for the packets that are inside them
 * (synchronize_net()), so the BIB can go right after, and the SYN store,
 * whose expiry work is cancelled before anything it uses goes.  Snapshots, the
 * prefix and the settings are freed by RCU: the module's exit waits for them.
 */
void jool_net_stop(struct jool_net *jn)
{
	if (jn->hooks)
		jool_hooks_unregister(jn, jn->hooks);
	jn->hooks = NULL;
	pool6_publish(jn, NULL);
	pool4_publish(jn, NULL);
	jool_settings_publish(jn, NULL);
	syn_store_free(jn->syn_store);
	jn->syn_store = NULL;
	bib_free(jn->bib);
	jn->bib = NULL;
	route_cache_free(jn->routes);
	jn->routes = NULL;
	jool_stats_free(jn->stats);
	jn->stats = NULL;
}
