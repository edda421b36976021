/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fragments (RFC 7915 sections 4.1, 5.1 and 5.1.1, RFC 6146 section
 * 3.4).  The translator never sees one: the kernel's reassembly
 * (nf_defrag_ipv4, nf_defrag_ipv6, enabled in the namespaces where a
 * translator runs, xlat/hooks.c) hands it whole datagrams, with the size
 * of the largest fragment (frag_max_size).  The translator translates the
 * datagram and lets the output path fragment it again, no larger than
 * that size, as the kernel does for the reassembled datagrams it forwards.
 *
 * The reassembly keeps neither the IPv6 Fragment header nor its
 * identification: a translated datagram gets a new IPv4 identification,
 * and a new IPv6 one when it is fragmented again.
 */
#ifndef _JOOL_XLAT_FRAG_H
#define _JOOL_XLAT_FRAG_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

/* An IPv6 Fragment header (8 bytes) takes an IPv4 header's place. */
#define XLAT_FRAG6_GROW (sizeof(struct ipv6hdr) + sizeof(struct frag_hdr) - \
			 sizeof(struct iphdr))

/*
 * The largest fragment of the IPv6 datagram @skb, as it arrived in
 * PRE_ROUTING, if it was reassembled from two fragments or more; 0 if it
 * came whole or as an atomic fragment (offset 0, M clear), which RFC 6946
 * says is not a fragment at all.
 */
u16 xlat_frag6_in(const struct sk_buff *skb);

/*
 * The Flags, Fragment Offset and Identification of the IPv4 header @iph,
 * translated from IPv6 (RFC 7915 section 5.1; tot_len, protocol and
 * addresses already written), for outer and quoted headers alike.  A
 * datagram that came in fragments (@fragmented, section 5.1.1) gets DF
 * clear; one that came whole gets DF when it is larger than 1260 bytes
 * or GSO.  The identification comes from the kernel's generator (for
 * @segs packets).
 */
void xlat_ip4_frag_fields(struct net *net, struct iphdr *iph,
			  unsigned int segs, bool fragmented);

/*
 * On the translated packet, before the output: IPv4 fragments carry no
 * more data than the IPv6 fragments of @frag6 bytes did; IPv6 fragments
 * are at most @size bytes.
 */
void xlat_frag_out4(struct sk_buff *skb, u16 frag6);
void xlat_frag_out6(struct sk_buff *skb, u16 size);

#endif /* _JOOL_XLAT_FRAG_H */
