// SPDX-License-Identifier: GPL-2.0
/*
 * Hairpinning (xlat/hairpin.h).  The packet is translated twice, without
 * leaving the hook: first 6->4, which finds or makes the sender's BIB
 * entry and session, then 4->6 as if it had just arrived from the IPv4
 * side, which finds the destination's BIB entry.  It never needs a route
 * to the pool4 address, so pool4 addresses need not be assigned to any
 * interface, and no IPv4 neighbour ever sees the packet.
 *
 * An ICMP echo carries a single identifier, the sender's: the echo comes
 * back to the sender itself, from pool6 + pool4 address.
 */
#include <linux/netfilter.h>

#include "state/pool4_pub.h"
#include "xlat/hairpin.h"
#include "xlat/xlat.h"

/*
 * Only when the destination mapping exists: a pool4 address may also be
 * one of the box's own, whose services an IPv6 node may reach by it; such
 * packets are translated and routed as before.  An echo is looked up by
 * the sender's own identifier, the only one it carries.
 */
bool xlat_hairpin_wanted(const struct jool_net *jn, const struct bib_flow *f)
{
	struct bib_flow dst = {
		.proto = f->proto,
		.addr4 = f->raddr4,
		.port4 = f->proto == JOOL_PROTO_ICMP ? f->port4 : f->rport4,
	};

	if (!pool4_has_addr(pool4_current(jn), ntohl(f->raddr4)))
		return false;
	return bib_peek4(jn->bib, &dst);
}

unsigned int xlat_hairpin(const struct jool_net *jn, struct sk_buff *skb,
			  const struct pool6 *p6)
{
	unsigned int verdict;

	jool_stat_inc(jn->stats, JSTAT_HAIRPIN);
	verdict = xlat_4to6(jn, skb, p6);
	/* The mapping went away since xlat_hairpin_wanted() saw it. */
	if (verdict == NF_ACCEPT)
		return xlat_drop(jn, JSTAT_NO_BIB);
	return verdict;
}
