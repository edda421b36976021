/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the IPv4 transport address of a new BIB entry from pool4, and
 * the occupancy state that makes the choice cheap (see taddr_alloc.c).
 */
#ifndef _JOOL_CORE_TADDR_ALLOC_H
#define _JOOL_CORE_TADDR_ALLOC_H

#include <linux/in6.h>
#include <linux/types.h>

#include "core/pool4.h"

/* Per-host "next port" counters, one array per protocol (RFC 6056 alg. 3). */
#define TADDR_HINTS 256

struct taddr_addr;
struct taddr_sum;

/**
 * struct taddr_occ - which IPv4 transport addresses one protocol uses
 * @addrs:	hash of struct taddr_addr (port bitmap) by IPv4 address
 * @sums:	hash of struct taddr_sum ("full address" summary) nodes
 * @hints:	per-host port counters
 * @releases:	transport addresses released so far
 * @dry_gen:	the generation of a snapshot (never 0) whose table ...
 * @dry_mark:	... of this mark was found exhausted ...
 * @dry_releases: ... when @releases had this value
 *
 * Keyed by IPv4 address, never by pool4 index, so that it survives pool4
 * snapshots.  The IPv4 side of the BIB is unique per protocol across
 * marks, hence one per protocol.  The caller serialises every access (the
 * BIB table lock).
 */
struct taddr_occ {
	struct taddr_addr **addrs;
	struct taddr_sum **sums;
	u32 hints[TADDR_HINTS];
	u64 releases;
	u64 dry_gen;
	u32 dry_mark;
	u64 dry_releases;
};

/* GFP_KERNEL; 0 or -ENOMEM. */
int taddr_occ_init(struct taddr_occ *occ);
/* Frees the state, whatever is still marked used. */
void taddr_occ_free(struct taddr_occ *occ);

/**
 * taddr_alloc() - pick and reserve a free transport address for a new BIB
 * entry
 * @snap:	the current pool4 snapshot (caller holds RCU)
 * @proto:	enum jool_proto
 * @mark:	the packet's mark: only this mark's records are used
 * @src6:	the IPv6 source address (the host to mask)
 * @occ:	the protocol's occupancy state, serialised by the caller
 * @addr:	the result, host byte order
 * @port:	the result
 *
 * On success the transport address is marked used in @occ; give it back
 * with taddr_release() when the BIB entry goes.
 *
 * Return: 0, -ENXIO when the mark has no table for @proto, -ENOSPC when
 * the table has no free transport address (or none was found within
 * TADDR_SCAN_CAP scans, see taddr_alloc.c), -ENOMEM when the occupancy
 * state could not grow (GFP_ATOMIC).  Counting is the caller's.
 */
int taddr_alloc(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, struct taddr_occ *occ,
		u32 *addr, u16 *port);

/*
 * Marks @addr#@port (host order) used outside taddr_alloc(): a static BIB
 * entry's.  0, -EEXIST (already used) or -ENOMEM.  The "full address"
 * summary is left behind (taddr_alloc() copes, see taddr_alloc.c).
 */
int taddr_reserve(struct taddr_occ *occ, u32 addr, u16 port);

/* Marks @addr#@port (host order) free again. */
void taddr_release(struct taddr_occ *occ, u32 addr, u16 port);

void taddr_init(void);

#endif /* _JOOL_CORE_TADDR_ALLOC_H */
