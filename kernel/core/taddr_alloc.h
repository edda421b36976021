/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the IPv4 transport address of a new BIB entry (taddr_alloc.c)
 * or port block (taddr_block.c) from pool4, and the occupancy state that
 * makes the choice cheap (taddr_occ.c).
 */
#ifndef _JOOL_CORE_TADDR_ALLOC_H
#define _JOOL_CORE_TADDR_ALLOC_H

#include <linux/in6.h>
#include <linux/types.h>

#include "core/pool4.h"

/* Per-host "next port" counters, one array per protocol (RFC 6056 alg. 3). */
#define TADDR_HINTS 256

struct taddr_addr;
struct taddr_sum;

/**
 * struct taddr_occ - which IPv4 transport addresses one protocol uses
 * @addrs:	hash of struct taddr_addr (port bitmap) by IPv4 address
 * @sums:	hash of struct taddr_sum ("full address" summary) nodes
 * @hints:	per-host port counters
 * @releases:	transport addresses released so far
 * @dry_gen:	the generation of a snapshot (never 0) whose table ...
 * @dry_mark:	... of this mark was found exhausted ...
 * @dry_releases: ... when @releases had this value
 * @bdry_gen:	the same for blocks: the snapshot whose table ...
 * @bdry_mark:	... of this mark had no free block ...
 * @bdry_size:	... of this size ...
 * @bdry_releases: ... when @releases had this value
 *
 * @addrs and @sums (160 KiB on 64 bits) are NULL until taddr_occ_attach():
 * a protocol without pool4 records never needs them, and a translator
 * should cost what it uses.  Without them the state is empty: nothing is
 * used and nothing can be taken (taddr_occ_ready()).
 *
 * Keyed by IPv4 address, never by pool4 index, so that it survives pool4
 * snapshots.  The IPv4 side of the BIB is unique per protocol across
 * marks, hence one per protocol.  The caller serialises every access (the
 * BIB table's occ_lock, state/bib_table.h).
 */
struct taddr_occ {
	struct taddr_addr **addrs;
	struct taddr_sum **sums;
	u32 hints[TADDR_HINTS];
	u64 releases;
	u64 dry_gen;
	u32 dry_mark;
	u64 dry_releases;
	u64 bdry_gen;
	u32 bdry_mark;
	u32 bdry_size;
	u64 bdry_releases;
};

/**
 * struct taddr_arrays - the hash arrays of a struct taddr_occ, made apart
 * @addrs:	becomes taddr_occ.addrs
 * @sums:	becomes taddr_occ.sums
 *
 * Made in process context (GFP_KERNEL, may sleep) so that the caller can
 * attach them under its lock, where it may not sleep.
 */
struct taddr_arrays {
	struct taddr_addr **addrs;
	struct taddr_sum **sums;
};

/* An empty state without its arrays: it takes no memory. */
void taddr_occ_init(struct taddr_occ *occ);
/* Frees the state, whatever is still marked used; without arrays too. */
void taddr_occ_free(struct taddr_occ *occ);
/* GFP_KERNEL: both arrays, or -ENOMEM and none. */
int taddr_arrays_alloc(struct taddr_arrays *a);
/* Frees what taddr_occ_attach() did not take; empty @a is fine. */
void taddr_arrays_free(struct taddr_arrays *a);
/* Gives @occ, which has none, the arrays of @a, and empties @a. */
void taddr_occ_attach(struct taddr_occ *occ, struct taddr_arrays *a);

/*
 * Has @occ its arrays?  Without, it reads as empty: taddr_alloc() and
 * taddr_alloc_block() find nothing (-ENXIO, as without pool4),
 * taddr_reserve() fails (-ENOMEM) and the releases have nothing to do.
 */
static inline bool taddr_occ_ready(const struct taddr_occ *occ)
{
	return occ->addrs;
}

/**
 * taddr_alloc() - pick and reserve a free transport address for a new BIB
 * entry
 * @snap:	the current pool4 snapshot (caller holds RCU)
 * @proto:	enum jool_proto
 * @mark:	the packet's mark: only this mark's records are used
 * @src6:	the IPv6 source address (the host to mask)
 * @occ:	the protocol's occupancy state, serialised by the caller
 * @addr:	the result, host byte order
 * @port:	the result
 *
 * On success the transport address is marked used in @occ; give it back
 * with taddr_release() when the BIB entry goes.
 *
 * Return: 0, -ENXIO when the mark has no table for @proto (or @occ no
 * arrays, taddr_occ_ready()), -ENOSPC when
 * the table has no free transport address (or none was found within
 * TADDR_SCAN_CAP scans, see taddr_alloc.c), -ENOMEM when the occupancy
 * state could not grow (GFP_ATOMIC).  Counting is the caller's.
 */
int taddr_alloc(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		const struct in6_addr *src6, struct taddr_occ *occ,
		u32 *addr, u16 *port);

/*
 * Marks @addr#@port (host order) used outside taddr_alloc(): a static BIB
 * entry's.  0, -EEXIST (already used) or -ENOMEM.  The "full address"
 * summary is left behind (taddr_alloc() copes, see taddr_alloc.c).
 */
int taddr_reserve(struct taddr_occ *occ, u32 addr, u16 port);

/* Marks @addr#@port (host order) free again. */
void taddr_release(struct taddr_occ *occ, u32 addr, u16 port);

/* Port blocks: powers of two, so that one lies in one bitmap chunk. */
#define TADDR_BLOCK_MIN	8
#define TADDR_BLOCK_MAX	4096

/**
 * taddr_alloc_block() - pick and reserve a free port block
 * @snap:	the current pool4 snapshot (caller holds RCU)
 * @proto:	enum jool_proto
 * @mark:	only this mark's records are used
 * @owner:	the subscriber's IPv6 prefix (the host to mask)
 * @near:	an address to try first (the owner's other blocks'), or 0
 * @occ:	the protocol's occupancy state, serialised by the caller
 * @size:	ports per block, a power of two, TADDR_BLOCK_MIN..MAX
 * @addr:	the result, host byte order
 * @first:	the block's first port, a multiple of @size
 *
 * A block is @size consecutive ports aligned to a multiple of @size, all
 * in one port range of the table; every port of it is marked used in
 * @occ until taddr_release_block().  The address is chosen as
 * taddr_alloc() chooses one for a host; on it, the lowest free block.
 * At most TADDR_SCAN_CAP addresses and TADDR_BLOCK_BUDGET blocks in
 * partly used chunks are looked at (near exhaustion a free block may
 * then be missed: -ENOSPC).
 *
 * Return: 0, -ENXIO (no table, or @occ no arrays), -ENOSPC or -ENOMEM
 * (GFP_ATOMIC).
 */
int taddr_alloc_block(const struct pool4_snapshot *snap, u8 proto, u32 mark,
		      const struct in6_addr *owner, u32 near,
		      struct taddr_occ *occ, u32 size, u32 *addr, u16 *first);

/* Marks the block of taddr_alloc_block() free again. */
void taddr_release_block(struct taddr_occ *occ, u32 addr, u16 first,
			 u32 size);

void taddr_init(void);

#endif /* _JOOL_CORE_TADDR_ALLOC_H */
