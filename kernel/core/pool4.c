// SPDX-License-Identifier: GPL-2.0
/*
 * pool4 core: record validation and normalisation into snapshots.
 * Reading snapshots is pool4_lookup.c's concern.
 *
 * Normalisation works per (mark, proto) group of records.  The first and
 * last+1 addresses of the group's records cut the address space into
 * elementary intervals; a record covers an elementary interval entirely or
 * not at all, so one set of port ranges describes each interval.
 * Consecutive intervals with equal sets are fused into one span.
 *
 * First, the group's records (sorted by first address, then port_min) are
 * condensed into *pieces*: records of the same prefix whose port ranges
 * overlap or touch become one piece, so duplicates and split port ranges
 * of one prefix cost nothing later.  Pieces come out sorted by (first
 * address, port_min).
 *
 * The intervals are then visited by a sweep over the pieces.  The *active*
 * pieces, those covering the current interval, are kept in an array sorted
 * by port_min: pieces enter when the sweep reaches their first address
 * (each batch of equal first addresses is already sorted, so it is merged
 * in), and leave once it has passed their last address.  The interval ends
 * at the next first address or the smallest last+1 among the active
 * pieces, whichever comes first; its ports are the union of the active
 * pieces' ranges, merged in one pass thanks to the order.  So an interval
 * costs O(active), and a build costs O(n log n) for the sort plus the sum
 * of the active counts over the (at most 2n) intervals.
 *
 * Prefixes never partially overlap: two are either disjoint or nested, so
 * the active pieces always belong to one chain of at most 33 distinct
 * prefixes, and the pieces of one prefix have disjoint, non-touching port
 * ranges.  An interval's active count is therefore at most 33 times the
 * number of ranges of its own union: thousands of distinct /32s or /24s,
 * nested or not, duplicated or not, build in O(n log n).  What remains
 * quadratic is a prefix carrying m disjoint port ranges with k smaller
 * records inside it: O(m k), and the output (about k spans of m ranges
 * each) is that large too unless the k records repeat its ranges.
 *
 * Memory is proportional to spans and ranges, never to addresses.
 *
 * A build runs the same walk twice: once to count spans and ranges, once to
 * fill a single allocation of exactly that size.  The snapshot, its tables,
 * spans and ranges all live in that one block, so a snapshot is released by
 * one kvfree() and a failed build has nothing half-built to undo.
 */

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "core/pool4.h"

/* Host part of a /@prefix_len; u64 because shifting a u32 by 32 is UB. */
static u32 pool4_host_mask(u8 prefix_len)
{
	return (u32)((1ULL << (32 - prefix_len)) - 1);
}

int pool4_record_validate(const struct pool4_record *rec)
{
	if (rec->proto >= JOOL_PROTO_COUNT || rec->prefix_len > 32)
		return -EINVAL;
	if (rec->addr & pool4_host_mask(rec->prefix_len))
		return -EINVAL;
	if (rec->port_min > rec->port_max)
		return -ERANGE;
	/* Port 0 is not a transport address for TCP/UDP; ICMP id 0 is. */
	if (rec->proto != JOOL_PROTO_ICMP && rec->port_min == 0)
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

/*
 * Records of one prefix whose port ranges overlap or touch, merged.
 * @end is last+1, u64 because it may be 2^32.
 */
struct pool4_piece {
	u64 end;
	u32 first;
	u16 min;
	u16 max;
};

/* Scratch state and output cursor of one pool4_snapshot_build(). */
struct pool4_builder {
	/* Records sorted by (mark, proto, addr, port_min), see rec_cmp(). */
	const struct pool4_record **recs;
	/* Pieces of the current group, sorted by (first, min). */
	struct pool4_piece *pieces;
	/* Pieces covering the current interval, sorted by min. */
	struct pool4_piece *active;
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

/*
 * Groups records by table, and within a group sorts them by first address
 * for the sweep; port order among equal first addresses lets pieces come
 * out sorted and be merged into the active set in one pass.
 */
static int rec_cmp(const void *a, const void *b)
{
	const struct pool4_record *r1 = *(const struct pool4_record * const *)a;
	const struct pool4_record *r2 = *(const struct pool4_record * const *)b;

	if (r1->mark != r2->mark)
		return cmp_u32(r1->mark, r2->mark);
	if (r1->proto != r2->proto)
		return cmp_u32(r1->proto, r2->proto);
	if (r1->addr != r2->addr)
		return cmp_u32(r1->addr, r2->addr);
	return cmp_u32(r1->port_min, r2->port_min);
}

static bool same_table(const struct pool4_record *a, const struct pool4_record *b)
{
	return a->mark == b->mark && a->proto == b->proto;
}

/*
 * Condenses @n records of one group, sorted by rec_cmp(), into @pieces;
 * returns how many.  Within a run of equal first addresses, open[len] is
 * the piece of that prefix length opened last; pieces are opened in
 * port_min order and only ever widened, so they stay sorted by (first, min).
 */
static u32 make_pieces(const struct pool4_record *const *recs, unsigned int n,
		       struct pool4_piece *pieces)
{
	u32 open[33];
	u32 count = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct pool4_record *rec = recs[i];
		struct pool4_piece *p;

		if (!i || rec->addr != recs[i - 1]->addr)
			memset(open, 0xff, sizeof(open));
		if (open[rec->prefix_len] != U32_MAX) {
			p = &pieces[open[rec->prefix_len]];
			if (rec->port_min <= (u32)p->max + 1) {
				p->max = max(p->max, rec->port_max);
				continue;
			}
		}
		open[rec->prefix_len] = count;
		p = &pieces[count++];
		p->first = rec->addr;
		p->end = (u64)pool4_record_last_addr(rec) + 1;
		p->min = rec->port_min;
		p->max = rec->port_max;
	}
	return count;
}

/*
 * Merges the @k pieces of @batch (sorted by min) into the @n active ones
 * (likewise sorted), from the back so that no extra buffer is needed:
 * @active has room for every piece of the group.  Returns n + k.
 */
static u32 active_enter(struct pool4_piece *active, u32 n,
			const struct pool4_piece *batch, u32 k)
{
	u32 i = n, j = k, w = n + k;

	while (j) {
		if (i && active[i - 1].min > batch[j - 1].min)
			active[--w] = active[--i];
		else
			active[--w] = batch[--j];
	}
	return n + k;
}

/* Drops the pieces that end at or before @pos, keeping the order. */
static u32 active_leave(struct pool4_piece *active, u32 n, u64 pos)
{
	u32 i, kept = 0;

	for (i = 0; i < n; i++)
		if (active[i].end > pos)
			active[kept++] = active[i];
	return kept;
}

/*
 * Union of the port ranges of the @n @active pieces (sorted by min),
 * merging overlapping and touching ranges, into @out; also lowers *@end to
 * the smallest end among them.  Returns the range count.
 */
static u32 active_ranges(const struct pool4_piece *active, u32 n,
			 struct pool4_port_range *out, u64 *end)
{
	u32 count = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		const struct pool4_piece *p = &active[i];

		*end = min(*end, p->end);
		if (count && p->min <= (u32)out[count - 1].max + 1) {
			out[count - 1].max = max(out[count - 1].max, p->max);
			continue;
		}
		out[count].min = p->min;
		out[count].max = p->max;
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
 * Normalises the @n records of one (mark, proto), sorted by rec_cmp(), into
 * spans.  @table is NULL while counting; otherwise it is filled (spans,
 * totals).
 */
static void build_table(struct pool4_builder *b,
			const struct pool4_record *const *recs, unsigned int n,
			struct pool4_table *table)
{
	const struct pool4_piece *pieces = b->pieces;
	u32 npieces = make_pieces(recs, n, b->pieces);
	u32 prev_count = 0; /* 0: no span ends right before @pos. */
	u32 next = 0, batch, active = 0;
	u64 pos = 0, end;

	while (next < npieces || active) {
		u32 count;

		if (!active && pieces[next].first != pos) {
			/* A hole between records: skip it. */
			pos = pieces[next].first;
			prev_count = 0;
		}
		for (batch = 0; next + batch < npieces; batch++)
			if (pieces[next + batch].first != pos)
				break;
		active = active_enter(b->active, active, &pieces[next], batch);
		next += batch;

		end = next < npieces ? pieces[next].first : 1ULL << 32;
		count = active_ranges(b->active, active, b->cur, &end);
		if (count == prev_count && ranges_equal(b->cur, b->prev, count))
			span_extend(b, table, (u32)pos, (u32)(end - 1));
		else
			span_append(b, table, (u32)pos, (u32)(end - 1), count);
		swap(b->cur, b->prev);
		prev_count = count;

		pos = end;
		active = active_leave(b->active, active, pos);
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

/* Atomic: each network namespace may build its snapshots concurrently. */
static atomic64_t pool4_gen = ATOMIC64_INIT(0);

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
	snap->gen = atomic64_inc_return(&pool4_gen);
	snap->table_count = b->table_count;
	snap->tables = b->tables;
	return snap;
}

static void builder_free(struct pool4_builder *b)
{
	kvfree(b->scratch);
	kvfree(b->active);
	kvfree(b->pieces);
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
	b->pieces = kvmalloc_array(count, sizeof(*b->pieces), GFP_KERNEL);
	if (!b->pieces)
		goto fail;
	b->active = kvmalloc_array(count, sizeof(*b->active), GFP_KERNEL);
	if (!b->active)
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

/* The bounds of pool4_has_addr(): a table's spans are in address order. */
static void snapshot_bounds(struct pool4_snapshot *snap)
{
	const struct pool4_table *t;
	u32 i;

	snap->addr_min = U32_MAX;
	snap->addr_max = 0;
	for (i = 0; i < snap->table_count; i++) {
		t = &snap->tables[i];
		snap->addr_min = min(snap->addr_min, t->spans[0].addr_first);
		snap->addr_max = max(snap->addr_max,
				     t->spans[t->span_count - 1].addr_last);
	}
}

struct pool4_snapshot *pool4_snapshot_build(const struct pool4_record *const *records,
					    unsigned int count)
{
	struct pool4_builder b;
	struct pool4_snapshot *snap;

	if (!count) {
		memset(&b, 0, sizeof(b));
		snap = snapshot_alloc(&b);
		if (snap)
			snapshot_bounds(snap);
		return snap;
	}
	if (builder_init(&b, records, count))
		return NULL;

	build_all(&b, count);
	snap = snapshot_alloc(&b);
	if (snap) {
		build_all(&b, count);
		snapshot_bounds(snap);
	}

	builder_free(&b);
	return snap;
}

void pool4_snapshot_free(struct pool4_snapshot *snap)
{
	kvfree(snap);
}
