/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the userspace unit tests and benchmarks of kernel/core/ need on
 * top of the module's own API: questions only a test asks, compiled only
 * into the tests (kcore_pool4.c, kcore_taddr.c), never into jool.ko.
 */
#ifndef _JOOL_KCORE_TEST_H
#define _JOOL_KCORE_TEST_H

#include "core/pool4.h"
#include "core/taddr_alloc.h"

/* Is @addr#@port (host byte order) in the pool of (@mark, @proto)? */
bool pool4_contains(const struct pool4_snapshot *snap, u32 mark, u8 proto,
		    u32 addr, u16 port);

/* The @k-th transport address of @table (see pool4_span_at()). */
void pool4_table_nth(const struct pool4_table *table, u64 k,
		     u32 *addr, u16 *port);

/* Inverse of pool4_table_nth(): false when not in @table. */
bool pool4_table_index(const struct pool4_table *table, u32 addr, u16 port,
		       u64 *k);

/* Is @addr#@port (host order) marked used? */
bool taddr_is_used(const struct taddr_occ *occ, u32 addr, u16 port);

#endif /* _JOOL_KCORE_TEST_H */
