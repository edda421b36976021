/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data path counters.  Every packet the translator drops is counted under
 * the reason it was dropped, so that an administrator never needs dmesg to
 * learn why a flow does not work.  Counters are per CPU: the fast path
 * shares no cache line between CPUs.
 */
#ifndef _JOOL_STATE_STATS_H
#define _JOOL_STATE_STATS_H

#include <linux/types.h>

/* Functions that return a drop reason use 0 (never one) for "none". */
enum jool_stat {
	JSTAT_XLAT_6TO4,	/* translated IPv6 -> IPv4 */
	JSTAT_XLAT_4TO6,	/* translated IPv4 -> IPv6 */
	JSTAT_EXT_HEADER,	/* IPv6 extension header or fragment */
	JSTAT_FRAGMENT,		/* IPv4 fragment to a pool4 address */
	JSTAT_UNSUPPORTED,	/* ICMP type or protocol not translated */
	JSTAT_HOP_LIMIT,	/* hop limit or TTL would reach zero */
	JSTAT_MALFORMED,	/* truncated header */
	JSTAT_UDP_ZERO_CSUM,	/* IPv6 UDP without checksum */
	JSTAT_GSO,		/* GSO type we cannot translate */
	JSTAT_TOO_BIG,		/* larger than the outgoing MTU */
	JSTAT_NO_ROUTE,		/* translated packet has no route */
	JSTAT_NOMEM,		/* allocation failed */
	JSTAT_NO_POOL4,		/* no pool4 record for the packet's mark */
	JSTAT_POOL4_EXHAUSTED,	/* every transport address taken */
	JSTAT_TABLE_FULL,	/* BIB or session limit reached */
	JSTAT_NO_BIB,		/* IPv4 packet to pool4 without BIB entry */
	JSTAT_NO_SESSION,	/* TCP packet that may not open a session */
	JSTAT_ICMP_ERR_6TO4,	/* ICMPv6 error translated to ICMPv4 */
	JSTAT_ICMP_ERR_4TO6,	/* ICMPv4 error translated to ICMPv6 */
	JSTAT_ICMP_ERR_UNTRANSLATABLE, /* type/code/pointer: no counterpart */
	JSTAT_ICMP_ERR_INNER,	/* inner packet cut short, nested, ext hdr */
	JSTAT_ICMP_ERR_NO_BIB,	/* inner packet matches no BIB entry */
	JSTAT_SENT_TIME_EXCEEDED, /* our own Time Exceeded, to the sender */
	JSTAT_SENT_TOO_BIG,	/* our own Packet Too Big / Frag. Needed */
	JSTAT_HAIRPIN,		/* IPv6 -> pool4 -> IPv6 (RFC 6146 3.8) */
	JSTAT_ROUTING_HDR,	/* IPv6 Routing header, Segments Left > 0 */
	JSTAT_SOURCE_ROUTE,	/* IPv4 unexpired source route option */
	JSTAT_SENT_PARAM_PROB,	/* our own ICMPv6 Parameter Problem */
	JSTAT_SENT_SR_FAILED,	/* our own ICMPv4 Source Route Failed */
	JSTAT_REASSEMBLED,	/* translated from a reassembled datagram */
	JSTAT_GSO_SEGMENTED,	/* GSO packet segmented before translation */
	JSTAT_FILTERED,		/* address-dependent filtering (settings) */
	JSTAT_EXT_TCP,		/* IPv4 SYN, drop-externally-initiated-tcp */
	JSTAT_ICMP6_INFO,	/* ICMPv6 query, drop-icmpv6-info */
	JSTAT_SYN_STORED,	/* IPv4 SYN kept for a simultaneous open */
	JSTAT_SYN_STORE_FULL,	/* IPv4 SYN: maximum-simultaneous-opens */
	JSTAT_SYN_STORED_DUP,	/* IPv4 SYN retransmitted while stored */
	JSTAT_SIMULTANEOUS_OPEN, /* IPv6 SYN met a stored IPv4 SYN */
	JSTAT_SENT_PORT_UNREACH, /* stored SYN expired: Port Unreachable */
	JSTAT_SUBSCRIBER_LIMIT,	/* maximum-bib-per-subscriber reached */
	JSTAT_SESSION_LIMIT,	/* maximum-sessions-per-bib reached */
	JSTAT_EXPIRED,		/* sessions whose lifetime ran out */
	JSTAT_EXPIRY_CHECKS,	/* sessions the expiry sweep looked at */
	JSTAT_BLOCK_EXHAUSTED,	/* no free port block (port-block-size) */
	JSTAT_COUNT,
};

/* The counters of one namespace's translator. */
struct jool_stats;

/* GFP_KERNEL; NULL when out of memory. */
struct jool_stats *jool_stats_alloc(void);
/* NULL is fine. */
void jool_stats_free(struct jool_stats *stats);

void jool_stat_inc(struct jool_stats *stats, enum jool_stat stat);
void jool_stat_add(struct jool_stats *stats, enum jool_stat stat, u64 n);

/* Counts one exhaustion of the pool4 table of (@mark, @proto). */
void jool_stat_exhausted(struct jool_stats *stats, u32 mark, u8 proto);

/*
 * Writes every counter, "name: value" per line, then the exhaustion
 * counts per (mark, proto), into the page @buf; returns the length.
 */
ssize_t jool_stats_emit(struct jool_stats *stats, char *buf);

#endif /* _JOOL_STATE_STATS_H */
