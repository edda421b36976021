// SPDX-License-Identifier: GPL-2.0
/*
 * pool4 core: record validation and normalisation into snapshots.
 * Reading snapshots is pool4_lookup.c's concern.
 *
 * Normalisation works per (mark, proto) group of records.  The first and
 * last+1 addresses of the group's records cut the address space into
 * elementary intervals; a record covers an elementary interval entirely or
 * not at all, so one set of port ranges describes each interval.
 * Consecutive intervals with equal sets are fused into one span.  The work
 * is O(records) per interval, so O(records^2) per group, and the memory is
 * proportional to spans and ranges, never to addresses.
 *
 * A build runs the same walk twice: once to count spans and ranges, once to
 * fill a single allocation of exactly that size.  The snapshot, its tables,
 * spans and ranges all live in that one block, so a snapshot is released by
 * one kvfree() and a failed build has nothing half-built to undo.
 */

#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "pool4.h"

/* Host part of a /@prefix_len; u64 because shifting a u32 by 32 is UB. */
static u32 pool4_host_mask(u8 prefix_len)
{
	return (u32)((1ULL << (32 - prefix_len)) - 1);
}

int pool4_record_validate(const struct pool4_record *rec)
{
	if (rec->proto >= POOL4_PROTO_COUNT || rec->prefix_len > 32)
		return -EINVAL;
	if (rec->addr & pool4_host_mask(rec->prefix_len))
		return -EINVAL;
	if (rec->port_min > rec->port_max)
		return -ERANGE;
	/* Port 0 is not a transport address for TCP/UDP; ICMP id 0 is. */
	if (rec->proto != POOL4_ICMP && rec->port_min == 0)
		return -ERANGE;
	return 0;
}

u32 pool4_record_last_addr(const struct pool4_record *rec)
{
	return rec->addr | pool4_host_mask(rec->prefix_len);
}

/*
 * Build
 * =====
 */

/* Scratch state and output cursor of one pool4_snapshot_build(). */
struct pool4_builder {
	/* Records sorted by (mark, proto, port_min), see rec_cmp(). */
	const struct pool4_record **recs;
	/* Breakpoints of the current group; u64 because last+1 may be 2^32. */
	u64 *bps;
	/* Merged ranges of the current and of the previous interval. */
	struct pool4_port_range *scratch;
	struct pool4_port_range *cur;
	struct pool4_port_range *prev;
	/* Output; NULL while counting. */
	struct pool4_table *tables;
	struct pool4_span *spans;
	struct pool4_port_range *ranges;
	/* Number of tables, spans and ranges emitted so far. */
	size_t table_count;
	size_t span_count;
	size_t range_count;
};

static int cmp_u32(u32 a, u32 b)
{
	return (a > b) - (a < b);
}

/* Groups records by table; port order within a group lets ranges merge in one pass. */
static int rec_cmp(const void *a, const void *b)
{
	const struct pool4_record *r1 = *(const struct pool4_record * const *)a;
	const struct pool4_record *r2 = *(const struct pool4_record * const *)b;

	if (r1->mark != r2->mark)
		return cmp_u32(r1->mark, r2->mark);
	if (r1->proto != r2->proto)
		return cmp_u32(r1->proto, r2->proto);
	return cmp_u32(r1->port_min, r2->port_min);
}

static int u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a;
	u64 y = *(const u64 *)b;

	return (x > y) - (x < y);
}

static bool same_table(const struct pool4_record *a, const struct pool4_record *b)
{
	return a->mark == b->mark && a->proto == b->proto;
}

/* Sorted, unique first and last+1 addresses of @n records; returns how many. */
static unsigned int collect_breakpoints(const struct pool4_record **recs,
					unsigned int n, u64 *bps)
{
	unsigned int i, unique;

	for (i = 0; i < n; i++) {
		bps[2 * i] = recs[i]->addr;
		bps[2 * i + 1] = (u64)pool4_record_last_addr(recs[i]) + 1;
	}
	sort(bps, 2 * (size_t)n, sizeof(*bps), u64_cmp, NULL);

	unique = 1;
	for (i = 1; i < 2 * n; i++)
		if (bps[i] != bps[unique - 1])
			bps[unique++] = bps[i];
	return unique;
}

/*
 * Union of the port ranges of the records (sorted by port_min) that cover
 * @addr, merging overlapping and touching ranges.  Returns the range count.
 */
static u32 interval_ranges(const struct pool4_record **recs, unsigned int n,
			   u32 addr, struct pool4_port_range *out)
{
	u32 count = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct pool4_record *rec = recs[i];

		if (rec->addr > addr || pool4_record_last_addr(rec) < addr)
			continue;
		if (count && rec->port_min <= (u32)out[count - 1].max + 1) {
			out[count - 1].max = max(out[count - 1].max, rec->port_max);
			continue;
		}
		out[count].min = rec->port_min;
		out[count].max = rec->port_max;
		count++;
	}
	return count;
}

static bool ranges_equal(const struct pool4_port_range *a,
			 const struct pool4_port_range *b, u32 count)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (a[i].min != b[i].min || a[i].max != b[i].max)
			return false;
	return true;
}

/* Fills the @before fields of @count ranges; returns the ports they hold. */
static u32 ranges_number(struct pool4_port_range *ranges, u32 count)
{
	u32 ports = 0;
	u32 i;

	for (i = 0; i < count; i++) {
		ranges[i].before = ports;
		ports += (u32)ranges[i].max - ranges[i].min + 1;
	}
	return ports;
}

/* Accounts for the addresses of [@first, @last] in @table's totals. */
static void table_grow(struct pool4_table *table, u32 first, u32 last,
		       u32 ports)
{
	u64 addrs = (u64)last - first + 1;

	table->samples += addrs;
	table->size += addrs * ports;
}

/* Appends a span of @b->cur's @count ranges; only counts while counting. */
static void span_append(struct pool4_builder *b, struct pool4_table *table,
			u32 first, u32 last, u32 count)
{
	struct pool4_span *span;
	u32 ports = ranges_number(b->cur, count);

	if (table) {
		span = &b->spans[b->span_count];
		span->addr_first = first;
		span->addr_last = last;
		span->range_first = (u32)(b->ranges + b->range_count - table->ranges);
		span->range_count = count;
		span->ports = ports;
		span->before = table->size;
		memcpy(&b->ranges[b->range_count], b->cur, count * sizeof(*b->cur));
		table->span_count++;
		table_grow(table, first, last, ports);
	}
	b->span_count++;
	b->range_count += count;
}

/* Makes the last span, whose ranges equal @b->cur's, reach @last. */
static void span_extend(struct pool4_builder *b, struct pool4_table *table,
			u32 first, u32 last)
{
	struct pool4_span *span;

	if (!table)
		return;
	span = &b->spans[b->span_count - 1];
	span->addr_last = last;
	table_grow(table, first, last, span->ports);
}

/*
 * Normalises the @n records of one (mark, proto) into spans.  @table is
 * NULL while counting; otherwise it is filled (spans, totals).
 */
static void build_table(struct pool4_builder *b,
			const struct pool4_record **recs, unsigned int n,
			struct pool4_table *table)
{
	unsigned int nbps = collect_breakpoints(recs, n, b->bps);
	u32 prev_count = 0; /* 0: the previous interval is empty. */
	unsigned int i;

	for (i = 0; i + 1 < nbps; i++) {
		u32 first = (u32)b->bps[i];
		u32 last = (u32)(b->bps[i + 1] - 1);
		u32 count = interval_ranges(recs, n, first, b->cur);

		/* count == 0: a hole between records. */
		if (count && count == prev_count &&
		    ranges_equal(b->cur, b->prev, count))
			span_extend(b, table, first, last);
		else if (count)
			span_append(b, table, first, last, count);
		swap(b->cur, b->prev);
		prev_count = count;
		/* Thousands of records make this loop long; we may sleep. */
		cond_resched();
	}
}

/* Runs build_table() on every group; counts only when @b->tables is NULL. */
static void build_all(struct pool4_builder *b, unsigned int count)
{
	struct pool4_table *table = NULL;
	unsigned int i, n;

	b->table_count = 0;
	b->span_count = 0;
	b->range_count = 0;
	for (i = 0; i < count; i += n) {
		for (n = 1; i + n < count; n++)
			if (!same_table(b->recs[i], b->recs[i + n]))
				break;
		if (b->tables) {
			table = &b->tables[b->table_count];
			table->mark = b->recs[i]->mark;
			table->proto = b->recs[i]->proto;
			table->spans = b->spans + b->span_count;
			table->ranges = b->ranges + b->range_count;
		}
		build_table(b, &b->recs[i], n, table);
		b->table_count++;
	}
}

/*
 * One zeroed block: the snapshot, then tables, spans and ranges.  Each part
 * is an array of structs aligned no less strictly than the next part's, so
 * every part starts aligned.
 */
static struct pool4_snapshot *snapshot_alloc(struct pool4_builder *b)
{
	struct pool4_snapshot *snap;
	size_t size;

	/* range_first and span_count are u32. */
	if (b->range_count > U32_MAX || b->span_count > U32_MAX)
		return NULL;

	size = sizeof(*snap);
	size = size_add(size, size_mul(b->table_count, sizeof(*b->tables)));
	size = size_add(size, size_mul(b->span_count, sizeof(*b->spans)));
	size = size_add(size, size_mul(b->range_count, sizeof(*b->ranges)));
	/* Saturated sizes fail quietly: -ENOMEM is the user's answer. */
	snap = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!snap)
		return NULL;

	b->tables = (struct pool4_table *)(snap + 1);
	b->spans = (struct pool4_span *)(b->tables + b->table_count);
	b->ranges = (struct pool4_port_range *)(b->spans + b->span_count);
	snap->table_count = b->table_count;
	snap->tables = b->tables;
	return snap;
}

static void builder_free(struct pool4_builder *b)
{
	kvfree(b->scratch);
	kvfree(b->bps);
	kvfree(b->recs);
}

static int builder_init(struct pool4_builder *b,
			const struct pool4_record *const *records,
			unsigned int count)
{
	memset(b, 0, sizeof(*b));
	b->recs = kvmalloc_array(count, sizeof(*b->recs), GFP_KERNEL);
	if (!b->recs)
		goto fail;
	b->bps = kvmalloc_array(count, 2 * sizeof(*b->bps), GFP_KERNEL);
	if (!b->bps)
		goto fail;
	b->scratch = kvmalloc_array(count, 2 * sizeof(*b->scratch), GFP_KERNEL);
	if (!b->scratch)
		goto fail;
	b->cur = b->scratch;
	b->prev = b->scratch + count;

	memcpy(b->recs, records, count * sizeof(*b->recs));
	sort(b->recs, count, sizeof(*b->recs), rec_cmp, NULL);
	return 0;

fail:
	builder_free(b);
	return -ENOMEM;
}

struct pool4_snapshot *pool4_snapshot_build(const struct pool4_record *const *records,
					    unsigned int count)
{
	struct pool4_builder b;
	struct pool4_snapshot *snap;

	if (!count) {
		memset(&b, 0, sizeof(b));
		return snapshot_alloc(&b);
	}
	if (builder_init(&b, records, count))
		return NULL;

	build_all(&b, count);
	snap = snapshot_alloc(&b);
	if (snap)
		build_all(&b, count);

	builder_free(&b);
	return snap;
}

void pool4_snapshot_free(struct pool4_snapshot *snap)
{
	kvfree(snap);
}
