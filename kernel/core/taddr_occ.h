/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator's private view of its occupancy state (struct taddr_occ,
 * taddr_occ.c): the port bitmaps and the "full address" summary that both
 * searches read and write, per-flow (taddr_alloc.c) and port blocks
 * (taddr_block.c).  Only those three files include it, and the unit tests'
 * selftests/lib/kcore_taddr.c, which asks whether a port is used; everyone
 * else uses core/taddr_alloc.h.
 */
#ifndef _JOOL_CORE_TADDR_OCC_H
#define _JOOL_CORE_TADDR_OCC_H

#include <linux/errno.h>
#include <linux/in6.h>
#include <linux/types.h>

#include "core/pool4.h"
#include "core/taddr_alloc.h"

/* A port bitmap is 16 chunks of 4096 ports, each allocated on first use. */
#define TADDR_CHUNK_PORTS	4096
#define TADDR_CHUNKS		(65536 / TADDR_CHUNK_PORTS)
#define TADDR_CHUNK_WORDS	(TADDR_CHUNK_PORTS / 64)
/* Addresses a search looks at per call beyond the first (taddr_occ.c). */
#define TADDR_SCAN_CAP		64
/* log2 of the buckets of struct taddr_occ's @addrs. */
#define TADDR_ADDR_BITS		14

/**
 * struct taddr_addr - the ports in use of one IPv4 address
 * @next:	the next address of the same hash bucket
 * @addr:	the address, host byte order
 * @used:	ports in use, all marks and port ranges together
 * @chunk_used:	ports in use per chunk: a full chunk is skipped unread
 * @chunk:	the bitmap of each chunk, NULL while none of its ports is used
 *
 * Freed when its last port is.
 */
struct taddr_addr {
	struct taddr_addr *next;
	u32 addr;
	u32 used;
	u16 chunk_used[TADDR_CHUNKS];
	u64 *chunk[TADDR_CHUNKS];
};

/*
 * What every step of a search runs is inline: out of line, in
 * taddr_occ.c, it cost taddr_alloc() 22 instructions of 1120 per call
 * (bench/ubench under callgrind).
 */
static inline u32 taddr_hash(u32 key, unsigned int bits)
{
	return (key * 0x9e3779b1U) >> (32 - bits);
}

/* The address's state, NULL when none of its ports is used. */
static inline struct taddr_addr *taddr_addr_find(const struct taddr_occ *occ,
						 u32 addr)
{
	struct taddr_addr *st = occ->addrs[taddr_hash(addr, TADDR_ADDR_BITS)];

	while (st && st->addr != addr)
		st = st->next;
	return st;
}

/* @addr#@port goes up; 0 with *@stp its address's, -EEXIST or -ENOMEM. */
int taddr_mark_used(struct taddr_occ *occ, u32 addr, u16 port,
		    struct taddr_addr **stp);
/*
 * @n ports of @st's chunk @c, their bits already cleared, are free again:
 * frees the chunk and @st when nothing is left in them, and forgets that
 * the address was full (taddr_clear_full()) or the table dry.
 */
void taddr_ports_freed(struct taddr_occ *occ, struct taddr_addr *st, u32 c,
		       u32 n);

/*
 * The "full address" summary: @addr has no free port in the port ranges
 * that @sig names (taddr_sig()).  Setting may fail quietly (GFP_ATOMIC:
 * only speed is lost); clearing forgets @addr for every signature.
 */
void taddr_set_full(struct taddr_occ *occ, u32 sig, u32 addr);
void taddr_clear_full(struct taddr_occ *occ, u32 addr);
/* The first address of [@lo, @hi] not known to be full for @sig. */
bool taddr_next_open(const struct taddr_occ *occ, u32 sig, u32 lo, u32 hi,
		     u32 *res);

/* Names the span's set of port ranges; never 0. */
u32 taddr_sig(const struct pool4_table *table, const struct pool4_span *span);
/*
 * A free port of @st (NULL: no port used) in @span's ranges, starting at
 * port offset @off and wrapping around; -1 when there is none.
 */
int taddr_port_in(const struct pool4_table *table,
		  const struct pool4_span *span, const struct taddr_addr *st,
		  u32 off);

/* Marks @st's address full when @span's ranges have no free port left. */
void taddr_note_full(struct taddr_occ *occ, const struct pool4_table *table,
		     const struct pool4_span *span,
		     const struct taddr_addr *st);

/* The keyed hash of a host (IPv6 address or prefix, and mark). */
u64 taddr_host_hash(const struct in6_addr *host, u32 mark);

/**
 * struct taddr_walk - the addresses a search tries, in order
 * @table:	the table searched
 * @span:	the span of @addr (after taddr_walk_start(), of @a0)
 * @sig:	taddr_sig() of @span
 * @addr:	the address to try, host byte order
 * @a0:		the host's address, the one the hash picked
 * @off:	the hash's port offset in @a0, below its span's ports
 * @err:	once taddr_walk_next() is false: -ENOSPC, every address was
 *		tried, or -EAGAIN, TADDR_SCAN_CAP + 1 had nothing first
 *
 * From @a0 to the end of its span, then the table's other spans in order,
 * wrapping around, and last what precedes @a0 in its span: every address
 * of the table once, skipping those the summary knows to be full for
 * their span's ranges.
 */
struct taddr_walk {
	const struct pool4_table *table;
	const struct pool4_span *span;
	u32 sig;
	u32 addr;
	u32 a0;
	u32 off;
	int err;
	/* private: */
	u32 s0, i, lo, hi, scans;
	bool started;
};

/* Starts at the address of transport address index @hash % table size. */
void taddr_walk_start(struct taddr_walk *w, const struct pool4_table *table,
		      u64 hash);
/* Moves @w to its @i-th span; false past the last. */
bool taddr_walk_span(struct taddr_walk *w, u32 i);

/*
 * The next address to try (the first on the first call) in @w->addr; the
 * address before, if any, had nothing for the search.  False at the end.
 */
static inline bool taddr_walk_next(struct taddr_walk *w,
				   const struct taddr_occ *occ)
{
	bool more = true;

	if (w->started) {
		/* The address before had nothing for the search. */
		if (++w->scans > TADDR_SCAN_CAP) {
			w->err = -EAGAIN;
			return false;
		}
		if (w->addr == w->hi)
			more = taddr_walk_span(w, w->i + 1);
		else
			w->lo = w->addr + 1;
	}
	w->started = true;
	while (more && !taddr_next_open(occ, w->sig, w->lo, w->hi, &w->addr))
		more = taddr_walk_span(w, w->i + 1);
	w->err = more ? 0 : -ENOSPC;
	return more;
}

#endif /* _JOOL_CORE_TADDR_OCC_H */
