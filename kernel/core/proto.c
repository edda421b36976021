// SPDX-License-Identifier: GPL-2.0
/*
 * Names and IANA numbers of enum jool_proto: the only table of them in the
 * module.
 */
#include <linux/in.h>
#include <linux/in6.h>

#include "core/proto.h"

static const char *const jool_proto_names[JOOL_PROTO_COUNT] = {
	[JOOL_PROTO_TCP]	= "tcp",
	[JOOL_PROTO_UDP]	= "udp",
	[JOOL_PROTO_ICMP]	= "icmp",
};

const char *jool_proto_name(u8 proto)
{
	return proto < JOOL_PROTO_COUNT ? jool_proto_names[proto] : "?";
}

int jool_proto_of(u8 ipproto)
{
	switch (ipproto) {
	case IPPROTO_TCP:
		return JOOL_PROTO_TCP;
	case IPPROTO_UDP:
		return JOOL_PROTO_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return JOOL_PROTO_ICMP;
	}
	return -1;
}

static u8 jool_proto_ip(u8 proto, u8 icmp)
{
	switch (proto) {
	case JOOL_PROTO_TCP:
		return IPPROTO_TCP;
	case JOOL_PROTO_UDP:
		return IPPROTO_UDP;
	}
	return icmp;
}

u8 jool_proto_ip4(u8 proto)
{
	return jool_proto_ip(proto, IPPROTO_ICMP);
}

u8 jool_proto_ip6(u8 proto)
{
	return jool_proto_ip(proto, IPPROTO_ICMPV6);
}
