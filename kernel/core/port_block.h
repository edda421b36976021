/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port blocks (port-block-size, state/settings.h): a subscriber's first
 * flow reserves a block of consecutive ports on one pool4 address, its
 * further flows take ports of its blocks, and a new block is reserved
 * only when all of them are full; a block goes back to the pool with its
 * last BIB entry.  One log line per block then says who had which ports
 * (RFC 7422), instead of one per flow.
 *
 * A block of N ports (a power of two, TADDR_BLOCK_MIN..TADDR_BLOCK_MAX)
 * starts at a multiple of N and lies in one port range of its pool4
 * table, so that "address, first port, size" names it whatever the
 * records; taddr_alloc_block() finds and reserves it.  A block belongs
 * to one owner: a subscriber (IPv6 prefix and length) and a mark, in one
 * protocol's table.  Its ports are marked used in the protocol's
 * struct taddr_occ while it is held, so per-flow allocation and static
 * entries never take them.  A flow takes the block's next free port
 * after the one taken last (as taddr_alloc() does for a host).
 *
 * Every block keeps the size it was made with: when the setting changes,
 * existing blocks serve their owners until they are released, new ones
 * have the new size; port-block-size 0 sends new flows to taddr_alloc()
 * and the blocks drain.
 *
 * A table costs nothing until port blocks are first turned on: its two
 * hashes (64 KiB on 64 bits, port_block.c) are made then, in process
 * context, and attached under the caller's lock; a table without them
 * reserves no block.
 *
 * Plain C like the rest of core/ (selftests/alloc-core builds it in
 * userspace).  The caller serialises every access (the BIB table's
 * occ_lock, state/bib_table.h).
 */
#ifndef _JOOL_CORE_PORT_BLOCK_H
#define _JOOL_CORE_PORT_BLOCK_H

#include <linux/in6.h>
#include <linux/types.h>

#include "core/pool4.h"
#include "core/taddr_alloc.h"

/* log2 of TADDR_BLOCK_MIN and of TADDR_BLOCK_MAX. */
#define PBLK_ORDER_MIN	3
#define PBLK_ORDER_MAX	12
#define PBLK_ORDERS	(PBLK_ORDER_MAX - PBLK_ORDER_MIN + 1)

struct pblk_hashes;

/**
 * struct pblk_table - the port blocks of one protocol
 * @hash:	blocks by address and first port, owners; NULL until
 *		pblk_table_attach()
 * @held:	blocks held, by size (index: log2(size) - PBLK_ORDER_MIN)
 * @count:	blocks held
 */
struct pblk_table {
	struct pblk_hashes *hash;
	u32 held[PBLK_ORDERS];
	u32 count;
};

/**
 * struct pblk_event - a block reserved or released, for the mapping log
 * @size:	its ports; 0: no block came or went
 * @addr:	its IPv4 address, host byte order
 * @first:	its first port
 * @mark:	its owner's mark
 * @prefix:	its owner's IPv6 prefix
 * @len:	... and prefix length
 */
struct pblk_event {
	u32 size;
	u32 addr;
	u16 first;
	u32 mark;
	struct in6_addr prefix;
	u8 len;
};

/* Module init: the hash key. */
void pblk_init(void);
/* An empty table, without hashes: it takes no memory. */
void pblk_table_init(struct pblk_table *pt);
/* Frees every block and owner still there (not their ports in @occ). */
void pblk_table_free(struct pblk_table *pt);

/*
 * A table's hashes, made apart from it (GFP_KERNEL, may sleep) so that
 * the caller can attach them under its lock; NULL when out of memory.
 */
struct pblk_hashes *pblk_hashes_alloc(void);
void pblk_hashes_free(struct pblk_hashes *h);
/* Gives @pt, which has none, the hashes @h. */
void pblk_table_attach(struct pblk_table *pt, struct pblk_hashes *h);

/* Has @pt its hashes (may it reserve blocks)? */
static inline bool pblk_table_ready(const struct pblk_table *pt)
{
	return pt->hash;
}

/* Is @size a valid block size? */
bool pblk_size_valid(u32 size);

/**
 * pblk_alloc() - a port for a new dynamic BIB entry of a subscriber
 * @pt:		the protocol's blocks
 * @occ:	the protocol's occupancy state
 * @snap:	the current pool4 snapshot
 * @proto:	enum jool_proto
 * @mark:	the flow's mark
 * @prefix:	the subscriber's IPv6 prefix, host bits zero ...
 * @len:	... and length
 * @size:	ports of a new block (pblk_size_valid())
 * @addr:	the result, host byte order
 * @port:	the result
 * @made:	->size is set when a new block was reserved for it
 *
 * A port of the owner's blocks, else of a new block.  Give it back with
 * pblk_release().
 *
 * Return: 0, or taddr_alloc_block()'s errors (-ENXIO, -ENOSPC: no free
 * block found, -ENOMEM); -ENOMEM as well when @pt has no hashes.
 */
int pblk_alloc(struct pblk_table *pt, struct taddr_occ *occ,
	       const struct pool4_snapshot *snap, u8 proto, u32 mark,
	       const struct in6_addr *prefix, u8 len, u32 size, u32 *addr,
	       u16 *port, struct pblk_event *made);

/*
 * Gives back @addr#@port (host order) if a block holds it: true, and
 * @gone->size is set when that was the block's last port in use (the
 * block went back to @occ).  False: not a block's; nothing done.
 */
bool pblk_release(struct pblk_table *pt, struct taddr_occ *occ, u32 addr,
		  u16 port, struct pblk_event *gone);

/* Does a block hold @addr#@port (host order), whether a flow uses it or not? */
bool pblk_holds(struct pblk_table *pt, u32 addr, u16 port);

#endif /* _JOOL_CORE_PORT_BLOCK_H */
