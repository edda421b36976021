// SPDX-License-Identifier: GPL-2.0
/*
 * Routing and output of translated packets (xlat/route.h).  The route is
 * that of the other family, looked up with the packet's mark; the output
 * is the local one (ip_local_out(), ip6_local_out()), so that the
 * translated packet crosses OUTPUT and POSTROUTING like any locally
 * generated packet.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>

#include "xlat/icmp_err.h"
#include "xlat/route.h"
#include "xlat/xlat.h"

struct rtable *xlat_route4(struct net *net, __be32 saddr, __be32 daddr,
			   u32 mark, u8 protocol)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_mark = mark,
		.flowi4_proto = protocol,
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt = ip_route_output_key(net, &fl4);

	return IS_ERR(rt) ? NULL : rt;
}

struct dst_entry *xlat_route6(struct net *net, const struct in6_addr *saddr,
			      const struct in6_addr *daddr, u32 mark,
			      u8 nexthdr)
{
	struct flowi6 fl6 = {
		.daddr = *daddr,
		.saddr = *saddr,
		.flowi6_mark = mark,
		.flowi6_proto = nexthdr,
	};
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

	if (!dst->error)
		return dst;
	dst_release(dst);
	return NULL;
}

/*
 * A translated packet gets DF when it is large (XLAT_DF_THRESHOLD); if
 * it then exceeds the IPv4 route's MTU, the IPv6 sender learns the MTU it
 * must use, which is what makes path MTU discovery work through us.
 */
static bool too_big_6to4(const struct jool_net *jn, struct sk_buff *skb,
			 const struct rtable *rt)
{
	const unsigned int grow = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	unsigned int mtu = dst_mtu(&rt->dst);

	if (!skb_is_gso(skb) && skb->len - grow <= XLAT_DF_THRESHOLD)
		return false;
	if (xlat_seg_len(skb) - grow <= mtu)
		return false;
	xlat_send_too_big6(jn->stats, skb, max_t(u32, mtu + grow, IPV6_MIN_MTU));
	return true;
}

struct rtable *xlat_route_6to4(const struct jool_net *jn, struct sk_buff *skb,
			       const struct bib_flow *f)
{
	struct rtable *rt;

	rt = xlat_route4(jn->net, f->addr4, f->raddr4, skb->mark,
			 jool_proto_ip4(f->proto));
	if (!rt) {
		jool_stat_inc(jn->stats, JSTAT_NO_ROUTE);
		return NULL;
	}
	if (too_big_6to4(jn, skb, rt)) {
		ip_rt_put(rt);
		jool_stat_inc(jn->stats, JSTAT_TOO_BIG);
		return NULL;
	}
	return rt;
}

/*
 * The IPv6 header is 20 bytes longer.  With DF the IPv4 sender is told
 * the MTU to use; without, the packet would need IPv6 fragmentation, which
 * the translator does not do (see xlat_4to6.c).
 */
static bool too_big_4to6(const struct jool_net *jn, struct sk_buff *skb,
			 const struct dst_entry *dst)
{
	const unsigned int grow = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	unsigned int mtu = dst_mtu(dst);

	if (xlat_seg_len(skb) - ip_hdrlen(skb) + sizeof(struct ipv6hdr) <= mtu)
		return false;
	if (ip_hdr(skb)->frag_off & htons(IP_DF))
		xlat_send_frag_needed4(jn, skb, mtu - grow);
	return true;
}

struct dst_entry *xlat_route_4to6(const struct jool_net *jn,
				  struct sk_buff *skb,
				  const struct bib_flow *f,
				  const struct pool6 *p6)
{
	struct in6_addr saddr;
	struct dst_entry *dst;

	if (ip_hdr(skb)->ttl <= 1) {
		xlat_send_time_exceeded4(jn, skb);
		jool_stat_inc(jn->stats, JSTAT_HOP_LIMIT);
		return NULL;
	}
	if (skb->len - ip_hdrlen(skb) > IPV6_MAXPLEN) {
		jool_stat_inc(jn->stats, JSTAT_TOO_BIG);
		return NULL;
	}
	pool6_embed(p6, ip_hdr(skb)->saddr, &saddr);
	dst = xlat_route6(jn->net, &saddr, &f->addr6, skb->mark,
			  jool_proto_ip6(f->proto));
	if (!dst) {
		jool_stat_inc(jn->stats, JSTAT_NO_ROUTE);
		return NULL;
	}
	if (too_big_4to6(jn, skb, dst)) {
		dst_release(dst);
		jool_stat_inc(jn->stats, JSTAT_TOO_BIG);
		return NULL;
	}
	return dst;
}

unsigned int xlat_out4(const struct jool_net *jn, struct sk_buff *skb,
		       struct rtable *rt, enum jool_stat stat)
{
	skb_dst_set(skb, &rt->dst);
	jool_stat_inc(jn->stats, stat);
	ip_local_out(jn->net, NULL, skb);
	return NF_STOLEN;
}

unsigned int xlat_out6(const struct jool_net *jn, struct sk_buff *skb,
		       struct dst_entry *dst, enum jool_stat stat)
{
	skb_dst_set(skb, dst);
	jool_stat_inc(jn->stats, stat);
	ip6_local_out(jn->net, NULL, skb);
	return NF_STOLEN;
}
