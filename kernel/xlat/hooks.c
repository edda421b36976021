// SPDX-License-Identifier: GPL-2.0
/*
 * Where packets enter the translator: PRE_ROUTING of every network
 * namespace whose translator was started (xlat/start.c), for both
 * families.
 *
 * The priority is just after the mangle table, so that marks set with
 * "ip6tables -t mangle ... -j MARK" select the pool4 records, and before
 * NAT.  That is also after the kernel's reassembly (nf_defrag_ipv4 and
 * nf_defrag_ipv6, priority -400), which the hooks enable in their
 * namespace: the translator sees whole datagrams (xlat/frag.h), and
 * namespaces without a translator pay nothing for it.  Packets that are
 * not the translator's are accepted untouched; GSO packets that are but
 * cannot be rewritten in place are segmented first (xlat/gso.h).
 *
 * Each namespace registers its own copy of the hook operations, whose
 * priv is its struct jool_net: the hook knows its namespace's translator
 * without any lookup.
 */
#include <linux/bottom_half.h>
#include <linux/err.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "xlat/gso.h"
#include "xlat/hooks.h"
#include "state/pool6.h"
#include "xlat/xlat.h"

/*
 * Translates with bottom halves off, which the route cache relies on
 * (xlat/route_cache.c).  They are off on every receive path but one: a
 * packet that an NFQUEUE verdict lets on into this hook comes from the
 * task that gave the verdict (nf_reinject()).
 */
static unsigned int translate(const struct jool_net *jn, struct sk_buff *skb,
			      const struct pool6 *p6, xlat_fn xlat, bool split)
{
	bool bh_on = !in_softirq();
	unsigned int verdict;

	if (unlikely(bh_on))
		local_bh_disable();
	verdict = split ? xlat_gso_split(jn, skb, p6, xlat) : xlat(jn, skb, p6);
	if (unlikely(bh_on))
		local_bh_enable();
	return verdict;
}

static unsigned int jool_hook6(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct jool_net *jn = priv;
	const struct pool6 *p6 = pool6_current(jn);

	if (!p6 || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	if (!pool6_contains(p6, &ipv6_hdr(skb)->daddr))
		return NF_ACCEPT;
	return translate(jn, skb, p6, xlat_6to4,
			 unlikely(xlat_gso_must_split6(skb)));
}

static unsigned int jool_hook4(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct jool_net *jn = priv;
	const struct pool6 *p6 = pool6_current(jn);

	if (!p6 || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	return translate(jn, skb, p6, xlat_4to6,
			 unlikely(xlat_gso_must_split4(jn, skb)));
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

/* Reference counted per namespace by the kernel: others may use it too. */
static int defrag_enable(struct net *net)
{
	int err;

	BUILD_BUG_ON(NF_IP_PRI_MANGLE + 1 <= NF_IP_PRI_CONNTRACK_DEFRAG);
	BUILD_BUG_ON(NF_IP6_PRI_MANGLE + 1 <= NF_IP6_PRI_CONNTRACK_DEFRAG);
	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		nf_defrag_ipv4_disable(net);
	return err;
}

static void defrag_disable(struct net *net)
{
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}

struct nf_hook_ops *jool_hooks_register(struct jool_net *jn)
{
	struct nf_hook_ops *ops;
	unsigned int i;
	int err;

	ops = kmemdup(jool_hook_ops, sizeof(jool_hook_ops), GFP_KERNEL);
	if (!ops)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < ARRAY_SIZE(jool_hook_ops); i++)
		ops[i].priv = jn;
	err = defrag_enable(jn->net);
	if (err)
		goto free;
	err = nf_register_net_hooks(jn->net, ops, ARRAY_SIZE(jool_hook_ops));
	if (err) {
		defrag_disable(jn->net);
		goto free;
	}
	return ops;
free:
	kfree(ops);
	return ERR_PTR(err);
}

/*
 * Waits for packets in flight (synchronize_net()) before returning;
 * reassembly stops after the hooks, which rely on it.
 */
void jool_hooks_unregister(struct jool_net *jn, struct nf_hook_ops *ops)
{
	nf_unregister_net_hooks(jn->net, ops, ARRAY_SIZE(jool_hook_ops));
	defrag_disable(jn->net);
	kfree(ops);
}
