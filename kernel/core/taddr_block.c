// SPDX-License-Identifier: GPL-2.0
/*
 * The search for free port blocks (core/port_block.h) in the occupancy
 * state of taddr_occ.c, beside the per-flow search of taddr_alloc.c:
 * blocks and single ports share one state, so that neither ever takes
 * the other's ports.  A block is an aligned run of @size ports, @size a
 * power of two of TADDR_BLOCK_MIN..TADDR_BLOCK_MAX, so that it lies in one
 * bitmap chunk and, from 64 ports on, covers whole words.
 *
 * taddr_alloc_block() picks the address as taddr_alloc() does (the
 * owner's prefix hashed in place of the host), skips full addresses with
 * the summary, and on an address takes the lowest aligned block whose
 * ports are all free: a chunk not allocated is free, a full one is
 * skipped, and a block of a partly used chunk costs one word (or size/64
 * words, up to the first one in use) to test.  A block is marked used
 * port by port, so taddr_alloc() and static entries never take its
 * ports, and the summary knows when it filled its address.  At most
 * TADDR_SCAN_CAP addresses and TADDR_BLOCK_BUDGET blocks of partly used
 * chunks are looked at per call; a table found without a free block of a
 * size is remembered as dry until a port is released.
 */
#include <linux/errno.h>
#include <linux/slab.h>

#include "core/taddr_occ.h"

#define TADDR_BLOCK_BUDGET	1024

/* The word of @st's bitmap that holds @port, or NULL: all of it free. */
static const u64 *taddr_word(const struct taddr_addr *st, u32 port)
{
	const u64 *bits = st->chunk[port / TADDR_CHUNK_PORTS];

	return bits ? &bits[port % TADDR_CHUNK_PORTS / 64] : NULL;
}

/* Is the aligned block of @size ports at @first free in @st? */
static bool taddr_block_free(const struct taddr_addr *st, u32 first, u32 size)
{
	const u64 *w = taddr_word(st, first);
	u32 i;

	if (!w)
		return true;
	if (size < 64)
		return !(*w >> (first % 64) & ((1ULL << size) - 1));
	for (i = 0; i < size / 64; i++)
		if (w[i])
			return false;
	return true;
}

/*
 * The first free aligned block of @size ports wholly inside [@from, @to]
 * of @st (NULL: nothing used), or -1; -EAGAIN when *@budget, one per
 * block looked at in a chunk in use, ran out first.
 */
static int taddr_block_between(const struct taddr_addr *st, u32 from,
			       u32 to, u32 size, u32 *budget)
{
	from = (from + size - 1) & ~(size - 1);
	for (; from + size - 1 <= to; from += size) {
		u32 c = from / TADDR_CHUNK_PORTS;

		if (!st || !st->chunk[c])
			return from;
		if (st->chunk_used[c] == TADDR_CHUNK_PORTS) {
			/* Blocks never straddle chunks. */
			from = (c + 1) * TADDR_CHUNK_PORTS - size;
			continue;
		}
		if (!*budget)
			return -EAGAIN;
		(*budget)--;
		if (taddr_block_free(st, from, size))
			return from;
	}
	return -1;
}

/* A free block of @addr in @span's ranges, lowest first, or -1/-EAGAIN. */
static int taddr_block_in(const struct taddr_occ *occ,
			  const struct pool4_table *table,
			  const struct pool4_span *span, u32 addr, u32 size,
			  u32 *budget)
{
	const struct pool4_port_range *r = &table->ranges[span->range_first];
	const struct taddr_addr *st = taddr_addr_find(occ, addr);
	u32 i;
	int first;

	/*
	 * No shortcut on st->used: it counts the ports other marks' tables
	 * use on the address too, and those may leave this table's free.
	 */
	for (i = 0; i < span->range_count; i++) {
		first = taddr_block_between(st, r[i].min, r[i].max, size,
					    budget);
		if (first != -1)
			return first;
	}
	return -1;
}

/* Marks the block used; 0 or -ENOMEM (then nothing is marked). */
static int taddr_mark_block(struct taddr_occ *occ, u32 addr, u32 first,
			    u32 size)
{
	struct taddr_addr *st;
	u32 c = first / TADDR_CHUNK_PORTS, w, i;
	int err = taddr_mark_used(occ, addr, first, &st);

	if (err)
		return err;
	w = first % TADDR_CHUNK_PORTS / 64;
	if (size < 64) {
		st->chunk[c][w] |= ((1ULL << size) - 1) << (first % 64);
	} else {
		for (i = 0; i < size / 64; i++)
			st->chunk[c][w + i] = ~0ULL;
	}
	st->chunk_used[c] += size - 1;
	st->used += size - 1;
	return 0;
}

/* Takes the block; marks @addr full when it was the last free port. */
static int taddr_take_block(struct taddr_occ *occ,
			    const struct pool4_table *table,
			    const struct pool4_span *span, u32 addr,
			    u32 first, u32 size)
{
	int err = taddr_mark_block(occ, addr, first, size);

	if (err)
		return err;
	taddr_note_full(occ, table, span, taddr_addr_find(occ, addr));
	return 0;
}

/* Tries @addr of @span for a block; 0 when taken, else as taddr_block_in. */
static int taddr_block_at(struct taddr_occ *occ,
			  const struct pool4_table *table,
			  const struct pool4_span *span, u32 addr, u32 size,
			  u32 *budget, u16 *first)
{
	int p = taddr_block_in(occ, table, span, addr, size, budget);
	int err;

	if (p < 0)
		return p;
	err = taddr_take_block(occ, table, span, addr, p, size);
	if (err)
		return err;
	*first = p;
	return 0;
}

static int taddr_block_search(struct taddr_occ *occ,
			      const struct pool4_table *table, u64 hash,
			      u32 size, u32 *addr, u16 *first)
{
	u32 budget = TADDR_BLOCK_BUDGET;
	struct taddr_walk w;

	taddr_walk_start(&w, table, hash);
	while (taddr_walk_next(&w, occ)) {
		int err = taddr_block_at(occ, table, w.span, w.addr, size,
					 &budget, first);

		if (!err)
			*addr = w.addr;
		if (err != -1)
			return err;
	}
	return w.err;
}

int taddr_alloc_block(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		      const struct in6_addr *owner, u32 near,
		      struct taddr_occ *occ, u32 size, u32 *addr, u16 *first)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	const struct pool4_span *span;
	u32 budget = TADDR_BLOCK_BUDGET;
	int err;

	if (!table || !table->size || !taddr_occ_ready(occ))
		return -ENXIO;
	if (occ->bdry_gen == snap->gen && occ->bdry_mark == mark &&
	    occ->bdry_size == size && occ->bdry_releases == occ->releases)
		return -ENOSPC;
	/* Paired pooling: the address of the owner's other blocks first. */
	span = near ? pool4_span_find(table, near) : NULL;
	if (span) {
		err = taddr_block_at(occ, table, span, near, size, &budget,
				     first);
		if (!err)
			*addr = near;
		if (err != -1 && err != -EAGAIN)
			return err;
	}
	err = taddr_block_search(occ, table, taddr_host_hash(owner, mark), size,
				 addr, first);
	if (err == -ENOSPC) {
		occ->bdry_gen = snap->gen;
		occ->bdry_mark = mark;
		occ->bdry_size = size;
		occ->bdry_releases = occ->releases;
	}
	return err == -EAGAIN ? -ENOSPC : err;
}

void taddr_release_block(struct taddr_occ *occ, u32 addr, u16 first,
			 u32 size)
{
	struct taddr_addr *st;
	u32 c = first / TADDR_CHUNK_PORTS, w = first % TADDR_CHUNK_PORTS / 64;
	u32 i;

	if (!taddr_occ_ready(occ))
		return;
	st = taddr_addr_find(occ, addr);
	if (!st || !st->chunk[c])
		return;
	if (size < 64) {
		st->chunk[c][w] &= ~(((1ULL << size) - 1) << (first % 64));
	} else {
		for (i = 0; i < size / 64; i++)
			st->chunk[c][w + i] = 0;
	}
	taddr_ports_freed(occ, st, c, size);
}
