/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GSO packets the translator cannot rewrite in place: they are segmented
 * first, and each segment is translated as a packet of its own.
 *
 * In place, only the head's headers change, which is right for TCP and
 * UDP GSO (every segment is built from the head's headers) and wrong for
 * fraglist GSO (SKB_GSO_FRAGLIST: each packet of the list keeps its own
 * headers) and for aggregates whose length the other family's header
 * cannot hold (BIG TCP: over 64 KB, IPv4 total length 0 or an IPv6
 * jumbo).  Other GSO types have no translation either.
 */
#ifndef _JOOL_XLAT_GSO_H
#define _JOOL_XLAT_GSO_H

#include <linux/skbuff.h>

#include "state/netns.h"
#include "state/pool6.h"

/* One direction's translation, xlat_6to4() or xlat_4to6(). */
typedef unsigned int (*xlat_fn)(const struct jool_net *jn,
				struct sk_buff *skb, const struct pool6 *p6);

/*
 * Must @skb (as it arrived: IPv4 for 4, IPv6 for 6) be segmented before
 * translation?  Cheap for every packet: false unless it is GSO.
 */
bool xlat_gso_must_split4(const struct jool_net *jn, const struct sk_buff *skb);
bool xlat_gso_must_split6(const struct sk_buff *skb);

/*
 * Segments @skb and hands each segment to @fn; a segment @fn does not
 * take is freed.  Returns NF_STOLEN, or NF_DROP (counted) when the
 * segmentation fails.  Counts gso_segmented.
 */
unsigned int xlat_gso_split(const struct jool_net *jn, struct sk_buff *skb,
			    const struct pool6 *p6, xlat_fn fn);

#endif /* _JOOL_XLAT_GSO_H */
