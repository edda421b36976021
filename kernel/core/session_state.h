/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP session state machine of RFC 6146 section 3.5.2, and the
 * lifetime each session state grants.  The lifetimes are the operator's
 * (state/settings.h): they come in as plain values.
 */
#ifndef _JOOL_CORE_SESSION_STATE_H
#define _JOOL_CORE_SESSION_STATE_H

#include <linux/jiffies.h>
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

/*
 * A session keeps the time of its last packet in 16 bits (state/bib.h): a
 * count of SESSION_TICK jiffies, two seconds, the period of the sweep
 * that expires sessions, so expiry loses nothing to it.  The count wraps
 * after 36 hours, which no session's age reaches: it lives a day at most
 * past its last packet (config/global_attr.c), and the sweep sees it at
 * least once every 2 h 16 min.  session_tick() is the count at jiffies
 * @now; session_tick_end() the jiffies at which tick @seen ended, seen
 * from @now, at most 2^16 - 1 ticks later.  Lifetimes count from there:
 * a session never goes early, and at most a tick late.
 */
#define SESSION_TICK	(2 * HZ)

static inline u16 session_tick(unsigned long now)
{
	return now / SESSION_TICK;
}

unsigned long session_tick_end(u16 seen, unsigned long now);

/*
 * RFC 6146 section 3.5.2.2 lets the NAT64 keep an IPv4 SYN that may not
 * open a session for at least six seconds (TCP_INCOMING_SYN, section 4),
 * waiting for the IPv6 side's SYN of a simultaneous open.
 */
#define SYN4_LIFETIME_SECS	6

/**
 * struct syn4_ctx - an IPv4 TCP packet that found no session
 * @syn:	it has SYN set
 * @drop_ext_tcp: the operator refuses externally initiated TCP
 * @has_bib:	its destination has a BIB entry
 * @filtered:	address-dependent filtering refuses its source
 * @stored:	SYNs the store holds now
 * @max:	SYNs it may hold (maximum-simultaneous-opens; 0: no store)
 */
struct syn4_ctx {
	bool syn;
	bool drop_ext_tcp;
	bool has_bib;
	bool filtered;
	u32 stored;
	u32 max;
};

enum syn4_fate {
	SYN4_OPEN,	/* translate it: a new V4_INIT session */
	SYN4_STORE,	/* keep it for a simultaneous open */
	SYN4_FULL,	/* it would be kept, but the store is full: drop */
	SYN4_REFUSE,	/* not the store's: refused as without one */
};

enum syn4_fate syn4_fate(const struct syn4_ctx *c);

const char *session_state_name(u8 state);

#endif /* _JOOL_CORE_SESSION_STATE_H */
