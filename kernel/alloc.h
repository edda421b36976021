/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the IPv4 transport address of a new BIB entry from pool4.
 */
#ifndef _JOOL_ALLOC_H
#define _JOOL_ALLOC_H

#include <linux/in6.h>
#include <linux/types.h>

#include "pool4.h"

/* Is @addr#@port (host order) already used by a BIB entry? */
typedef bool (*alloc_taken_fn)(u32 addr, u16 port, void *arg);

/* Per-host "next port" counters, one array per protocol (RFC 6056 alg. 3). */
#define ALLOC_HINTS 256

/**
 * alloc_taddr() - pick a free transport address for a new BIB entry
 * @snap:	the current pool4 snapshot (caller holds RCU)
 * @proto:	enum pool4_proto
 * @mark:	the packet's mark: only this mark's records are used
 * @src6:	the IPv6 source address (the host to mask)
 * @hints:	ALLOC_HINTS counters, serialised by the caller's lock
 * @taken:	tells whether a candidate is in use
 * @arg:	for @taken
 * @addr:	the result, host byte order
 * @port:	the result
 *
 * Return: 0, -ENXIO when the mark has no table for @proto, or -ENOSPC when
 * no free transport address was found within the probe budget.
 */
int alloc_taddr(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, u32 *hints,
		alloc_taken_fn taken, void *arg, u32 *addr, u16 *port);

/* Does any table of any mark hold @addr (host byte order)? */
bool alloc_pool4_has_addr(const struct pool4_snapshot *snap, u32 addr);

void alloc_init(void);

#endif /* _JOOL_ALLOC_H */
