// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation of IPv4 transport addresses from pool4, in the spirit of
 * RFC 6056 algorithm 3.
 *
 * Choice.  A keyed hash of (IPv6 source address, mark) picks a transport
 * address index k0 in the (mark, proto) table, weighting addresses by their
 * port count.  The address of k0 is the host's address: while it has a free
 * port in the table's ranges, every flow of that host is masked with it,
 * whatever its protocol when the protocols' tables hold the same addresses
 * (paired pooling, RFC 6888 REQ-2).  The port search starts at k0's port
 * plus a per-host counter, so a host's successive flows take successive
 * ports.  Only when the host's address is full do we move on to the next
 * addresses of the table (in address order, wrapping around).
 *
 * Occupancy state (struct taddr_occ, one per protocol, kept by the BIB
 * under its table's occ_lock, keyed by IPv4 address so that it survives pool4
 * snapshots):
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
 *
 * Cost of one allocation (all under the protocol's lock, new flows only):
 *  - host's address not full: one hash lookup, then a scan for a zero bit
 *    from the counter: at most 64 words per chunk and 16 chunks, in
 *    practice one or two words;
 *  - host's address full: skipping the run of full addresses that follows
 *    costs at most 2 x 6 mask reads per span of the table, whatever the
 *    run's length, then one address scan as above;
 *  - the summary can be behind (another signature thrashed a mask, ports
 *    taken outside taddr_alloc() by static BIB entries and the unit
 *    tests): an address it does not know to be full
 *    is scanned, found full and marked.  At most TADDR_SCAN_CAP such
 *    addresses are scanned per call; past that the call fails (counted as
 *    exhaustion) but has marked them, so the next calls go further.  With
 *    one set of ranges per address this cannot happen: the summary is exact
 *    and allocation never fails while a port of the table is free;
 *  - the table exhausted: the first refusal walks the spans (O(spans));
 *    the table is then remembered as dry until a port is released, so the
 *    refusals of a flood cost O(1).  It is remembered by the snapshot's
 *    generation and the mark, never by its address: a snapshot built
 *    after this one is freed may get the same memory.
 * Nothing depends on the number of addresses or ports of the pool, only on
 * the number of spans (records with distinct ranges or gaps) of the table.
 *
 * Port blocks (core/port_block.h) are found in the same state:
 * taddr_alloc_block() picks the address as above (the owner's prefix
 * hashed in place of the host), skips full addresses with the summary,
 * and on an address takes the lowest aligned block whose ports are all
 * free: a chunk not allocated is free, a full one is skipped, and a
 * block of a partly used chunk costs one word (or size/64 words, up to
 * the first one in use) to test.  A block
 * is marked used port by port, so taddr_alloc() and static entries never
 * take its ports, and the summary knows when it filled its address.  At
 * most TADDR_SCAN_CAP addresses and TADDR_BLOCK_BUDGET blocks of partly
 * used chunks are looked at per call; a table found without a free
 * block of a size is remembered as dry like above.
 *
 * Memory: 176 bytes per address in use, 512 per chunk in use, 24 per
 * summary node (at most six per full address).  Every address in use holds
 * a BIB entry, so memory is bounded by the BIB limit: at worst (one entry
 * per address) about 700 bytes per entry, at full use of 4535 ports about
 * 2 bits per entry.  GFP_ATOMIC failures drop the flow (-ENOMEM) or, for
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

#include "core/taddr_alloc.h"

#define TADDR_CHUNK_PORTS	4096
#define TADDR_CHUNKS		(65536 / TADDR_CHUNK_PORTS)
#define TADDR_CHUNK_WORDS	(TADDR_CHUNK_PORTS / 64)
#define TADDR_ADDR_BITS		14
#define TADDR_SUM_BITS		12
#define TADDR_LEVELS		6
#define TADDR_SCAN_CAP		64
#define TADDR_BLOCK_BUDGET	1024

struct taddr_addr {
	struct taddr_addr *next;
	u32 addr;
	u32 used;
	u16 chunk_used[TADDR_CHUNKS];
	u64 *chunk[TADDR_CHUNKS];
};

struct taddr_sum {
	struct taddr_sum *next;
	u32 key;		/* level << 26 | group */
	u32 sig;		/* ranges the mask is about; never 0 */
	u64 mask;
};

static siphash_key_t taddr_key;

static u32 taddr_hash(u32 key, unsigned int bits)
{
	return (key * 0x9e3779b1U) >> (32 - bits);
}

/* Port bitmaps. */

static struct taddr_addr *taddr_addr_find(const struct taddr_occ *occ,
					  u32 addr)
{
	struct taddr_addr *st = occ->addrs[taddr_hash(addr, TADDR_ADDR_BITS)];

	while (st && st->addr != addr)
		st = st->next;
	return st;
}

static void taddr_addr_unlink(struct taddr_occ *occ, struct taddr_addr *st)
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
static int taddr_mark_used(struct taddr_occ *occ, u32 addr, u16 port,
			   struct taddr_addr **stp)
{
	struct taddr_addr *st = taddr_addr_find(occ, addr);
	u32 c = port / TADDR_CHUNK_PORTS, b = port % TADDR_CHUNK_PORTS;

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

static void taddr_set_full(struct taddr_occ *occ, u32 sig, u32 addr)
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

static void taddr_clear_full(struct taddr_occ *occ, u32 addr)
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
static bool taddr_next_open(const struct taddr_occ *occ, u32 sig, u32 lo,
			    u32 hi, u32 *res)
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

/* Allocation proper. */

/* Names the span's set of port ranges; never 0. */
static u32 taddr_sig(const struct pool4_table *table,
		     const struct pool4_span *span)
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
static int taddr_port_in(const struct pool4_table *table,
			 const struct pool4_span *span,
			 const struct taddr_addr *st, u32 off)
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

/* Takes @port of @addr; marks @addr full when that was its last port. */
static int taddr_take(struct taddr_occ *occ, const struct pool4_table *table,
		      const struct pool4_span *span, u32 sig, u32 addr,
		      u16 port)
{
	struct taddr_addr *st;
	int err = taddr_mark_used(occ, addr, port, &st);

	if (err)
		return err;
	if (st->used >= span->ports && taddr_port_in(table, span, st, 0) < 0)
		taddr_set_full(occ, sig, addr);
	return 0;
}

static int taddr_in_table(struct taddr_occ *occ,
			  const struct pool4_table *table, u64 hash,
			  u32 *hint, u32 *addr, u16 *port)
{
	u32 s0, i, a0, off, first, scans = 0;
	const struct pool4_span *span;
	u64 k, rel;

	div64_u64_rem(hash, table->size, &k);
	s0 = pool4_span_at(table, k);
	span = &table->spans[s0];
	rel = k - span->before;
	a0 = span->addr_first + div_u64(rel, span->ports);
	off = rel - (u64)(a0 - span->addr_first) * span->ports;
	first = (off + *hint) % span->ports;

	for (i = 0; i <= table->span_count; i++) {
		u32 lo, hi, sig, cand;

		span = &table->spans[(s0 + i) % table->span_count];
		lo = i ? span->addr_first : a0;
		hi = span->addr_last;
		if (i == table->span_count) {
			/* Back in the host's span: what precedes a0. */
			if (a0 == span->addr_first)
				break;
			hi = a0 - 1;
		}
		sig = taddr_sig(table, span);
		while (taddr_next_open(occ, sig, lo, hi, &cand)) {
			int p = taddr_port_in(table, span,
					      taddr_addr_find(occ, cand),
					      cand == a0 ? first : 0);

			if (p >= 0) {
				int err = taddr_take(occ, table, span, sig,
						     cand, p);

				if (err)
					return err;
				if (cand == a0)
					(*hint)++;
				*addr = cand;
				*port = p;
				return 0;
			}
			taddr_set_full(occ, sig, cand);
			if (++scans > TADDR_SCAN_CAP)
				return -EAGAIN;
			if (cand == hi)
				break;
			lo = cand + 1;
		}
	}
	return -ENOSPC;
}

int taddr_alloc(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, struct taddr_occ *occ,
		u32 *addr, u16 *port)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	struct {
		struct in6_addr addr;
		u32 mark;
	} host;
	u64 hash;
	int err;

	if (!table || !table->size)
		return -ENXIO;
	if (occ->dry_gen == snap->gen && occ->dry_mark == mark &&
	    occ->dry_releases == occ->releases)
		return -ENOSPC;
	host.addr = *src6;
	host.mark = mark;
	hash = siphash(&host, sizeof(host), &taddr_key);
	err = taddr_in_table(occ, table, hash, &occ->hints[hash % TADDR_HINTS],
			     addr, port);
	if (!err || err == -ENOMEM)
		return err;
	if (err == -ENOSPC) {
		occ->dry_gen = snap->gen;
		occ->dry_mark = mark;
		occ->dry_releases = occ->releases;
	}
	return -ENOSPC;
}

/*
 * Port blocks (core/port_block.h): aligned runs of @size ports, @size a
 * power of two of TADDR_BLOCK_MIN..TADDR_BLOCK_MAX, so that a block lies
 * in one bitmap chunk and, from 64 ports on, covers whole words.
 */

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
	const struct taddr_addr *st;
	int err = taddr_mark_block(occ, addr, first, size);

	if (err)
		return err;
	st = taddr_addr_find(occ, addr);
	if (st->used >= span->ports && taddr_port_in(table, span, st, 0) < 0)
		taddr_set_full(occ, taddr_sig(table, span), addr);
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
	u32 s0, i, a0, budget = TADDR_BLOCK_BUDGET, scans = 0;
	const struct pool4_span *span;
	u64 k;

	div64_u64_rem(hash, table->size, &k);
	s0 = pool4_span_at(table, k);
	span = &table->spans[s0];
	a0 = span->addr_first + div_u64(k - span->before, span->ports);

	for (i = 0; i <= table->span_count; i++) {
		u32 lo, hi, sig, cand;

		span = &table->spans[(s0 + i) % table->span_count];
		lo = i ? span->addr_first : a0;
		hi = span->addr_last;
		if (i == table->span_count) {
			if (a0 == span->addr_first)
				break;
			hi = a0 - 1;
		}
		sig = taddr_sig(table, span);
		while (taddr_next_open(occ, sig, lo, hi, &cand)) {
			int err = taddr_block_at(occ, table, span, cand, size,
						 &budget, first);

			if (!err)
				*addr = cand;
			if (err != -1)
				return err;
			if (++scans > TADDR_SCAN_CAP)
				return -EAGAIN;
			if (cand == hi)
				break;
			lo = cand + 1;
		}
	}
	return -ENOSPC;
}

int taddr_alloc_block(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		      const struct in6_addr *owner, u32 near,
		      struct taddr_occ *occ, u32 size, u32 *addr, u16 *first)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	const struct pool4_span *span;
	u32 budget = TADDR_BLOCK_BUDGET;
	struct {
		struct in6_addr addr;
		u32 mark;
	} host;
	int err;

	if (!table || !table->size)
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
	host.addr = *owner;
	host.mark = mark;
	err = taddr_block_search(occ, table,
				 siphash(&host, sizeof(host), &taddr_key),
				 size, addr, first);
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
	struct taddr_addr *st = taddr_addr_find(occ, addr);
	u32 c = first / TADDR_CHUNK_PORTS, w = first % TADDR_CHUNK_PORTS / 64;
	u32 i;

	if (!st || !st->chunk[c])
		return;
	if (size < 64) {
		st->chunk[c][w] &= ~(((1ULL << size) - 1) << (first % 64));
	} else {
		for (i = 0; i < size / 64; i++)
			st->chunk[c][w + i] = 0;
	}
	occ->releases++;
	taddr_clear_full(occ, addr);
	st->chunk_used[c] -= size;
	if (!st->chunk_used[c]) {
		kfree(st->chunk[c]);
		st->chunk[c] = NULL;
	}
	st->used -= size;
	if (!st->used)
		taddr_addr_unlink(occ, st);
}

int taddr_reserve(struct taddr_occ *occ, u32 addr, u16 port)
{
	struct taddr_addr *st;

	return taddr_mark_used(occ, addr, port, &st);
}

void taddr_release(struct taddr_occ *occ, u32 addr, u16 port)
{
	struct taddr_addr *st = taddr_addr_find(occ, addr);
	u32 c = port / TADDR_CHUNK_PORTS, b = port % TADDR_CHUNK_PORTS;
	u64 *bits;

	bits = st ? st->chunk[c] : NULL;
	if (!bits || !(bits[b / 64] >> (b % 64) & 1))
		return;
	bits[b / 64] &= ~(1ULL << (b % 64));
	if (!--st->chunk_used[c]) {
		kfree(bits);
		st->chunk[c] = NULL;
	}
	if (!--st->used)
		taddr_addr_unlink(occ, st);
	occ->releases++;
	taddr_clear_full(occ, addr);
}

int taddr_occ_init(struct taddr_occ *occ)
{
	memset(occ, 0, sizeof(*occ));
	occ->addrs = kvzalloc(sizeof(*occ->addrs) << TADDR_ADDR_BITS,
			      GFP_KERNEL);
	occ->sums = kvzalloc(sizeof(*occ->sums) << TADDR_SUM_BITS, GFP_KERNEL);
	if (!occ->addrs || !occ->sums) {
		taddr_occ_free(occ);
		return -ENOMEM;
	}
	return 0;
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
