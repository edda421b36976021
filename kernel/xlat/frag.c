// SPDX-License-Identifier: GPL-2.0
/*
 * What the translator does about fragments (xlat/frag.h): the IPv4
 * fragment fields of RFC 7915 section 5.1, and the size limits the output
 * path (ip_do_fragment(), ip6_fragment()) fragments to.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "xlat/frag.h"
#include "xlat/route.h"

/*
 * nf_ct_frag6_reasm() records the largest fragment, its Fragment header
 * included.  A datagram of one fragment, an atomic one, is 8 bytes (that
 * header) shorter than its largest fragment; two fragments or more hold
 * at least 8 bytes more.
 */
u16 xlat_frag6_in(const struct sk_buff *skb)
{
	u16 max = IP6CB(skb)->frag_max_size;

	if (!max || skb->len + sizeof(struct frag_hdr) == max)
		return 0;
	return max;
}

void xlat_ip4_frag_fields(struct net *net, struct iphdr *iph,
			  unsigned int segs, bool fragmented)
{
	bool df = !fragmented &&
		  (segs > 1 || ntohs(iph->tot_len) > XLAT_DF_THRESHOLD);

	iph->frag_off = df ? htons(IP_DF) : 0;
	__ip_select_ident(net, iph, segs);
}

/*
 * ip_do_fragment() cuts at frag_max_size: an IPv4 fragment 28 bytes
 * smaller than the IPv6 fragment that brought its data.
 */
void xlat_frag_out4(struct sk_buff *skb, u16 frag6)
{
	IPCB(skb)->frag_max_size = frag6 - XLAT_FRAG6_GROW;
}

/*
 * ip6_fragment() cuts at frag_max_size (never below 1280), and only
 * fragments a packet larger than the route's MTU when ignore_df says it
 * may: the translator decided that already (xlat_route_4to6()).
 */
void xlat_frag_out6(struct sk_buff *skb, u16 size)
{
	if (!size)
		return;
	IP6CB(skb)->frag_max_size = size;
	skb->ignore_df = 1;
}
