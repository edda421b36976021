// SPDX-License-Identifier: GPL-2.0
/*
 * Segmenting the GSO packets that cannot be translated in place
 * (xlat/gso.h), in PRE_ROUTING, before translation: the segments are the
 * packets the sender's side would have put on the wire (or, for fraglist
 * GRO, exactly the packets that were aggregated), and each one is then
 * translated by the ordinary path.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/ipv6.h>
/*
 * __skb_gso_segment() left linux/netdevice.h for net/gso.h in 6.4; Kbuild
 * says whether the kernel has it (Debian 12's sparse cannot parse
 * __has_include()).
 */
#ifdef JOOL_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "core/pool4.h"
#include "core/proto.h"
#include "state/pool4_pub.h"
#include "state/stats.h"
#include "xlat/gso.h"
#include "xlat/xlat.h"

/* What gso_4to6() and gso_6to4() translate in place. */
#define GSO_IN_PLACE (SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_UDP_L4 | \
		      SKB_GSO_TCP_ECN | SKB_GSO_TCP_FIXEDID | SKB_GSO_DODGY)

/* A GSO packet of another type, or whose @l4 bytes will not fit @max. */
static bool gso_misfit(const struct sk_buff *skb, unsigned int l4,
		       unsigned int max)
{
	return (skb_shinfo(skb)->gso_type & ~GSO_IN_PLACE) || l4 > max;
}

/*
 * Only packets to a pool4 transport address are split: GSO traffic that
 * is merely routed through the box, or delivered to it, stays whole.
 */
static bool ours4(const struct jool_net *jn, const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be16 buf, *port;
	u8 proto;

	if (iph->protocol == IPPROTO_TCP)
		proto = JOOL_PROTO_TCP;
	else if (iph->protocol == IPPROTO_UDP)
		proto = JOOL_PROTO_UDP;
	else
		return false;
	/* The destination port is at the same offset in both. */
	port = skb_header_pointer(skb, ip_hdrlen(skb) + 2, sizeof(buf), &buf);
	return port && pool4_contains_any_mark(pool4_current(jn), proto,
					       ntohl(iph->daddr), ntohs(*port));
}

bool xlat_gso_must_split4(const struct jool_net *jn, const struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return false;
	/* An IPv6 payload holds 65535 bytes; IPv4 BIG TCP says 0. */
	return gso_misfit(skb, skb->len - ip_hdrlen(skb), IPV6_MAXPLEN) &&
	       ours4(jn, skb);
}

bool xlat_gso_must_split6(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return false;
	return gso_misfit(skb, skb->len - sizeof(struct ipv6hdr),
			  IP_MAX_MTU - sizeof(struct iphdr));
}

/*
 * IPv6 BIG TCP aggregates carry a Hop-by-Hop jumbo option (RFC 2675) in
 * both kernels.  ipv6_gso_segment() would remove it assuming an Ethernet
 * header in front of the IPv6 one; here the IPv6 header comes first, so
 * it is removed here: the segments get their own payload lengths.
 */
static int strip_jumbo6(struct sk_buff *skb)
{
	const unsigned int hbh = sizeof(struct hop_jumbo_hdr);
	int nexthdr;

	if (skb->protocol != htons(ETH_P_IPV6))
		return 0;
	nexthdr = ipv6_has_hopopt_jumbo(skb);
	if (!nexthdr)
		return 0;
	if (skb_cow_head(skb, 0))
		return -ENOMEM;
	memmove(skb_network_header(skb) + hbh, skb_network_header(skb),
		sizeof(struct ipv6hdr));
	__skb_pull(skb, hbh);
	skb_reset_network_header(skb);
	ipv6_hdr(skb)->nexthdr = nexthdr;
	return 0;
}

/*
 * Not the transmit path (tx_path false): a received aggregate's checksum
 * is already verified (CHECKSUM_UNNECESSARY) and needs no warning.  The
 * segments keep partial checksums (NETIF_F_HW_CSUM) for the output
 * device, or the software fallback, to finish.
 */
unsigned int xlat_gso_split(const struct jool_net *jn, struct sk_buff *skb,
			    const struct pool6 *p6, xlat_fn fn)
{
	struct sk_buff *segs, *seg, *next;

	if (skb_network_offset(skb) || strip_jumbo6(skb))
		return xlat_drop(jn, JSTAT_GSO);
	segs = __skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM, false);
	if (IS_ERR_OR_NULL(segs))
		return xlat_drop(jn, JSTAT_GSO);
	jool_stat_inc(jn->stats, JSTAT_GSO_SEGMENTED);
	/*
	 * Fraglist segmentation returns @skb itself as the first segment,
	 * with a reference of its own (skb_segment_list()): ours goes.
	 */
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (fn(jn, seg, p6) != NF_STOLEN)
			kfree_skb(seg);
	}
	return NF_STOLEN;
}
