/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hairpinning (RFC 6146 section 3.8): an IPv6 node that writes to the
 * IPv4 transport address of another IPv6 node's BIB entry (embedded in
 * pool6) reaches that node, and sees the packet come from the first
 * node's own mapping, as an IPv4 node would.
 */
#ifndef _JOOL_XLAT_HAIRPIN_H
#define _JOOL_XLAT_HAIRPIN_H

#include <linux/skbuff.h>

#include "state/bib.h"
#include "state/netns.h"
#include "state/pool6.h"

/*
 * Does the translation of @f go to a BIB entry of one of our own pool4
 * addresses?  Caller holds rcu_read_lock().
 */
bool xlat_hairpin_wanted(const struct jool_net *jn, const struct bib_flow *f);

/*
 * @skb, translated to IPv4 with its BIB entry's source, comes back in as
 * if it had arrived from the IPv4 side.  A netfilter verdict; never
 * NF_ACCEPT: @skb is IPv4 now, in the IPv6 stack.  Caller holds
 * rcu_read_lock().
 */
unsigned int xlat_hairpin(const struct jool_net *jn, struct sk_buff *skb,
			  const struct pool6 *p6);

#endif /* _JOOL_XLAT_HAIRPIN_H */
