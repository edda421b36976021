// SPDX-License-Identifier: GPL-2.0
/*
 * Routing and output of translated packets (xlat/route.h).  The route is
 * that of the other family, looked up with the packet's mark.  The output
 * is that of forwarded packets: dst_output(), so POSTROUTING but not
 * OUTPUT.  The box did not originate them, and the OUTPUT path would make
 * conntrack track them as its own: a MASQUERADE rule on the IPv4 uplink
 * would then rewrite the pool4 source, and the answers, addressed to the
 * uplink's address, would never come back to the translator.  They leave
 * untracked ("ct state untracked" in a ruleset), so conntrack and NAT let
 * them be.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "xlat/frag.h"
#include "xlat/icmp_err.h"
#include "xlat/route.h"
#include "xlat/xlat.h"

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

	/* A reassembled datagram leaves without DF, fragmented again. */
	if (xlat_frag6_in(skb))
		return false;
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

	rt = xlat_route4(jn, f->addr4, f->raddr4, skb->mark,
			 jool_proto_ip4(f->proto));
	if (!rt) {
		jool_stat_inc(jn->stats, JSTAT_NO_ROUTE);
		return NULL;
	}
	if (too_big_6to4(jn, skb, rt)) {
		jool_stat_inc(jn->stats, JSTAT_TOO_BIG);
		return NULL;
	}
	return rt;
}

/*
 * The IPv6 path MTU is known when the route says it: set by the
 * administrator ("ip -6 route ... mtu N") or learned from a Packet Too Big.
 * A link's own MTU says nothing about the links after it.
 */
static unsigned int path_mtu6(const struct dst_entry *dst, bool df)
{
	unsigned int mtu = dst_mtu(dst);

	if (df || dst_metric_raw(dst, RTAX_MTU))
		return mtu;
	return min_t(unsigned int, mtu, IPV6_MIN_MTU);
}

/*
 * RFC 7915 section 4.1.  The IPv6 header is 20 bytes longer than the
 * IPv4 one.  With DF the IPv4 sender is told the MTU to use (Fragmentation
 * Needed).  Without DF nobody would learn it, so a packet that does not
 * fit the IPv6 path (1280 bytes when the path MTU is unknown) is sent in
 * IPv6 fragments.  A datagram the kernel reassembled leaves in fragments
 * that carry no more data than the largest that came in, each then 28
 * bytes longer (IPv6 and Fragment headers).
 */
static bool size_4to6(const struct jool_net *jn, struct sk_buff *skb,
		      const struct dst_entry *dst, struct xlat_frag6 *frag)
{
	const unsigned int grow = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	bool df = ip_hdr(skb)->frag_off & htons(IP_DF);
	unsigned int in = IPCB(skb)->frag_max_size;
	unsigned int mtu = path_mtu6(dst, df);
	unsigned int piece = in + XLAT_FRAG6_GROW + sizeof(struct iphdr) -
			     ip_hdrlen(skb);

	frag->reassembled = in;
	frag->size = 0;
	if (in) {
		if (df && piece > mtu) {
			xlat_send_frag_needed4(jn, skb, mtu - XLAT_FRAG6_GROW);
			return false;
		}
		frag->size = min(piece, mtu);
		return true;
	}
	if (xlat_seg_len(skb) + grow <= mtu)
		return true;
	if (df || skb_is_gso(skb)) {
		if (df)
			xlat_send_frag_needed4(jn, skb, dst_mtu(dst) - grow);
		return false;
	}
	frag->size = mtu;
	return true;
}

struct dst_entry *xlat_route_4to6(const struct jool_net *jn,
				  struct sk_buff *skb,
				  const struct bib_flow *f,
				  const struct pool6 *p6,
				  struct xlat_frag6 *frag)
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
	dst = xlat_route6(jn, &saddr, &f->addr6, skb->mark,
			  jool_proto_ip6(f->proto));
	if (!dst) {
		jool_stat_inc(jn->stats, JSTAT_NO_ROUTE);
		return NULL;
	}
	if (!size_4to6(jn, skb, dst, frag)) {
		jool_stat_inc(jn->stats, JSTAT_TOO_BIG);
		return NULL;
	}
	return dst;
}

unsigned int xlat_out4(const struct jool_net *jn, struct sk_buff *skb,
		       struct rtable *rt, enum jool_stat stat)
{
	skb_dst_set_noref(skb, &rt->dst);
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	jool_stat_inc(jn->stats, stat);
	dst_output(jn->net, NULL, skb);
	return NF_STOLEN;
}

unsigned int xlat_out6(const struct jool_net *jn, struct sk_buff *skb,
		       struct dst_entry *dst, enum jool_stat stat)
{
	skb_dst_set_noref(skb, dst);
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	jool_stat_inc(jn->stats, stat);
	dst_output(jn->net, NULL, skb);
	return NF_STOLEN;
}
