/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool4 core: the IPv4 transport address pool of the NAT64 translator.
 *
 * The user configures *records* (mark, protocol, prefix, port range).  The
 * data path never looks at records: it reads a *snapshot*, an immutable,
 * normalised view of the union of the enabled records, built by
 * pool4_snapshot_build().  A snapshot holds one *table* per (mark, proto)
 * that has at least one transport address.  A table is a sorted array of
 * *spans*: runs of consecutive IPv4 addresses that share the same set of
 * disjoint port ranges.  Overlapping and touching records are merged, so
 * memory grows with the number of records and distinct ranges, never with
 * the number of addresses a prefix covers (a /16 is one span).
 *
 * Like all of core/, this file, pool4.c and pool4_lookup.c are plain C on
 * top of a handful of kernel helpers (kmalloc, kvmalloc, sort); they must
 * not include configfs, netfilter or RCU headers, so that
 * selftests/pool4-core builds the same source in userspace.  Nothing here
 * locks: the caller serialises builds (config/pool4_set.c holds
 * pool4_mutex) and publishes snapshots with RCU (state/pool4_pub.c).
 */
#ifndef _JOOL_POOL4_H
#define _JOOL_POOL4_H

#include <linux/types.h>

#include "core/proto.h"

#define POOL4_DEFAULT_PORT_MIN 61001
#define POOL4_DEFAULT_PORT_MAX 65535

/**
 * struct pool4_record - one pool4 record as configured through configfs
 * @mark:	packets whose skb->mark equals this are masked with this record
 * @proto:	enum jool_proto
 * @prefix_len:	0..32
 * @addr:	first address of the prefix, host byte order, host bits zero
 * @port_min:	first port (or ICMP identifier), inclusive
 * @port_max:	last port (or ICMP identifier), inclusive, >= @port_min
 *
 * Each field is one configfs attribute of the record's directory
 * (mark, proto, prefix, ports); "enabled" and "quick" belong to the glue.
 */
struct pool4_record {
	u32 mark;
	u8 proto;
	u8 prefix_len;
	u32 addr;
	u16 port_min;
	u16 port_max;
};

/**
 * pool4_record_validate() - check a record as a whole before enabling it
 *
 * Return: 0, -EINVAL (bad proto, prefix length, host bits set) or -ERANGE
 * (empty port range; port 0 for TCP/UDP).
 */
int pool4_record_validate(const struct pool4_record *rec);

/* Last address covered by @rec's prefix, host byte order. */
u32 pool4_record_last_addr(const struct pool4_record *rec);

/**
 * struct pool4_port_range - disjoint, non-touching port interval of a span
 * @min:	first port
 * @max:	last port
 * @before:	number of ports of the span's earlier ranges (for k-th lookup)
 */
struct pool4_port_range {
	u16 min;
	u16 max;
	u32 before;
};

/**
 * struct pool4_span - consecutive addresses sharing one set of port ranges
 * @addr_first:	first address, host byte order
 * @addr_last:	last address, inclusive
 * @range_first: index of the span's first range in the table's @ranges
 * @range_count: number of ranges, sorted, disjoint and not touching
 * @ports:	ports per address (sum of the ranges' sizes)
 * @before:	transport addresses in the table's earlier spans
 */
struct pool4_span {
	u32 addr_first;
	u32 addr_last;
	u32 range_first;
	u32 range_count;
	u32 ports;
	u64 before;
};

/**
 * struct pool4_table - the normalised pool of one (mark, proto)
 * @mark:	the mark
 * @proto:	enum jool_proto
 * @span_count:	number of spans, sorted by address, disjoint
 * @spans:	the spans
 * @ranges:	port ranges of all spans
 * @size:	number of transport addresses in the table
 * @samples:	number of addresses in the table
 */
struct pool4_table {
	u32 mark;
	u8 proto;
	u32 span_count;
	const struct pool4_span *spans;
	const struct pool4_port_range *ranges;
	u64 size;
	u64 samples;
};

/**
 * struct pool4_snapshot - immutable normalised pool, published with RCU
 * @rcu:	for the glue's kfree_rcu-style release (struct from linux/types.h)
 * @gen:	generation: a number no other snapshot since boot had, so
 *		that state about a snapshot can name it after it is freed
 *		(its address may be reused); never 0
 * @table_count: number of tables, sorted by (mark, proto)
 * @tables:	the tables
 * @addr_min:	the lowest address of any table (U32_MAX when empty) ...
 * @addr_max:	... and the highest (0 when empty): most packets a
 *		translator sees are addressed outside them, and
 *		pool4_has_addr() answers those without a search
 *
 * All memory of a snapshot is owned by it and released by
 * pool4_snapshot_free().
 */
struct pool4_snapshot {
	struct rcu_head rcu;
	u64 gen;
	u32 table_count;
	struct pool4_table *tables;
	u32 addr_min;
	u32 addr_max;
};

/**
 * pool4_snapshot_build() - normalise the union of @count records
 * @records:	the enabled records, in any order; each must validate
 * @count:	number of records (may be 0: an empty snapshot)
 *
 * May sleep (GFP_KERNEL).  Does not keep pointers to @records.
 * Return: a new snapshot, or NULL when memory ran out.
 */
struct pool4_snapshot *pool4_snapshot_build(const struct pool4_record *const *records,
					    unsigned int count);

/* Releases @snap and everything it owns; NULL is fine. */
void pool4_snapshot_free(struct pool4_snapshot *snap);

/* The table of (@mark, @proto), or NULL when it has no transport address. */
const struct pool4_table *pool4_table_find(const struct pool4_snapshot *snap,
					   u32 mark, u8 proto);

/* The protocols that have a table in @snap, of any mark: bit 1U << proto. */
unsigned int pool4_snapshot_protos(const struct pool4_snapshot *snap);

/* Is @addr#@port in @table?  O(log spans + log ranges). */
bool pool4_table_contains(const struct pool4_table *table, u32 addr, u16 port);

/*
 * Lookups for IPv4 packets, which carry no mark: is @addr (with any port,
 * for any protocol) or @addr#@port of @proto in the pool under any mark?
 * O(tables x log spans).
 */
bool pool4_has_addr(const struct pool4_snapshot *snap, u32 addr);
bool pool4_contains_any_mark(const struct pool4_snapshot *snap, u8 proto,
			     u32 addr, u16 port);

/*
 * Transport addresses of a table are ordered by address, then port, and
 * numbered from 0 to @table->size - 1 (the allocator draws from them).
 * The index of the span holding the @k-th one; @k < @table->size.
 * O(log spans).
 */
u32 pool4_span_at(const struct pool4_table *table, u64 k);

/* The span of @table that contains @addr, or NULL.  O(log spans). */
const struct pool4_span *pool4_span_find(const struct pool4_table *table,
					 u32 addr);

/* The range of @span that contains @port, or NULL.  O(log ranges). */
const struct pool4_port_range *pool4_range_find(const struct pool4_table *table,
						const struct pool4_span *span,
						u16 port);

/**
 * struct pool4_count - what `jool/pool4/count` prints
 * @tables:	(mark, proto) pairs with at least one transport address
 * @samples:	distinct (mark, proto, address) triples
 * @taddrs:	distinct (mark, proto, address, port) tuples
 */
struct pool4_count {
	u64 tables;
	u64 samples;
	u64 taddrs;
};

/* O(tables): sums the per-table totals computed at build time. */
void pool4_snapshot_count(const struct pool4_snapshot *snap,
			  struct pool4_count *count);

/**
 * struct pool4_area - a rectangle of transport addresses of one table
 * @mark, @proto: the table
 * @addr_first, @addr_last: inclusive address interval, host byte order
 * @port_min, @port_max: inclusive port interval
 */
struct pool4_area {
	u32 mark;
	u8 proto;
	u32 addr_first;
	u32 addr_last;
	u16 port_min;
	u16 port_max;
};

typedef void (*pool4_area_fn)(const struct pool4_area *area, void *arg);

/**
 * pool4_for_each_uncovered() - what leaves the pool when @leaving goes
 * @leaving:	a record that is being removed (disabled or rmdir'ed)
 * @after:	the snapshot that will be published without it
 * @fn:		called once per maximal rectangle of @leaving's transport
 *		addresses that @after does not contain (same mark and proto)
 * @arg:	passed to @fn
 *
 * The data path uses this to cascade BIB removal.  Allocates nothing, so
 * it cannot fail.  Areas are reported in address, then port order.
 */
void pool4_for_each_uncovered(const struct pool4_record *leaving,
			      const struct pool4_snapshot *after,
			      pool4_area_fn fn, void *arg);

#endif /* _JOOL_POOL4_H */
