// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator as the tests build it: kernel/core/taddr_alloc.c itself,
 * plus a test-only question (kcore_test.h) that needs its private
 * occupancy state, so they are compiled here and never into jool.ko.
 * Tests link this file instead of taddr_alloc.c.
 */
#include "core/taddr_alloc.c"
#include "kcore_test.h"

bool taddr_is_used(const struct taddr_occ *occ, u32 addr, u16 port)
{
	const struct taddr_addr *st = taddr_addr_find(occ, addr);
	const u64 *bits;

	if (!st)
		return false;
	bits = st->chunk[port / TADDR_CHUNK_PORTS];
	port %= TADDR_CHUNK_PORTS;
	return bits && (bits[port / 64] >> (port % 64) & 1);
}
