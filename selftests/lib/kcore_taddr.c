// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator's test-only question (kcore_test.h): it reads the private
 * occupancy state of kernel/core/taddr_occ.h, so it is compiled here, into
 * the tests and benchmarks beside the allocator's own files, and never
 * into jool.ko.
 */
#include "core/taddr_occ.h"
#include "kcore_test.h"

bool taddr_is_used(const struct taddr_occ *occ, u32 addr, u16 port)
{
	const struct taddr_addr *st;
	const u64 *bits;

	if (!taddr_occ_ready(occ))
		return false;
	st = taddr_addr_find(occ, addr);
	if (!st)
		return false;
	bits = st->chunk[port / TADDR_CHUNK_PORTS];
	port %= TADDR_CHUNK_PORTS;
	return bits && (bits[port / 64] >> (port % 64) & 1);
}
