// SPDX-License-Identifier: GPL-2.0
/*
 * The translator of one network namespace (see state/netns.h): the id of
 * its net_generic() slot and its idle state.  Starting and stopping it is
 * the data path's (xlat/hooks.c); which configuration directory serves
 * which namespace, and the pernet_operations, the configuration's
 * (config/ns.c).
 */
#include "state/netns.h"
#include "state/pool4_pub.h"
#include "state/settings.h"

unsigned int jool_net_id __read_mostly;

void jool_net_init(struct jool_net *jn, struct net *net)
{
	jn->net = net;
	RCU_INIT_POINTER(jn->pool6, NULL);
	pool4_pub_init(jn);
	jool_settings_init(jn);
}
