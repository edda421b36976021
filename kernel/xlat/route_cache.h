/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route lookups of translated packets, with a small cache per CPU of
 * the last routes found (xlat/route_cache.c).
 */
#ifndef _JOOL_XLAT_ROUTE_CACHE_H
#define _JOOL_XLAT_ROUTE_CACHE_H

#include <linux/in6.h>
#include <linux/percpu.h>
#include <net/route.h>

#include "state/netns.h"

/* A translator's cache, empty at first; NULL when out of memory. */
struct route_cache __percpu *route_cache_alloc(void);
/* Once no packet can be using @rc: it lets go of the routes it holds. */
void route_cache_free(struct route_cache __percpu *rc);

/*
 * The route of a translated packet from @saddr (the pool4 or pool6
 * address, which need not be configured locally) to @daddr, with @mark
 * and the packet's protocol, from the hooks (bottom halves off).  The
 * route is borrowed, not held: it lasts until the caller's RCU read-side
 * section ends, and goes on a packet with skb_dst_set_noref().  NULL when
 * there is no route.
 */
struct rtable *xlat_route4(const struct jool_net *jn, __be32 saddr,
			   __be32 daddr, u32 mark, u8 protocol);
struct dst_entry *xlat_route6(const struct jool_net *jn,
			      const struct in6_addr *saddr,
			      const struct in6_addr *daddr, u32 mark,
			      u8 nexthdr);

#endif /* _JOOL_XLAT_ROUTE_CACHE_H */
