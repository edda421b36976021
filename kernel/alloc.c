// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation of IPv4 transport addresses from pool4, in the spirit of
 * RFC 6056 algorithm 3.
 *
 * A keyed hash of (IPv6 source address, mark) picks a transport address
 * index k0 in the (mark, proto) table, weighting addresses by their port
 * count.  The address at k0 is the host's address: as long as it has free
 * ports, every flow of that host, whatever its protocol, is masked with it
 * when the protocols' tables hold the same addresses (paired pooling,
 * RFC 6888 REQ-2).  The port search starts at a per-host counter, so a
 * host's successive flows take successive ports and usually need a single
 * probe.  Only when the host's address is full do we move on to the next
 * addresses.
 *
 * Each probe is one hash lookup plus an O(log) pool4_table_nth(), so the
 * cost does not depend on the pool's size.  The number of probes is capped
 * by ALLOC_PROBE_CAP: with linear probing from scattered starting points
 * the expected run of used ports stays far below the cap until the pool
 * is more than 95% full, so allocation only gives up when almost every
 * port is taken.  Giving up is counted as exhaustion; existing entries are
 * never evicted.
 */
#include <linux/math64.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/siphash.h>

#include "alloc.h"
#include "stats.h"

#define ALLOC_PROBE_CAP 1024

static siphash_key_t alloc_key;

static const char *const alloc_proto_names[POOL4_PROTO_COUNT] = {
	[POOL4_TCP] = "TCP", [POOL4_UDP] = "UDP", [POOL4_ICMP] = "ICMP",
};

/* The span of @table holding transport address index @k. */
static const struct pool4_span *alloc_span_of(const struct pool4_table *table,
					      u64 k)
{
	u32 lo = 0, hi = table->span_count - 1;

	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if (table->spans[mid].before <= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &table->spans[lo];
}

static u32 alloc_mod(u64 n, u32 d)
{
	return do_div(n, d);
}

/* Tries the ports of one address, from offset @first on. */
static bool alloc_in_addr(const struct pool4_table *table, u64 base,
			  u32 ports, u64 first, u32 *budget,
			  alloc_taken_fn taken, void *arg, u32 *addr, u16 *port)
{
	u32 i;

	for (i = 0; i < ports && *budget; i++, (*budget)--) {
		pool4_table_nth(table, base + alloc_mod(first + i, ports),
				addr, port);
		if (!taken(*addr, *port, arg))
			return true;
	}
	return false;
}

static int alloc_in_table(const struct pool4_table *table, u64 hash,
			  u32 *hint, alloc_taken_fn taken, void *arg,
			  u32 *addr, u16 *port)
{
	const struct pool4_span *span;
	u32 budget = ALLOC_PROBE_CAP;
	u64 k, a, first, tried;

	div64_u64_rem(hash, table->size, &k);
	span = alloc_span_of(table, k);
	a = div_u64(k - span->before, span->ports);
	first = k - span->before - a * span->ports + *hint;

	for (tried = 0; tried < table->samples && budget; tried++) {
		u64 base = span->before + a * span->ports;

		if (alloc_in_addr(table, base, span->ports, first, &budget,
				  taken, arg, addr, port)) {
			(*hint)++;
			return 0;
		}
		/* The host's address is full: on to the next address. */
		first = 0;
		if (++a > span->addr_last - span->addr_first) {
			a = 0;
			span++;
			if (span == table->spans + table->span_count)
				span = table->spans;
		}
	}
	return -ENOSPC;
}

int alloc_taddr(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, u32 *hints,
		alloc_taken_fn taken, void *arg, u32 *addr, u16 *port)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	struct {
		struct in6_addr addr;
		u32 mark;
	} host;
	u64 hash;
	int err;

	if (!table || !table->size) {
		jool_stat_inc(JSTAT_NO_POOL4);
		return -ENXIO;
	}
	host.addr = *src6;
	host.mark = mark;
	hash = siphash(&host, sizeof(host), &alloc_key);
	err = alloc_in_table(table, hash, &hints[hash % ALLOC_HINTS], taken,
			     arg, addr, port);
	if (err) {
		jool_stat_exhausted(mark, proto);
		pr_warn_ratelimited("jool: pool4 exhausted for mark %u, protocol %s\n",
				    mark, alloc_proto_names[proto]);
	}
	return err;
}

static bool alloc_table_has_addr(const struct pool4_table *table, u32 addr)
{
	u32 lo = 0, hi = table->span_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct pool4_span *span = &table->spans[mid];

		if (addr < span->addr_first)
			hi = mid;
		else if (addr > span->addr_last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool alloc_pool4_has_addr(const struct pool4_snapshot *snap, u32 addr)
{
	u32 i;

	for (i = 0; i < snap->table_count; i++)
		if (alloc_table_has_addr(&snap->tables[i], addr))
			return true;
	return false;
}

void alloc_init(void)
{
	get_random_bytes(&alloc_key, sizeof(alloc_key));
}
