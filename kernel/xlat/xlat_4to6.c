// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 -> IPv6 (RFC 7915 section 4) for ICMP echo requests and replies,
 * UDP and TCP addressed to a BIB entry; ICMP errors to a pool4 address are
 * handed to icmp_err_4to6.c.
 *
 * IPv4 options are not translated (section 4.1 allows ignoring them),
 * except an unexpired source route, which cannot be followed: its sender
 * gets Source Route Failed (the same section).
 * Fragments do not arrive here: the kernel reassembles them first
 * (xlat/frag.h); one that still does is dropped and counted.  A packet
 * too big for the IPv6 path gets Fragmentation Needed with DF, and is
 * sent in IPv6 fragments without (xlat_route_4to6()).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/dsfield.h>
#include <net/ipv6.h>

#include "state/bib.h"
#include "xlat/exthdr.h"
#include "xlat/frag.h"
#include "xlat/icmp_err.h"
#include "xlat/route.h"
#include "state/pool4_pub.h"
#include "state/settings.h"
#include "state/syn_store.h"
#include "xlat/xlat.h"

static unsigned int parse4_l4_len(u8 protocol, u8 *proto)
{
	switch (protocol) {
	case IPPROTO_TCP:
		*proto = JOOL_PROTO_TCP;
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		*proto = JOOL_PROTO_UDP;
		return sizeof(struct udphdr);
	case IPPROTO_ICMP:
		*proto = JOOL_PROTO_ICMP;
		return sizeof(struct icmphdr);
	}
	return 0;
}

/* Ports of the IPv4 packet into @f; false if it cannot be a BIB's. */
static bool parse4_ports(struct sk_buff *skb, struct bib_flow *f)
{
	const struct icmphdr *icmp;
	const struct udphdr *uh;

	switch (f->proto) {
	case JOOL_PROTO_TCP:
		f->th = tcp_hdr(skb);
		f->port4 = f->th->dest;
		f->rport4 = f->th->source;
		return true;
	case JOOL_PROTO_UDP:
		uh = udp_hdr(skb);
		f->port4 = uh->dest;
		f->rport4 = uh->source;
		return true;
	}
	icmp = icmp_hdr(skb);
	f->port4 = icmp->un.echo.id;
	f->rport4 = 0;
	return icmp->type == ICMP_ECHOREPLY || icmp->type == ICMP_ECHO;
}

/* Is the destination one of ours, although no BIB entry matched? */
static bool dst_in_pool4(const struct pool4_snapshot *pool4,
			 const struct bib_flow *f)
{
	return pool4_contains_any_mark(pool4, f->proto, ntohl(f->addr4),
				       ntohs(f->port4));
}

static bool gso_4to6(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return true;
	if (shinfo->gso_type & SKB_GSO_TCPV4) {
		shinfo->gso_type &= ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID);
		shinfo->gso_type |= SKB_GSO_TCPV6;
		return true;
	}
	return shinfo->gso_type & SKB_GSO_UDP_L4;
}

/*
 * The verdict of a stage for a packet that is not to be translated
 * (NF_ACCEPT: not the translator's; NF_DROP: counted), or XLAT_GO with @f
 * complete so far, or XLAT_ICMP_ERR for an ICMP error.
 */
#define XLAT_GO		UINT_MAX
#define XLAT_ICMP_ERR	(UINT_MAX - 1)

static bool dst_has_pool4(const struct pool4_snapshot *pool4,
			  const struct sk_buff *skb)
{
	return pool4_has_addr(pool4, ntohl(ip_hdr(skb)->daddr));
}

/*
 * A packet we will not translate: not ours unless it is addressed to a
 * pool4 address, in which case it is dropped and counted as @why.
 */
static unsigned int parse4_refuse(const struct jool_net *jn,
				  const struct pool4_snapshot *pool4,
				  const struct sk_buff *skb, enum jool_stat why)
{
	return dst_has_pool4(pool4, skb) ? xlat_drop(jn, why) : NF_ACCEPT;
}

/* RFC 7915 section 4.1: the next hop of a source route is not ours. */
static unsigned int source_route4(const struct jool_net *jn,
				  const struct pool4_snapshot *pool4,
				  struct sk_buff *skb)
{
	if (!dst_has_pool4(pool4, skb))
		return NF_ACCEPT;
	xlat_send_sr_failed4(jn, skb);
	return xlat_drop(jn, JSTAT_SOURCE_ROUTE);
}

/* The parse stage: headers pulled and checked, @f's IPv4 side filled. */
static unsigned int parse4(const struct jool_net *jn,
			   const struct pool4_snapshot *pool4,
			   struct sk_buff *skb, struct bib_flow *f,
			   unsigned int *l4_len)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = ip_hdrlen(skb);

	if (ihl > sizeof(*iph) && xlat_ip4_source_routed(skb))
		return source_route4(jn, pool4, skb);
	*l4_len = parse4_l4_len(iph->protocol, &f->proto);
	if (!*l4_len)
		return parse4_refuse(jn, pool4, skb, JSTAT_UNSUPPORTED);
	if (ip_is_fragment(iph))
		return parse4_refuse(jn, pool4, skb, JSTAT_FRAGMENT);
	if (!pskb_may_pull(skb, ihl + *l4_len))
		return parse4_refuse(jn, pool4, skb, JSTAT_MALFORMED);
	iph = ip_hdr(skb);
	skb_set_transport_header(skb, ihl);
	if (f->proto == JOOL_PROTO_ICMP && icmp_is_err(icmp_hdr(skb)->type))
		return XLAT_ICMP_ERR;
	if (!xlat_l4_consistent(skb, iph->protocol, skb->len - ihl))
		return parse4_refuse(jn, pool4, skb, JSTAT_MALFORMED);
	f->addr4 = iph->daddr;
	f->raddr4 = iph->saddr;
	f->th = NULL;
	f->reply = false;
	if (!parse4_ports(skb, f))
		return parse4_refuse(jn, pool4, skb, JSTAT_UNSUPPORTED);
	return XLAT_GO;
}

/*
 * An IPv4 packet to pool4 that may not open a session, for want of a BIB
 * entry or because address-dependent filtering refuses it: if it is a SYN
 * that the SYN store takes (RFC 6146 section 3.5.2.2), keeps a copy and
 * returns NF_DROP, counted; XLAT_GO to refuse it as without a store.  A
 * filtered SYN was counted in drop_address_filtered already.
 */
static unsigned int syn4_keep(const struct jool_net *jn,
			      const struct jool_settings *s,
			      const struct sk_buff *skb,
			      const struct bib_flow *f, bool has_bib)
{
	struct syn4_ctx ctx = {
		.syn = f->th && f->th->syn,
		.drop_ext_tcp = s->drop_ext_tcp,
		.has_bib = has_bib,
		.filtered = has_bib,
		.stored = syn_store_count(jn->syn_store),
		.max = s->max_syn_opens,
	};

	switch (syn4_fate(&ctx)) {
	case SYN4_STORE:
		break;
	case SYN4_FULL:
		return xlat_drop(jn, JSTAT_SYN_STORE_FULL);
	default:
		return XLAT_GO;
	}
	switch (syn_store_add(jn->syn_store, skb, f, ctx.max)) {
	case 0:
		return xlat_drop(jn, JSTAT_SYN_STORED);
	case -EEXIST:
		return xlat_drop(jn, JSTAT_SYN_STORED_DUP);
	case -ENOSPC:
		return xlat_drop(jn, JSTAT_SYN_STORE_FULL);
	}
	return xlat_drop(jn, JSTAT_NOMEM);
}

/*
 * The BIB stage: only packets of a BIB entry are translated, and only
 * those the filters of the settings let open a session; the SYNs among
 * the others may wait in the SYN store.
 */
static unsigned int bib4(const struct jool_net *jn,
			 const struct pool4_snapshot *pool4,
			 const struct jool_settings *s, struct sk_buff *skb,
			 struct bib_flow *f)
{
	unsigned int verdict;

	switch (bib_4to6(jn->bib, s, f)) {
	case BIB_NOT_FOUND:
		if (!dst_in_pool4(pool4, f))
			return NF_ACCEPT;
		verdict = syn4_keep(jn, s, skb, f, false);
		return verdict != XLAT_GO ? verdict :
		       xlat_drop(jn, JSTAT_NO_BIB);
	case BIB_FILTERED:
		verdict = syn4_keep(jn, s, skb, f, true);
		if (verdict != XLAT_GO)
			return verdict;
		xlat_send_filtered4(jn, skb);
		return NF_DROP;
	case BIB_DROP:
		return NF_DROP;
	case BIB_OK:
		break;
	}
	return XLAT_GO;
}

/* The pseudo-header's addresses change; the destination port too. */
static void l4_4to6(struct sk_buff *skb, const struct iphdr *old,
		    const struct bib_flow *f, __sum16 *check, __be16 *port)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	__wsum diff = csum_sub(csum_partial(&ip6->saddr, 2 * sizeof(ip6->saddr), 0),
			       csum_partial(&old->saddr, 2 * sizeof(old->saddr), 0));

	xlat_csum_pseudo(check, skb, diff);
	inet_proto_csum_replace2(check, skb, *port, f->port6, false);
	*port = f->port6;
}

/* Full sum over the IPv6 pseudo-header and the layer 4 message. */
static __sum16 l4_csum6(struct sk_buff *skb, u8 nexthdr)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);

	return csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
			       skb->len - skb_transport_offset(skb), nexthdr,
			       xlat_l4_csum(skb));
}

/* RFC 7915 section 4.5: IPv6 UDP needs a checksum, compute it. */
static void udp_4to6(struct sk_buff *skb, const struct iphdr *old,
		     const struct bib_flow *f)
{
	struct udphdr *uh = udp_hdr(skb);

	if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
		l4_4to6(skb, old, f, &uh->check, &uh->dest);
		if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
			uh->check = CSUM_MANGLED_0;
		return;
	}
	uh->dest = f->port6;
	uh->check = l4_csum6(skb, IPPROTO_UDP);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;
}

/* The ICMPv6 pseudo-header enters the checksum (see xlat_echo_patch()). */
static void icmp_4to6(struct sk_buff *skb, const struct bib_flow *f)
{
	u32 len = skb->len - skb_transport_offset(skb);

	xlat_echo_patch(skb, xlat_echo_type_4to6(icmp_hdr(skb)->type), f->port6,
			xlat_icmp6_pseudo(ipv6_hdr(skb), len));
}

static void l4_rewrite_4to6(struct sk_buff *skb, const struct iphdr *old,
			    const struct bib_flow *f)
{
	struct tcphdr *th;

	switch (f->proto) {
	case JOOL_PROTO_TCP:
		th = tcp_hdr(skb);
		l4_4to6(skb, old, f, &th->check, &th->dest);
		break;
	case JOOL_PROTO_UDP:
		udp_4to6(skb, old, f);
		break;
	default:
		icmp_4to6(skb, f);
	}
}

static void ipv6_header_4to6(struct sk_buff *skb, const struct iphdr *old,
			     const struct bib_flow *f, const struct pool6 *p6,
			     const struct jool_settings *s)
{
	struct ipv6hdr *ip6 = ipv6_hdr(skb);

	ip6_flow_hdr(ip6, s->zeroize_tclass ? 0 : old->tos, 0);
	ip6->payload_len = htons(skb->len - sizeof(*ip6));
	ip6->nexthdr = jool_proto_ip6(f->proto);
	ip6->hop_limit = old->ttl - 1;
	pool6_embed(p6, old->saddr, &ip6->saddr);
	ip6->daddr = f->addr6;
}

/*
 * Room for @need bytes in front of the data, the IPv4 header pulled.
 * skb_cow_head() would reallocate the head of every packet that a local
 * socket sent through a veth (a container's): the sender reserved room
 * for an Ethernet header only, 36 bytes in front of the layer 4 header
 * where the IPv6 and Ethernet headers need 56.  kmalloc()'s rounding
 * usually leaves that much at the end of the buffer instead: the data
 * moves there (make bench-profile, UDP 4->6: the allocation, its zeroing
 * and the copy were a fifth of the translator's softirq time).  Only a
 * linear head of its own moves; others take the general way.
 */
static int headroom_4to6(struct sk_buff *skb, unsigned int need)
{
	unsigned int delta;

	if (skb_headroom(skb) >= need)
		return skb_cow_head(skb, need);
	delta = ALIGN(need - skb_headroom(skb), sizeof(u32));
	if (skb_cloned(skb) || skb_is_nonlinear(skb) ||
	    skb_tailroom(skb) < delta)
		return skb_cow_head(skb, need);
	memmove(skb->data + delta, skb->data, skb_headlen(skb));
	skb->data += delta;
	skb->tail += delta;
	skb_headers_offset_update(skb, delta);
	return 0;
}

/* The rewrite stage: the IPv4 packet becomes an IPv6 one, in place. */
static enum jool_stat rewrite_4to6(struct sk_buff *skb,
				   const struct bib_flow *f,
				   const struct pool6 *p6, unsigned int l4_len,
				   const struct jool_settings *s,
				   const struct dst_entry *dst)
{
	unsigned int ihl = ip_hdrlen(skb);
	struct iphdr old;

	if (skb_ensure_writable(skb, ihl + l4_len))
		return JSTAT_NOMEM;
	if (!gso_4to6(skb))
		return JSTAT_GSO;
	if (f->proto == JOOL_PROTO_ICMP && xlat_echo_csum_complete(skb))
		return JSTAT_NOMEM;
	old = *ip_hdr(skb);
	skb_pull(skb, ihl);
	if (headroom_4to6(skb, sizeof(struct ipv6hdr) +
			  LL_RESERVED_SPACE(dst->dev)))
		return JSTAT_NOMEM;
	skb_push(skb, sizeof(struct ipv6hdr));
	skb_reset_network_header(skb);
	xlat_reset_skb(skb, htons(ETH_P_IPV6));
	ipv6_header_4to6(skb, &old, f, p6, s);
	l4_rewrite_4to6(skb, &old, f);
	return 0;
}

/*
 * The stages, in order, each one call: parse and validate (which tells
 * ICMP errors apart), BIB and session, route and MTU (TTL included),
 * rewrite, output.  An ICMP error is translated only when it is addressed
 * to a pool4 address; others are not the translator's.  The settings are
 * read once, and a paused translator lets everything through.
 */
unsigned int xlat_4to6(const struct jool_net *jn, struct sk_buff *skb,
		       const struct pool6 *p6)
{
	const struct jool_settings *s = jool_settings_current(jn);
	const struct pool4_snapshot *pool4 = pool4_current(jn);
	struct xlat_frag6 frag;
	struct dst_entry *dst;
	struct bib_flow f;
	unsigned int l4_len, verdict;
	enum jool_stat why;

	if (!s->enabled)
		return NF_ACCEPT;
	verdict = parse4(jn, pool4, skb, &f, &l4_len);
	if (verdict == XLAT_ICMP_ERR)
		return dst_has_pool4(pool4, skb) ?
		       icmp_err_4to6(jn, skb, p6, s) : NF_ACCEPT;
	if (verdict != XLAT_GO)
		return verdict;
	verdict = bib4(jn, pool4, s, skb, &f);
	if (verdict != XLAT_GO)
		return verdict;
	dst = xlat_route_4to6(jn, skb, &f, p6, &frag);
	if (!dst)
		return NF_DROP;
	why = rewrite_4to6(skb, &f, p6, l4_len, s, dst);
	if (why)
		return xlat_drop(jn, why);
	xlat_frag_out6(skb, frag.size);
	if (frag.reassembled)
		jool_stat_inc(jn->stats, JSTAT_REASSEMBLED);
	return xlat_out6(jn, skb, dst, JSTAT_XLAT_4TO6);
}
