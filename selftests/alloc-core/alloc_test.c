// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the allocator (kernel/core/taddr_alloc.c and
 * taddr_occ.c, with the pool4 core, built unchanged against the shims in
 * selftests/lib/kinclude):
 *
 *   make -C selftests/alloc-core run
 *
 * fill.*: pools of 1 address, a /24, a /16 and of several records and
 * ranges are filled with many hosts to 100 %: every allocation must
 * succeed until the pool is full; no transport address twice, all inside
 * the pool; a host keeps its address while that address has free ports
 * (paired pooling); the full pool refuses, and the refusal is counted;
 * releases make exactly that many allocations succeed again; the last
 * release frees the state.
 * two_marks: two marks sharing addresses with different ranges.
 * nomem.*: injected allocation failures, a 10-port pool, and
 * taddr_occ_free() freeing everything.
 * dry_cache_new_snapshot_same_address: a pool found exhausted, then a
 * same-size reconfiguration whose snapshot reuses the old one's memory:
 * the new snapshot's free port is found.
 * no_arrays_until_attached: a state without its hash arrays takes no
 * memory and reads as empty; attached later, it allocates.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "kselftest_harness.h"

/* Every test runs in its own process: each starts from this state. */
static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* -------------------------------------------------- fill to 100 % */

FIXTURE(fill) {
	struct pool4_snapshot *snap;
	const struct pool4_table *table;
	unsigned char *seen;		/* by pool4_table_index() */
	struct taddr_occ occ;
	bool occ_ready;
	u32 *home;			/* by host: its last address */
	u16 *last_port;			/* by host: its last port */
	long live;			/* before the snapshot */
	long live0;			/* with the snapshot, empty state */
};

FIXTURE_VARIANT(fill) {
	struct pool4_record recs[4];
	unsigned int count;
	u32 hosts;
};

#define FILL(name, rec, n) \
	FIXTURE_VARIANT_ADD(fill, name) { .recs = { rec }, .count = 1, .hosts = n }

#define ONE_ADDRESS REC(0, 0xc0000201, 32, 61001, 65535)
#define P24 REC(0, 0xc6120000, 24, 61001, 65535)
#define P16_64_PORTS REC(0, 0xc6120000, 16, 1000, 1063)

FILL(one_address_1_host, ONE_ADDRESS, 1);
FILL(one_address_64_hosts, ONE_ADDRESS, 64);
FILL(p24_1000_hosts, P24, 1000);
FILL(p24_64_hosts, P24, 64);
FILL(p16_10000_hosts, P16_64_PORTS, 10000);

/* ICMP-like range from 0, several ranges and spans, port 65535. */
FIXTURE_VARIANT_ADD(fill, four_records_three_runs) {
	.recs = {
		REC(5, 0xc0000201, 32, 0, 9),
		REC(5, 0xc0000201, 32, 100, 105),
		REC(5, 0xc6336400, 30, 5, 8),
		REC(5, 0xcb007100, 29, 65530, 65535),
	},
	.count = 4, .hosts = 3,
};

FIXTURE_SETUP(fill)
{
	memset(self, 0, sizeof(*self));
	pool4_test_fail_after = -1;
	self->live = pool4_test_live;
	self->snap = build(variant->recs, variant->count);
	ASSERT_NE(NULL, self->snap);
	self->table = pool4_table_find(self->snap, variant->recs[0].mark,
				       JOOL_PROTO_UDP);
	ASSERT_NE(NULL, self->table);
	ASSERT_EQ(0, occ_with_arrays(&self->occ));
	self->occ_ready = true;
	self->live0 = pool4_test_live;
	self->seen = calloc(self->table->size / 8 + 1, 1);
	self->home = calloc(variant->hosts, sizeof(*self->home));
	self->last_port = calloc(variant->hosts, sizeof(*self->last_port));
	ASSERT_TRUE(self->seen && self->home && self->last_port);
}

FIXTURE_TEARDOWN(fill)
{
	if (self->occ_ready)
		taddr_occ_free(&self->occ);
	pool4_snapshot_free(self->snap);
	free(self->seen);
	free(self->home);
	free(self->last_port);
	EXPECT_EQ(self->live, pool4_test_live);
}

/* Marks the result seen; false when outside the pool or a duplicate. */
static bool see(FIXTURE_DATA(fill) *self, u32 addr, u16 port, bool set)
{
	u64 k;

	if (!pool4_table_index(self->table, addr, port, &k))
		return false;
	if (set == !!(self->seen[k >> 3] & (1 << (k & 7))))
		return false;
	self->seen[k >> 3] ^= 1 << (k & 7);
	return true;
}

/* Does @addr have a free port in the table? */
static bool addr_has_free(FIXTURE_DATA(fill) *self, u32 addr)
{
	const struct pool4_table *t = self->table;
	u64 k;
	u32 a;
	u16 port;

	if (!pool4_table_index(t, addr, 0, &k)) {
		/* k of the address's first port: search from the span. */
		u32 s;

		for (s = 0; s < t->span_count; s++) {
			const struct pool4_span *sp = &t->spans[s];

			if (addr >= sp->addr_first && addr <= sp->addr_last) {
				k = sp->before + (u64)(addr - sp->addr_first) * sp->ports;
				break;
			}
		}
	}
	for (; k < t->size; k++) {
		pool4_table_nth(t, k, &a, &port);
		if (a != addr)
			break;
		if (!taddr_is_used(&self->occ, a, port))
			return true;
	}
	return false;
}

/* Allocates for host @h of the variant's mark. */
static int take(FIXTURE_DATA(fill) *self, u32 mark, u32 h, u32 *addr,
		u16 *port)
{
	struct in6_addr src;

	host_addr(&src, h);
	return taddr_alloc(self->snap, JOOL_PROTO_UDP, mark, &src, &self->occ,
			   addr, port);
}

/*
 * Fills the pool to 100 %, hosts in random order, then refuses, releases
 * 1000 (or all), allocates them again and releases everything.
 */
TEST_F_TIMEOUT(fill, to_full_and_back, 240)
{
	const struct pool4_table *t = self->table;
	u32 mark = variant->recs[0].mark, hosts = variant->hosts;
	u64 done = 0, bad_dup = 0, bad_home = 0, bad_seq = 0;
	u64 k, freed = 0, again = 0;
	u32 addr;
	u16 port;
	int err = 0;

	while (done < t->size) {
		u32 h = next() % hosts;

		err = take(self, mark, h, &addr, &port);
		if (err)
			break;
		if (!see(self, addr, port, true))
			bad_dup++;
		/* Paired pooling: no move while the old address has room. */
		if (self->home[h] && addr != self->home[h] &&
		    addr_has_free(self, self->home[h]))
			bad_home++;
		/* A lone host on its own address: the next port (or a wrap). */
		if (self->home[h] == addr && hosts == 1 &&
		    port != self->last_port[h] + 1 && port > self->last_port[h])
			bad_seq++;
		self->home[h] = addr;
		self->last_port[h] = port;
		done++;
	}
	/* Every allocation succeeds until the pool is full. */
	ASSERT_EQ(0, err) TH_LOG("refused (%d) after %llu of %llu", err,
				 (unsigned long long)done,
				 (unsigned long long)t->size);
	ASSERT_EQ(t->size, done);
	/* No duplicate, all in the pool. */
	EXPECT_EQ(0, bad_dup);
	/* Hosts keep their address while it has free ports. */
	EXPECT_EQ(0, bad_home) TH_LOG("moves too early");
	EXPECT_EQ(0, bad_seq) TH_LOG("lone host skipped ports");

	/* The full pool refuses (the BIB counts the refusal). */
	EXPECT_EQ(-ENOSPC, take(self, mark, 12345, &addr, &port));

	/* Release 1000 random ones: exactly that many succeed again. */
	while (freed < 1000 && freed < t->size) {
		k = next() % t->size;
		pool4_table_nth(t, k, &addr, &port);
		if (!taddr_is_used(&self->occ, addr, port))
			continue;
		taddr_release(&self->occ, addr, port);
		see(self, addr, port, false);
		freed++;
	}
	bad_dup = 0;
	for (;;) {
		err = take(self, mark, next() % hosts, &addr, &port);
		if (err)
			break;
		if (!see(self, addr, port, true))
			bad_dup++;
		again++;
	}
	EXPECT_EQ(-ENOSPC, err);
	EXPECT_EQ(freed, again) TH_LOG("allocations after %llu releases",
				       (unsigned long long)freed);
	EXPECT_EQ(0, bad_dup) TH_LOG("after the releases");

	/* Release everything: no memory left but the hash heads. */
	for (k = 0; k < t->size; k++) {
		pool4_table_nth(t, k, &addr, &port);
		taddr_release(&self->occ, addr, port);
	}
	EXPECT_EQ(self->live0, pool4_test_live)
		TH_LOG("state not freed with the last release");
}

/* -------------------------------------------------- two marks */

/* Two marks, same addresses, overlapping but different ranges. */
TEST(two_marks_sharing_addresses)
{
	const struct pool4_record recs[2] = {
		REC(1, 0xc0000200, 28, 1000, 1099),
		REC(2, 0xc0000200, 28, 1050, 1149),
	};
	static unsigned char used[16][65536 / 8];
	long live = pool4_test_live;
	struct pool4_snapshot *snap = build(recs, 2);
	struct taddr_occ occ;
	u64 done = 0, dup = 0, refused_free = 0;
	int streak[3] = { 0, 0, 0 };
	u32 addr, a, mark;
	u16 port, pt;

	ASSERT_NE(NULL, snap);
	ASSERT_EQ(0, occ_with_arrays(&occ));
	while (streak[1] < 3 || streak[2] < 3) {
		struct in6_addr src;

		mark = 1 + next() % 2;
		host_addr(&src, next() % 50);
		if (taddr_alloc(snap, JOOL_PROTO_UDP, mark, &src, &occ, &addr,
				&port)) {
			streak[mark]++;
			continue;
		}
		streak[mark] = 0;
		if (used[addr & 15][port / 8] & (1 << (port % 8)))
			dup++;
		used[addr & 15][port / 8] |= 1 << (port % 8);
		done++;
	}
	/* Both refused thrice in a row: nothing of either may be free. */
	for (a = 0; a < 16; a++)
		for (pt = 1000; pt <= 1149; pt++)
			if (!taddr_is_used(&occ, 0xc0000200 + a, pt))
				refused_free++;
	/* The union filled, no duplicate. */
	EXPECT_EQ(16 * 150, done);
	EXPECT_EQ(0, dup);
	EXPECT_EQ(0, refused_free);
	taddr_occ_free(&occ);
	pool4_snapshot_free(snap);
	EXPECT_EQ(live, pool4_test_live);
}

/* -------------------------------------------------- static entries */

/*
 * Ports a static BIB entry reserved are never handed out, whether they
 * sit in the middle of an address or are its last free ports; the rest
 * of the table is, to the last port; a released reservation is.
 */
TEST(reserved_ports_never_allocated)
{
	const struct pool4_record rec = REC(0, 0xc0000200, 31, 1000, 1063);
	static const u16 rsv_port[] = { 1000, 1031, 1063, 1001, 1062 };
	struct in6_addr rec_src;
	long live = pool4_test_live;
	struct pool4_snapshot *snap = build(&rec, 1);
	struct taddr_occ occ;
	unsigned int i, done = 0, hit = 0;
	u32 addr;
	u16 port;

	ASSERT_NE(NULL, snap);
	ASSERT_EQ(0, occ_with_arrays(&occ));
	/* Five ports of each address. */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(0, taddr_reserve(&occ, 0xc0000200 + i % 2,
					   rsv_port[i / 2]));
	EXPECT_EQ(-EEXIST, taddr_reserve(&occ, 0xc0000200, 1031));
	for (;;) {
		struct in6_addr src;

		host_addr(&src, next() % 20);
		if (taddr_alloc(snap, JOOL_PROTO_UDP, 0, &src, &occ, &addr,
				&port))
			break;
		done++;
		for (i = 0; i < 10; i++)
			if (port == rsv_port[i / 2] &&
			    addr == 0xc0000200 + i % 2)
				hit++;
	}
	EXPECT_EQ(128 - 10, done);
	EXPECT_EQ(0, hit);
	host_addr(&rec_src, 3);
	taddr_release(&occ, 0xc0000201, 1031);
	ASSERT_EQ(0, taddr_alloc(snap, JOOL_PROTO_UDP, 0, &rec_src, &occ,
				 &addr, &port));
	EXPECT_EQ(0xc0000201, addr);
	EXPECT_EQ(1031, port);
	taddr_occ_free(&occ);
	pool4_snapshot_free(snap);
	EXPECT_EQ(live, pool4_test_live);
}

/* -------------------------------------------------- out of memory */

FIXTURE(nomem) {
	struct pool4_record rec;
	struct pool4_snapshot *snap;
	struct taddr_occ occ;
	bool occ_ready;
	struct in6_addr src;
	long live;			/* with the snapshot, no state */
	long live0;			/* with the snapshot, empty state */
};

FIXTURE_SETUP(nomem)
{
	const struct pool4_record r = REC(0, 0xc0000201, 32, 2000, 2009);

	memset(self, 0, sizeof(*self));
	pool4_test_fail_after = -1;
	self->rec = r;
	self->snap = build(&self->rec, 1);
	ASSERT_NE(NULL, self->snap);
	self->live = pool4_test_live;
	ASSERT_EQ(0, occ_with_arrays(&self->occ));
	self->occ_ready = true;
	self->live0 = pool4_test_live;
	host_addr(&self->src, 7);
}

/* taddr_occ_free() frees everything, flows in use or not. */
FIXTURE_TEARDOWN(nomem)
{
	if (self->occ_ready)
		taddr_occ_free(&self->occ);
	EXPECT_EQ(self->live, pool4_test_live);
	pool4_snapshot_free(self->snap);
}

/* 11 tries on the 10-port pool: how many succeed. */
static int flows(FIXTURE_DATA(nomem) *self)
{
	int ok = 0, i;
	u32 addr;
	u16 port;

	for (i = 0; i < 11; i++)
		ok += !taddr_alloc(self->snap, JOOL_PROTO_UDP, 0, &self->src,
				   &self->occ, &addr, &port);
	return ok;
}

/*
 * The allocation after @after successful ones fails: -ENOMEM, nothing
 * kept, and the pool still gives its 10 flows afterwards.
 */
static void fail_once(struct __test_metadata *_metadata,
		      FIXTURE_DATA(nomem) *self, long after)
{
	u32 addr;
	u16 port;

	pool4_test_fail_after = after;
	EXPECT_EQ(-ENOMEM, taddr_alloc(self->snap, JOOL_PROTO_UDP, 0, &self->src,
				       &self->occ, &addr, &port));
	EXPECT_TRUE(pool4_test_failed);
	EXPECT_EQ(self->live0, pool4_test_live);
	EXPECT_EQ(10, flows(self));
}

/* The first GFP_ATOMIC allocation (the address state) fails. */
TEST_F(nomem, atomic_failure)
{
	fail_once(_metadata, self, 0);
}

/* The address state succeeds, its chunk fails: the state is freed. */
TEST_F(nomem, chunk_failure)
{
	fail_once(_metadata, self, 1);
}

/* 10 ports: 10 flows, the 11th refused; all freed by taddr_occ_free(). */
TEST_F(nomem, ten_port_pool)
{
	EXPECT_EQ(10, flows(self));
	taddr_occ_free(&self->occ);
	self->occ_ready = false;
	EXPECT_EQ(self->live, pool4_test_live);
}

/* -------------------------------------------------- dry cache */

/* Room for a snapshot of one table, one span and one range. */
struct one_table_snapshot {
	struct pool4_snapshot snap;
	struct pool4_table table;
	struct pool4_span span;
	struct pool4_port_range range;
};

/*
 * Moves @src, a snapshot of one table, span and range, into @mem and frees
 * it: what the kernel's allocator may do to a snapshot built after the
 * previous one was freed.
 */
static struct pool4_snapshot *reuse(struct one_table_snapshot *mem,
				    struct pool4_snapshot *src)
{
	mem->snap = *src;
	mem->table = src->tables[0];
	mem->span = src->tables[0].spans[0];
	mem->range = src->tables[0].ranges[0];
	mem->snap.tables = &mem->table;
	mem->table.spans = &mem->span;
	mem->table.ranges = &mem->range;
	pool4_snapshot_free(src);
	return &mem->snap;
}

static int alloc1(struct pool4_snapshot *snap, struct taddr_occ *occ,
		  u32 *addr, u16 *port)
{
	struct in6_addr src;

	host_addr(&src, 1);
	return taddr_alloc(snap, JOOL_PROTO_UDP, 0, &src, occ, addr, port);
}

/*
 * A one-port pool is exhausted; it is replaced by another one-port pool
 * (same size) whose snapshot lands at the old one's address: the new
 * flow gets the new port, not the old pool's exhaustion.
 */
TEST(dry_cache_new_snapshot_same_address)
{
	const struct pool4_record old_rec = REC(0, 0xc0000201, 32, 1000, 1000);
	const struct pool4_record new_rec = REC(0, 0xc0000202, 32, 1000, 1000);
	static struct one_table_snapshot mem;
	struct pool4_snapshot *snap, *built;
	long live = pool4_test_live;
	struct taddr_occ occ;
	u32 addr;
	u16 port;

	ASSERT_EQ(0, occ_with_arrays(&occ));
	built = build(&old_rec, 1);
	ASSERT_NE(NULL, built);
	ASSERT_EQ(1, built->table_count);
	ASSERT_EQ(1, built->tables[0].span_count);
	snap = reuse(&mem, built);
	ASSERT_EQ(0, alloc1(snap, &occ, &addr, &port));
	EXPECT_EQ(0xc0000201, addr);
	ASSERT_EQ(-ENOSPC, alloc1(snap, &occ, &addr, &port));

	built = build(&new_rec, 1);
	ASSERT_NE(NULL, built);
	ASSERT_EQ(1, built->tables[0].span_count);
	snap = reuse(&mem, built);
	ASSERT_EQ(snap->tables[0].size, 1);
	EXPECT_EQ(0, alloc1(snap, &occ, &addr, &port));
	EXPECT_EQ(0xc0000202, addr);
	EXPECT_EQ(1000, port);
	EXPECT_EQ(-ENOSPC, alloc1(snap, &occ, &addr, &port));
	taddr_occ_free(&occ);
	EXPECT_EQ(live, pool4_test_live);
}

/*
 * An occupancy state without its arrays (a protocol without pool4
 * records) costs no allocation and reads as empty: nothing to take,
 * nothing used, releases and freeing do nothing.  The arrays are made
 * both or neither; once attached, the same state allocates.
 */
TEST(no_arrays_until_attached)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1000, 1001);
	struct pool4_snapshot *snap = build(&rec, 1);
	struct taddr_arrays a;
	struct taddr_occ occ;
	struct in6_addr owner;
	long live = pool4_test_live;
	u32 addr;
	u16 port;

	ASSERT_NE(NULL, snap);
	live = pool4_test_live;
	taddr_occ_init(&occ);
	EXPECT_EQ(live, pool4_test_live);
	EXPECT_FALSE(taddr_occ_ready(&occ));
	EXPECT_EQ(-ENXIO, alloc1(snap, &occ, &addr, &port));
	prefix_of(&owner, 1);
	EXPECT_EQ(-ENXIO, taddr_alloc_block(snap, JOOL_PROTO_UDP, 0, &owner,
					    0, &occ, 64, &addr, &port));
	EXPECT_EQ(-ENOMEM, taddr_reserve(&occ, 0xc0000201, 1000));
	EXPECT_FALSE(taddr_is_used(&occ, 0xc0000201, 1000));
	taddr_release(&occ, 0xc0000201, 1000);
	taddr_release_block(&occ, 0xc0000201, 1024, 64);
	EXPECT_EQ(live, pool4_test_live);

	/* The second array fails: neither is left behind. */
	pool4_test_fail_after = 1;
	EXPECT_EQ(-ENOMEM, taddr_arrays_alloc(&a));
	EXPECT_EQ(NULL, a.addrs);
	EXPECT_EQ(NULL, a.sums);
	EXPECT_EQ(live, pool4_test_live);

	ASSERT_EQ(0, taddr_arrays_alloc(&a));
	taddr_occ_attach(&occ, &a);
	EXPECT_EQ(NULL, a.addrs);
	taddr_arrays_free(&a);		/* attached: nothing left to free */
	EXPECT_TRUE(taddr_occ_ready(&occ));
	EXPECT_EQ(0, alloc1(snap, &occ, &addr, &port));
	EXPECT_TRUE(taddr_is_used(&occ, addr, port));
	EXPECT_EQ(0, taddr_reserve(&occ, 0xc0000201, 2000));
	taddr_occ_free(&occ);
	EXPECT_FALSE(taddr_occ_ready(&occ));
	taddr_occ_free(&occ);		/* twice, as a failed start may */
	EXPECT_EQ(live, pool4_test_live);
	pool4_snapshot_free(snap);
}

TEST_HARNESS_MAIN
