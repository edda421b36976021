// SPDX-License-Identifier: GPL-2.0
/*
 * pool4 core: reading snapshots built by pool4.c.  Every function here is
 * a binary search over a table's spans and port ranges (or a walk of one
 * record's area), allocates nothing and takes no lock: the data path calls
 * them under RCU, the configuration path under its mutex.
 */

#include <linux/math64.h>
#include <linux/minmax.h>

#include "core/pool4.h"

/* Tables are sorted by (mark, proto), as pool4.c's record order leaves them. */
static int table_key_cmp(const struct pool4_table *table, u32 mark, u8 proto)
{
	if (table->mark != mark)
		return table->mark < mark ? -1 : 1;
	return (table->proto > proto) - (table->proto < proto);
}

const struct pool4_table *pool4_table_find(const struct pool4_snapshot *snap,
					   u32 mark, u8 proto)
{
	u32 lo = 0, hi = snap->table_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int cmp = table_key_cmp(&snap->tables[mid], mark, proto);

		if (!cmp)
			return &snap->tables[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

unsigned int pool4_snapshot_protos(const struct pool4_snapshot *snap)
{
	unsigned int protos = 0;
	u32 i;

	for (i = 0; i < snap->table_count; i++)
		protos |= 1U << snap->tables[i].proto;
	return protos;
}

/* Index of the first span of @table whose addr_last is >= @addr. */
static u32 span_lower_bound(const struct pool4_table *table, u32 addr)
{
	u32 lo = 0, hi = table->span_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (table->spans[mid].addr_last < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct pool4_span *pool4_span_find(const struct pool4_table *table,
					 u32 addr)
{
	u32 i = span_lower_bound(table, addr);

	if (i == table->span_count || table->spans[i].addr_first > addr)
		return NULL;
	return &table->spans[i];
}

/* Index within @span of its first range whose max is >= @port. */
static u32 range_lower_bound(const struct pool4_table *table,
			     const struct pool4_span *span, u32 port)
{
	const struct pool4_port_range *ranges = table->ranges + span->range_first;
	u32 lo = 0, hi = span->range_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (ranges[mid].max < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct pool4_port_range *pool4_range_find(const struct pool4_table *table,
						const struct pool4_span *span,
						u16 port)
{
	u32 i = range_lower_bound(table, span, port);
	const struct pool4_port_range *range;

	if (i == span->range_count)
		return NULL;
	range = &table->ranges[span->range_first + i];
	return range->min <= port ? range : NULL;
}

bool pool4_table_contains(const struct pool4_table *table, u32 addr, u16 port)
{
	const struct pool4_span *span = pool4_span_find(table, addr);

	return span && pool4_range_find(table, span, port);
}

/*
 * Called for every translated packet (the hairpin test): the bounds first,
 * since the destinations of most lie outside pool4.
 */
bool pool4_has_addr(const struct pool4_snapshot *snap, u32 addr)
{
	u32 i;

	if (addr < snap->addr_min || addr > snap->addr_max)
		return false;
	for (i = 0; i < snap->table_count; i++)
		if (pool4_span_find(&snap->tables[i], addr))
			return true;
	return false;
}

bool pool4_contains_any_mark(const struct pool4_snapshot *snap, u8 proto,
			     u32 addr, u16 port)
{
	u32 i;

	for (i = 0; i < snap->table_count; i++)
		if (snap->tables[i].proto == proto &&
		    pool4_table_contains(&snap->tables[i], addr, port))
			return true;
	return false;
}

u32 pool4_span_at(const struct pool4_table *table, u64 k)
{
	u32 lo = 0, hi = table->span_count - 1;

	/* The last span whose @before is <= k. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if (table->spans[mid].before <= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

void pool4_snapshot_count(const struct pool4_snapshot *snap,
			  struct pool4_count *count)
{
	u32 i;

	count->tables = snap->table_count;
	count->samples = 0;
	count->taddrs = 0;
	for (i = 0; i < snap->table_count; i++) {
		count->samples += snap->tables[i].samples;
		count->taddrs += snap->tables[i].size;
	}
}

/*
 * Uncovered areas
 * ===============
 *
 * The leaving record's addresses are walked as sub-intervals that lie each
 * within one span or within one hole between spans.  The port gaps of a
 * sub-interval (the record's port range minus the span's ranges) are
 * produced by an iterator, so two sub-intervals can be compared without
 * storing their gaps; consecutive sub-intervals with equal gaps are reported
 * as one address interval.
 */

/* Iterates over the gaps of [@next, @max] not covered by [@r, @end). */
struct pool4_gaps {
	const struct pool4_port_range *r;
	const struct pool4_port_range *end;
	u32 next;
	u32 max;
};

/* @span NULL means a hole: the whole port range is one gap. */
static void gaps_init(struct pool4_gaps *g, const struct pool4_table *table,
		      const struct pool4_span *span, u16 min, u16 max)
{
	g->r = NULL;
	g->end = NULL;
	g->next = min;
	g->max = max;
	if (span) {
		g->end = table->ranges + span->range_first + span->range_count;
		g->r = table->ranges + span->range_first +
		       range_lower_bound(table, span, min);
	}
}

static bool gaps_next(struct pool4_gaps *g, u16 *min, u16 *max)
{
	while (g->next <= g->max) {
		const struct pool4_port_range *r = g->r;
		u32 next = g->next;

		if (r == g->end || r->min > g->max) {
			/* No range left below @max: the rest is one gap. */
			g->next = g->max + 1;
			*min = next;
			*max = g->max;
			return true;
		}
		g->r++;
		g->next = r->max + 1;
		if (r->min > next) {
			*min = next;
			*max = r->min - 1;
			return true;
		}
	}
	return false;
}

/* Walk state of pool4_for_each_uncovered(). */
struct pool4_uncovered {
	const struct pool4_record *rec;
	const struct pool4_table *table;
	pool4_area_fn fn;
	void *arg;
	/* Pending address interval and the span it lies in (NULL: hole). */
	bool pending;
	u32 first;
	u32 last;
	const struct pool4_span *span;
};

static bool gaps_equal(const struct pool4_uncovered *u,
		       const struct pool4_span *a, const struct pool4_span *b)
{
	struct pool4_gaps ga, gb;
	u16 amin, amax, bmin, bmax;
	bool more_a, more_b;

	gaps_init(&ga, u->table, a, u->rec->port_min, u->rec->port_max);
	gaps_init(&gb, u->table, b, u->rec->port_min, u->rec->port_max);
	do {
		more_a = gaps_next(&ga, &amin, &amax);
		more_b = gaps_next(&gb, &bmin, &bmax);
		if (more_a != more_b)
			return false;
		if (more_a && (amin != bmin || amax != bmax))
			return false;
	} while (more_a);
	return true;
}

static void uncovered_flush(struct pool4_uncovered *u)
{
	struct pool4_area area = {
		.mark = u->rec->mark,
		.proto = u->rec->proto,
		.addr_first = u->first,
		.addr_last = u->last,
	};
	struct pool4_gaps g;

	if (!u->pending)
		return;
	gaps_init(&g, u->table, u->span, u->rec->port_min, u->rec->port_max);
	while (gaps_next(&g, &area.port_min, &area.port_max))
		u->fn(&area, u->arg);
	u->pending = false;
}

/* Takes [@first, @last], which lies within @span (NULL: a hole). */
static void uncovered_add(struct pool4_uncovered *u, u32 first, u32 last,
			  const struct pool4_span *span)
{
	if (u->pending && gaps_equal(u, u->span, span)) {
		u->last = last;
		return;
	}
	uncovered_flush(u);
	u->pending = true;
	u->first = first;
	u->last = last;
	u->span = span;
}

void pool4_for_each_uncovered(const struct pool4_record *leaving,
			      const struct pool4_snapshot *after,
			      pool4_area_fn fn, void *arg)
{
	struct pool4_uncovered u = {
		.rec = leaving,
		.fn = fn,
		.arg = arg,
	};
	u64 addr = leaving->addr;
	u64 last = pool4_record_last_addr(leaving);
	u32 i = 0, span_count = 0;
	const struct pool4_span *span;
	u64 end;

	if (after)
		u.table = pool4_table_find(after, leaving->mark, leaving->proto);
	if (u.table) {
		span_count = u.table->span_count;
		i = span_lower_bound(u.table, leaving->addr);
	}

	/* u64 cursor: @last may be 0xffffffff. */
	while (addr <= last) {
		span = i < span_count ? &u.table->spans[i] : NULL;
		if (span && span->addr_first <= addr) {
			end = min_t(u64, last, span->addr_last);
			i++;
		} else {
			end = span ? min_t(u64, last, span->addr_first - 1) : last;
			span = NULL;
		}
		uncovered_add(&u, (u32)addr, (u32)end, span);
		addr = end + 1;
	}
	uncovered_flush(&u);
}
