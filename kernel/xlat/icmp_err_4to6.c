// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv4 errors -> ICMPv6 (RFC 7915 sections 4.2-4.5, RFC 6146 section
 * 3.5): an IPv4 node reports a problem with a packet the translator sent
 * from a pool4 transport address.  The inner packet is that packet; the
 * BIB entry of its source gives back the IPv6 client the error is for.
 *
 * The translation is built as a new packet: it is small (at most the IPv6
 * minimum MTU, RFC 4443 section 2.4 c), and building it from scratch
 * bounds every read of the inner packet, which may be truncated anywhere.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "state/bib.h"
#include "xlat/icmp_err.h"
#include "xlat/icmp_inner.h"
#include "xlat/route.h"
#include "xlat/xlat.h"

#define ERR6_HDRS (sizeof(struct ipv6hdr) + sizeof(struct icmp6hdr))

/* What the error says, in ICMPv6 terms; info: MTU or pointer. */
struct err6 {
	u8 type;
	u8 code;
	u32 info;
};

/* RFC 7915 section 4.2, Destination Unreachable other than codes 2, 4. */
static int unreach_code_4to6(u8 code)
{
	switch (code) {
	case ICMP_NET_UNREACH:
	case ICMP_HOST_UNREACH:
	case ICMP_SR_FAILED:
	case ICMP_NET_UNKNOWN:
	case ICMP_HOST_UNKNOWN:
	case ICMP_HOST_ISOLATED:
	case ICMP_NET_UNR_TOS:
	case ICMP_HOST_UNR_TOS:
		return ICMPV6_NOROUTE;
	case ICMP_PORT_UNREACH:
		return ICMPV6_PORT_UNREACH;
	case ICMP_NET_ANO:
	case ICMP_HOST_ANO:
	case ICMP_PKT_FILTERED:
	case ICMP_PREC_CUTOFF:
		return ICMPV6_ADM_PROHIBITED;
	}
	return -1;	/* 14 (precedence violation) and unknown codes */
}

/* RFC 7915 section 4.2, Figure 3: IPv4 header byte -> IPv6 header byte. */
static int pointer_4to6(u8 ptr)
{
	static const s8 map[20] = {
		0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1,
		8, 8, 8, 8, 24, 24, 24, 24,
	};

	return ptr < ARRAY_SIZE(map) ? map[ptr] : -1;
}

static bool map_unreach(const struct icmphdr *ic, struct err6 *e)
{
	int code;

	switch (ic->code) {
	case ICMP_PROT_UNREACH:
		/* Points at the IPv6 Next Header field. */
		e->type = ICMPV6_PARAMPROB;
		e->code = ICMPV6_UNK_NEXTHDR;
		e->info = offsetof(struct ipv6hdr, nexthdr);
		return true;
	case ICMP_FRAG_NEEDED:
		e->type = ICMPV6_PKT_TOOBIG;
		e->code = 0;
		e->info = ntohs(ic->un.frag.mtu);	/* adjusted later */
		return true;
	}
	code = unreach_code_4to6(ic->code);
	e->type = ICMPV6_DEST_UNREACH;
	e->code = code;
	return code >= 0;
}

/* The ICMPv6 type, code and info of @ic; false if there is none. */
static bool map_4to6(const struct icmphdr *ic, struct err6 *e)
{
	int ptr;

	e->info = 0;
	switch (ic->type) {
	case ICMP_DEST_UNREACH:
		return map_unreach(ic, e);
	case ICMP_TIME_EXCEEDED:
		e->type = ICMPV6_TIME_EXCEED;
		e->code = ic->code;
		return ic->code <= ICMP_EXC_FRAGTIME;
	case ICMP_PARAMETERPROB:
		/* Code 1 (missing option) has no counterpart. */
		if (ic->code != 0 && ic->code != 2)
			return false;
		ptr = pointer_4to6(ntohl(ic->un.gateway) >> 24);
		e->type = ICMPV6_PARAMPROB;
		e->code = ICMPV6_HDR_FIELD;
		e->info = ptr;
		return ptr >= 0;
	}
	return false;	/* source quench: obsolete (RFC 6633) */
}

/*
 * RFC 7915 section 4.2: the MTU grows by the header difference but not
 * past either link's; a router that reports 0 (RFC 792) gets the plateau
 * (of the settings, RFC 1191 section 7) below the packet it dropped.
 * Never below the IPv6 minimum.
 */
static u32 ptb_mtu(u32 reported, const struct icmp_inner *in,
		   const struct sk_buff *skb, const struct dst_entry *dst,
		   const struct jool_settings *s)
{
	const u32 grow = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	u32 mtu = reported ?: jool_settings_plateau(s, in->tot_len);

	mtu = min3(mtu + grow, dst_mtu(dst), skb->dev->mtu + grow);
	return max_t(u32, mtu, IPV6_MIN_MTU);
}

/* The ICMPv4 checksum covers the whole message: verify before rebuilding. */
static bool icmp4_csum_ok(struct sk_buff *skb)
{
	int off = skb_transport_offset(skb);

	if (skb_csum_unnecessary(skb))
		return true;
	return !csum_fold(skb_checksum(skb, off, skb->len - off, 0));
}

/*
 * The source of the error: the reporting node, which traceroute needs to
 * see; or, as RFC 6146 section 3.5 has it (source-icmpv6-errors-better
 * off), the inner packet's destination.
 */
static __be32 err_source4(const struct iphdr *iph, const struct bib_flow *f,
			  const struct jool_settings *s)
{
	return s->src_icmp6_better ? iph->saddr : f->raddr4;
}

/* IPv6 header of the error, from @saddr to the client. */
static void outer6(struct sk_buff *nskb, const struct iphdr *iph,
		   const struct bib_flow *f, const struct in6_addr *saddr,
		   const struct jool_settings *s)
{
	struct ipv6hdr *ip6 = ipv6_hdr(nskb);

	ip6_flow_hdr(ip6, s->zeroize_tclass ? 0 : iph->tos, 0);
	ip6->payload_len = htons(nskb->len - sizeof(*ip6));
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = iph->ttl - 1;
	ip6->saddr = *saddr;
	ip6->daddr = f->addr6;
}

static void icmp6_fill(struct sk_buff *nskb, const struct err6 *e)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(nskb);
	struct icmp6hdr *ic6 = icmp6_hdr(nskb);
	unsigned int len = nskb->len - sizeof(*ip6);

	ic6->icmp6_type = e->type;
	ic6->icmp6_code = e->code;
	ic6->icmp6_dataun.un_data32[0] = htonl(e->info);
	ic6->icmp6_cksum = 0;
	ic6->icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
					   IPPROTO_ICMPV6,
					   csum_partial(ic6, len, 0));
}

/* The new packet: headers, then the inner packet translated. */
static struct sk_buff *build6(struct sk_buff *skb, const struct icmp_inner *in,
			      const struct bib_flow *f, const struct pool6 *p6,
			      const struct err6 *e, const struct in6_addr *saddr,
			      const struct jool_settings *s)
{
	unsigned int l4 = min_t(unsigned int, in->l4_avail,
				IPV6_MIN_MTU - ERR6_HDRS - sizeof(struct ipv6hdr));
	struct sk_buff *nskb;

	nskb = icmp_err_alloc(skb, in, sizeof(struct ipv6hdr),
			      ERR6_HDRS + sizeof(struct ipv6hdr), l4);
	if (!nskb)
		return NULL;
	inner_4to6(nskb->data + ERR6_HDRS, l4, in, f, p6);
	outer6(nskb, ip_hdr(skb), f, saddr, s);
	icmp6_fill(nskb, e);
	nskb->protocol = htons(ETH_P_IPV6);
	return nskb;
}

/* The inner packet's BIB entry, and the error's translation; 0 or why not. */
static enum jool_stat check_4to6(const struct jool_net *jn,
				 struct sk_buff *skb, struct icmp_inner *in,
				 struct bib_flow *f, struct err6 *e)
{
	enum jool_stat why;

	if (!icmp4_csum_ok(skb))
		return JSTAT_MALFORMED;
	if (!map_4to6(icmp_hdr(skb), e))
		return JSTAT_ICMP_ERR_UNTRANSLATABLE;
	why = inner4_parse(skb, in, f);
	if (why)
		return why;
	if (!bib_peek4(jn->bib, f))
		return JSTAT_ICMP_ERR_NO_BIB;
	if (ip_hdr(skb)->ttl <= 1)
		return JSTAT_HOP_LIMIT;	/* no error about an error */
	return 0;
}

unsigned int icmp_err_4to6(const struct jool_net *jn, struct sk_buff *skb,
			   const struct pool6 *p6, const struct jool_settings *s)
{
	struct icmp_inner in;
	struct dst_entry *dst;
	struct sk_buff *nskb;
	struct bib_flow f;
	struct in6_addr saddr;
	enum jool_stat why;
	struct err6 e;

	why = check_4to6(jn, skb, &in, &f, &e);
	if (why)
		return xlat_drop(jn, why);
	pool6_embed(p6, err_source4(ip_hdr(skb), &f, s), &saddr);
	dst = xlat_route6(jn, &saddr, &f.addr6, skb->mark, IPPROTO_ICMPV6);
	if (!dst)
		return xlat_drop(jn, JSTAT_NO_ROUTE);
	if (e.type == ICMPV6_PKT_TOOBIG)
		e.info = ptb_mtu(e.info, &in, skb, dst, s);
	nskb = build6(skb, &in, &f, p6, &e, &saddr, s);
	if (!nskb)
		return xlat_drop(jn, JSTAT_NOMEM);
	consume_skb(skb);
	return xlat_out6(jn, nskb, dst, JSTAT_ICMP_ERR_4TO6);
}
