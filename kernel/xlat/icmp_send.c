// SPDX-License-Identifier: GPL-2.0
/*
 * Errors the translator originates, as a router would: it decrements the
 * hop limit and knows the MTU of the next hop in the other family.  They
 * go through the kernel's own ICMP senders, which apply the sysctl rate
 * limits (net.ipv6.icmp.ratelimit, net.ipv4.icmp_ratelimit).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <net/icmp.h>
#include <net/route.h>

#include "xlat/icmp_err.h"
#include "state/stats.h"

/*
 * icmpv6_send() needs skb->dev (set in PRE_ROUTING) and picks the source
 * address from the route back to the sender.
 */
void xlat_send_time_exceeded6(struct jool_stats *stats, struct sk_buff *skb)
{
	icmpv6_send(skb, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0);
	jool_stat_inc(stats, JSTAT_SENT_TIME_EXCEEDED);
}

void xlat_send_too_big6(struct jool_stats *stats, struct sk_buff *skb, u32 mtu)
{
	icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	jool_stat_inc(stats, JSTAT_SENT_TOO_BIG);
}

/*
 * icmp_send() gives up on a packet without a route, which is what packets
 * have in PRE_ROUTING: attach the route back to the sender, as netfilter's
 * REJECT does.  Its source address is then the translator's own.
 */
static bool route_back4(struct net *net, struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.daddr = ip_hdr(skb)->saddr,
		.flowi4_mark = skb->mark,
	};
	struct rtable *rt;

	if (skb_dst(skb))
		return true;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return false;
	skb_dst_set(skb, &rt->dst);
	return true;
}

void xlat_send_time_exceeded4(const struct jool_net *jn, struct sk_buff *skb)
{
	if (!route_back4(jn->net, skb))
		return;
	icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
	jool_stat_inc(jn->stats, JSTAT_SENT_TIME_EXCEEDED);
}

void xlat_send_frag_needed4(const struct jool_net *jn, struct sk_buff *skb,
			    u32 mtu)
{
	if (!route_back4(jn->net, skb))
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	jool_stat_inc(jn->stats, JSTAT_SENT_TOO_BIG);
}

/* RFC 7915 section 5.1: @ptr points at the Routing header's Segments Left. */
void xlat_send_param_prob6(struct jool_stats *stats, struct sk_buff *skb,
			   u32 ptr)
{
	icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, ptr);
	jool_stat_inc(stats, JSTAT_SENT_PARAM_PROB);
}

/* RFC 7915 section 4.1: an unexpired source route cannot be honoured. */
void xlat_send_sr_failed4(const struct jool_net *jn, struct sk_buff *skb)
{
	if (!route_back4(jn->net, skb))
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_SR_FAILED, 0);
	jool_stat_inc(jn->stats, JSTAT_SENT_SR_FAILED);
}

/*
 * RFC 6146 section 3.5.2.2, V4 INIT state: the lifetime of a stored SYN
 * ran out; type 3, code 3, quoting it.
 */
void xlat_send_port_unreach4(const struct jool_net *jn, struct sk_buff *skb)
{
	if (!route_back4(jn->net, skb))
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	jool_stat_inc(jn->stats, JSTAT_SENT_PORT_UNREACH);
}

/* RFC 6146 section 3.5.1.1: type 3, code 13; the drop is counted already. */
void xlat_send_filtered4(const struct jool_net *jn, struct sk_buff *skb)
{
	if (route_back4(jn->net, skb))
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0);
}
