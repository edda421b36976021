// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of port blocks (kernel/core/port_block.c on top of
 * taddr_block.c, taddr_occ.c and the pool4 core, built unchanged against
 * the shims in selftests/lib/kinclude):
 *
 *   make -C selftests/alloc-core run
 *
 * A subscriber's 100 flows take ports of two aligned blocks on one
 * address, reserved only when the one before is full, and the blocks go
 * back with their last port; owners never share a block nor a port;
 * a small pool runs out of blocks (-ENOSPC, nothing kept) and a released
 * block serves the next owner; blocks of another size and per-flow ports
 * never overlap; a block that lost ports to a pool4 change gives no new
 * flows; a failed allocation keeps nothing; a subscriber's UDP and TCP
 * blocks share an address; a /16 with a port taken in every block
 * refuses, keeping nothing; a flood of owners on a /16 fills every block
 * exactly once; a table without its hashes takes no memory and refuses
 * (-ENOMEM), keeping nothing, until they are attached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/port_block.h"
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(blk) {
	struct pool4_snapshot *snap;
	struct taddr_occ occ;
	struct pblk_table pt;
	long live;
};

/* A table with its hashes, as the BIB makes it when port blocks go on. */
static int table_ready(struct pblk_table *pt)
{
	struct pblk_hashes *h = pblk_hashes_alloc();

	pblk_table_init(pt);
	if (!h)
		return -ENOMEM;
	pblk_table_attach(pt, h);
	return 0;
}

FIXTURE_SETUP(blk)
{
	memset(self, 0, sizeof(*self));
	pool4_test_fail_after = -1;
	pblk_init();
	taddr_init();
	self->live = pool4_test_live;
	ASSERT_EQ(0, occ_with_arrays(&self->occ));
	ASSERT_EQ(0, table_ready(&self->pt));
}

FIXTURE_TEARDOWN(blk)
{
	pblk_table_free(&self->pt);
	taddr_occ_free(&self->occ);
	pool4_snapshot_free(self->snap);
	self->snap = NULL;
	EXPECT_EQ(self->live, pool4_test_live);
}

static int take(FIXTURE_DATA(blk) *self, u32 owner, u32 size, u32 *addr,
		u16 *port, struct pblk_event *ev)
{
	struct in6_addr prefix;

	prefix_of(&prefix, owner);
	return pblk_alloc(&self->pt, &self->occ, self->snap, JOOL_PROTO_UDP,
			  0, &prefix, 64, size, addr, port, ev);
}

static bool give(FIXTURE_DATA(blk) *self, u32 addr, u16 port,
		 struct pblk_event *ev)
{
	return pblk_release(&self->pt, &self->occ, addr, port, ev);
}

TEST(sizes)
{
	EXPECT_FALSE(pblk_size_valid(0));
	EXPECT_FALSE(pblk_size_valid(4));
	EXPECT_TRUE(pblk_size_valid(8));
	EXPECT_TRUE(pblk_size_valid(64));
	EXPECT_FALSE(pblk_size_valid(100));
	EXPECT_TRUE(pblk_size_valid(4096));
	EXPECT_FALSE(pblk_size_valid(8192));
}

/* 100 flows, 64-port blocks: two blocks, one address, one event each. */
TEST_F(blk, one_owner_100_flows_two_blocks)
{
	const struct pool4_record rec = REC(0, 0xc0000200, 24, 61001, 65535);
	struct pblk_event ev, made[2];
	u32 addr[100], i, events = 0;
	u16 port[100];

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, take(self, 1, 64, &addr[i], &port[i], &ev));
		if (ev.size) {
			ASSERT_GT(2, events);
			made[events++] = ev;
			/* A new block only when the one before is full. */
			EXPECT_EQ(events == 1 ? 0 : 64, i);
		}
		EXPECT_EQ(addr[0], addr[i]);
	}
	ASSERT_EQ(2, events);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(64, made[i].size);
		EXPECT_EQ(0, made[i].first % 64);
		EXPECT_EQ(addr[0], made[i].addr);
		EXPECT_EQ(64, made[i].len);
		EXPECT_LE(61001, made[i].first);
	}
	EXPECT_NE(made[0].first, made[1].first);
	/* Successive ports; every port of both blocks used in occ. */
	for (i = 0; i < 100; i++) {
		u16 first = made[i < 64 ? 0 : 1].first;

		EXPECT_EQ(first + i % 64, port[i]);
	}
	for (i = 0; i < 64; i++) {
		EXPECT_TRUE(taddr_is_used(&self->occ, addr[0],
					  made[0].first + i));
		EXPECT_TRUE(taddr_is_used(&self->occ, addr[0],
					  made[1].first + i));
	}
	EXPECT_EQ(2, self->pt.count);
	/* Every port of a block is held, used or not; none beside them. */
	EXPECT_TRUE(pblk_holds(&self->pt, addr[0], made[0].first));
	EXPECT_TRUE(pblk_holds(&self->pt, addr[0], made[1].first + 63));
	EXPECT_FALSE(pblk_holds(&self->pt, addr[0], 61001));
	EXPECT_FALSE(pblk_holds(&self->pt, addr[0] + 1, made[0].first));
	/* The blocks go with their last port, not before. */
	events = 0;
	for (i = 0; i < 100; i++) {
		EXPECT_TRUE(give(self, addr[i], port[i], &ev));
		if (ev.size) {
			events++;
			EXPECT_EQ(i == 63 ? made[0].first : made[1].first,
				  ev.first);
			EXPECT_TRUE(i == 63 || i == 99);
		}
	}
	EXPECT_EQ(2, events);
	EXPECT_EQ(0, self->pt.count);
	EXPECT_FALSE(taddr_is_used(&self->occ, addr[0], made[0].first));
	EXPECT_FALSE(pblk_holds(&self->pt, addr[0], made[1].first + 63));
	/* Not a block's port: the caller releases it per flow. */
	EXPECT_FALSE(give(self, addr[0], 61001, &ev));
}

/* Owners hold blocks of their own; ports are never shared. */
TEST_F(blk, owners_apart)
{
	const struct pool4_record rec = REC(0, 0xc0000200, 30, 61001, 65535);
	static u8 seen[4][65536];
	struct pblk_event ev;
	u32 o, i, a, addr, blocks = 0;
	u16 port;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	for (o = 0; o < 50; o++) {
		for (i = 0; i < 20; i++) {
			ASSERT_EQ(0, take(self, o, 16, &addr, &port, &ev));
			ASSERT_EQ(0xc0000200, addr & ~3U);
			EXPECT_EQ(0, seen[addr & 3][port]);
			seen[addr & 3][port] = o + 1;
			blocks += !!ev.size;
		}
	}
	EXPECT_EQ(100, blocks);
	/* A block's ports are one owner's. */
	for (a = 0; a < 4; a++) {
		for (i = 0; i < 65536; i++) {
			u8 first = seen[a][i & ~15U];

			EXPECT_TRUE(!seen[a][i] || !first ||
				    seen[a][i] == first);
		}
	}
}

/* Two blocks in the pool: the third is refused until one comes back. */
TEST_F(blk, exhaustion_and_return)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1024, 1151);
	struct pblk_event ev;
	u32 addr[128], a, i;
	u16 port[128], p;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, take(self, 1, 64, &addr[i], &port[i], &ev));
	EXPECT_EQ(-ENOSPC, take(self, 2, 64, &a, &p, &ev));
	EXPECT_EQ(0, ev.size);
	/* Twice: the second answer comes from the dry memo. */
	EXPECT_EQ(-ENOSPC, take(self, 2, 64, &a, &p, &ev));
	/* The owner itself still fills its blocks, then is refused. */
	for (; i < 128; i++)
		ASSERT_EQ(0, take(self, 1, 64, &addr[i], &port[i], &ev));
	EXPECT_EQ(-ENOSPC, take(self, 1, 64, &a, &p, &ev));
	/* The first block comes back with its last port. */
	for (i = 0; i < 64; i++)
		EXPECT_TRUE(give(self, addr[i], port[i], &ev));
	EXPECT_EQ(64, ev.size);
	ASSERT_EQ(0, take(self, 2, 64, &a, &p, &ev));
	EXPECT_EQ(64, ev.size);
	EXPECT_EQ(1024, ev.first);
	EXPECT_EQ(1024, p);
	EXPECT_TRUE(give(self, a, p, &ev));
	for (; i < 128; i++)
		EXPECT_TRUE(give(self, addr[i], port[i], &ev));
	EXPECT_EQ(0, self->pt.count);
}

/*
 * Sizes change: a 64-port block stays its owner's, a 128-port one of a
 * new owner does not overlap it, and releases find both; per-flow ports
 * and blocks never overlap either.
 */
TEST_F(blk, sizes_and_per_flow_apart)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1024, 1535);
	struct pblk_event ev;
	struct in6_addr host;
	u32 a1, a2, a3, af;
	u16 p1, p2, p3, pf;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	/* A per-flow port first: its block is not free. */
	prefix_of(&host, 99);
	ASSERT_EQ(0, taddr_alloc(self->snap, JOOL_PROTO_UDP, 0, &host,
				 &self->occ, &af, &pf));
	ASSERT_EQ(0, take(self, 1, 64, &a1, &p1, &ev));
	EXPECT_NE(pf / 64, p1 / 64);
	ASSERT_EQ(0, take(self, 2, 128, &a2, &p2, &ev));
	EXPECT_EQ(128, ev.size);
	EXPECT_EQ(0, ev.first % 128);
	EXPECT_NE(p1 / 128, p2 / 128);
	EXPECT_NE(pf / 128, p2 / 128);
	/* Owner 1 keeps its 64-port block whatever the size asked now. */
	ASSERT_EQ(0, take(self, 1, 128, &a3, &p3, &ev));
	EXPECT_EQ(0, ev.size);
	EXPECT_EQ(p1 + 1, p3);
	/* Per-flow allocation skips the blocks' ports. */
	while (!taddr_alloc(self->snap, JOOL_PROTO_UDP, 0, &host, &self->occ,
			    &af, &pf)) {
		EXPECT_NE(p1 / 64, pf / 64);
		EXPECT_NE(p2 / 128, pf / 128);
	}
	EXPECT_TRUE(give(self, a1, p1, &ev));
	EXPECT_EQ(0, ev.size);
	EXPECT_TRUE(give(self, a3, p3, &ev));
	EXPECT_EQ(64, ev.size);
	EXPECT_TRUE(give(self, a2, p2, &ev));
	EXPECT_EQ(128, ev.size);
	EXPECT_EQ(0, self->pt.count);
	/* Every block port went back; the per-flow ones stay. */
	EXPECT_FALSE(taddr_is_used(&self->occ, a1, p1));
	EXPECT_FALSE(taddr_is_used(&self->occ, a2, p2));
}

/* A pool4 change took half of a block: it gives no new ports. */
TEST_F(blk, retired_block)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1024, 1151);
	const struct pool4_record cut = REC(0, 0xc0000201, 32, 1024, 1055);
	struct pool4_snapshot *old;
	struct pblk_event ev;
	u32 a1, a2;
	u16 p1, p2;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	ASSERT_EQ(0, take(self, 1, 64, &a1, &p1, &ev));
	EXPECT_EQ(1024, p1);
	old = self->snap;
	self->snap = build(&cut, 1);
	pool4_snapshot_free(old);
	ASSERT_NE(NULL, self->snap);
	/* 1024-1087 is no longer whole: no new port from it ... */
	EXPECT_EQ(-ENOSPC, take(self, 1, 64, &a2, &p2, &ev));
	/* ... and its ports stay reserved until its last entry goes. */
	EXPECT_EQ(-ENOSPC, take(self, 2, 32, &a2, &p2, &ev));
	EXPECT_TRUE(give(self, a1, p1, &ev));
	EXPECT_EQ(64, ev.size);
	ASSERT_EQ(0, take(self, 2, 32, &a2, &p2, &ev));
	EXPECT_EQ(32, ev.size);
	EXPECT_EQ(1024, ev.first);
	EXPECT_TRUE(give(self, a2, p2, &ev));
	EXPECT_EQ(32, ev.size);
	EXPECT_EQ(0, self->pt.count);
}

/* Any allocation failing: -ENOMEM, nothing kept, then it works. */
TEST_F(blk, nomem)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1024, 1151);
	struct pblk_event ev;
	long live0, n;
	int err;
	u32 a;
	u16 p;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	live0 = pool4_test_live;
	for (n = 0; n < 10; n++) {
		pool4_test_fail_after = n;
		pool4_test_failed = false;
		err = take(self, 1, 64, &a, &p, &ev);
		if (!pool4_test_failed) {
			ASSERT_EQ(0, err);
			EXPECT_TRUE(give(self, a, p, &ev));
			break;
		}
		EXPECT_EQ(-ENOMEM, err);
		EXPECT_EQ(live0, pool4_test_live);
		EXPECT_EQ(0, self->pt.count);
	}
	pool4_test_fail_after = -1;
	/* Owner, address state, chunk, block. */
	EXPECT_EQ(4, n);
	EXPECT_EQ(live0, pool4_test_live);
}

/*
 * Port blocks never on: the table allocated nothing, and a flow that
 * asks it for a block anyway is refused as out of memory, taking no port;
 * attached, the hashes serve it.
 */
TEST_F(blk, no_hashes)
{
	const struct pool4_record rec = REC(0, 0xc0000201, 32, 1024, 1151);
	struct pblk_event ev;
	struct pblk_hashes *h;
	long live0;
	u32 a = 0;
	u16 p = 0;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	pblk_table_free(&self->pt);
	live0 = pool4_test_live;
	pblk_table_init(&self->pt);
	EXPECT_FALSE(pblk_table_ready(&self->pt));
	EXPECT_EQ(live0, pool4_test_live);
	EXPECT_EQ(-ENOMEM, take(self, 1, 64, &a, &p, &ev));
	EXPECT_EQ(0, ev.size);
	EXPECT_EQ(0, self->pt.count);
	EXPECT_EQ(live0, pool4_test_live);
	EXPECT_FALSE(taddr_is_used(&self->occ, 0xc0000201, 1024));
	EXPECT_FALSE(pblk_holds(&self->pt, 0xc0000201, 1024));
	EXPECT_FALSE(give(self, 0xc0000201, 1024, &ev));
	/* The hashes' own allocation failing leaves the table as it was. */
	pool4_test_fail_after = 0;
	EXPECT_EQ(NULL, pblk_hashes_alloc());
	pool4_test_fail_after = -1;
	EXPECT_EQ(live0, pool4_test_live);
	h = pblk_hashes_alloc();
	ASSERT_NE(NULL, h);
	pblk_table_attach(&self->pt, h);
	EXPECT_TRUE(pblk_table_ready(&self->pt));
	ASSERT_EQ(0, take(self, 1, 64, &a, &p, &ev));
	EXPECT_EQ(64, ev.size);
	EXPECT_TRUE(taddr_is_used(&self->occ, a, p));
	EXPECT_TRUE(give(self, a, p, &ev));
	EXPECT_EQ(64, ev.size);
}

/*
 * Marks sharing an address with ranges of their own: the ports mark 20
 * uses there leave mark 10's blocks free, and mark 10 gets them.
 */
TEST_F(blk, marks_share_an_address)
{
	const struct pool4_record recs[2] = {
		REC(10, 0xc0000201, 32, 10240, 10495),
		REC(20, 0xc0000201, 32, 10496, 11519),
	};
	struct pblk_event ev;
	struct in6_addr prefix;
	u32 a, n = 0;
	u16 p;

	self->snap = build(recs, 2);
	ASSERT_NE(NULL, self->snap);
	prefix_of(&prefix, 7);
	while (!taddr_alloc(self->snap, JOOL_PROTO_UDP, 20, &prefix,
			    &self->occ, &a, &p))
		n++;
	ASSERT_EQ(1024, n);
	for (n = 0; n < 4; n++) {
		prefix_of(&prefix, n);
		ASSERT_EQ(0, pblk_alloc(&self->pt, &self->occ, self->snap,
					JOOL_PROTO_UDP, 10, &prefix, 64, 64,
					&a, &p, &ev));
		EXPECT_EQ(64, ev.size);
		EXPECT_EQ(10240 + n * 64, ev.first);
	}
	prefix_of(&prefix, 4);
	EXPECT_EQ(-ENOSPC, pblk_alloc(&self->pt, &self->occ, self->snap,
				      JOOL_PROTO_UDP, 10, &prefix, 64, 64, &a,
				      &p, &ev));
}

/*
 * Paired pooling: a subscriber's UDP and TCP blocks, each protocol with
 * its own tables, are on one address when both pools hold the same.
 */
TEST_F(blk, paired_across_protocols)
{
	struct pool4_record recs[2] = {
		REC(0, 0xc0000200, 24, 61001, 65535),
		REC(0, 0xc0000200, 24, 61001, 65535),
	};
	struct pblk_table tcp_pt;
	struct taddr_occ tcp_occ;
	struct pblk_event ev;
	struct in6_addr prefix;
	u32 o, a_udp, a_tcp, same = 0;
	u16 p_udp, p_tcp;

	recs[1].proto = JOOL_PROTO_TCP;
	self->snap = build(recs, 2);
	ASSERT_NE(NULL, self->snap);
	ASSERT_EQ(0, occ_with_arrays(&tcp_occ));
	ASSERT_EQ(0, table_ready(&tcp_pt));
	for (o = 0; o < 100; o++) {
		prefix_of(&prefix, o);
		ASSERT_EQ(0, take(self, o, 64, &a_udp, &p_udp, &ev));
		ASSERT_EQ(0, pblk_alloc(&tcp_pt, &tcp_occ, self->snap,
					JOOL_PROTO_TCP, 0, &prefix, 64, 64,
					&a_tcp, &p_tcp, &ev));
		same += a_udp == a_tcp;
	}
	EXPECT_EQ(100, same);
	pblk_table_free(&tcp_pt);
	taddr_occ_free(&tcp_occ);
}

/*
 * Near exhaustion: a /16 whose every block has one port taken per flow
 * has no free block; the search gives up (bounded: the test's time
 * limit, a few milliseconds per call) and keeps nothing.
 */
TEST_F(blk, fragmented_p16_refuses)
{
	const struct pool4_record rec = REC(0, 0xc6120000, 16, 1024, 1279);
	struct pblk_event ev;
	long live;
	u32 a, o;
	u16 p;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	for (a = 0; a < 65536; a++)
		for (p = 1024; p < 1280; p += 64)
			ASSERT_EQ(0, taddr_reserve(&self->occ, 0xc6120000 + a,
						   p + 5));
	live = pool4_test_live;
	for (o = 0; o < 1000; o++)
		ASSERT_EQ(-ENOSPC, take(self, o, 64, &a, &p, &ev));
	EXPECT_EQ(live, pool4_test_live);
	EXPECT_EQ(0, self->pt.count);
}

/*
 * A /16 of 4 blocks per address (262,144 blocks): owners by the
 * thousand fill every block once, then are refused; the search stays
 * bounded (the test's time limit), and releases give everything back.
 */
TEST_F_TIMEOUT(blk, p16_to_full, 120)
{
	const struct pool4_record rec = REC(0, 0xc6120000, 16, 1024, 1279);
	static u8 used[65536][4];
	struct pblk_event ev;
	u32 o, a, blocks = 0, dup = 0;
	u16 p;

	self->snap = build(&rec, 1);
	ASSERT_NE(NULL, self->snap);
	for (o = 0; o < 262144; o++) {
		if (take(self, o, 64, &a, &p, &ev))
			break;
		blocks++;
		dup += used[a & 0xffff][(p - 1024) / 64]++;
	}
	EXPECT_EQ(262144, blocks);
	EXPECT_EQ(0, dup);
	EXPECT_EQ(-ENOSPC, take(self, o, 64, &a, &p, &ev));
	for (a = 0; a < 65536; a++)
		for (p = 0; p < 4; p++)
			EXPECT_TRUE(give(self, 0xc6120000 + a,
					 1024 + p * 64, &ev));
	EXPECT_EQ(0, self->pt.count);
}

TEST_HARNESS_MAIN
