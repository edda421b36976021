/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP session state machine of RFC 6146 section 3.5.2, and the
 * lifetime each session state grants.  The lifetimes are the operator's
 * (state/settings.h): they come in as plain values.
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
 * RFC 6146 section 4: its defaults, and the minimums below which a
 * lifetime breaks its requirements (ICMP has a default only).  Seconds.
 */
#define SESSION_UDP_DEFAULT		(5 * 60)
#define SESSION_UDP_MIN			(2 * 60)
#define SESSION_TCP_EST_DEFAULT		(2 * 60 * 60 + 4 * 60)
#define SESSION_TCP_EST_MIN		SESSION_TCP_EST_DEFAULT
#define SESSION_TCP_TRANS_DEFAULT	(4 * 60)
#define SESSION_TCP_TRANS_MIN		SESSION_TCP_TRANS_DEFAULT
#define SESSION_ICMP_DEFAULT		60

/* How long an idle session of each kind lives, in seconds. */
struct session_timeouts {
	u32 udp;
	u32 tcp_est;
	u32 tcp_trans;
	u32 icmp;
};

/*
 * The state after @th went through a session in state @state, from the
 * IPv6 side if @from6; *@refresh: whether the packet restarts the
 * session's lifetime (RFC 6146 section 3.5.2.2 says which do).
 */
u8 session_state_next(u8 state, const struct tcphdr *th, bool from6,
		      bool *refresh);

/* How long a session in @state lives without traffic, in jiffies. */
unsigned long session_lifetime(u8 proto, u8 state,
			       const struct session_timeouts *to);

const char *session_state_name(u8 state);

#endif /* _JOOL_CORE_SESSION_STATE_H */
