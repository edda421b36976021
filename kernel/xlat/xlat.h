/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7915 header translation, done in place on the skb: the layer 4
 * header stays where it is and the layer 3 header in front of it is
 * replaced, so payload is never copied and checksums are updated
 * incrementally, never summed again: a corrupted packet keeps a bad
 * checksum for its receiver to see.  Only ICMP errors, rebuilt around
 * the packet they quote, are verified and summed whole.
 *
 * Both functions return a netfilter verdict: NF_ACCEPT for packets that
 * are not the translator's, NF_DROP (counted) or NF_STOLEN once the
 * translated packet has been handed to the IPv4/IPv6 output path.
 */
#ifndef _JOOL_TRANSLATE_H
#define _JOOL_TRANSLATE_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
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

/* ICMPv6's pseudo-header (RFC 4443 section 2.3), which ICMPv4 lacks. */
static inline __wsum xlat_icmp6_pseudo(const struct ipv6hdr *ip6, u32 len)
{
	return ~csum_unfold(csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
					    IPPROTO_ICMPV6, 0));
}

/*
 * An echo message changes family in place (ICMPv4 and ICMPv6 echo headers
 * have the same layout): the type becomes @type, the code 0, the
 * identifier @id, and @pseudo, the change of pseudo-header (ICMPv6's
 * entering or leaving), enters the checksum.  Patched as RFC 1624 says,
 * so a bad checksum stays bad and the payload is never read.
 */
static inline void xlat_echo_patch(struct sk_buff *skb, u8 type, __be16 id,
				   __wsum pseudo)
{
	struct icmphdr *icmp = icmp_hdr(skb);

	csum_replace_by_diff(&icmp->checksum, pseudo);
	csum_replace2(&icmp->checksum, htons(icmp->type << 8 | icmp->code),
		      htons(type << 8));
	csum_replace2(&icmp->checksum, icmp->un.echo.id, id);
	icmp->type = type;
	icmp->code = 0;
	icmp->un.echo.id = id;
	skb->ip_summed = CHECKSUM_NONE;
}

/*
 * Echo requests and replies change family both ways (RFC 6146 section
 * 3.5.3: either side may start the query).  Callers pass echo types
 * only: whatever is not a request is a reply.
 */
static inline u8 xlat_echo_type_6to4(u8 type)
{
	return type == ICMPV6_ECHO_REQUEST ? ICMP_ECHO : ICMP_ECHOREPLY;
}

static inline u8 xlat_echo_type_4to6(u8 type)
{
	return type == ICMP_ECHO ? ICMPV6_ECHO_REQUEST : ICMPV6_ECHO_REPLY;
}

/*
 * An echo message whose checksum was left to the device (CHECKSUM_PARTIAL,
 * from a virtio or tun peer) has it completed first: the partial sum in
 * its field is the old family's, which xlat_echo_patch() cannot patch.
 */
static inline int xlat_echo_csum_complete(struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_PARTIAL ? skb_checksum_help(skb) : 0;
}

/* Sum of the layer 4 message, from the transport header to the end. */
static inline __wsum xlat_l4_csum(struct sk_buff *skb)
{
	int off = skb_transport_offset(skb);

	return skb_checksum(skb, off, skb->len - off, 0);
}

#endif /* _JOOL_TRANSLATE_H */
