/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both unit tests of the allocator (alloc_test.c, block_test.c) set
 * up alike, kept in common.c: the slab shim's failure injection and
 * accounting, UDP pool4 records and their snapshots, occupancy states
 * with their arrays, IPv6 hosts and subscriber prefixes.
 */
#ifndef _ALLOC_CORE_COMMON_H
#define _ALLOC_CORE_COMMON_H

#include <linux/slab.h>	/* the shim's pool4_test_* */

#include "kcore_test.h"

/* A UDP record of mark @m: @a/@len, ports @min-@max. */
#define REC(m, a, len, min, max) {					\
	.mark = (m), .proto = JOOL_PROTO_UDP, .prefix_len = (len),	\
	.addr = (a), .port_min = (min), .port_max = (max),		\
}

/* A snapshot of the first @count (at most 8) records of @recs, or NULL. */
struct pool4_snapshot *build(const struct pool4_record *recs,
			     unsigned int count);

/* An empty @occ with its arrays, as the BIB makes it for pool4. */
int occ_with_arrays(struct taddr_occ *occ);

/* 2001:db8::@n, host @n (@n copied as it is in memory). */
void host_addr(struct in6_addr *a, u32 n);
/* 2001:db8:@n::/64, subscriber @n's prefix (likewise). */
void prefix_of(struct in6_addr *a, u32 n);

#endif /* _ALLOC_CORE_COMMON_H */
