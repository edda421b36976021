// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation of an IPv4 transport address to a new flow (a BIB entry) from
 * pool4, in the spirit of RFC 6056 algorithm 3, over the occupancy state
 * of taddr_occ.c.  Port blocks have their own search (taddr_block.c).
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
 * Cost of one allocation (under the table's occ_lock, new flows only):
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
 */
#include <linux/errno.h>

#include "core/taddr_occ.h"

/* Takes @port of @addr; marks @addr full when that was its last port. */
static int taddr_take(struct taddr_occ *occ, const struct pool4_table *table,
		      const struct pool4_span *span, u32 addr, u16 port)
{
	struct taddr_addr *st;
	int err = taddr_mark_used(occ, addr, port, &st);

	if (err)
		return err;
	taddr_note_full(occ, table, span, st);
	return 0;
}

static int taddr_in_table(struct taddr_occ *occ,
			  const struct pool4_table *table, u64 hash,
			  u32 *hint, u32 *addr, u16 *port)
{
	struct taddr_walk w;
	u32 first;

	taddr_walk_start(&w, table, hash);
	first = (w.off + *hint) % w.span->ports;
	while (taddr_walk_next(&w, occ)) {
		bool home = w.addr == w.a0;
		int p = taddr_port_in(table, w.span,
				      taddr_addr_find(occ, w.addr),
				      home ? first : 0);

		if (p >= 0) {
			int err = taddr_take(occ, table, w.span, w.addr, p);

			if (err)
				return err;
			if (home)
				(*hint)++;
			*addr = w.addr;
			*port = p;
			return 0;
		}
		taddr_set_full(occ, w.sig, w.addr);
	}
	return w.err;
}

int taddr_alloc(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, struct taddr_occ *occ,
		u32 *addr, u16 *port)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	u64 hash;
	int err;

	/* No arrays: the protocol had no pool4 record when @snap was made. */
	if (!table || !table->size || !taddr_occ_ready(occ))
		return -ENXIO;
	if (occ->dry_gen == snap->gen && occ->dry_mark == mark &&
	    occ->dry_releases == occ->releases)
		return -ENOSPC;
	hash = taddr_host_hash(src6, mark);
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
