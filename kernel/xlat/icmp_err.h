/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors through the translator (RFC 7915 sections 4.2-4.5 and
 * 5.2-5.4, RFC 6146 section 3.5): errors about packets of a BIB entry are
 * translated into the other family; errors about anything else are
 * dropped and counted.  And the errors the translator itself owes the
 * sender (hop limit or TTL exhausted, packet too big for the next hop).
 */
#ifndef _JOOL_ICMP_ERR_H
#define _JOOL_ICMP_ERR_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include "state/pool6.h"
#include "state/settings.h"
#include "state/stats.h"

/* Informational ICMPv6 types have the high bit set (RFC 4443). */
static inline bool icmp6_is_err(u8 type)
{
	return !(type & ICMPV6_INFOMSG_MASK);
}

/*
 * @skb is an ICMPv4 error addressed to a pool4 address (its ICMP header
 * pulled) or an ICMPv6 error addressed inside pool6 (the same).  Returns
 * NF_STOLEN once the translation is sent, NF_DROP (counted) otherwise.
 * @s: the settings the packet is translated with.  Caller holds
 * rcu_read_lock().
 */
unsigned int icmp_err_4to6(const struct jool_net *jn, struct sk_buff *skb,
			   const struct pool6 *p6, const struct jool_settings *s);
unsigned int icmp_err_6to4(const struct jool_net *jn, struct sk_buff *skb,
			   const struct pool6 *p6, const struct jool_settings *s);

/*
 * The translator's own errors about @skb, untouched as it arrived in
 * PRE_ROUTING.  The kernel's ICMP senders rate-limit them.
 */
void xlat_send_time_exceeded6(struct jool_stats *stats, struct sk_buff *skb);
void xlat_send_too_big6(struct jool_stats *stats, struct sk_buff *skb, u32 mtu);
void xlat_send_time_exceeded4(const struct jool_net *jn, struct sk_buff *skb);
void xlat_send_frag_needed4(const struct jool_net *jn, struct sk_buff *skb,
			    u32 mtu);
void xlat_send_param_prob6(struct jool_stats *stats, struct sk_buff *skb,
			   u32 ptr);
void xlat_send_sr_failed4(const struct jool_net *jn, struct sk_buff *skb);
/* Communication Administratively Prohibited, for a filtered packet. */
void xlat_send_filtered4(const struct jool_net *jn, struct sk_buff *skb);
/*
 * Port Unreachable for a stored IPv4 SYN whose time ran out (the SYN
 * store's expiry, state/syn_store.h); process context, bottom halves off.
 */
void xlat_send_port_unreach4(const struct jool_net *jn, struct sk_buff *skb);

#endif /* _JOOL_ICMP_ERR_H */
