/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv4 SYN store of RFC 6146 section 3.5.2.2: an IPv4 SYN that may
 * not open a session (no BIB entry for its destination, or address-
 * dependent filtering refuses its source) is kept for TCP_INCOMING_SYN
 * (six seconds, core/session_state.h) in case the IPv6 node is opening
 * the same connection at the same time (a simultaneous open, which peers
 * behind NATs use to reach each other).  If the IPv6 node's SYN to that
 * IPv4 transport address comes in time, the stored SYN has served its
 * purpose and is discarded: the IPv6 SYN goes through, the IPv4 node
 * answers it as TCP's simultaneous open says.  Otherwise its sender gets
 * an ICMP Port Unreachable quoting it.
 *
 * One store per namespace's translator, in its struct jool_net, allocated
 * when the translator starts and freed when it stops (after the hooks,
 * the only writers besides the expiry work, are gone).  What is kept is a
 * private copy of the SYN's first bytes (at most what an ICMP error
 * quotes), holding no device, route, socket or conntrack reference, so
 * that it never delays the teardown of anything else.  The operator's
 * maximum-simultaneous-opens bounds how many it holds; each costs about
 * 1 KiB.
 *
 * Locking: one spinlock (spin_lock_bh: both packet directions write, on
 * any CPU).  Entries expire in the order they came in, all with the same
 * lifetime, so one delayed work armed for the oldest serves them all; it
 * sends the errors outside the lock.
 */
#ifndef _JOOL_STATE_SYN_STORE_H
#define _JOOL_STATE_SYN_STORE_H

#include <linux/skbuff.h>

#include "state/bib.h"
#include "state/netns.h"

struct syn_store;

/* Given a stored SYN whose time ran out; must not free it. */
typedef void (*syn_store_expire_fn)(const struct jool_net *jn,
				    struct sk_buff *skb);

/* GFP_KERNEL; NULL when out of memory. */
struct syn_store *syn_store_alloc(const struct jool_net *jn,
				  syn_store_expire_fn expire);

/*
 * Cancels the expiry work and frees every stored SYN without a word to
 * its sender; NULL is fine.  Nothing else may use @ss any more.
 */
void syn_store_free(struct syn_store *ss);

/*
 * Keeps a copy of @skb, an IPv4 SYN in PRE_ROUTING whose @f (proto TCP,
 * addr4, port4, raddr4, rport4) is filled, if the store holds fewer than
 * @max.  Returns 0, -ENOSPC (full), -EEXIST (a SYN of the same four
 * addresses and ports is kept already: a retransmission), -ENOMEM.
 */
int syn_store_add(struct syn_store *ss, const struct sk_buff *skb,
		  const struct bib_flow *f, u32 max);

/*
 * An IPv6 SYN whose session is @f (addr4, port4: its BIB entry's; raddr4,
 * rport4: its destination): discards the stored SYN that came from that
 * destination to that BIB entry.  True if there was one.
 */
bool syn_store_take(struct syn_store *ss, const struct bib_flow *f);

/* SYNs held now; 0 for NULL. */
unsigned int syn_store_count(const struct syn_store *ss);

#endif /* _JOOL_STATE_SYN_STORE_H */
