// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 extension headers and IPv4 options of packets to translate
 * (xlat/exthdr.h).
 *
 * RFC 7915 section 5.1 lets the translator drop the Hop-by-Hop,
 * Destination Options and Routing headers: they only speak to IPv6 nodes,
 * and none is left on the IPv4 side.  A Routing header that still has
 * segments to visit names a next hop other than the destination the
 * translator would use; translating would skip them, so its sender gets
 * Parameter Problem instead (the same section).  IPv4's loose and strict
 * source routes are the same case the other way (section 4.1).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "xlat/exthdr.h"

/* More than any sane packet carries; bounds the walk of a hostile one. */
#define EXT6_MAX 8

/* The Segments Left field, 3 bytes into every Routing header (RFC 8200). */
#define RT_SEGLEFT_OFF 3

static bool ext6_skippable(u8 nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_DEST ||
	       nexthdr == NEXTHDR_ROUTING;
}

enum jool_stat xlat_ext6_skip(struct sk_buff *skb, u8 *nexthdr,
			      unsigned int *l4_off)
{
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nh = ipv6_hdr(skb)->nexthdr;
	u8 buf[4], *h;
	int n;

	for (n = 0; ext6_skippable(nh); n++) {
		if (n == EXT6_MAX || (nh == NEXTHDR_HOP && n))
			return JSTAT_EXT_HEADER;
		h = skb_header_pointer(skb, off, sizeof(buf), buf);
		if (!h)
			return JSTAT_MALFORMED;
		if (nh == NEXTHDR_ROUTING && h[RT_SEGLEFT_OFF]) {
			*l4_off = off + RT_SEGLEFT_OFF;
			return JSTAT_ROUTING_HDR;
		}
		nh = h[0];
		off += ipv6_optlen((struct ipv6_opt_hdr *)h);
	}
	if (off > skb->len)
		return JSTAT_MALFORMED;
	*nexthdr = nh;
	*l4_off = off;
	return 0;
}

/*
 * Walks the options (RFC 791): End of Option List and No Operation are
 * one byte, the others say their length.  A source route is exhausted
 * once its pointer has moved past its last address.  An option list that
 * lies about its lengths ends the walk: the kernel's own option parser
 * judges it if the packet ever reaches it.
 */
bool xlat_ip4_source_routed(const struct sk_buff *skb)
{
	const u8 *opt = skb_network_header(skb) + sizeof(struct iphdr);
	unsigned int len = ip_hdrlen(skb) - sizeof(struct iphdr);
	unsigned int i = 0, olen;

	while (i < len && opt[i] != IPOPT_END) {
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return false;
		olen = opt[i + 1];
		if (olen < 2 || i + olen > len)
			return false;
		if ((opt[i] == IPOPT_LSRR || opt[i] == IPOPT_SSRR) &&
		    olen >= 3 && opt[i + 2] <= olen)
			return true;
		i += olen;
	}
	return false;
}
