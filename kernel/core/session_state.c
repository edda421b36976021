// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2.2, transition by transition, with the lifetime
 * each packet does or does not refresh, and what becomes of an IPv4 SYN
 * that finds no session (syn4_fate()).  A session is only created in
 * V4_INIT when a BIB entry lets the SYN through; the SYNs kept for six
 * seconds wait outside the session table (state/syn_store.h).  The
 * timeouts are the caller's (the operator's settings).
 */
#include <linux/jiffies.h>

#include "core/proto.h"
#include "core/session_state.h"

/*
 * Each state's rules, as RFC 6146 section 3.5.2.2 lists them.  "Refresh"
 * restarts the lifetime that the new state grants (session_lifetime());
 * packets that the section does not name leave both the state and the
 * lifetime alone, so that they cannot keep a half-open or closing session
 * alive.
 */
static u8 step_init(u8 state, const struct tcphdr *th, bool from6,
		    bool *refresh)
{
	bool own = (state == SESSION_V6_INIT) == from6;

	if (!th->syn)
		return state;
	/* The other side's SYN completes the opening. */
	if (!own) {
		*refresh = true;
		return SESSION_ESTABLISHED;
	}
	/* An IPv6 retry restarts TCP_TRANS; an IPv4 one changes nothing. */
	*refresh = from6;
	return state;
}

static u8 step_established(const struct tcphdr *th, bool from6,
			   bool *refresh)
{
	*refresh = true;
	if (th->rst)
		return SESSION_TRANS;
	if (th->fin)
		return from6 ? SESSION_V6_FIN : SESSION_V4_FIN;
	return SESSION_ESTABLISHED;
}

static u8 step_fin(u8 state, const struct tcphdr *th, bool from6,
		   bool *refresh)
{
	*refresh = true;
	if (th->fin && from6 == (state == SESSION_V4_FIN))
		return SESSION_V6_V4_FIN;
	return state;
}

u8 session_state_next(u8 state, const struct tcphdr *th, bool from6,
		      bool *refresh)
{
	*refresh = false;
	switch (state) {
	case SESSION_V6_INIT:
	case SESSION_V4_INIT:
		return step_init(state, th, from6, refresh);
	case SESSION_ESTABLISHED:
		return step_established(th, from6, refresh);
	case SESSION_V6_FIN:
	case SESSION_V4_FIN:
		return step_fin(state, th, from6, refresh);
	case SESSION_TRANS:
		if (th->rst)
			return state;
		*refresh = true;
		return SESSION_ESTABLISHED;
	}
	return state;	/* V6_V4_FIN: nothing but expiry */
}

unsigned long session_lifetime(u8 proto, u8 state,
			       const struct session_timeouts *to)
{
	u32 secs = to->tcp_trans;

	if (proto == JOOL_PROTO_UDP)
		secs = to->udp;
	else if (proto == JOOL_PROTO_ICMP)
		secs = to->icmp;
	else if (state == SESSION_ESTABLISHED || state == SESSION_V6_FIN ||
		 state == SESSION_V4_FIN)
		secs = to->tcp_est;
	return (unsigned long)secs * HZ;
}

unsigned long session_tick_end(u16 seen, unsigned long now)
{
	unsigned long tick = now / SESSION_TICK;
	u16 age = (u16)tick - seen;

	return (tick - age + 1) * SESSION_TICK;
}

/*
 * CLOSED state, V4 SYN: refused outright under drop-externally-initiated-
 * tcp; translated when a BIB entry exists and the filtering lets it
 * through; otherwise (no BIB entry, or address-dependent filtering) kept
 * for TCP_INCOMING_SYN when the operator allows a store and it has room.
 */
enum syn4_fate syn4_fate(const struct syn4_ctx *c)
{
	if (!c->syn || c->drop_ext_tcp)
		return SYN4_REFUSE;
	if (c->has_bib && !c->filtered)
		return SYN4_OPEN;
	if (!c->max)
		return SYN4_REFUSE;
	return c->stored < c->max ? SYN4_STORE : SYN4_FULL;
}

const char *session_state_name(u8 state)
{
	static const char *const names[SESSION_OPEN + 1] = {
		[SESSION_V6_INIT] = "V6_INIT",
		[SESSION_V4_INIT] = "V4_INIT",
		[SESSION_ESTABLISHED] = "ESTABLISHED",
		[SESSION_V6_FIN] = "V6_FIN_RCV",
		[SESSION_V4_FIN] = "V4_FIN_RCV",
		[SESSION_V6_V4_FIN] = "V6_FIN_V4_FIN",
		[SESSION_TRANS] = "TRANS",
		[SESSION_OPEN] = "OPEN",
	};

	return state <= SESSION_OPEN ? names[state] : "?";
}
