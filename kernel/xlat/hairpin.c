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

bool xlat_hairpin_wanted(const struct jool_net *jn, const struct bib_flow *f)
{
	return pool4_has_addr(pool4_current(jn), ntohl(f->raddr4));
}

unsigned int xlat_hairpin(const struct jool_net *jn, struct sk_buff *skb,
			  const struct pool6 *p6)
{
	unsigned int verdict;

	jool_stat_inc(jn->stats, JSTAT_HAIRPIN);
	verdict = xlat_4to6(jn, skb, p6);
	/* Only a record of another protocol holds that address. */
	if (verdict == NF_ACCEPT)
		return xlat_drop(jn, JSTAT_NO_BIB);
	return verdict;
}
