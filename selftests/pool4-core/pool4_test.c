// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the pool4 core (kernel/core/pool4.c, built unchanged
 * against the shims in selftests/lib/kinclude).
 *
 * The hand-written tests pin down the examples of the seed and of
 * pool4-behaviour.md; the randomized test compares every query against a
 * brute-force bitmap model over a small universe.  Set POOL4_TEST_SEED to
 * replay a failing run and POOL4_TEST_OPS to change its length.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kcore_test.h"
#include "kselftest_harness.h"

/* Failure injection and accounting of the slab shim (selftests/lib/kinclude/linux/slab.h). */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

#define TCP JOOL_PROTO_TCP
#define UDP JOOL_PROTO_UDP
#define ICMP JOOL_PROTO_ICMP

#define IP(a, b, c, d) ((u32)(a) << 24 | (u32)(b) << 16 | (u32)(c) << 8 | (u32)(d))
#define NET IP(192, 0, 2, 0)

static struct pool4_record rec(u32 mark, u8 proto, u32 addr, u8 len,
			       u16 min, u16 max)
{
	struct pool4_record r = {
		.mark = mark, .proto = proto, .addr = addr, .prefix_len = len,
		.port_min = min, .port_max = max,
	};
	return r;
}

/* Builds a snapshot of @n records (the pointer array is not accounted). */
static struct pool4_snapshot *build(const struct pool4_record *recs,
				    unsigned int n)
{
	const struct pool4_record **ptrs = calloc(n ? n : 1, sizeof(*ptrs));
	struct pool4_snapshot *snap;
	unsigned int i;

	for (i = 0; i < n; i++)
		ptrs[i] = &recs[i];
	snap = pool4_snapshot_build(ptrs, n);
	free(ptrs);
	return snap;
}

#define RECS(...) ((struct pool4_record[]){ __VA_ARGS__ })
#define NRECS(...) (sizeof(RECS(__VA_ARGS__)) / sizeof(struct pool4_record))
#define BUILD(...) build(RECS(__VA_ARGS__), NRECS(__VA_ARGS__))

/* Collects the areas pool4_for_each_uncovered() reports. */
#define MAX_AREAS 8192
struct areas {
	unsigned int n;
	struct pool4_area a[MAX_AREAS];
};

static void collect(const struct pool4_area *area, void *arg)
{
	struct areas *areas = arg;

	if (areas->n < MAX_AREAS)
		areas->a[areas->n] = *area;
	areas->n++;
}

static struct areas *uncovered(const struct pool4_record *leaving,
			       const struct pool4_snapshot *after)
{
	static struct areas areas;

	areas.n = 0;
	pool4_for_each_uncovered(leaving, after, collect, &areas);
	return &areas;
}

#define ASSERT_AREA(ar, i, f, l, pmin, pmax) do { \
	ASSERT_EQ((u32)(f), (ar)->a[i].addr_first); \
	ASSERT_EQ((u32)(l), (ar)->a[i].addr_last); \
	ASSERT_EQ((pmin), (ar)->a[i].port_min); \
	ASSERT_EQ((pmax), (ar)->a[i].port_max); \
} while (0)

#define ASSERT_RANGE(table, span, i, pmin, pmax) do { \
	ASSERT_EQ((pmin), (table)->ranges[(span)->range_first + (i)].min); \
	ASSERT_EQ((pmax), (table)->ranges[(span)->range_first + (i)].max); \
} while (0)

/*
 * The normal form: spans sorted and disjoint, no two address-adjacent spans
 * with the same ranges, ranges sorted and not touching, @before fields and
 * totals consistent.
 */
static void check_table(struct __test_metadata *_metadata,
			const struct pool4_table *t)
{
	const struct pool4_span *s, *p = NULL;
	u64 size = 0, samples = 0;
	u32 i, j;

	ASSERT_LT(0U, t->span_count);
	for (i = 0; i < t->span_count; i++, p = s) {
		u32 ports = 0;

		s = &t->spans[i];
		ASSERT_LE(s->addr_first, s->addr_last);
		ASSERT_LT(0U, s->range_count);
		if (p) {
			ASSERT_LT(p->addr_last, s->addr_first);
			ASSERT_EQ(p->range_first + p->range_count, s->range_first);
		}
		if (p && p->addr_last + 1 == s->addr_first &&
		    p->range_count == s->range_count) {
			for (j = 0; j < s->range_count; j++)
				if (t->ranges[p->range_first + j].min !=
				    t->ranges[s->range_first + j].min ||
				    t->ranges[p->range_first + j].max !=
				    t->ranges[s->range_first + j].max)
					break;
			ASSERT_NE(s->range_count, j) TH_LOG("span %u not merged", i);
		}
		for (j = 0; j < s->range_count; j++) {
			const struct pool4_port_range *r = &t->ranges[s->range_first + j];

			ASSERT_LE(r->min, r->max);
			if (j)
				ASSERT_LT((u32)(r - 1)->max + 1, r->min);
			ASSERT_EQ(ports, r->before);
			ports += r->max - r->min + 1;
		}
		ASSERT_EQ(ports, s->ports);
		ASSERT_EQ(size, s->before);
		samples += (u64)s->addr_last - s->addr_first + 1;
		size += ((u64)s->addr_last - s->addr_first + 1) * s->ports;
	}
	ASSERT_EQ(size, t->size);
	ASSERT_EQ(samples, t->samples);
}

static void check_snapshot(struct __test_metadata *_metadata,
			   const struct pool4_snapshot *snap)
{
	u32 i;

	for (i = 0; i < snap->table_count; i++) {
		const struct pool4_table *t = &snap->tables[i];

		if (i) {
			const struct pool4_table *p = t - 1;

			ASSERT_TRUE(p->mark < t->mark ||
				    (p->mark == t->mark && p->proto < t->proto));
		}
		check_table(_metadata, t);
		ASSERT_EQ(t, pool4_table_find(snap, t->mark, t->proto));
	}
}

/* Checks that nth() of @k is @addr#@port and that index() maps it back. */
static void check_nth(struct __test_metadata *_metadata,
		      const struct pool4_table *t, u64 k, u32 addr, u16 port)
{
	u32 a;
	u16 p;
	u64 back;

	pool4_table_nth(t, k, &a, &p);
	ASSERT_EQ(addr, a) TH_LOG("k = %llu", (unsigned long long)k);
	ASSERT_EQ(port, p) TH_LOG("k = %llu", (unsigned long long)k);
	ASSERT_TRUE(pool4_table_index(t, addr, port, &back));
	ASSERT_EQ(k, back);
}

FIXTURE(core) {
	struct pool4_snapshot *snap;
	long live;
};

FIXTURE_SETUP(core)
{
	self->snap = NULL;
	self->live = pool4_test_live;
	pool4_test_fail_after = -1;
}

FIXTURE_TEARDOWN(core)
{
	/*
	 * No TH_LOG here: after a failed ASSERT the harness leaves its
	 * trigger set, so an attached message would print spuriously.
	 */
	pool4_snapshot_free(self->snap);
	EXPECT_EQ(self->live, pool4_test_live);
}

TEST_F(core, empty)
{
	struct pool4_record r = rec(0, TCP, NET, 24, 1, 65535);
	struct pool4_count c;
	struct areas *ar;

	self->snap = build(NULL, 0);
	ASSERT_NE(NULL, self->snap);
	ASSERT_EQ(0U, self->snap->table_count);
	pool4_snapshot_count(self->snap, &c);
	ASSERT_EQ(0U, c.tables);
	ASSERT_EQ(0U, c.samples);
	ASSERT_EQ(0U, c.taddrs);
	ASSERT_NULL(pool4_table_find(self->snap, 0, TCP));
	ASSERT_EQ(0U, pool4_snapshot_protos(self->snap));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET, 1));
	ASSERT_FALSE(pool4_has_addr(self->snap, 0));
	ASSERT_FALSE(pool4_has_addr(self->snap, 0xffffffff));
	ar = uncovered(&r, self->snap);
	ASSERT_EQ(1U, ar->n);
	ASSERT_AREA(ar, 0, NET, NET + 255, 1, 65535);
}

/* The seed's "40001-60000 plus 60001-65535 prints as 40001-65535". */
TEST_F(core, merge_touching_ranges)
{
	const struct pool4_table *t;

	self->snap = BUILD(rec(0, UDP, NET + 1, 32, 60001, 65535),
			   rec(0, UDP, NET + 1, 32, 40001, 60000));
	check_snapshot(_metadata, self->snap);
	t = pool4_table_find(self->snap, 0, UDP);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(1U, t->span_count);
	ASSERT_EQ(1U, t->spans[0].range_count);
	ASSERT_RANGE(t, &t->spans[0], 0, 40001, 65535);
	ASSERT_EQ(25535U, t->size);
}

TEST_F(core, merge_overlapping_ranges_and_prefixes)
{
	const struct pool4_table *t;

	/* Overlapping ports, contained range, touching and nested prefixes. */
	self->snap = BUILD(rec(0, TCP, NET, 31, 1000, 2000),
			   rec(0, TCP, NET + 2, 31, 1000, 2000),
			   rec(0, TCP, NET, 30, 1500, 3000),
			   rec(0, TCP, NET + 1, 32, 1200, 1300),
			   rec(0, TCP, NET, 30, 1000, 3000));
	check_snapshot(_metadata, self->snap);
	ASSERT_EQ(1U, self->snap->table_count);
	t = &self->snap->tables[0];
	ASSERT_EQ(1U, t->span_count);
	ASSERT_EQ(NET, t->spans[0].addr_first);
	ASSERT_EQ(NET + 3, t->spans[0].addr_last);
	ASSERT_EQ(1U, t->spans[0].range_count);
	ASSERT_RANGE(t, &t->spans[0], 0, 1000, 3000);
	ASSERT_EQ(4U, t->samples);
	ASSERT_EQ(4U * 2001, t->size);
}

TEST_F(core, disjoint_and_split)
{
	const struct pool4_table *t;
	const struct pool4_span *s;

	/*
	 * A /24 with a hole-punching extra range on .5 and a disjoint range
	 * on .7: .0-.4 | .5 | .6 | .7 | .8-.255, and .1000 apart.
	 */
	self->snap = BUILD(rec(0, TCP, NET, 24, 61001, 65535),
			   rec(0, TCP, NET + 5, 32, 1000, 2000),
			   rec(0, TCP, NET + 7, 32, 1000, 1999),
			   rec(0, TCP, NET + 7, 32, 3000, 3999),
			   rec(0, TCP, IP(198, 51, 100, 1), 32, 5, 5));
	check_snapshot(_metadata, self->snap);
	t = pool4_table_find(self->snap, 0, TCP);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(6U, t->span_count);
	s = t->spans;
	ASSERT_EQ(NET, s[0].addr_first);
	ASSERT_EQ(NET + 4, s[0].addr_last);
	ASSERT_EQ(NET + 5, s[1].addr_first);
	ASSERT_EQ(NET + 5, s[1].addr_last);
	ASSERT_EQ(2U, s[1].range_count);
	ASSERT_RANGE(t, &s[1], 0, 1000, 2000);
	ASSERT_RANGE(t, &s[1], 1, 61001, 65535);
	ASSERT_EQ(NET + 6, s[2].addr_first);
	ASSERT_EQ(NET + 6, s[2].addr_last);
	ASSERT_EQ(3U, s[3].range_count);
	ASSERT_RANGE(t, &s[3], 0, 1000, 1999);
	ASSERT_RANGE(t, &s[3], 1, 3000, 3999);
	ASSERT_RANGE(t, &s[3], 2, 61001, 65535);
	ASSERT_EQ(NET + 8, s[4].addr_first);
	ASSERT_EQ(NET + 255, s[4].addr_last);
	ASSERT_EQ(IP(198, 51, 100, 1), s[5].addr_first);
	ASSERT_EQ(256U * 4535 + 1001 + 2000 + 1, t->size);
	ASSERT_EQ(257U, t->samples);
}

TEST_F(core, marks_and_protos_apart)
{
	const struct pool4_table *t;

	self->snap = BUILD(rec(7, TCP, NET + 1, 32, 1000, 1999),
			   rec(0, TCP, NET + 1, 32, 2000, 2999),
			   rec(0, UDP, NET + 1, 32, 3000, 3999),
			   rec(0xffffffff, ICMP, NET + 1, 32, 0, 9),
			   rec(7, TCP, NET + 2, 32, 1000, 1999));
	check_snapshot(_metadata, self->snap);
	ASSERT_EQ(4U, self->snap->table_count);
	ASSERT_EQ(0U, self->snap->tables[0].mark);
	ASSERT_EQ(TCP, self->snap->tables[0].proto);
	ASSERT_EQ(UDP, self->snap->tables[1].proto);
	ASSERT_EQ(7U, self->snap->tables[2].mark);
	ASSERT_EQ(0xffffffffU, self->snap->tables[3].mark);

	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 1, 2000));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 1, 1000));
	ASSERT_FALSE(pool4_contains(self->snap, 0, UDP, NET + 1, 2000));
	ASSERT_FALSE(pool4_contains(self->snap, 0, ICMP, NET + 1, 2000));
	ASSERT_TRUE(pool4_contains(self->snap, 7, TCP, NET + 2, 1999));
	ASSERT_FALSE(pool4_contains(self->snap, 8, TCP, NET + 2, 1999));
	ASSERT_TRUE(pool4_contains(self->snap, 0xffffffff, ICMP, NET + 1, 0));
	ASSERT_NULL(pool4_table_find(self->snap, 7, UDP));
	ASSERT_NULL(pool4_table_find(self->snap, 1, TCP));
	ASSERT_EQ(1U << TCP | 1U << UDP | 1U << ICMP,
		  pool4_snapshot_protos(self->snap));

	/* Same ranges on .1 and .2 of mark 7: one span. */
	t = pool4_table_find(self->snap, 7, TCP);
	ASSERT_EQ(1U, t->span_count);
	ASSERT_EQ(2000U, t->size);
}

TEST_F(core, count)
{
	struct pool4_count c;

	/* A /16 with an overlapping /24 and a duplicate: counted once. */
	self->snap = BUILD(rec(0, TCP, IP(10, 1, 0, 0), 16, 61001, 65535),
			   rec(0, TCP, IP(10, 1, 7, 0), 24, 62000, 65535),
			   rec(0, TCP, IP(10, 1, 0, 0), 16, 61001, 65535),
			   rec(0, TCP, IP(10, 1, 255, 255), 32, 61001, 61001),
			   rec(3, UDP, IP(10, 1, 0, 0), 16, 1, 1));
	check_snapshot(_metadata, self->snap);
	ASSERT_EQ(1U, pool4_table_find(self->snap, 0, TCP)->span_count);
	pool4_snapshot_count(self->snap, &c);
	ASSERT_EQ(2U, c.tables);
	ASSERT_EQ(2U * 65536, c.samples);
	ASSERT_EQ(65536ULL * 4535 + 65536, c.taddrs);
}

/*
 * The seed's example, with decision 1's default range: after the adds,
 * 4 tables; mark 0 TCP holds .1 .2 .4 .5, UDP and ICMP .1, mark 1 TCP .2.
 */
TEST_F(core, seed_example)
{
	struct pool4_record recs[] = {
		rec(0, TCP, NET + 1, 32, 61001, 65535),
		rec(0, UDP, NET + 1, 32, 61001, 65535),
		rec(0, ICMP, NET + 1, 32, 61001, 65535),
		rec(0, TCP, NET + 2, 32, 7000, 7999),
		rec(1, TCP, NET + 2, 32, 8000, 8999),
		rec(0, TCP, NET + 4, 31, 61001, 65535),
	};
	const struct pool4_table *t;
	struct pool4_snapshot *after;
	struct pool4_count c;
	struct areas *ar;
	unsigned int i;

	self->snap = build(recs, 6);
	check_snapshot(_metadata, self->snap);
	pool4_snapshot_count(self->snap, &c);
	ASSERT_EQ(4U, c.tables);
	ASSERT_EQ(7U, c.samples);
	ASSERT_EQ(5U * 4535 + 1000 + 1000, c.taddrs);

	t = pool4_table_find(self->snap, 0, TCP);
	ASSERT_EQ(3U, t->span_count);
	ASSERT_EQ(NET + 4, t->spans[2].addr_first);
	ASSERT_EQ(NET + 5, t->spans[2].addr_last);

	/* --remove --mark 0 192.0.2.0/24 0-65535 leaves mark 1's record. */
	after = build(&recs[4], 1);
	check_snapshot(_metadata, after);
	pool4_snapshot_count(after, &c);
	ASSERT_EQ(1U, c.tables);
	ASSERT_EQ(1U, c.samples);
	ASSERT_EQ(1000U, c.taddrs);
	for (i = 0; i < 6; i++) {
		if (i == 4)
			continue;
		ar = uncovered(&recs[i], after);
		ASSERT_EQ(1U, ar->n);
		ASSERT_EQ(recs[i].mark, ar->a[0].mark);
		ASSERT_EQ(recs[i].proto, ar->a[0].proto);
		ASSERT_AREA(ar, 0, recs[i].addr, pool4_record_last_addr(&recs[i]),
			    recs[i].port_min, recs[i].port_max);
	}
	pool4_snapshot_free(after);
}

TEST_F(core, nth_and_index)
{
	const struct pool4_table *t;
	u64 k, size;
	u32 a;
	u16 p;

	self->snap = BUILD(rec(0, TCP, NET + 1, 32, 61001, 65535),
			   rec(0, TCP, NET + 2, 32, 7000, 7999),
			   rec(0, TCP, NET + 4, 31, 61001, 65535),
			   rec(0, TCP, NET + 9, 32, 1000, 1999),
			   rec(0, TCP, NET + 9, 32, 3000, 3999));
	check_snapshot(_metadata, self->snap);
	t = pool4_table_find(self->snap, 0, TCP);
	size = 3 * 4535 + 1000 + 2000;
	ASSERT_EQ(size, t->size);

	/* Span and range boundaries. */
	check_nth(_metadata, t, 0, NET + 1, 61001);
	check_nth(_metadata, t, 4534, NET + 1, 65535);
	check_nth(_metadata, t, 4535, NET + 2, 7000);
	check_nth(_metadata, t, 5534, NET + 2, 7999);
	check_nth(_metadata, t, 5535, NET + 4, 61001);
	check_nth(_metadata, t, 5535 + 4534, NET + 4, 65535);
	check_nth(_metadata, t, 5535 + 4535, NET + 5, 61001);
	check_nth(_metadata, t, 5535 + 2 * 4535, NET + 9, 1000);
	check_nth(_metadata, t, 5535 + 2 * 4535 + 999, NET + 9, 1999);
	check_nth(_metadata, t, 5535 + 2 * 4535 + 1000, NET + 9, 3000);
	check_nth(_metadata, t, size - 1, NET + 9, 3999);

	/* Every index, both ways. */
	for (k = 0; k < size; k++) {
		u64 back;

		pool4_table_nth(t, k, &a, &p);
		ASSERT_TRUE(pool4_table_index(t, a, p, &back));
		ASSERT_EQ(k, back);
	}

	/* index() refuses what is not in the table. */
	ASSERT_FALSE(pool4_table_index(t, NET + 3, 61001, &k));
	ASSERT_FALSE(pool4_table_index(t, NET + 9, 2000, &k));
	ASSERT_FALSE(pool4_table_index(t, NET + 9, 999, &k));
	ASSERT_FALSE(pool4_table_index(t, NET + 9, 4000, &k));
	ASSERT_FALSE(pool4_table_index(t, NET, 61001, &k));
	ASSERT_FALSE(pool4_table_index(t, NET + 10, 1000, &k));
}

TEST_F(core, contains)
{
	self->snap = BUILD(rec(0, TCP, NET + 4, 30, 100, 200),
			   rec(0, TCP, NET + 5, 32, 300, 400));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 3, 150));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 4, 100));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 7, 200));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 8, 150));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 4, 99));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 4, 201));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 4, 300));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 5, 300));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 5, 400));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, NET + 5, 150));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 5, 250));
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, NET + 6, 300));
	ASSERT_FALSE(pool4_contains(self->snap, 0, UDP, NET + 5, 300));
	ASSERT_FALSE(pool4_contains(self->snap, 1, TCP, NET + 5, 300));
}

TEST_F(core, any_mark_lookups)
{
	self->snap = BUILD(rec(0, TCP, NET + 4, 30, 100, 200),
			   rec(7, UDP, NET + 16, 32, 300, 400));
	ASSERT_TRUE(pool4_has_addr(self->snap, NET + 4));
	ASSERT_TRUE(pool4_has_addr(self->snap, NET + 7));
	ASSERT_TRUE(pool4_has_addr(self->snap, NET + 16));
	ASSERT_FALSE(pool4_has_addr(self->snap, NET + 8));
	ASSERT_FALSE(pool4_has_addr(self->snap, NET + 17));
	ASSERT_FALSE(pool4_has_addr(self->snap, NET + 3));
	ASSERT_FALSE(pool4_has_addr(self->snap, 0));
	ASSERT_FALSE(pool4_has_addr(self->snap, 0xffffffff));
	ASSERT_EQ(NET + 4, self->snap->addr_min);
	ASSERT_EQ(NET + 16, self->snap->addr_max);
	ASSERT_TRUE(pool4_contains_any_mark(self->snap, UDP, NET + 16, 300));
	ASSERT_TRUE(pool4_contains_any_mark(self->snap, TCP, NET + 6, 150));
	ASSERT_FALSE(pool4_contains_any_mark(self->snap, TCP, NET + 16, 300));
	ASSERT_FALSE(pool4_contains_any_mark(self->snap, UDP, NET + 16, 401));
	ASSERT_FALSE(pool4_contains_any_mark(self->snap, UDP, NET + 4, 150));
}

TEST_F(core, validate)
{
	struct pool4_record r;

	r = rec(0, TCP, NET, 24, 61001, 65535);
	ASSERT_EQ(0, pool4_record_validate(&r));
	r = rec(0, 3, NET, 24, 1, 2);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, 255, NET, 24, 1, 2);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, TCP, NET, 33, 1, 2);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, TCP, NET + 5, 30, 1, 2);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, TCP, NET + 4, 30, 1, 2);
	ASSERT_EQ(0, pool4_record_validate(&r));
	r = rec(0, TCP, IP(128, 0, 0, 0), 0, 1, 2);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, TCP, 0, 0, 1, 2);
	ASSERT_EQ(0, pool4_record_validate(&r));
	r = rec(0, TCP, 0xffffffff, 32, 1, 2);
	ASSERT_EQ(0, pool4_record_validate(&r));
	/* Bad proto wins over a bad range: EINVAL. */
	r = rec(0, 3, NET, 24, 2, 1);
	ASSERT_EQ(-EINVAL, pool4_record_validate(&r));
	r = rec(0, UDP, NET, 24, 2000, 1000);
	ASSERT_EQ(-ERANGE, pool4_record_validate(&r));
	r = rec(0, TCP, NET, 24, 0, 10);
	ASSERT_EQ(-ERANGE, pool4_record_validate(&r));
	r = rec(0, UDP, NET, 24, 0, 0);
	ASSERT_EQ(-ERANGE, pool4_record_validate(&r));
	r = rec(0, ICMP, NET, 24, 0, 0);
	ASSERT_EQ(0, pool4_record_validate(&r));
	r = rec(0, ICMP, NET, 24, 0, 65535);
	ASSERT_EQ(0, pool4_record_validate(&r));
	r = rec(0, TCP, NET, 24, 65535, 65535);
	ASSERT_EQ(0, pool4_record_validate(&r));

	r = rec(0, TCP, 0, 0, 1, 2);
	ASSERT_EQ(0xffffffffU, pool4_record_last_addr(&r));
	r = rec(0, TCP, NET + 77, 32, 1, 2);
	ASSERT_EQ(NET + 77, pool4_record_last_addr(&r));
	r = rec(0, TCP, NET, 24, 1, 2);
	ASSERT_EQ(NET + 255, pool4_record_last_addr(&r));
}

/* 0.0.0.0/0 x 0-65535: 2^48 transport addresses, last+1 = 2^32. */
TEST_F(core, whole_space)
{
	struct pool4_record all = rec(0, ICMP, 0, 0, 0, 65535);
	struct pool4_record half = rec(0, ICMP, 0, 1, 0, 65535);
	const struct pool4_table *t;
	struct pool4_snapshot *after;
	struct pool4_count c;
	struct areas *ar;

	self->snap = BUILD(all, rec(0, TCP, 0, 0, 61001, 65535),
			   rec(0, TCP, 0xffffffff, 32, 1, 65535));
	check_snapshot(_metadata, self->snap);
	pool4_snapshot_count(self->snap, &c);
	ASSERT_EQ(2U, c.tables);
	ASSERT_EQ(2U * (1ULL << 32), c.samples);
	ASSERT_EQ((1ULL << 48) + 0xffffffffULL * 4535 + 65535, c.taddrs);

	t = pool4_table_find(self->snap, 0, ICMP);
	ASSERT_EQ(1U, t->span_count);
	ASSERT_EQ(0xffffffffU, t->spans[0].addr_last);
	ASSERT_EQ(65536U, t->spans[0].ports);
	check_nth(_metadata, t, 0, 0, 0);
	check_nth(_metadata, t, 65535, 0, 65535);
	check_nth(_metadata, t, 65536, 1, 0);
	check_nth(_metadata, t, (1ULL << 48) - 1, 0xffffffff, 65535);
	ASSERT_TRUE(pool4_contains(self->snap, 0, ICMP, 0xffffffff, 0));

	t = pool4_table_find(self->snap, 0, TCP);
	ASSERT_EQ(2U, t->span_count);
	ASSERT_EQ(0xfffffffeU, t->spans[0].addr_last);
	ASSERT_EQ(0xffffffffU, t->spans[1].addr_first);
	check_nth(_metadata, t, t->size - 1, 0xffffffff, 65535);
	check_nth(_metadata, t, t->size - 65535, 0xffffffff, 1);
	ASSERT_FALSE(pool4_contains(self->snap, 0, TCP, 0xffffffff, 0));
	ASSERT_TRUE(pool4_contains(self->snap, 0, TCP, 0xffffffff, 1));

	ar = uncovered(&all, NULL);
	ASSERT_EQ(1U, ar->n);
	ASSERT_AREA(ar, 0, 0, 0xffffffff, 0, 65535);
	ar = uncovered(&all, self->snap);
	ASSERT_EQ(0U, ar->n);

	after = build(&half, 1);
	ar = uncovered(&all, after);
	ASSERT_EQ(1U, ar->n);
	ASSERT_AREA(ar, 0, IP(128, 0, 0, 0), 0xffffffff, 0, 65535);
	pool4_snapshot_free(after);
}

TEST_F(core, uncovered_fully_covered)
{
	struct pool4_record leaving = rec(0, TCP, NET, 24, 61001, 65535);
	struct areas *ar;

	/* Covered by two halves with touching port ranges. */
	self->snap = BUILD(rec(0, TCP, NET, 25, 61001, 65535),
			   rec(0, TCP, NET + 128, 25, 61001, 63000),
			   rec(0, TCP, NET + 128, 25, 63001, 65535));
	ar = uncovered(&leaving, self->snap);
	ASSERT_EQ(0U, ar->n);
}

/* pool4-behaviour.md: removing 7500-7600 from 7000-7999. */
TEST_F(core, uncovered_quick_split)
{
	struct pool4_record leaving = rec(0, TCP, NET + 2, 32, 7000, 7999);
	struct areas *ar;

	self->snap = BUILD(rec(0, TCP, NET + 2, 32, 7000, 7499),
			   rec(0, TCP, NET + 2, 32, 7601, 7999));
	ar = uncovered(&leaving, self->snap);
	ASSERT_EQ(1U, ar->n);
	ASSERT_EQ(0U, ar->a[0].mark);
	ASSERT_EQ(TCP, ar->a[0].proto);
	ASSERT_AREA(ar, 0, NET + 2, NET + 2, 7500, 7600);
}

/* pool4-behaviour.md: removing 192.0.2.5 from 192.0.2.4/31. */
TEST_F(core, uncovered_address_split)
{
	struct pool4_record leaving = rec(0, UDP, NET + 4, 31, 61001, 65535);
	struct areas *ar;

	self->snap = BUILD(rec(0, UDP, NET + 4, 32, 61001, 65535),
			   rec(0, TCP, NET + 5, 32, 61001, 65535),
			   rec(1, UDP, NET + 5, 32, 61001, 65535));
	ar = uncovered(&leaving, self->snap);
	ASSERT_EQ(1U, ar->n);
	ASSERT_EQ(UDP, ar->a[0].proto);
	ASSERT_AREA(ar, 0, NET + 5, NET + 5, 61001, 65535);
}

TEST_F(core, uncovered_partial)
{
	struct pool4_record leaving = rec(0, TCP, NET, 24, 1000, 5000);
	struct areas *ar;

	/*
	 * .0-.9: a span whose ports miss the record (same gaps as the hole
	 * .10-.15, so one area); .16-.31 three gaps; .32-.127 covered;
	 * .128-.255 a hole.
	 */
	self->snap = BUILD(rec(0, TCP, NET, 29, 6000, 7000),
			   rec(0, TCP, NET + 8, 31, 6000, 7000),
			   rec(0, TCP, NET + 16, 28, 2000, 2999),
			   rec(0, TCP, NET + 16, 28, 4000, 4999),
			   rec(0, TCP, NET + 32, 27, 1, 65535),
			   rec(0, TCP, NET + 64, 26, 900, 5000));
	check_snapshot(_metadata, self->snap);
	ar = uncovered(&leaving, self->snap);
	ASSERT_EQ(5U, ar->n);
	ASSERT_AREA(ar, 0, NET, NET + 15, 1000, 5000);
	ASSERT_AREA(ar, 1, NET + 16, NET + 31, 1000, 1999);
	ASSERT_AREA(ar, 2, NET + 16, NET + 31, 3000, 3999);
	ASSERT_AREA(ar, 3, NET + 16, NET + 31, 5000, 5000);
	ASSERT_AREA(ar, 4, NET + 128, NET + 255, 1000, 5000);
}

/*
 * Thousands of records, given in scrambled order: 5,000 /32s on the even
 * addresses of 10.0.0.0/16 and the /16 itself with other ports.  Every
 * even address is a span of two ranges, every odd one a span of one, and
 * the tail after the last /32 fuses with the last odd address.
 */
TEST_F(core, many_records)
{
	enum { N = 5000 };
	struct pool4_record *recs = calloc(N + 1, sizeof(*recs));
	const struct pool4_table *t;
	struct pool4_count c;
	unsigned int i;

	ASSERT_NE(NULL, recs);
	for (i = 0; i < N; i++)
		recs[i] = rec(0, UDP, IP(10, 0, 0, 0) + 2 * ((i * 7919) % N), 32,
			      1000, 1999);
	recs[N / 2 + 1] = rec(0, UDP, IP(10, 0, 0, 0), 16, 61001, 65535);
	recs[N] = rec(0, UDP, IP(10, 0, 0, 0) + 2 * ((N / 2 + 1) * 7919 % N),
		      32, 1000, 1999);
	self->snap = build(recs, N + 1);
	free(recs);
	ASSERT_NE(NULL, self->snap);
	check_snapshot(_metadata, self->snap);
	t = pool4_table_find(self->snap, 0, UDP);
	ASSERT_NE(NULL, t);
	ASSERT_EQ(2U * N, t->span_count);
	ASSERT_EQ(2U, t->spans[0].range_count);
	ASSERT_EQ(1U, t->spans[1].range_count);
	ASSERT_EQ(IP(10, 0, 0, 0) + 2 * N - 1, t->spans[2 * N - 1].addr_first);
	ASSERT_EQ(IP(10, 0, 255, 255), t->spans[2 * N - 1].addr_last);
	pool4_snapshot_count(self->snap, &c);
	ASSERT_EQ(65536U, c.samples);
	ASSERT_EQ(65536ULL * 4535 + N * 1000, c.taddrs);
	check_nth(_metadata, t, 0, IP(10, 0, 0, 0), 1000);
	check_nth(_metadata, t, 5535, IP(10, 0, 0, 1), 61001);
	check_nth(_metadata, t, c.taddrs - 1, IP(10, 0, 255, 255), 65535);
	ASSERT_TRUE(pool4_contains(self->snap, 0, UDP, IP(10, 0, 39, 14), 1500));
	ASSERT_FALSE(pool4_contains(self->snap, 0, UDP, IP(10, 0, 39, 15), 1500));
	ASSERT_FALSE(pool4_contains(self->snap, 0, UDP, IP(10, 0, 39, 16), 1500));
}

/*
 * Every allocation of a build fails in turn: the build returns NULL and
 * frees everything it got.  The last round runs without a failure.
 */
TEST_F(core, allocation_failure)
{
	struct pool4_record recs[] = {
		rec(0, TCP, NET + 1, 32, 61001, 65535),
		rec(0, UDP, NET, 24, 61001, 65535),
		rec(0, TCP, NET + 2, 32, 7000, 7999),
		rec(1, TCP, NET + 2, 32, 8000, 8999),
		rec(0, TCP, NET + 4, 31, 1, 65535),
	};
	unsigned int n, nrecs;
	long fail;

	for (nrecs = 0; nrecs <= 5; nrecs += 5) {
		for (fail = 0;; fail++) {
			struct pool4_snapshot *snap;

			pool4_test_failed = false;
			pool4_test_fail_after = fail;
			snap = build(recs, nrecs);
			pool4_test_fail_after = -1;
			ASSERT_EQ(self->live + (snap ? 1 : 0), pool4_test_live);
			if (!pool4_test_failed) {
				ASSERT_NE(NULL, snap);
				check_snapshot(_metadata, snap);
				pool4_snapshot_free(snap);
				break;
			}
			ASSERT_NULL(snap) TH_LOG("allocation %ld failed", fail);
		}
		n = fail;
		TH_LOG("%u records: %u allocations", nrecs, n);
		ASSERT_LT(0U, n);
	}
}

/*
 * Randomized comparison with a brute-force model: 2 marks x 3 protos x
 * 64 addresses (192.0.2.0/26) x 64 ports (1000-1063), one bit per port.
 */
#define U_ADDRS 64
#define U_PORT 1000
#define U_PORTS 64
#define U_MAX_RECS 400

static const u32 u_marks[] = { 0, 0xffffffff };

struct model {
	u64 bits[2][JOOL_PROTO_COUNT][U_ADDRS];
};

static int mark_index(u32 mark)
{
	return mark ? 1 : 0;
}

/* Bits of the ports of [@min, @max] in the universe's port window. */
static u64 port_bits(u16 min, u16 max)
{
	u64 hi = max - U_PORT == 63 ? ~0ULL : (1ULL << (max - U_PORT + 1)) - 1;

	return hi & ~((1ULL << (min - U_PORT)) - 1);
}

static void model_add(struct model *m, const struct pool4_record *r)
{
	u32 a;

	for (a = r->addr; a <= pool4_record_last_addr(r); a++)
		m->bits[mark_index(r->mark)][r->proto][a - NET] |=
			port_bits(r->port_min, r->port_max);
}

/*
 * A random record of the universe.  With @coarse, ports start and end on
 * multiples of 8, so ranges of different records often touch or repeat.
 */
static struct pool4_record random_record(bool coarse)
{
	u8 len = 26 + rand() % 7;
	u32 host = (1u << (32 - len)) - 1;
	u16 min = U_PORT + rand() % U_PORTS;
	u16 max = min + rand() % (U_PORT + U_PORTS - min);

	if (coarse) {
		min = U_PORT + 8 * (rand() % (U_PORTS / 8));
		max = min + 8 * (rand() % ((U_PORT + U_PORTS - min) / 8)) + 7;
	}

	return rec(u_marks[rand() % 2], rand() % JOOL_PROTO_COUNT,
		   NET + ((u32)rand() % U_ADDRS & ~host), len, min, max);
}

struct fuzz_state {
	unsigned int seed;
	unsigned int op;
};

/* has_addr() at every address of the universe and just outside it. */
static void check_has_addr(struct __test_metadata *_metadata,
			   const struct fuzz_state *st,
			   const struct pool4_snapshot *snap,
			   const struct model *m)
{
	int mi, pr, a;
	bool in;

	for (a = -1; a <= U_ADDRS; a++) {
		in = false;
		for (mi = 0; mi < 2 && a >= 0 && a < U_ADDRS; mi++)
			for (pr = 0; pr < JOOL_PROTO_COUNT; pr++)
				in |= m->bits[mi][pr][a] != 0;
		ASSERT_EQ(in, pool4_has_addr(snap, NET + a))
			TH_LOG("seed %u op %u address %d", st->seed, st->op, a);
	}
}

/* contains() at every point of the universe and just outside it. */
static void check_contains(struct __test_metadata *_metadata,
			   const struct fuzz_state *st,
			   const struct pool4_snapshot *snap,
			   const struct model *m)
{
	int mi, pr, a, p;

	check_has_addr(_metadata, st, snap, m);
	for (mi = 0; mi < 2; mi++)
		for (pr = 0; pr < JOOL_PROTO_COUNT; pr++)
			for (a = 0; a < U_ADDRS; a++) {
				u64 bits = m->bits[mi][pr][a];

				for (p = -1; p <= U_PORTS; p++) {
					bool in = p >= 0 && p < U_PORTS &&
						  (bits >> p & 1);

					ASSERT_EQ(in, pool4_contains(snap, u_marks[mi], pr,
								     NET + a, U_PORT + p))
						TH_LOG("seed %u op %u", st->seed, st->op);
				}
			}
}

/* Count, and nth()/index() of every transport address in model order. */
static void check_order(struct __test_metadata *_metadata,
			const struct fuzz_state *st,
			const struct pool4_snapshot *snap,
			const struct model *m)
{
	struct pool4_count c, mc = { 0 };
	int mi, pr, a, p;

	for (mi = 0; mi < 2; mi++) {
		for (pr = 0; pr < JOOL_PROTO_COUNT; pr++) {
			const struct pool4_table *t =
				pool4_table_find(snap, u_marks[mi], pr);
			u64 k = 0, any = 0;

			for (a = 0; a < U_ADDRS; a++)
				any |= m->bits[mi][pr][a];
			ASSERT_EQ(!!any, !!t) TH_LOG("seed %u op %u", st->seed, st->op);
			for (a = 0; a < U_ADDRS; a++) {
				u64 bits = m->bits[mi][pr][a];

				mc.samples += !!bits;
				mc.taddrs += __builtin_popcountll(bits);
				for (p = 0; p < U_PORTS; p++)
					if (bits >> p & 1)
						check_nth(_metadata, t, k++,
							  NET + a, U_PORT + p);
			}
			if (t)
				ASSERT_EQ(k, t->size);
			mc.tables += !!k;
		}
	}
	pool4_snapshot_count(snap, &c);
	ASSERT_EQ(mc.tables, c.tables) TH_LOG("seed %u op %u", st->seed, st->op);
	ASSERT_EQ(mc.samples, c.samples);
	ASSERT_EQ(mc.taddrs, c.taddrs);
}

/* Number of areas from @i on that share the address interval of area @i. */
static unsigned int row_len(const struct areas *ar, unsigned int i)
{
	unsigned int n = 1;

	while (i + n < ar->n &&
	       ar->a[i + n].addr_first == ar->a[i].addr_first &&
	       ar->a[i + n].addr_last == ar->a[i].addr_last)
		n++;
	return n;
}

/* Address-adjacent rows of areas must differ in their port gaps. */
static void check_rows_maximal(struct __test_metadata *_metadata,
			       const struct fuzz_state *st,
			       const struct areas *ar)
{
	unsigned int i, j, n, next_n;

	for (i = 0; i < ar->n; i = j) {
		n = row_len(ar, i);
		j = i + n;
		if (j == ar->n || ar->a[i].addr_last + 1 != ar->a[j].addr_first)
			continue;
		next_n = row_len(ar, j);
		if (n != next_n)
			continue;
		for (n = 0; n < next_n; n++)
			if (ar->a[i + n].port_min != ar->a[j + n].port_min ||
			    ar->a[i + n].port_max != ar->a[j + n].port_max)
				break;
		ASSERT_NE(next_n, n)
			TH_LOG("seed %u op %u: areas %u and %u not merged",
			       st->seed, st->op, i, j);
	}
}

/*
 * The areas reported for @r against @snap are ordered, disjoint, inside @r,
 * outside the model, and together as large as @r minus the model.
 */
static void check_uncovered(struct __test_metadata *_metadata,
			    const struct fuzz_state *st,
			    const struct pool4_record *r,
			    const struct pool4_snapshot *snap,
			    const struct model *m)
{
	const u64 *bits = m->bits[mark_index(r->mark)][r->proto];
	u64 want = 0, got = 0;
	struct areas *ar;
	unsigned int i;
	u32 a;

	for (a = r->addr; a <= pool4_record_last_addr(r); a++)
		want += __builtin_popcountll(port_bits(r->port_min, r->port_max) &
					     ~bits[a - NET]);

	ar = uncovered(r, snap);
	ASSERT_GE((unsigned int)MAX_AREAS, ar->n);
	for (i = 0; i < ar->n; i++) {
		const struct pool4_area *x = &ar->a[i];

		ASSERT_EQ(r->mark, x->mark);
		ASSERT_EQ(r->proto, x->proto);
		ASSERT_LE(r->addr, x->addr_first);
		ASSERT_LE(x->addr_first, x->addr_last);
		ASSERT_LE(x->addr_last, pool4_record_last_addr(r));
		ASSERT_LE(r->port_min, x->port_min);
		ASSERT_LE(x->port_min, x->port_max);
		ASSERT_LE(x->port_max, r->port_max);
		if (i) {
			const struct pool4_area *y = x - 1;

			/* Gaps of one address interval neither overlap nor touch. */
			ASSERT_TRUE(y->addr_first < x->addr_first ||
				    (y->addr_first == x->addr_first &&
				     y->addr_last == x->addr_last &&
				     (u32)y->port_max + 1 < x->port_min))
				TH_LOG("seed %u op %u: area %u out of order",
				       st->seed, st->op, i);
			if (y->addr_first != x->addr_first)
				ASSERT_LT(y->addr_last, x->addr_first);
		}
		for (a = x->addr_first; a <= x->addr_last; a++)
			ASSERT_EQ(0U, port_bits(x->port_min, x->port_max) & bits[a - NET])
				TH_LOG("seed %u op %u: area %u covered", st->seed,
				       st->op, i);
		got += (u64)(x->addr_last - x->addr_first + 1) *
		       (x->port_max - x->port_min + 1);
	}
	ASSERT_EQ(want, got) TH_LOG("seed %u op %u", st->seed, st->op);
	check_rows_maximal(_metadata, st, ar);
}

FIXTURE(random) {
	struct pool4_record recs[U_MAX_RECS];
	unsigned int n;
	struct fuzz_state st;
	unsigned int ops;
	long live;
};

/*
 * small: at most 40 records, few overlaps per address.  deep: up to 400
 * records over the same 64 addresses (dozens active at every point, many
 * records of one prefix), with coarse ports that touch and repeat.
 */
FIXTURE_VARIANT(random) {
	unsigned int max_recs;
	unsigned int ops;
	bool coarse;
};

FIXTURE_VARIANT_ADD(random, small) { .max_recs = 40, .ops = 2000 };
FIXTURE_VARIANT_ADD(random, deep) { .max_recs = 400, .ops = 1500 };
FIXTURE_VARIANT_ADD(random, deep_coarse) {
	.max_recs = 400, .ops = 1500, .coarse = true,
};

FIXTURE_SETUP(random)
{
	const char *seed = getenv("POOL4_TEST_SEED");
	const char *ops = getenv("POOL4_TEST_OPS");

	self->n = 0;
	self->st.op = 0;
	self->st.seed = seed ? strtoul(seed, NULL, 0) : (unsigned int)time(NULL);
	self->ops = ops ? strtoul(ops, NULL, 0) : variant->ops;
	self->live = pool4_test_live;
	pool4_test_fail_after = -1;
	srand(self->st.seed);
	TH_LOG("POOL4_TEST_SEED=%u POOL4_TEST_OPS=%u", self->st.seed, self->ops);
}

FIXTURE_TEARDOWN(random)
{
	EXPECT_EQ(self->live, pool4_test_live);
}

static void random_step(struct __test_metadata *_metadata,
			FIXTURE_DATA(random) *self,
			unsigned int max_recs, bool coarse)
{
	struct pool4_record leaving, probe = random_record(coarse);
	struct pool4_snapshot *snap;
	struct model m = { 0 };
	bool removing = self->n == max_recs ||
			(self->n && rand() % 3 == 0);
	unsigned int i;

	if (removing) {
		i = rand() % self->n;
		leaving = self->recs[i];
		self->recs[i] = self->recs[--self->n];
	} else {
		self->recs[self->n++] = probe;
		probe = random_record(coarse);
	}
	for (i = 0; i < self->n; i++)
		model_add(&m, &self->recs[i]);

	snap = build(self->recs, self->n);
	ASSERT_NE(NULL, snap);
	check_snapshot(_metadata, snap);
	check_contains(_metadata, &self->st, snap, &m);
	check_order(_metadata, &self->st, snap, &m);
	check_uncovered(_metadata, &self->st, &probe, snap, &m);
	if (removing)
		check_uncovered(_metadata, &self->st, &leaving, snap, &m);
	pool4_snapshot_free(snap);
}

TEST_F_TIMEOUT(random, against_model, 300)
{
	for (self->st.op = 0; self->st.op < self->ops; self->st.op++)
		random_step(_metadata, self, variant->max_recs, variant->coarse);
}

TEST_HARNESS_MAIN
