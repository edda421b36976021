/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7915 header translation, done in place on the skb: the layer 4
 * header stays where it is and the layer 3 header in front of it is
 * replaced, so payload is never copied and checksums are updated
 * incrementally (ICMP excepted: its checksum changes scope, see below).
 *
 * Both functions return a netfilter verdict: NF_ACCEPT for packets that
 * are not the translator's, NF_DROP (counted) or NF_STOLEN once the
 * translated packet has been handed to the IPv4/IPv6 output path.
 */
#ifndef _JOOL_TRANSLATE_H
#define _JOOL_TRANSLATE_H

#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/net_namespace.h>

#include "pool6.h"
#include "stats.h"

/* Caller holds rcu_read_lock(); @skb's destination is inside @p6. */
unsigned int xlat_6to4(struct net *net, struct sk_buff *skb,
		       const struct pool6 *p6);

/* Caller holds rcu_read_lock(). */
unsigned int xlat_4to6(struct net *net, struct sk_buff *skb,
		       const struct pool6 *p6);

static inline unsigned int xlat_drop(enum jool_stat why)
{
	jool_stat_inc(why);
	return NF_DROP;
}

/*
 * The translated packet is a new packet of the other family: forget the
 * old family's control block, conntrack entry, route and timestamp.
 */
static inline void xlat_reset_skb(struct sk_buff *skb, __be16 protocol)
{
	skb->protocol = protocol;
	memset(skb->cb, 0, sizeof(skb->cb));
	nf_reset_ct(skb);
	skb_dst_drop(skb);
	skb_clear_tstamp(skb);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

/*
 * Applies @diff, a change of the pseudo-header, to a TCP/UDP checksum.
 * With CHECKSUM_PARTIAL the field holds the folded pseudo-header sum (the
 * device adds the data); otherwise it holds the final, inverted sum.
 * skb->csum is not kept: xlat_reset_skb() downgrades CHECKSUM_COMPLETE.
 */
static inline void xlat_csum_pseudo(__sum16 *check, const struct sk_buff *skb,
				    __wsum diff)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		*check = ~csum_fold(csum_add(diff, csum_unfold(*check)));
	else
		*check = csum_fold(csum_add(diff, ~csum_unfold(*check)));
}

/* Checksum of an ICMP message from the transport header to the end. */
static inline __wsum xlat_l4_csum(struct sk_buff *skb)
{
	int off = skb_transport_offset(skb);

	return skb_checksum(skb, off, skb->len - off, 0);
}

#endif /* _JOOL_TRANSLATE_H */
