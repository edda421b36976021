// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the TCP session state machine
 * (kernel/core/session_state.c, built unchanged):
 *
 *   make -C selftests/session-core run
 *
 * transitions: one row per (state, packet, direction) of RFC 6146 section
 * 3.5.2.2, with the state it leads to and whether the packet restarts the
 * session's lifetime; every state meets every kind of packet from both
 * sides.
 * lifetimes: what each state grants (TCP_TRANS, 4 minutes, while opening
 * or closing; TCP_EST, 2 hours 4 minutes, established or half closed).
 * tick_end: the 16-bit clock of a session's last packet.
 * syn4_fates: an IPv4 SYN without a session, one row per case of the
 * CLOSED state: translated, kept in the SYN store, dropped because the
 * store is full, or refused as without a store.
 */
#include <linux/jiffies.h>
#include <linux/tcp.h>
#include <string.h>

#include "core/proto.h"
#include "core/session_state.h"
#include "kselftest_harness.h"

enum pkt { SYN, SYNACK, ACK, FIN, RST };

struct row {
	u8 state;
	enum pkt pkt;
	bool from6;
	u8 next;
	bool refresh;
};

#define V6 true
#define V4 false

/* RFC 6146 section 3.5.2.2, as read in kernel/core/session_state.c. */
static const struct row rows[] = {
	/* V6 INIT: the V4 SYN completes, a V6 SYN is a retry. */
	{ SESSION_V6_INIT, SYN, V4, SESSION_ESTABLISHED, true },
	{ SESSION_V6_INIT, SYNACK, V4, SESSION_ESTABLISHED, true },
	{ SESSION_V6_INIT, SYN, V6, SESSION_V6_INIT, true },
	{ SESSION_V6_INIT, ACK, V6, SESSION_V6_INIT, false },
	{ SESSION_V6_INIT, ACK, V4, SESSION_V6_INIT, false },
	{ SESSION_V6_INIT, FIN, V4, SESSION_V6_INIT, false },
	{ SESSION_V6_INIT, RST, V4, SESSION_V6_INIT, false },
	{ SESSION_V6_INIT, RST, V6, SESSION_V6_INIT, false },
	/* V4 INIT: the V6 SYN completes (simultaneous open too). */
	{ SESSION_V4_INIT, SYN, V6, SESSION_ESTABLISHED, true },
	{ SESSION_V4_INIT, SYNACK, V6, SESSION_ESTABLISHED, true },
	{ SESSION_V4_INIT, SYN, V4, SESSION_V4_INIT, false },
	{ SESSION_V4_INIT, ACK, V4, SESSION_V4_INIT, false },
	{ SESSION_V4_INIT, ACK, V6, SESSION_V4_INIT, false },
	{ SESSION_V4_INIT, FIN, V6, SESSION_V4_INIT, false },
	{ SESSION_V4_INIT, RST, V6, SESSION_V4_INIT, false },
	/* ESTABLISHED: FIN half-closes, RST goes transitory, all refresh. */
	{ SESSION_ESTABLISHED, ACK, V6, SESSION_ESTABLISHED, true },
	{ SESSION_ESTABLISHED, ACK, V4, SESSION_ESTABLISHED, true },
	{ SESSION_ESTABLISHED, SYN, V6, SESSION_ESTABLISHED, true },
	{ SESSION_ESTABLISHED, FIN, V6, SESSION_V6_FIN, true },
	{ SESSION_ESTABLISHED, FIN, V4, SESSION_V4_FIN, true },
	{ SESSION_ESTABLISHED, RST, V6, SESSION_TRANS, true },
	{ SESSION_ESTABLISHED, RST, V4, SESSION_TRANS, true },
	/* V6 FIN RCV: the V4 FIN closes; anything else refreshes. */
	{ SESSION_V6_FIN, FIN, V4, SESSION_V6_V4_FIN, true },
	{ SESSION_V6_FIN, FIN, V6, SESSION_V6_FIN, true },
	{ SESSION_V6_FIN, ACK, V4, SESSION_V6_FIN, true },
	{ SESSION_V6_FIN, ACK, V6, SESSION_V6_FIN, true },
	{ SESSION_V6_FIN, RST, V4, SESSION_V6_FIN, true },
	/* V4 FIN RCV: the V6 FIN closes; anything else refreshes. */
	{ SESSION_V4_FIN, FIN, V6, SESSION_V6_V4_FIN, true },
	{ SESSION_V4_FIN, FIN, V4, SESSION_V4_FIN, true },
	{ SESSION_V4_FIN, ACK, V6, SESSION_V4_FIN, true },
	{ SESSION_V4_FIN, RST, V6, SESSION_V4_FIN, true },
	/* V6 FIN + V4 FIN RCV: nothing moves it, nothing refreshes it. */
	{ SESSION_V6_V4_FIN, ACK, V6, SESSION_V6_V4_FIN, false },
	{ SESSION_V6_V4_FIN, ACK, V4, SESSION_V6_V4_FIN, false },
	{ SESSION_V6_V4_FIN, FIN, V6, SESSION_V6_V4_FIN, false },
	{ SESSION_V6_V4_FIN, SYN, V4, SESSION_V6_V4_FIN, false },
	{ SESSION_V6_V4_FIN, RST, V4, SESSION_V6_V4_FIN, false },
	/* TRANS: any packet but a RST re-establishes. */
	{ SESSION_TRANS, ACK, V6, SESSION_ESTABLISHED, true },
	{ SESSION_TRANS, ACK, V4, SESSION_ESTABLISHED, true },
	{ SESSION_TRANS, FIN, V4, SESSION_ESTABLISHED, true },
	{ SESSION_TRANS, RST, V6, SESSION_TRANS, false },
	{ SESSION_TRANS, RST, V4, SESSION_TRANS, false },
};

static const char *const pkt_names[] = { "SYN", "SYN+ACK", "ACK", "FIN",
					 "RST" };

static void make_pkt(struct tcphdr *th, enum pkt pkt)
{
	memset(th, 0, sizeof(*th));
	th->doff = 5;
	th->syn = pkt == SYN || pkt == SYNACK;
	th->ack = pkt != SYN;
	th->fin = pkt == FIN;
	th->rst = pkt == RST;
}

TEST(transitions)
{
	struct tcphdr th;
	bool refresh;
	unsigned int i;
	u8 next;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];

		make_pkt(&th, r->pkt);
		refresh = !r->refresh;
		next = session_state_next(r->state, &th, r->from6, &refresh);
		TH_LOG("%s + %s from %s -> %s%s", session_state_name(r->state),
		       pkt_names[r->pkt], r->from6 ? "IPv6" : "IPv4",
		       session_state_name(next), refresh ? ", refreshed" : "");
		EXPECT_EQ(r->next, next);
		EXPECT_EQ(r->refresh, refresh);
	}
}

/* Every (state, packet, direction) has a row: the table leaves no gap. */
TEST(table_covers_every_state)
{
	u8 state;
	unsigned int i;
	bool seen;

	for (state = SESSION_V6_INIT; state < SESSION_OPEN; state++) {
		seen = false;
		for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			seen |= rows[i].state == state;
		EXPECT_TRUE(seen) TH_LOG("no row for %s",
					 session_state_name(state));
	}
}

/* Distinct values, so that a lifetime taken from the wrong field shows. */
TEST(lifetimes)
{
	const struct session_timeouts to = {
		.udp = 11, .tcp_est = 22, .tcp_trans = 33, .icmp = 44,
	};
	const unsigned long trans = 33 * HZ, est = 22 * HZ;

	EXPECT_EQ(trans, session_lifetime(JOOL_PROTO_TCP, SESSION_V6_INIT, &to));
	EXPECT_EQ(trans, session_lifetime(JOOL_PROTO_TCP, SESSION_V4_INIT, &to));
	EXPECT_EQ(est, session_lifetime(JOOL_PROTO_TCP, SESSION_ESTABLISHED, &to));
	EXPECT_EQ(est, session_lifetime(JOOL_PROTO_TCP, SESSION_V6_FIN, &to));
	EXPECT_EQ(est, session_lifetime(JOOL_PROTO_TCP, SESSION_V4_FIN, &to));
	EXPECT_EQ(trans, session_lifetime(JOOL_PROTO_TCP, SESSION_V6_V4_FIN, &to));
	EXPECT_EQ(trans, session_lifetime(JOOL_PROTO_TCP, SESSION_TRANS, &to));
	EXPECT_EQ(11 * HZ, session_lifetime(JOOL_PROTO_UDP, SESSION_OPEN, &to));
	EXPECT_EQ(44 * HZ, session_lifetime(JOOL_PROTO_ICMP, SESSION_OPEN, &to));
}

/*
 * The 16-bit clock of a session's last packet: from any packet time (the
 * boot's, where 32-bit jiffies wrap, where the tick count wraps) and any
 * age the count can tell, the end of the packet's tick, which lifetimes
 * count from: after the packet, at most a tick after it.
 */
TEST(tick_end)
{
	const unsigned long starts[] = {
		0, 1, SESSION_TICK - 1, 0xfffffffful - 300 * HZ,
		0x100000000ul - 1, 65535ul * SESSION_TICK + 7,
		65536ul * SESSION_TICK, 123456789ul,
	};
	const unsigned long ages[] = {
		0, 1, SESSION_TICK - 1, SESSION_TICK, 86400ul * HZ,
		(86400ul + 8192 + 60) * HZ, 65534ul * SESSION_TICK,
		65535ul * SESSION_TICK - 1,
	};
	unsigned long pkt, end;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		for (j = 0; j < ARRAY_SIZE(ages); j++) {
			pkt = starts[i];
			end = session_tick_end(session_tick(pkt),
					       pkt + ages[j]);
			EXPECT_GT(end, pkt) TH_LOG("packet %lu, age %lu: %lu",
						   pkt, ages[j], end);
			EXPECT_LE(end, pkt + SESSION_TICK)
				TH_LOG("packet %lu, age %lu: %lu", pkt,
				       ages[j], end);
		}
	}
}

struct fate_row {
	struct syn4_ctx ctx;
	enum syn4_fate fate;
};

static const struct fate_row fate_rows[] = {
	/* A BIB entry that lets it through: a V4_INIT session. */
	{ { .syn = true, .has_bib = true, .max = 10 }, SYN4_OPEN },
	{ { .syn = true, .has_bib = true, .stored = 10, .max = 10 },
	  SYN4_OPEN },
	/* No BIB entry, or filtered: kept while there is room. */
	{ { .syn = true, .max = 10 }, SYN4_STORE },
	{ { .syn = true, .stored = 9, .max = 10 }, SYN4_STORE },
	{ { .syn = true, .has_bib = true, .filtered = true, .stored = 3,
	    .max = 10 }, SYN4_STORE },
	{ { .syn = true, .stored = 10, .max = 10 }, SYN4_FULL },
	{ { .syn = true, .has_bib = true, .filtered = true, .stored = 1,
	    .max = 1 }, SYN4_FULL },
	/* A store lowered below what it holds takes nothing more. */
	{ { .syn = true, .stored = 7, .max = 2 }, SYN4_FULL },
	/* maximum-simultaneous-opens 0: no store at all. */
	{ { .syn = true }, SYN4_REFUSE },
	{ { .syn = true, .has_bib = true, .filtered = true }, SYN4_REFUSE },
	/* drop-externally-initiated-tcp comes before everything. */
	{ { .syn = true, .drop_ext_tcp = true, .has_bib = true, .max = 10 },
	  SYN4_REFUSE },
	{ { .syn = true, .drop_ext_tcp = true, .max = 10 }, SYN4_REFUSE },
	/* Only a SYN opens or waits. */
	{ { .has_bib = true, .max = 10 }, SYN4_REFUSE },
	{ { .max = 10 }, SYN4_REFUSE },
};

TEST(syn4_fates)
{
	unsigned int i;

	for (i = 0; i < sizeof(fate_rows) / sizeof(fate_rows[0]); i++) {
		const struct fate_row *r = &fate_rows[i];

		TH_LOG("row %u: syn %d ext %d bib %d filtered %d %u/%u", i,
		       r->ctx.syn, r->ctx.drop_ext_tcp, r->ctx.has_bib,
		       r->ctx.filtered, r->ctx.stored, r->ctx.max);
		EXPECT_EQ(r->fate, syn4_fate(&r->ctx));
	}
}

TEST_HARNESS_MAIN
