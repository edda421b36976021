/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lies between the IP header and the layer 4 header: IPv6 extension
 * headers (RFC 7915 section 5.1) and IPv4 options (section 4.1).  The
 * translated packet carries neither; some of them forbid translating at
 * all, and their sender is told why.
 */
#ifndef _JOOL_XLAT_EXTHDR_H
#define _JOOL_XLAT_EXTHDR_H

#include <linux/skbuff.h>

#include "state/stats.h"

/*
 * Skips the Hop-by-Hop, Destination Options and Routing (Segments Left 0)
 * headers after @skb's IPv6 header: *@nexthdr and *@l4_off become those
 * of the header after them.  Returns 0, JSTAT_ROUTING_HDR for a Routing
 * header with Segments Left > 0 (*@l4_off is then the offset of that
 * field, for the Parameter Problem pointer), JSTAT_EXT_HEADER for a
 * chain too long or a Hop-by-Hop header not first, JSTAT_MALFORMED for
 * one cut short.  Fragment headers and the rest stop the walk: the
 * caller decides about them.
 */
enum jool_stat xlat_ext6_skip(struct sk_buff *skb, u8 *nexthdr,
			      unsigned int *l4_off);

/* Does @skb, an IPv4 packet, carry a source route not yet exhausted? */
bool xlat_ip4_source_routed(const struct sk_buff *skb);

#endif /* _JOOL_XLAT_EXTHDR_H */
