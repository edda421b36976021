// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2, simplified where it allows: the translator does
 * not keep unsolicited IPv4 SYNs for six seconds (no store of
 * simultaneous opens yet), so V4_INIT only arises when a BIB entry already
 * exists.  The timeouts are the caller's (the operator's settings).
 */
#include <linux/jiffies.h>

#include "core/proto.h"
#include "core/session_state.h"

static u8 session_state_fin(u8 state, bool from6)
{
	if (state == SESSION_ESTABLISHED)
		return from6 ? SESSION_V6_FIN : SESSION_V4_FIN;
	if ((state == SESSION_V6_FIN && !from6) ||
	    (state == SESSION_V4_FIN && from6))
		return SESSION_V6_V4_FIN;
	return state;
}

u8 session_state_next(u8 state, const struct tcphdr *th, bool from6)
{
	switch (state) {
	case SESSION_V6_INIT:
		return (th->syn && !from6) ? SESSION_ESTABLISHED : state;
	case SESSION_V4_INIT:
		return (th->syn && from6) ? SESSION_ESTABLISHED : state;
	case SESSION_TRANS:
		return th->rst ? state : SESSION_ESTABLISHED;
	case SESSION_V6_V4_FIN:
		return state;
	}
	if (th->rst)
		return SESSION_TRANS;
	if (th->fin)
		return session_state_fin(state, from6);
	return state;
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
