// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only questions about pool4 snapshots (kcore_test.h), answered with
 * the module's own lookups.
 */
#include <linux/math64.h>

#include "kcore_test.h"

bool pool4_contains(const struct pool4_snapshot *snap, u32 mark, u8 proto,
		    u32 addr, u16 port)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);

	return table && pool4_table_contains(table, addr, port);
}

void pool4_table_nth(const struct pool4_table *table, u64 k,
		     u32 *addr, u16 *port)
{
	const struct pool4_span *span = &table->spans[pool4_span_at(table, k)];
	const struct pool4_port_range *ranges;
	u64 offset, addr_index;
	u32 port_index, lo = 0, hi = span->range_count;

	offset = k - span->before;
	addr_index = div64_u64(offset, span->ports);
	port_index = (u32)(offset - addr_index * span->ports);

	/* Last range whose @before is <= port_index. */
	ranges = table->ranges + span->range_first;
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (ranges[mid].before <= port_index)
			lo = mid;
		else
			hi = mid;
	}
	*addr = span->addr_first + (u32)addr_index;
	*port = ranges[lo].min + (u16)(port_index - ranges[lo].before);
}

bool pool4_table_index(const struct pool4_table *table, u32 addr, u16 port,
		       u64 *k)
{
	const struct pool4_span *span = pool4_span_find(table, addr);
	const struct pool4_port_range *range;

	if (!span)
		return false;
	range = pool4_range_find(table, span, port);
	if (!range)
		return false;
	*k = span->before + (u64)(addr - span->addr_first) * span->ports +
	     range->before + (port - range->min);
	return true;
}
