// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6 errors -> ICMPv4 (RFC 7915 sections 5.2-5.4, RFC 6146 section
 * 3.5): an IPv6 node reports a problem with a packet the translator sent
 * it on behalf of a remote IPv4 node.  The inner packet's destination is
 * a BIB entry's IPv6 transport address; the error leaves from that entry's
 * pool4 address (the reporting node has no IPv4 address of its own), to
 * the remote.
 *
 * As in the other direction the translation is a new packet, at most 576
 * bytes (RFC 1812 section 4.3.2.3).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>

#include "state/bib.h"
#include "xlat/frag.h"
#include "xlat/icmp_err.h"
#include "xlat/icmp_inner.h"
#include "xlat/route.h"
#include "xlat/xlat.h"

#define ERR4_MAX 576
#define ERR4_HDRS (sizeof(struct iphdr) + sizeof(struct icmphdr))

/* What the error says, in ICMPv4 terms; info: MTU or pointer. */
struct err4 {
	u8 type;
	u8 code;
	u32 info;
};

/* RFC 7915 section 5.2, Destination Unreachable codes. */
static int unreach_code_6to4(u8 code)
{
	switch (code) {
	case ICMPV6_NOROUTE:
	case ICMPV6_NOT_NEIGHBOUR:
	case ICMPV6_ADDR_UNREACH:
		return ICMP_HOST_UNREACH;
	case ICMPV6_ADM_PROHIBITED:
		return ICMP_HOST_ANO;
	case ICMPV6_PORT_UNREACH:
		return ICMP_PORT_UNREACH;
	}
	return -1;
}

/* RFC 7915 section 5.2, Figure 6: IPv6 header byte -> IPv4 header byte. */
static int pointer_6to4(u32 ptr)
{
	if (ptr < 2)
		return ptr;		/* version, traffic class */
	if (ptr == 4 || ptr == 5)
		return 2;		/* payload length: total length */
	if (ptr == 6)
		return 9;		/* next header: protocol */
	if (ptr == 7)
		return 8;		/* hop limit: TTL */
	if (ptr >= 8 && ptr < 24)
		return 12;		/* source address */
	if (ptr >= 24 && ptr < 40)
		return 16;		/* destination address */
	return -1;			/* flow label, beyond the header */
}

static bool map_paramprob(const struct icmp6hdr *ic6, struct err4 *e)
{
	int ptr;

	switch (ic6->icmp6_code) {
	case ICMPV6_HDR_FIELD:
		ptr = pointer_6to4(ntohl(ic6->icmp6_pointer));
		e->type = ICMP_PARAMETERPROB;
		e->code = 0;
		e->info = ptr;
		return ptr >= 0;
	case ICMPV6_UNK_NEXTHDR:
		e->type = ICMP_DEST_UNREACH;
		e->code = ICMP_PROT_UNREACH;
		return true;
	}
	return false;	/* unrecognized option: no counterpart */
}

/* The ICMPv4 type, code and info of @ic6; false if there is none. */
static bool map_6to4(const struct icmp6hdr *ic6, struct err4 *e)
{
	int code;

	e->info = 0;
	switch (ic6->icmp6_type) {
	case ICMPV6_DEST_UNREACH:
		code = unreach_code_6to4(ic6->icmp6_code);
		e->type = ICMP_DEST_UNREACH;
		e->code = code;
		return code >= 0;
	case ICMPV6_PKT_TOOBIG:
		e->type = ICMP_DEST_UNREACH;
		e->code = ICMP_FRAG_NEEDED;
		e->info = ntohl(ic6->icmp6_mtu);	/* adjusted later */
		return true;
	case ICMPV6_TIME_EXCEED:
		e->type = ICMP_TIME_EXCEEDED;
		e->code = ic6->icmp6_code;
		return ic6->icmp6_code <= ICMPV6_EXC_FRAGTIME;
	case ICMPV6_PARAMPROB:
		return map_paramprob(ic6, e);
	}
	return false;
}

/*
 * RFC 7915 section 5.2: the MTU shrinks by the header difference and is
 * bounded by both links'; an ICMPv4 MTU is 16 bits, at least 68.
 */
static u32 frag_needed_mtu(u32 reported, const struct sk_buff *skb,
			   const struct rtable *rt)
{
	const u32 shrink = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	u32 mtu = reported > shrink ? reported - shrink : 0;

	mtu = min3(mtu, dst_mtu(&rt->dst), skb->dev->mtu - shrink);
	return clamp_t(u32, mtu, 68, 0xffff);
}

static bool icmp6_csum_ok(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	int off = skb_transport_offset(skb);
	unsigned int len = skb->len - off;

	if (skb_csum_unnecessary(skb))
		return true;
	return !csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
				skb_checksum(skb, off, len, 0));
}

/* IPv4 header of the error: from the BIB entry's pool4 address. */
static void outer4(struct net *net, struct sk_buff *nskb,
		   const struct ipv6hdr *ip6, const struct bib_flow *f,
		   const struct pool6 *p6, const struct jool_settings *s)
{
	struct iphdr *ip = ip_hdr(nskb);

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = sizeof(*ip) / 4;
	ip->tos = s->override_tos ? s->tos : ipv6_get_dsfield(ip6);
	ip->tot_len = htons(nskb->len);
	ip->ttl = ip6->hop_limit - 1;
	ip->protocol = IPPROTO_ICMP;
	ip->saddr = f->addr4;
	ip->daddr = pool6_extract(p6, &ip6->daddr);
	xlat_ip4_frag_fields(net, ip, 1, false);
	ip_send_check(ip);
}

static void icmp4_fill(struct sk_buff *nskb, const struct err4 *e)
{
	struct icmphdr *ic = icmp_hdr(nskb);
	unsigned int len = nskb->len - sizeof(struct iphdr);

	ic->type = e->type;
	ic->code = e->code;
	ic->un.gateway = 0;
	if (e->type == ICMP_PARAMETERPROB)
		ic->un.gateway = htonl(e->info << 24);
	else
		ic->un.frag.mtu = htons(e->info);
	ic->checksum = 0;
	ic->checksum = csum_fold(csum_partial(ic, len, 0));
}

static struct sk_buff *build4(struct net *net, struct sk_buff *skb,
			      const struct icmp_inner *in,
			      const struct bib_flow *f,
			      const struct pool6 *p6, const struct err4 *e,
			      const struct jool_settings *s)
{
	unsigned int l4 = min_t(unsigned int, in->l4_avail,
				ERR4_MAX - ERR4_HDRS - sizeof(struct iphdr));
	struct sk_buff *nskb;

	nskb = icmp_err_alloc(skb, in, sizeof(struct iphdr),
			      ERR4_HDRS + sizeof(struct iphdr), l4);
	if (!nskb)
		return NULL;
	inner_6to4(net, nskb->data + ERR4_HDRS, l4, in, f);
	outer4(net, nskb, ipv6_hdr(skb), f, p6, s);
	icmp4_fill(nskb, e);
	nskb->protocol = htons(ETH_P_IP);
	return nskb;
}

/* The inner packet's BIB entry, and the error's translation; 0 or why not. */
static enum jool_stat check_6to4(const struct jool_net *jn,
				 struct sk_buff *skb, const struct pool6 *p6,
				 struct icmp_inner *in, struct bib_flow *f,
				 struct err4 *e)
{
	enum jool_stat why;

	if (!icmp6_csum_ok(skb))
		return JSTAT_MALFORMED;
	if (!map_6to4(icmp6_hdr(skb), e))
		return JSTAT_ICMP_ERR_UNTRANSLATABLE;
	why = inner6_parse(skb, p6, in, f);
	if (why)
		return why;
	if (!bib_peek6(jn->bib, f))
		return JSTAT_ICMP_ERR_NO_BIB;
	if (ipv6_hdr(skb)->hop_limit <= 1)
		return JSTAT_HOP_LIMIT;	/* no error about an error */
	return 0;
}

unsigned int icmp_err_6to4(const struct jool_net *jn, struct sk_buff *skb,
			   const struct pool6 *p6, const struct jool_settings *s)
{
	struct icmp_inner in;
	struct sk_buff *nskb;
	struct bib_flow f;
	struct rtable *rt;
	enum jool_stat why;
	struct err4 e;

	why = check_6to4(jn, skb, p6, &in, &f, &e);
	if (why)
		return xlat_drop(jn, why);
	rt = xlat_route4(jn, f.addr4, pool6_extract(p6, &ipv6_hdr(skb)->daddr),
			 f.mark, IPPROTO_ICMP);
	if (!rt)
		return xlat_drop(jn, JSTAT_NO_ROUTE);
	if (e.type == ICMP_DEST_UNREACH && e.code == ICMP_FRAG_NEEDED)
		e.info = frag_needed_mtu(e.info, skb, rt);
	nskb = build4(jn->net, skb, &in, &f, p6, &e, s);
	if (!nskb)
		return xlat_drop(jn, JSTAT_NOMEM);
	consume_skb(skb);
	return xlat_out4(jn, nskb, rt, JSTAT_ICMP_ERR_6TO4);
}
