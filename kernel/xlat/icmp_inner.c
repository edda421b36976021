// SPDX-License-Identifier: GPL-2.0
/*
 * Inner packets of ICMP errors, both directions.  Everything is read with
 * skb_header_pointer() at offsets checked against skb->len, and written
 * into a buffer of known size: a lying inner header cannot make us read or
 * write past the packet.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "xlat/frag.h"
#include "xlat/icmp_err.h"
#include "xlat/icmp_inner.h"
#include "xlat/xlat.h"

/* Offsets of the fields a translation changes, in the first 8 bytes. */
#define L4_SPORT	0
#define L4_DPORT	2
#define ICMP_CSUM	2
#define ICMP_ID		4
#define UDP_CSUM	6
#define TCP_CSUM	16

/* Layer 4 bytes are at any alignment (a stack copy, a packet offset). */
static __be16 get16(const u8 *p)
{
	__be16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put16(u8 *p, __be16 v)
{
	memcpy(p, &v, sizeof(v));
}

/* The offset of a checksum field within @l4 bytes of @proto, or 0. */
static unsigned int csum_off(u8 proto, const u8 *l4p, unsigned int l4)
{
	if (proto == JOOL_PROTO_TCP)
		return l4 >= TCP_CSUM + 2 ? TCP_CSUM : 0;
	if (proto == JOOL_PROTO_ICMP)
		return ICMP_CSUM;
	/* A zero UDP checksum is "none" over IPv4: leave it so. */
	return get16(l4p + UDP_CSUM) ? UDP_CSUM : 0;
}

/* Copies the inner IP header; its layer 4 header starts at @l4_off. */
static enum jool_stat inner_l4(struct sk_buff *skb, struct icmp_inner *in,
			       unsigned int l4_off, u8 *l4buf)
{
	if (l4_off + INNER_L4_MIN > skb->len)
		return JSTAT_ICMP_ERR_INNER;
	in->l4_off = l4_off;
	in->l4_avail = skb->len - l4_off;
	if (skb_copy_bits(skb, l4_off, l4buf, INNER_L4_MIN))
		return JSTAT_ICMP_ERR_INNER;
	return 0;
}

/* The inner packet's ports: @a is its source, @b its destination. */
static enum jool_stat inner_ports(u8 proto, const u8 *l4p, bool echo,
				  __be16 *a, __be16 *b)
{
	if (proto == JOOL_PROTO_ICMP) {
		/* Quoting an error (or anything but an echo) is not ours. */
		if (!echo)
			return JSTAT_ICMP_ERR_INNER;
		*a = get16(l4p + ICMP_ID);
		*b = *a;
		return 0;
	}
	*a = get16(l4p + L4_SPORT);
	*b = get16(l4p + L4_DPORT);
	return 0;
}

enum jool_stat inner4_parse(struct sk_buff *skb, struct icmp_inner *in,
			    struct bib_flow *f)
{
	unsigned int off = skb_transport_offset(skb) + sizeof(struct icmphdr);
	const struct iphdr *ip = &in->ip4;
	u8 l4p[INNER_L4_MIN];
	enum jool_stat why;
	int proto;

	if (skb_copy_bits(skb, off, &in->ip4, sizeof(in->ip4)) ||
	    ip->version != 4 || ip->ihl < 5 ||
	    (ip->frag_off & htons(IP_OFFSET)))
		return JSTAT_ICMP_ERR_INNER;
	proto = jool_proto_of(ip->protocol);
	if (proto < 0 || ip->protocol == IPPROTO_ICMPV6)
		return JSTAT_ICMP_ERR_INNER;
	why = inner_l4(skb, in, off + ip->ihl * 4, l4p);
	if (why)
		return why;
	in->tot_len = ntohs(ip->tot_len);
	in->payload_len = in->tot_len > ip->ihl * 4 ? in->tot_len - ip->ihl * 4 : 0;
	f->proto = proto;
	f->addr4 = ip->saddr;
	f->raddr4 = ip->daddr;
	return inner_ports(proto, l4p, l4p[0] == ICMP_ECHO ||
			   l4p[0] == ICMP_ECHOREPLY, &f->port4,
			   &f->rport4);
}

enum jool_stat inner6_parse(struct sk_buff *skb, const struct pool6 *p6,
			    struct icmp_inner *in, struct bib_flow *f)
{
	unsigned int off = skb_transport_offset(skb) + sizeof(struct icmp6hdr);
	const struct ipv6hdr *ip6 = &in->ip6;
	u8 l4p[INNER_L4_MIN];
	enum jool_stat why;
	__be16 sport;
	int proto;

	/* Extension headers (fragments included) are not translated. */
	if (skb_copy_bits(skb, off, &in->ip6, sizeof(in->ip6)) ||
	    ip6->version != 6 || !pool6_contains(p6, &ip6->saddr))
		return JSTAT_ICMP_ERR_INNER;
	proto = jool_proto_of(ip6->nexthdr);
	if (proto < 0 || ip6->nexthdr == IPPROTO_ICMP)
		return JSTAT_ICMP_ERR_INNER;
	why = inner_l4(skb, in, off + sizeof(*ip6), l4p);
	if (why)
		return why;
	in->payload_len = ntohs(ip6->payload_len);
	f->proto = proto;
	f->mark = skb->mark;
	f->addr6 = ip6->daddr;
	f->raddr4 = pool6_extract(p6, &ip6->saddr);
	return inner_ports(proto, l4p, l4p[0] == ICMPV6_ECHO_REPLY ||
			   l4p[0] == ICMPV6_ECHO_REQUEST, &sport,
			   &f->port6);
}

/* Sum of the addresses of a pseudo-header, as checksums add them. */
static __wsum addrs4(const struct iphdr *ip)
{
	return csum_partial(&ip->saddr, 2 * sizeof(ip->saddr), 0);
}

static __wsum addrs6(const struct ipv6hdr *ip6)
{
	return csum_partial(&ip6->saddr, 2 * sizeof(ip6->saddr), 0);
}

/*
 * Patches the inner layer 4 header: the port or identifier at @port_off
 * becomes @to, an ICMP type @type, and the checksum, if quoted, follows
 * (@diff: the change of its pseudo-header).
 */
static void inner_l4_patch(u8 proto, u8 *l4p, unsigned int l4,
			   unsigned int port_off, __be16 to, u8 type,
			   __wsum diff)
{
	unsigned int coff = csum_off(proto, l4p, l4);
	__sum16 check = (__force __sum16)get16(l4p + coff);

	csum_replace_by_diff(&check, diff);
	csum_replace2(&check, get16(l4p + port_off), to);
	put16(l4p + port_off, to);
	if (proto == JOOL_PROTO_ICMP) {
		csum_replace2(&check, htons(l4p[0] << 8), htons(type << 8));
		l4p[0] = type;
	}
	if (proto == JOOL_PROTO_UDP && !check)
		check = CSUM_MANGLED_0;
	if (coff)
		put16(l4p + coff, (__force __be16)check);
}

static const u8 nexthdrs[JOOL_PROTO_COUNT] = {
	[JOOL_PROTO_TCP] = IPPROTO_TCP,
	[JOOL_PROTO_UDP] = IPPROTO_UDP,
	[JOOL_PROTO_ICMP] = IPPROTO_ICMPV6,
};

static const u8 protocols[JOOL_PROTO_COUNT] = {
	[JOOL_PROTO_TCP] = IPPROTO_TCP,
	[JOOL_PROTO_UDP] = IPPROTO_UDP,
	[JOOL_PROTO_ICMP] = IPPROTO_ICMP,
};

void inner_4to6(u8 *out, unsigned int l4, const struct icmp_inner *in,
		const struct bib_flow *f, const struct pool6 *p6)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)out;
	u8 *l4p = out + sizeof(*ip6);
	__wsum diff;

	ip6_flow_hdr(ip6, in->ip4.tos, 0);
	ip6->payload_len = htons(in->payload_len);
	ip6->nexthdr = nexthdrs[f->proto];
	ip6->hop_limit = in->ip4.ttl;
	ip6->saddr = f->addr6;
	pool6_embed(p6, in->ip4.daddr, &ip6->daddr);

	if (f->proto == JOOL_PROTO_ICMP) {
		diff = xlat_icmp6_pseudo(ip6, in->payload_len);
		inner_l4_patch(f->proto, l4p, l4, ICMP_ID, f->port6,
			       xlat_echo_type_4to6(l4p[0]), diff);
		return;
	}
	diff = csum_sub(addrs6(ip6), addrs4(&in->ip4));
	inner_l4_patch(f->proto, l4p, l4, L4_SPORT, f->port6, 0, diff);
}

void inner_6to4(struct net *net, u8 *out, unsigned int l4,
		const struct icmp_inner *in, const struct bib_flow *f)
{
	struct iphdr *ip = (struct iphdr *)out;
	u8 *l4p = out + sizeof(*ip);
	__wsum diff;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = sizeof(*ip) / 4;
	ip->tos = ipv6_get_dsfield(&in->ip6);
	ip->tot_len = htons(min_t(u32, sizeof(*ip) + in->payload_len, 0xffff));
	ip->ttl = in->ip6.hop_limit;
	ip->protocol = protocols[f->proto];
	ip->saddr = f->raddr4;
	ip->daddr = f->addr4;
	/* As the outer header: DF when the quoted packet was large. */
	xlat_ip4_frag_fields(net, ip, 1, false);
	ip_send_check(ip);

	if (f->proto == JOOL_PROTO_ICMP) {
		diff = csum_sub(0, xlat_icmp6_pseudo(&in->ip6, in->payload_len));
		inner_l4_patch(f->proto, l4p, l4, ICMP_ID, f->port4,
			       xlat_echo_type_6to4(l4p[0]), diff);
		return;
	}
	diff = csum_sub(addrs4(ip), addrs6(&in->ip6));
	inner_l4_patch(f->proto, l4p, l4, L4_DPORT, f->port4, 0, diff);
}

struct sk_buff *icmp_err_alloc(const struct sk_buff *skb,
			       const struct icmp_inner *in,
			       unsigned int l3_len, unsigned int hdrs,
			       unsigned int l4)
{
	struct sk_buff *nskb = alloc_skb(LL_MAX_HEADER + hdrs + l4, GFP_ATOMIC);

	if (!nskb)
		return NULL;
	skb_reserve(nskb, LL_MAX_HEADER);
	skb_put(nskb, hdrs + l4);
	skb_reset_network_header(nskb);
	skb_set_transport_header(nskb, l3_len);
	if (skb_copy_bits(skb, in->l4_off, nskb->data + hdrs, l4)) {
		kfree_skb(nskb);
		return NULL;
	}
	nskb->mark = skb->mark;
	return nskb;
}
