/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last two stages of every translation, both directions and ICMP
 * errors alike: the route (and MTU) of the translated packet, looked up
 * before the packet is rewritten so that a packet too big for the route
 * can still be reported to its sender; then the output.
 */
#ifndef _JOOL_XLAT_ROUTE_H
#define _JOOL_XLAT_ROUTE_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/route.h>

#include "state/bib.h"
#include "state/pool6.h"
#include "state/stats.h"
#include "xlat/route_cache.h"

/* RFC 7915 section 5.1: larger IPv4 packets get DF so that PMTUD works. */
#define XLAT_DF_THRESHOLD 1260

/*
 * How a translated IPv6 packet leaves (xlat/frag.h): whole (@size 0) or in
 * fragments of at most @size bytes; @reassembled: the IPv4 datagram came
 * in fragments.
 */
struct xlat_frag6 {
	u16 size;
	bool reassembled;
};

/*
 * The route stage of the data path, for @skb as it arrived and its BIB
 * flow @f: the route, and the MTU check that tells the sender the size to
 * use (Packet Too Big, Fragmentation Needed).  4->6 also checks the TTL
 * (Time Exceeded) and the IPv6 payload limit first, and decides whether
 * the translation is sent in fragments (@frag).  The route is borrowed
 * (xlat/route_cache.h).  NULL: dropped and counted.
 */
struct rtable *xlat_route_6to4(const struct jool_net *jn, struct sk_buff *skb,
			       const struct bib_flow *f);
struct dst_entry *xlat_route_4to6(const struct jool_net *jn,
				  struct sk_buff *skb,
				  const struct bib_flow *f,
				  const struct pool6 *p6,
				  struct xlat_frag6 *frag);

/*
 * Sends @skb on its route as a forwarded packet (dst_output(), untracked),
 * counted as @stat; returns NF_STOLEN.
 */
unsigned int xlat_out4(const struct jool_net *jn, struct sk_buff *skb,
		       struct rtable *rt, enum jool_stat stat);
unsigned int xlat_out6(const struct jool_net *jn, struct sk_buff *skb,
		       struct dst_entry *dst, enum jool_stat stat);

#endif /* _JOOL_XLAT_ROUTE_H */
