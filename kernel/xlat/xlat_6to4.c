// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 -> IPv4 (RFC 7915 section 5) for ICMPv6 echo requests and replies,
 * UDP and TCP; ICMPv6 errors are handed to icmp_err_6to4.c, packets to
 * our own pool4 addresses to hairpin.c.
 *
 * Hop-by-Hop, Destination Options and Routing headers (Segments Left 0)
 * are skipped and left behind (xlat/exthdr.h).  The other extension
 * headers are dropped and counted: the stateful translator needs the
 * ports, and a packet without them cannot be matched against the BIB.
 * Fragments do not arrive here: the kernel reassembles them first
 * (xlat/frag.h).
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
#include <net/dsfield.h>
#include <net/ipv6.h>

#include "state/bib.h"
#include "state/pool4_pub.h"
#include "state/settings.h"
#include "state/syn_store.h"
#include "xlat/exthdr.h"
#include "xlat/frag.h"
#include "xlat/hairpin.h"
#include "xlat/icmp_err.h"
#include "xlat/route.h"
#include "xlat/xlat.h"

/* Layer 4 header size of @nexthdr, or 0 and a drop reason. */
static unsigned int parse6_l4_len(u8 nexthdr, u8 *proto,
				  enum jool_stat *why)
{
	switch (nexthdr) {
	case IPPROTO_TCP:
		*proto = JOOL_PROTO_TCP;
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		*proto = JOOL_PROTO_UDP;
		return sizeof(struct udphdr);
	case IPPROTO_ICMPV6:
		*proto = JOOL_PROTO_ICMP;
		return sizeof(struct icmp6hdr);
	}
	*why = ipv6_ext_hdr(nexthdr) ? JSTAT_EXT_HEADER : JSTAT_UNSUPPORTED;
	return 0;
}

/* Ports (or the echo identifier) of the IPv6 packet into @f. */
static enum jool_stat parse6_ports(struct sk_buff *skb, struct bib_flow *f)
{
	const struct icmp6hdr *icmp6;
	const struct udphdr *uh;

	switch (f->proto) {
	case JOOL_PROTO_TCP:
		f->th = tcp_hdr(skb);
		f->port6 = f->th->source;
		f->rport4 = f->th->dest;
		return 0;
	case JOOL_PROTO_UDP:
		uh = udp_hdr(skb);
		/* RFC 7915 section 5.1.1: no checksum to update, drop. */
		if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
			return JSTAT_UDP_ZERO_CSUM;
		f->port6 = uh->source;
		f->rport4 = uh->dest;
		return 0;
	}
	icmp6 = icmp6_hdr(skb);
	/* A reply: a static entry's IPv6 server answering an IPv4 ping. */
	f->reply = icmp6->icmp6_type == ICMPV6_ECHO_REPLY;
	if (icmp6->icmp6_type != ICMPV6_ECHO_REQUEST && !f->reply)
		return JSTAT_UNSUPPORTED;
	f->port6 = icmp6->icmp6_identifier;
	f->rport4 = 0;
	return 0;
}

static bool addr4_translatable(__be32 addr)
{
	return !ipv4_is_zeronet(addr) && !ipv4_is_loopback(addr) &&
	       !ipv4_is_multicast(addr) && !ipv4_is_lbcast(addr);
}

/* GSO packets stay GSO: only the family of the segments changes. */
static bool gso_6to4(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return true;
	if (shinfo->gso_type & SKB_GSO_TCPV6) {
		shinfo->gso_type &= ~SKB_GSO_TCPV6;
		shinfo->gso_type |= SKB_GSO_TCPV4;
		return true;
	}
	return shinfo->gso_type & SKB_GSO_UDP_L4;
}

/*
 * The transport header is set to the layer 4 header, after the skipped
 * extension headers; for JSTAT_ROUTING_HDR, to the Segments Left field
 * that the Parameter Problem points at.
 */
static enum jool_stat parse6(struct sk_buff *skb, const struct pool6 *p6,
			     struct bib_flow *f, unsigned int *l4_len)
{
	const struct ipv6hdr *ip6;
	enum jool_stat why;
	unsigned int off;
	u8 nexthdr;

	why = xlat_ext6_skip(skb, &nexthdr, &off);
	if (why == JSTAT_ROUTING_HDR)
		skb_set_transport_header(skb, off);
	if (why)
		return why;
	*l4_len = parse6_l4_len(nexthdr, &f->proto, &why);
	if (!*l4_len)
		return why;
	if (!pskb_may_pull(skb, off + *l4_len))
		return JSTAT_MALFORMED;
	ip6 = ipv6_hdr(skb);
	skb_set_transport_header(skb, off);
	if (!xlat_l4_consistent(skb, nexthdr, skb->len - off))
		return JSTAT_MALFORMED;
	if (ip6->hop_limit <= 1)
		return JSTAT_HOP_LIMIT;
	if (skb->len - off + sizeof(struct iphdr) > IP_MAX_MTU)
		return JSTAT_TOO_BIG;
	f->mark = skb->mark;
	f->addr6 = ip6->saddr;
	f->raddr4 = pool6_extract(p6, &ip6->daddr);
	f->th = NULL;
	f->reply = false;
	if (!addr4_translatable(f->raddr4))
		return JSTAT_UNSUPPORTED;
	return parse6_ports(skb, f);
}

/*
 * TCP and UDP: the pseudo-header changes from the IPv6 to the IPv4
 * addresses (length and protocol sum the same), and the source port
 * becomes the BIB's.
 */
static void l4_6to4(struct sk_buff *skb, const struct ipv6hdr *old,
		    const struct bib_flow *f, __sum16 *check, __be16 *port)
{
	__be32 pair[2] = { f->addr4, f->raddr4 };
	__wsum diff = csum_sub(csum_partial(pair, sizeof(pair), 0),
			       csum_partial(&old->saddr, 2 * sizeof(old->saddr), 0));

	xlat_csum_pseudo(check, skb, diff);
	inet_proto_csum_replace2(check, skb, *port, f->port4, false);
	*port = f->port4;
}

/* The ICMPv6 pseudo-header leaves the checksum (see xlat_echo_patch()). */
static void icmp_6to4(struct sk_buff *skb, const struct ipv6hdr *old,
		      const struct bib_flow *f)
{
	u32 len = skb->len - skb_transport_offset(skb);

	xlat_echo_patch(skb, xlat_echo_type_6to4(icmp6_hdr(skb)->icmp6_type),
			f->port4,
			csum_sub(0, xlat_icmp6_pseudo(old, len)));
}

static void l4_rewrite_6to4(struct sk_buff *skb, const struct ipv6hdr *old,
			    const struct bib_flow *f)
{
	struct tcphdr *th;
	struct udphdr *uh;

	switch (f->proto) {
	case JOOL_PROTO_TCP:
		th = tcp_hdr(skb);
		l4_6to4(skb, old, f, &th->check, &th->source);
		break;
	case JOOL_PROTO_UDP:
		uh = udp_hdr(skb);
		l4_6to4(skb, old, f, &uh->check, &uh->source);
		if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
			uh->check = CSUM_MANGLED_0;
		break;
	default:
		icmp_6to4(skb, old, f);
	}
}

/* @frag6: the largest fragment of a reassembled datagram, or 0. */
static void ip_header_6to4(struct net *net, struct sk_buff *skb,
			   const struct ipv6hdr *old, const struct bib_flow *f,
			   u16 frag6, const struct jool_settings *s)
{
	struct iphdr *iph = ip_hdr(skb);

	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = s->override_tos ? s->tos : ipv6_get_dsfield(old);
	iph->tot_len = htons(skb->len);
	iph->ttl = old->hop_limit - 1;
	iph->protocol = jool_proto_ip4(f->proto);
	iph->saddr = f->addr4;
	iph->daddr = f->raddr4;
	xlat_ip4_frag_fields(net, iph, skb_is_gso(skb) ?
			     skb_shinfo(skb)->gso_segs : 1, frag6);
	ip_send_check(iph);
	if (frag6)
		xlat_frag_out4(skb, frag6);
}

static bool is_icmp6_err(struct sk_buff *skb)
{
	const unsigned int len = sizeof(struct ipv6hdr) + sizeof(struct icmp6hdr);

	if (ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6 || !pskb_may_pull(skb, len))
		return false;
	skb_set_transport_header(skb, sizeof(struct ipv6hdr));
	return icmp6_is_err(icmp6_hdr(skb)->icmp6_type);
}

/* The rewrite stage: the IPv6 packet becomes an IPv4 one, in place. */
static enum jool_stat rewrite_6to4(struct net *net, struct sk_buff *skb,
				   const struct bib_flow *f,
				   unsigned int l4_len, u16 frag6,
				   const struct jool_settings *s)
{
	unsigned int off = skb_transport_offset(skb);
	struct ipv6hdr old;

	if (skb_ensure_writable(skb, off + l4_len))
		return JSTAT_NOMEM;
	if (!gso_6to4(skb))
		return JSTAT_GSO;
	if (f->proto == JOOL_PROTO_ICMP && xlat_echo_csum_complete(skb))
		return JSTAT_NOMEM;
	old = *ipv6_hdr(skb);
	l4_rewrite_6to4(skb, &old, f);
	skb_pull(skb, off - sizeof(struct iphdr));
	skb_reset_network_header(skb);
	xlat_reset_skb(skb, htons(ETH_P_IP));
	ip_header_6to4(net, skb, &old, f, frag6, s);
	return 0;
}

/*
 * A packet parse6() refused; the sender hears of an exhausted hop limit
 * or of segments left to visit.
 */
static unsigned int drop_6to4(const struct jool_net *jn, struct sk_buff *skb,
			      enum jool_stat why)
{
	if (why == JSTAT_HOP_LIMIT)
		xlat_send_time_exceeded6(jn->stats, skb);
	if (why == JSTAT_ROUTING_HDR)
		xlat_send_param_prob6(jn->stats, skb,
				      skb_transport_offset(skb));
	return xlat_drop(jn, why);
}

/* A hairpinned packet needs no IPv4 route: it comes straight back. */
static unsigned int hairpin_6to4(const struct jool_net *jn,
				 struct sk_buff *skb, const struct bib_flow *f,
				 const struct pool6 *p6, unsigned int l4_len,
				 u16 frag6, const struct jool_settings *s)
{
	enum jool_stat why = rewrite_6to4(jn->net, skb, f, l4_len, frag6, s);

	return why ? xlat_drop(jn, why) : xlat_hairpin(jn, skb, p6);
}

/*
 * The stages, in order, each one call: ICMP error or not, parse and
 * validate, BIB and session, hairpin or route and MTU, rewrite, output.
 * The settings are read once: the packet sees one version of them.  A
 * paused translator lets packets through as if it were not there.
 */
unsigned int xlat_6to4(const struct jool_net *jn, struct sk_buff *skb,
		       const struct pool6 *p6)
{
	const struct jool_settings *s = jool_settings_current(jn);
	u16 frag6 = xlat_frag6_in(skb);
	struct bib_flow f;
	struct rtable *rt;
	unsigned int l4_len;
	enum jool_stat why;

	if (!s->enabled)
		return NF_ACCEPT;
	if (is_icmp6_err(skb))
		return icmp_err_6to4(jn, skb, p6, s);
	why = parse6(skb, p6, &f, &l4_len);
	if (why)
		return drop_6to4(jn, skb, why);
	if (f.proto == JOOL_PROTO_ICMP && s->drop_icmp6_info)
		return xlat_drop(jn, JSTAT_ICMP6_INFO);
	if (bib_6to4(jn->bib, pool4_current(jn), &f) != BIB_OK)
		return NF_DROP;
	/* RFC 6146 section 3.5.2.2: this SYN answers a stored IPv4 one. */
	if (f.th && f.th->syn && syn_store_take(jn->syn_store, &f))
		jool_stat_inc(jn->stats, JSTAT_SIMULTANEOUS_OPEN);
	if (xlat_hairpin_wanted(jn, &f))
		return hairpin_6to4(jn, skb, &f, p6, l4_len, frag6, s);
	rt = xlat_route_6to4(jn, skb, &f);
	if (!rt)
		return NF_DROP;
	why = rewrite_6to4(jn->net, skb, &f, l4_len, frag6, s);
	if (why)
		return xlat_drop(jn, why);
	if (frag6)
		jool_stat_inc(jn->stats, JSTAT_REASSEMBLED);
	return xlat_out4(jn, skb, rt, JSTAT_XLAT_6TO4);
}
