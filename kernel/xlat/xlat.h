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
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/net_namespace.h>

#include "state/pool6.h"
#include "state/stats.h"

/* Caller holds rcu_read_lock(); @skb's destination is inside @p6. */
unsigned int xlat_6to4(const struct jool_net *jn, struct sk_buff *skb,
		       const struct pool6 *p6);

/* Caller holds rcu_read_lock(). */
unsigned int xlat_4to6(const struct jool_net *jn, struct sk_buff *skb,
		       const struct pool6 *p6);

/* Size of the largest packet @skb becomes on the wire (GSO: a segment). */
static inline unsigned int xlat_seg_len(const struct sk_buff *skb)
{
	unsigned int l4;

	if (!skb_is_gso(skb))
		return skb->len;
	l4 = skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4 ?
	     sizeof(struct udphdr) : tcp_hdrlen(skb);
	return skb_transport_offset(skb) + l4 + skb_shinfo(skb)->gso_size;
}

/*
 * RFC 7915 sections 4.1 and 5.1 translate whatever the headers say; a
 * UDP length or TCP data offset that contradicts the IP payload length
 * (@l4_len bytes, the layer 4 header pulled) would be carried into the
 * other family, so such packets are dropped as malformed instead.
 */
static inline bool xlat_l4_consistent(const struct sk_buff *skb, u8 protocol,
				      unsigned int l4_len)
{
	const struct tcphdr *th;

	if (protocol == IPPROTO_UDP)
		return skb_is_gso(skb) ||
		       ntohs(udp_hdr(skb)->len) == l4_len;
	if (protocol != IPPROTO_TCP)
		return true;
	th = tcp_hdr(skb);
	return th->doff >= 5 && th->doff * 4 <= l4_len;
}

static inline unsigned int xlat_drop(const struct jool_net *jn,
				     enum jool_stat why)
{
	jool_stat_inc(jn->stats, why);
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
