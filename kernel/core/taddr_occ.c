// SPDX-License-Identifier: GPL-2.0
/*
 * The occupancy state of the transport address allocator: which IPv4
 * transport addresses one protocol uses (struct taddr_occ), and what both
 * of its searches, per-flow (taddr_alloc.c) and port blocks
 * (taddr_block.c), need to read it: a free port in a span's ranges, the
 * next address not known to be full.  Kept apart so that each search is
 * only its own policy, over one set of primitives (taddr_occ.h).
 *
 * One per protocol, kept by the BIB under its table's occ_lock, keyed by IPv4
 * address so that it survives pool4 snapshots:
 *
 *  - per address in use, a port bitmap in 16 chunks of 4096 ports (512
 *    bytes), each allocated on first use and freed when empty, with a count
 *    per chunk so that a full chunk is skipped without reading it;
 *  - a "full address" summary: a radix of 64-bit masks over the IPv4
 *    address space (level 0: addresses, level 1: blocks of 64, ... six
 *    levels), stored sparsely in a hash.  A bit says that every port of
 *    the unit's addresses in a given set of port ranges is used; the set
 *    is named by a signature of the span's ranges, so tables of several
 *    marks with the same ranges share it, and a mask of another signature
 *    reads as zero.  Allocation sets bits (when it takes the last port of
 *    an address, or finds an address full); every release clears the
 *    bits of its address on all levels, so a set bit is never wrong.
 *    Skipping a run of full addresses costs at most 2 x 6 mask reads per
 *    span of a table, whatever the run's length.
 *
 * Ports taken outside the searches (taddr_reserve(): static BIB entries
 * and the unit tests) leave the summary behind; the searches cope (see
 * taddr_alloc.c).
 *
 * Memory: 176 bytes per address in use, 512 per chunk in use, 24 per
 * summary node (at most six per full address), and the two hash arrays
 * (160 KiB on 64 bits), made only when the protocol first has a pool4
 * record (state/bib_life.c; a static BIB entry's address is pool4's).
 * Every address in use holds a BIB entry, so memory is bounded by the BIB
 * limit: at worst (one entry per address) about 700 bytes per entry, at
 * full use of 4535 ports about 2 bits per entry.  GFP_ATOMIC failures drop the flow (-ENOMEM) or, for
 * the summary, only cost speed.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core/taddr_occ.h"

#define TADDR_SUM_BITS		12
#define TADDR_LEVELS		6

struct taddr_sum {
	struct taddr_sum *next;
	u32 key;		/* level << 26 | group */
	u32 sig;		/* ranges the mask is about; never 0 */
	u64 mask;
};

static siphash_key_t taddr_key;

/* Port bitmaps. */

static void taddr_addr_unlink(struct taddr_occ *occ,
			      struct taddr_addr *st)
{
	struct taddr_addr **pp = &occ->addrs[taddr_hash(st->addr,
							TADDR_ADDR_BITS)];

	while (*pp != st)
		pp = &(*pp)->next;
	*pp = st->next;
	kfree(st);
}

/* The first unused port of [@from, @to] in @st, or -1. */
static int taddr_find_free(const struct taddr_addr *st, u32 from, u32 to)
{
	while (from <= to) {
		u32 c = from / TADDR_CHUNK_PORTS;
		u32 end = min(to, c * TADDR_CHUNK_PORTS + TADDR_CHUNK_PORTS - 1);
		const u64 *bits = st->chunk[c];
		u32 w = from % TADDR_CHUNK_PORTS / 64;
		u64 free;

		if (!bits)
			return from;
		if (st->chunk_used[c] == TADDR_CHUNK_PORTS)
			goto next;
		free = ~bits[w] & (~0ULL << (from % 64));
		for (;;) {
			if (free) {
				u32 p = c * TADDR_CHUNK_PORTS + w * 64 +
					__ffs64(free);

				if (p <= end)
					return p;
				break;
			}
			if (++w == TADDR_CHUNK_WORDS ||
			    c * TADDR_CHUNK_PORTS + w * 64 > end)
				break;
			free = ~bits[w];
		}
next:
		from = end + 1;
	}
	return -1;
}

/* The transport address's bit goes up; *@stp is its address's state. */
int taddr_mark_used(struct taddr_occ *occ, u32 addr, u16 port,
		    struct taddr_addr **stp)
{
	struct taddr_addr *st;
	u32 c = port / TADDR_CHUNK_PORTS, b = port % TADDR_CHUNK_PORTS;

	/* The arrays are made in process context, never here (softirq). */
	if (!taddr_occ_ready(occ))
		return -ENOMEM;
	st = taddr_addr_find(occ, addr);
	if (!st) {
		u32 h = taddr_hash(addr, TADDR_ADDR_BITS);

		st = kzalloc(sizeof(*st), GFP_ATOMIC);
		if (!st)
			return -ENOMEM;
		st->addr = addr;
		st->next = occ->addrs[h];
		occ->addrs[h] = st;
	}
	if (!st->chunk[c]) {
		st->chunk[c] = kcalloc(TADDR_CHUNK_WORDS, sizeof(u64),
				       GFP_ATOMIC);
		if (!st->chunk[c]) {
			if (!st->used)
				taddr_addr_unlink(occ, st);
			return -ENOMEM;
		}
	}
	if (st->chunk[c][b / 64] >> (b % 64) & 1)
		return -EEXIST;
	st->chunk[c][b / 64] |= 1ULL << (b % 64);
	st->chunk_used[c]++;
	st->used++;
	*stp = st;
	return 0;
}

void taddr_ports_freed(struct taddr_occ *occ, struct taddr_addr *st, u32 c,
		       u32 n)
{
	u32 addr = st->addr;

	st->chunk_used[c] -= n;
	if (!st->chunk_used[c]) {
		kfree(st->chunk[c]);
		st->chunk[c] = NULL;
	}
	st->used -= n;
	if (!st->used)
		taddr_addr_unlink(occ, st);
	occ->releases++;
	taddr_clear_full(occ, addr);
}

/* The "full address" summary. */

static u32 taddr_sum_key(unsigned int level, u32 addr)
{
	return level << 26 | (u32)((u64)addr >> (6 * (level + 1)));
}

static struct taddr_sum *taddr_sum_find(const struct taddr_occ *occ, u32 key)
{
	struct taddr_sum *n = occ->sums[taddr_hash(key, TADDR_SUM_BITS)];

	while (n && n->key != key)
		n = n->next;
	return n;
}

/* The mask of level @level's node @group, as far as @sig is concerned. */
static u64 taddr_sum_mask(const struct taddr_occ *occ, u32 sig,
			  unsigned int level, u32 group)
{
	const struct taddr_sum *n = taddr_sum_find(occ, level << 26 | group);

	return n && n->sig == sig ? n->mask : 0;
}

void taddr_set_full(struct taddr_occ *occ, u32 sig, u32 addr)
{
	unsigned int level;

	for (level = 0; level < TADDR_LEVELS; level++) {
		u32 key = taddr_sum_key(level, addr);
		struct taddr_sum *n = taddr_sum_find(occ, key);

		if (!n) {
			u32 h = taddr_hash(key, TADDR_SUM_BITS);

			n = kzalloc(sizeof(*n), GFP_ATOMIC);
			if (!n)
				return;	/* only speed is lost */
			n->key = key;
			n->next = occ->sums[h];
			occ->sums[h] = n;
		}
		if (n->sig != sig) {
			n->sig = sig;
			n->mask = 0;
		}
		n->mask |= 1ULL << ((u64)addr >> (6 * level) & 63);
		if (n->mask != ~0ULL)
			return;
	}
}

void taddr_clear_full(struct taddr_occ *occ, u32 addr)
{
	unsigned int level;

	for (level = 0; level < TADDR_LEVELS; level++) {
		u32 key = taddr_sum_key(level, addr);
		struct taddr_sum **pp = &occ->sums[taddr_hash(key,
							      TADDR_SUM_BITS)];
		struct taddr_sum *n;

		while (*pp && (*pp)->key != key)
			pp = &(*pp)->next;
		n = *pp;
		if (!n)
			continue;
		n->mask &= ~(1ULL << ((u64)addr >> (6 * level) & 63));
		if (!n->mask) {
			*pp = n->next;
			kfree(n);
		}
	}
}

/*
 * The first address of [@lo, @hi] the summary does not know to be full
 * for @sig: climbs while the rest of the current unit is full, then
 * descends into the first unit that is not.
 */
bool taddr_next_open(const struct taddr_occ *occ, u32 sig, u32 lo, u32 hi,
		     u32 *res)
{
	unsigned int level;
	u64 unit = 0, free = 0;

	for (level = 0; level < TADDR_LEVELS; level++) {
		u32 idx;

		unit = (u64)lo >> (6 * level);
		idx = unit & 63;
		free = ~taddr_sum_mask(occ, sig, level, unit >> 6);
		/* Level 0 may keep @lo; above, @lo's own unit is full. */
		if (level)
			free = idx == 63 ? 0 : free & (~0ULL << (idx + 1));
		else
			free &= ~0ULL << idx;
		if (free)
			break;
		if (((unit >> 6) + 1) << (6 * (level + 1)) > hi)
			return false;
	}
	if (!free)
		return false;
	unit = (unit & ~63ULL) | __ffs64(free);
	while (level--) {
		free = ~taddr_sum_mask(occ, sig, level, unit);
		/* A mask of another signature reads as zero: never ~0. */
		unit = unit << 6 | (free ? __ffs64(free) : 0);
	}
	if (unit > hi)
		return false;
	*res = unit;
	return true;
}

/* A span's ports. */

/* Names the span's set of port ranges; never 0. */
u32 taddr_sig(const struct pool4_table *table, const struct pool4_span *span)
{
	const struct pool4_port_range *r = &table->ranges[span->range_first];
	u32 i, sig = 2166136261U;

	for (i = 0; i < span->range_count; i++)
		sig = (sig ^ ((u32)r[i].min << 16 | r[i].max)) * 16777619U;
	return sig | 1;
}

/*
 * A free port of @st (NULL: no port used) in @span's ranges, starting at
 * port offset @off and wrapping around.
 */
int taddr_port_in(const struct pool4_table *table,
		  const struct pool4_span *span, const struct taddr_addr *st,
		  u32 off)
{
	const struct pool4_port_range *ranges =
		&table->ranges[span->range_first];
	u32 n = span->range_count, r = 0, i, start;
	int port;

	while (r + 1 < n && ranges[r + 1].before <= off)
		r++;
	start = ranges[r].min + (off - ranges[r].before);
	if (!st)
		return start;
	for (i = 0; i <= n; i++) {
		const struct pool4_port_range *range = &ranges[(r + i) % n];
		u32 from = range->min, to = range->max;

		if (i == 0) {
			from = start;
		} else if (i == n) {
			if (start == from)
				break;
			to = start - 1;
		}
		port = taddr_find_free(st, from, to);
		if (port >= 0)
			return port;
	}
	return -1;
}

void taddr_note_full(struct taddr_occ *occ, const struct pool4_table *table,
		     const struct pool4_span *span,
		     const struct taddr_addr *st)
{
	if (st->used >= span->ports && taddr_port_in(table, span, st, 0) < 0)
		taddr_set_full(occ, taddr_sig(table, span), st->addr);
}

/* Where a search starts, and the order it goes in. */

u64 taddr_host_hash(const struct in6_addr *addr, u32 mark)
{
	struct {
		struct in6_addr addr;
		u32 mark;
	} host;

	host.addr = *addr;
	host.mark = mark;
	return siphash(&host, sizeof(host), &taddr_key);
}

bool taddr_walk_span(struct taddr_walk *w, u32 i)
{
	const struct pool4_table *table = w->table;

	if (i > table->span_count)
		return false;
	w->i = i;
	w->span = &table->spans[(w->s0 + i) % table->span_count];
	w->lo = i ? w->span->addr_first : w->a0;
	w->hi = w->span->addr_last;
	if (i == table->span_count) {
		/* Back in the host's span: what precedes a0. */
		if (w->a0 == w->span->addr_first)
			return false;
		w->hi = w->a0 - 1;
	}
	w->sig = taddr_sig(table, w->span);
	return true;
}

void taddr_walk_start(struct taddr_walk *w, const struct pool4_table *table,
		      u64 hash)
{
	u64 k, rel;

	div64_u64_rem(hash, table->size, &k);
	w->table = table;
	w->s0 = pool4_span_at(table, k);
	w->span = &table->spans[w->s0];
	rel = k - w->span->before;
	w->a0 = w->span->addr_first + div_u64(rel, w->span->ports);
	w->off = rel - (u64)(w->a0 - w->span->addr_first) * w->span->ports;
	w->scans = 0;
	w->started = false;
	w->err = 0;
	taddr_walk_span(w, 0);	/* never past the last: a table has a span */
}

int taddr_reserve(struct taddr_occ *occ, u32 addr, u16 port)
{
	struct taddr_addr *st;

	return taddr_mark_used(occ, addr, port, &st);
}

void taddr_release(struct taddr_occ *occ, u32 addr, u16 port)
{
	struct taddr_addr *st;
	u32 c = port / TADDR_CHUNK_PORTS, b = port % TADDR_CHUNK_PORTS;
	u64 *bits;

	/* Without arrays nothing was reserved. */
	if (!taddr_occ_ready(occ))
		return;
	st = taddr_addr_find(occ, addr);
	bits = st ? st->chunk[c] : NULL;
	if (!bits || !(bits[b / 64] >> (b % 64) & 1))
		return;
	bits[b / 64] &= ~(1ULL << (b % 64));
	taddr_ports_freed(occ, st, c, 1);
}

void taddr_occ_init(struct taddr_occ *occ)
{
	memset(occ, 0, sizeof(*occ));
}

/*
 * Two allocations, not one: 128 and 32 KiB are each a power of two, the
 * page allocator would round their 160 KiB sum up to 256.
 */
int taddr_arrays_alloc(struct taddr_arrays *a)
{
	a->addrs = kvzalloc(sizeof(*a->addrs) << TADDR_ADDR_BITS, GFP_KERNEL);
	a->sums = kvzalloc(sizeof(*a->sums) << TADDR_SUM_BITS, GFP_KERNEL);
	if (!a->addrs || !a->sums) {
		taddr_arrays_free(a);
		return -ENOMEM;
	}
	return 0;
}

void taddr_arrays_free(struct taddr_arrays *a)
{
	kvfree(a->addrs);
	kvfree(a->sums);
	a->addrs = NULL;
	a->sums = NULL;
}

void taddr_occ_attach(struct taddr_occ *occ, struct taddr_arrays *a)
{
	occ->addrs = a->addrs;
	occ->sums = a->sums;
	a->addrs = NULL;
	a->sums = NULL;
}

void taddr_occ_free(struct taddr_occ *occ)
{
	u32 i, c;

	for (i = 0; occ->addrs && i < (1U << TADDR_ADDR_BITS); i++) {
		while (occ->addrs[i]) {
			struct taddr_addr *st = occ->addrs[i];

			occ->addrs[i] = st->next;
			for (c = 0; c < TADDR_CHUNKS; c++)
				kfree(st->chunk[c]);
			kfree(st);
		}
	}
	for (i = 0; occ->sums && i < (1U << TADDR_SUM_BITS); i++) {
		while (occ->sums[i]) {
			struct taddr_sum *n = occ->sums[i];

			occ->sums[i] = n->next;
			kfree(n);
		}
	}
	kvfree(occ->addrs);
	kvfree(occ->sums);
	occ->addrs = NULL;
	occ->sums = NULL;
}

void taddr_init(void)
{
	get_random_bytes(&taddr_key, sizeof(taddr_key));
}
