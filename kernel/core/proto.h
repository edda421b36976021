/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer 4 protocols the translator handles, as the whole module names
 * them: pool4 records, BIB tables, sessions, counters and listings.  ICMP
 * stands for ICMPv4 and ICMPv6 alike (echo identifiers play the ports).
 */
#ifndef _JOOL_CORE_PROTO_H
#define _JOOL_CORE_PROTO_H

#include <linux/types.h>

/* Values are the ABI's order (the tool's, the listings'), not IANA's. */
enum jool_proto {
	JOOL_PROTO_TCP,
	JOOL_PROTO_UDP,
	JOOL_PROTO_ICMP,
	JOOL_PROTO_COUNT,
};

/* "tcp", "udp", "icmp": the proto attribute, the listings, the counters. */
const char *jool_proto_name(u8 proto);

/* The enum jool_proto of IANA protocol @ipproto (ICMP or ICMPv6), or -1. */
int jool_proto_of(u8 ipproto);

/* IANA numbers of @proto in an IPv4 and in an IPv6 header. */
u8 jool_proto_ip4(u8 proto);
u8 jool_proto_ip6(u8 proto);

#endif /* _JOOL_CORE_PROTO_H */
