// SPDX-License-Identifier: GPL-2.0
/*
 * Where packets enter the translator: PRE_ROUTING of the initial network
 * namespace, for both families.
 *
 * The priority is just after the mangle table, so that marks set with
 * "ip6tables -t mangle ... -j MARK" select the pool4 records, and before
 * NAT.  Packets that are not the translator's are accepted untouched.
 *
 * The configuration tree is global (configfs has no per-namespace view),
 * so the translator lives in one namespace only: the initial one.
 */
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>

#include "xlat/hooks.h"
#include "state/pool6.h"
#include "xlat/xlat.h"

static unsigned int jool_hook6(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct pool6 *p6 = pool6_current();

	if (!p6 || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	if (!pool6_contains(p6, &ipv6_hdr(skb)->daddr))
		return NF_ACCEPT;
	return xlat_6to4(state->net, skb, p6);
}

static unsigned int jool_hook4(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct pool6 *p6 = pool6_current();

	if (!p6 || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	return xlat_4to6(state->net, skb, p6);
}

static const struct nf_hook_ops jool_hook_ops[] = {
	{
		.hook		= jool_hook6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_MANGLE + 1,
	},
	{
		.hook		= jool_hook4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_MANGLE + 1,
	},
};

int jool_hooks_init(void)
{
	return nf_register_net_hooks(&init_net, jool_hook_ops,
				     ARRAY_SIZE(jool_hook_ops));
}

/* Waits for packets in flight (synchronize_net()) before returning. */
void jool_hooks_exit(void)
{
	nf_unregister_net_hooks(&init_net, jool_hook_ops,
				ARRAY_SIZE(jool_hook_ops));
}
