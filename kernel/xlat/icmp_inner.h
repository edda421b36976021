/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet inside an ICMP error: the start of a packet the translator
 * once sent, quoted back.  It is translated like its original, except that
 * it may be cut anywhere after its first 8 layer 4 bytes (RFC 792), so its
 * layer 4 checksum is updated only if present, and is best effort anyway
 * (RFC 7915 sections 4.5 and 5.4: nobody can verify a truncated one).
 */
#ifndef _JOOL_ICMP_INNER_H
#define _JOOL_ICMP_INNER_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>

#include "state/bib.h"
#include "state/pool6.h"
#include "state/stats.h"

/* Bytes of layer 4 header an inner packet must quote. */
#define INNER_L4_MIN 8

struct icmp_inner {
	union {
		struct iphdr ip4;
		struct ipv6hdr ip6;
	};
	unsigned int l4_off;	/* of the inner layer 4 header in the skb */
	unsigned int l4_avail;	/* its bytes present, >= INNER_L4_MIN */
	u32 tot_len;		/* IPv4: the original's total length */
	u16 payload_len;	/* the original's IP payload length */
};

/*
 * The inner packet of the ICMPv4 error @skb (transport header: the ICMP
 * header): fills @in and @f's proto, addr4, port4, raddr4.  0 or a drop
 * reason.
 */
enum jool_stat inner4_parse(struct sk_buff *skb, struct icmp_inner *in,
			    struct bib_flow *f);
/* The same for ICMPv6: @f's proto, mark, addr6, port6, raddr4. */
enum jool_stat inner6_parse(struct sk_buff *skb, const struct pool6 *p6,
			    struct icmp_inner *in, struct bib_flow *f);

/*
 * Writes the translated inner IP header at @out, followed by the @l4
 * bytes of layer 4 already copied there, which it patches.  The IPv4
 * one gets DF and an identification (of @net's generator) as an outer
 * header would (xlat_ip4_frag_fields()).
 */
void inner_4to6(u8 *out, unsigned int l4, const struct icmp_inner *in,
		const struct bib_flow *f, const struct pool6 *p6);
void inner_6to4(struct net *net, u8 *out, unsigned int l4,
		const struct icmp_inner *in, const struct bib_flow *f);

/*
 * The translated error as a new packet: @hdrs bytes of outer IP + ICMP +
 * inner IP headers, left for the caller to write, then @l4 bytes of the
 * inner packet of @skb copied from its layer 4 header on.  NULL if out of
 * memory.
 */
struct sk_buff *icmp_err_alloc(const struct sk_buff *skb,
			       const struct icmp_inner *in,
			       unsigned int l3_len, unsigned int hdrs,
			       unsigned int l4);

#endif /* _JOOL_ICMP_INNER_H */
