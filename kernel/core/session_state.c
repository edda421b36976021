// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2, simplified where it allows: the translator does
 * not keep unsolicited IPv4 SYNs for six seconds (address-dependent
 * filtering is not implemented), so V4_INIT only arises when a BIB entry
 * already exists.  Timeouts are RFC 6146's (and NAT64 Jool's) defaults.
 */
#include <linux/jiffies.h>

#include "core/proto.h"
#include "core/session_state.h"

#define UDP_LIFETIME		(5 * 60 * HZ)
#define TCP_EST_LIFETIME	((2 * 60 * 60 + 4 * 60) * HZ)
#define TCP_TRANS_LIFETIME	(4 * 60 * HZ)
#define ICMP_LIFETIME		(60 * HZ)

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

unsigned long session_lifetime(u8 proto, u8 state)
{
	if (proto == JOOL_PROTO_UDP)
		return UDP_LIFETIME;
	if (proto == JOOL_PROTO_ICMP)
		return ICMP_LIFETIME;
	switch (state) {
	case SESSION_ESTABLISHED:
	case SESSION_V6_FIN:
	case SESSION_V4_FIN:
		return TCP_EST_LIFETIME;
	}
	return TCP_TRANS_LIFETIME;
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
