/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP session state machine of RFC 6146 section 3.5.2, and the
 * lifetime each session state grants.
 */
#ifndef _JOOL_CORE_SESSION_STATE_H
#define _JOOL_CORE_SESSION_STATE_H

#include <linux/tcp.h>
#include <linux/types.h>

enum session_state {
	SESSION_V6_INIT,	/* SYN seen from IPv6 only */
	SESSION_V4_INIT,	/* SYN seen from IPv4 only */
	SESSION_ESTABLISHED,
	SESSION_V6_FIN,		/* FIN seen from IPv6 */
	SESSION_V4_FIN,		/* FIN seen from IPv4 */
	SESSION_V6_V4_FIN,	/* FIN seen from both sides */
	SESSION_TRANS,		/* RST seen: about to close */
	SESSION_OPEN,		/* UDP and ICMP: no state */
};

/*
 * The state after @th went through a session in state @state, from the
 * IPv6 side if @from6; *@refresh: whether the packet restarts the
 * session's lifetime (RFC 6146 section 3.5.2.2 says which do).
 */
u8 session_state_next(u8 state, const struct tcphdr *th, bool from6,
		      bool *refresh);

/* How long a session in @state lives without traffic, in jiffies. */
unsigned long session_lifetime(u8 proto, u8 state);

const char *session_state_name(u8 state);

#endif /* _JOOL_CORE_SESSION_STATE_H */
