// SPDX-License-Identifier: GPL-2.0
/*
 * Port blocks (core/port_block.h): the blocks of one protocol by address
 * and first port, and their owners.
 *
 * An owner lists its blocks with those that still have a free port
 * first, full and retired ones last, so that a new flow finds a port in
 * O(1): if the first block has none, no block has.  A block is retired
 * when a pool4 change took some of its ports out of the table: it gives
 * no more ports and goes with its last entry.
 *
 * Cost, under the table's occ_lock: a new flow of an owner with a free
 * port, two lookups of the pool4 table (O(log spans + log ranges)) and a
 * scan of the block's bitmap from the last port taken (at most size/64
 * + 1 words); a new block, taddr_alloc_block()'s bounded search; a
 * release, one hash lookup per block size in use (usually one).
 * Memory: 48 bytes per block plus its bitmap (size/8 bytes, at least
 * 8), 56 per owner, and two hashes of PBLK_BUCKETS pointers (64 KiB on
 * 64 bits) once port blocks were on.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core/port_block.h"

#define PBLK_HASH_BITS	12
#define PBLK_BUCKETS	(1U << PBLK_HASH_BITS)

/* One allocation: a table has both hashes or neither. */
struct pblk_hashes {
	struct port_block *blocks[PBLK_BUCKETS];
	struct pblk_owner *owners[PBLK_BUCKETS];
};

struct port_block {
	struct port_block *next;	/* in the table's hash */
	struct port_block *onext;	/* in the owner's list */
	struct port_block *oprev;
	struct pblk_owner *owner;
	u32 addr;
	u16 first;
	u16 used;			/* ports taken */
	u16 size;			/* PBLK_ORDER_MAX: fits */
	u16 rotor;			/* offset after the last port taken */
	bool retired;
	u64 bits[];			/* ports taken, by offset */
};

struct pblk_owner {
	struct pblk_owner *next;	/* in the table's hash */
	struct in6_addr prefix;
	u32 mark;
	u8 len;
	u32 count;			/* blocks */
	struct port_block *head;	/* with free ports first */
	struct port_block *tail;
};

static siphash_key_t pblk_key;

bool pblk_size_valid(u32 size)
{
	return size >= TADDR_BLOCK_MIN && size <= TADDR_BLOCK_MAX &&
	       !(size & (size - 1));
}

static u32 pblk_order(u32 size)
{
	return __ffs64(size) - PBLK_ORDER_MIN;
}

static u32 pblk_words(u32 size)
{
	return size < 64 ? 1 : size / 64;
}

/* The owner's list. */

static void pblk_unlist(struct pblk_owner *o, struct port_block *b)
{
	if (b->oprev)
		b->oprev->onext = b->onext;
	else
		o->head = b->onext;
	if (b->onext)
		b->onext->oprev = b->oprev;
	else
		o->tail = b->oprev;
	b->onext = NULL;
	b->oprev = NULL;
}

static void pblk_list_front(struct pblk_owner *o, struct port_block *b)
{
	b->oprev = NULL;
	b->onext = o->head;
	if (o->head)
		o->head->oprev = b;
	else
		o->tail = b;
	o->head = b;
}

static void pblk_list_back(struct pblk_owner *o, struct port_block *b)
{
	b->onext = NULL;
	b->oprev = o->tail;
	if (o->tail)
		o->tail->onext = b;
	else
		o->head = b;
	o->tail = b;
}

static void pblk_move(struct pblk_owner *o, struct port_block *b, bool front)
{
	pblk_unlist(o, b);
	if (front)
		pblk_list_front(o, b);
	else
		pblk_list_back(o, b);
}

/* Owners. */

static struct pblk_owner **pblk_owner_head(struct pblk_table *pt,
					   const struct in6_addr *prefix,
					   u8 len, u32 mark)
{
	struct {
		struct in6_addr prefix;
		u32 mark;
		u32 len;
	} key = { *prefix, mark, len };

	return &pt->hash->owners[siphash(&key, sizeof(key), &pblk_key) &
				 (PBLK_BUCKETS - 1)];
}

static struct pblk_owner *pblk_owner_find(struct pblk_table *pt,
					  const struct in6_addr *prefix,
					  u8 len, u32 mark)
{
	struct pblk_owner *o = *pblk_owner_head(pt, prefix, len, mark);

	while (o && (o->len != len || o->mark != mark ||
		     memcmp(&o->prefix, prefix, sizeof(*prefix))))
		o = o->next;
	return o;
}

static struct pblk_owner *pblk_owner_new(struct pblk_table *pt,
					 const struct in6_addr *prefix,
					 u8 len, u32 mark)
{
	struct pblk_owner **head = pblk_owner_head(pt, prefix, len, mark);
	struct pblk_owner *o = kzalloc(sizeof(*o), GFP_ATOMIC);

	if (!o)
		return NULL;
	o->prefix = *prefix;
	o->len = len;
	o->mark = mark;
	o->next = *head;
	*head = o;
	return o;
}

static void pblk_owner_del(struct pblk_table *pt, struct pblk_owner *o)
{
	struct pblk_owner **pp = pblk_owner_head(pt, &o->prefix, o->len,
						 o->mark);

	while (*pp != o)
		pp = &(*pp)->next;
	*pp = o->next;
	kfree(o);
}

/* Blocks. */

static struct port_block **pblk_head(struct pblk_table *pt, u32 addr,
				     u16 first)
{
	u32 h = (addr ^ (u32)first * 0x85ebca6bU) * 0x9e3779b1U;

	return &pt->hash->blocks[h >> (32 - PBLK_HASH_BITS)];
}

static struct port_block *pblk_find(struct pblk_table *pt, u32 addr,
				    u16 first, u32 size)
{
	struct port_block *b = *pblk_head(pt, addr, first);

	while (b && (b->addr != addr || b->first != first || b->size != size))
		b = b->next;
	return b;
}

static void pblk_event_fill(struct pblk_event *ev, const struct port_block *b)
{
	ev->size = b->size;
	ev->addr = b->addr;
	ev->first = b->first;
	ev->mark = b->owner->mark;
	ev->prefix = b->owner->prefix;
	ev->len = b->owner->len;
}

/* Is all of @b still in @table?  A pool4 change may have taken ports. */
static bool pblk_in_table(const struct pool4_table *table,
			  const struct port_block *b)
{
	const struct pool4_span *span = pool4_span_find(table, b->addr);
	const struct pool4_port_range *r;

	if (!span)
		return false;
	r = pool4_range_find(table, span, b->first);
	return r && r->max >= b->first + b->size - 1;
}

/* The offset of @b's first free port from its rotor on; @b has one. */
static u32 pblk_next_free(const struct port_block *b)
{
	u32 words = pblk_words(b->size), w = b->rotor / 64, i;
	u64 valid = b->size < 64 ? (1ULL << b->size) - 1 : ~0ULL;
	u64 free = ~b->bits[w] & valid & (~0ULL << (b->rotor % 64));

	for (i = 0; i < words; i++) {
		if (free)
			break;
		w = (w + 1) % words;
		free = ~b->bits[w] & valid;
	}
	return w * 64 + __ffs64(free);
}

/* Takes the next free port of @b, which has one. */
static void pblk_take(struct port_block *b, u32 *addr, u16 *port)
{
	u32 off = pblk_next_free(b);

	b->bits[off / 64] |= 1ULL << (off % 64);
	b->used++;
	b->rotor = (off + 1) & (b->size - 1);
	if (b->used == b->size)
		pblk_move(b->owner, b, false);
	*addr = b->addr;
	*port = b->first + off;
}

/* A port of @o's blocks, if one has a free port still in @table. */
static bool pblk_take_owned(const struct pool4_table *table,
			    struct pblk_owner *o, u32 *addr, u16 *port)
{
	struct port_block *b;

	while ((b = o->head) && !b->retired && b->used < b->size) {
		if (pblk_in_table(table, b)) {
			pblk_take(b, addr, port);
			return true;
		}
		b->retired = true;
		pblk_move(o, b, false);
	}
	return false;
}

/* Reserves a new block of @size for @o, at the head of its list. */
static int pblk_reserve(struct pblk_table *pt, struct taddr_occ *occ,
			const struct pool4_snapshot *snap, u8 proto,
			struct pblk_owner *o, u32 size)
{
	struct port_block **head, *b;
	u32 addr;
	u16 first;
	int err;

	err = taddr_alloc_block(snap, proto, o->mark, &o->prefix,
				o->head ? o->head->addr : 0, occ, size, &addr,
				&first);
	if (err)
		return err;
	b = kzalloc(sizeof(*b) + pblk_words(size) * sizeof(u64), GFP_ATOMIC);
	if (!b) {
		taddr_release_block(occ, addr, first, size);
		return -ENOMEM;
	}
	b->owner = o;
	b->addr = addr;
	b->first = first;
	b->size = size;
	head = pblk_head(pt, addr, first);
	b->next = *head;
	*head = b;
	pblk_list_front(o, b);
	o->count++;
	pt->held[pblk_order(size)]++;
	pt->count++;
	return 0;
}

int pblk_alloc(struct pblk_table *pt, struct taddr_occ *occ,
	       const struct pool4_snapshot *snap, u8 proto, u32 mark,
	       const struct in6_addr *prefix, u8 len, u32 size, u32 *addr,
	       u16 *port, struct pblk_event *made)
{
	const struct pool4_table *table = pool4_table_find(snap, mark, proto);
	struct pblk_owner *o;
	int err;

	made->size = 0;
	if (!pblk_table_ready(pt))
		return -ENOMEM;
	if (!table || !table->size)
		return -ENXIO;
	o = pblk_owner_find(pt, prefix, len, mark);
	if (o && pblk_take_owned(table, o, addr, port))
		return 0;
	if (!o)
		o = pblk_owner_new(pt, prefix, len, mark);
	if (!o)
		return -ENOMEM;
	err = pblk_reserve(pt, occ, snap, proto, o, size);
	if (err) {
		if (!o->count)
			pblk_owner_del(pt, o);
		return err;
	}
	pblk_event_fill(made, o->head);
	pblk_take(o->head, addr, port);
	return 0;
}

static void pblk_block_del(struct pblk_table *pt, struct taddr_occ *occ,
			   struct port_block *b, struct pblk_event *gone)
{
	struct port_block **pp = pblk_head(pt, b->addr, b->first);
	struct pblk_owner *o = b->owner;

	pblk_event_fill(gone, b);
	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
	pblk_unlist(o, b);
	pt->held[pblk_order(b->size)]--;
	pt->count--;
	taddr_release_block(occ, b->addr, b->first, b->size);
	kfree(b);
	if (!--o->count)
		pblk_owner_del(pt, o);
}

/* The block that holds @addr#@port, of whichever size; NULL: none. */
static struct port_block *pblk_holding(struct pblk_table *pt, u32 addr,
				       u16 port)
{
	struct port_block *b = NULL;
	u32 i, size;

	for (i = 0; pt->count && i < PBLK_ORDERS && !b; i++) {
		size = 1U << (i + PBLK_ORDER_MIN);
		if (pt->held[i])
			b = pblk_find(pt, addr, port & ~(size - 1), size);
	}
	return b;
}

bool pblk_holds(struct pblk_table *pt, u32 addr, u16 port)
{
	return pblk_holding(pt, addr, port);
}

bool pblk_release(struct pblk_table *pt, struct taddr_occ *occ, u32 addr,
		  u16 port, struct pblk_event *gone)
{
	struct port_block *b = pblk_holding(pt, addr, port);
	u32 off;
	u64 bit;

	gone->size = 0;
	if (!b)
		return false;
	off = port - b->first;
	bit = 1ULL << (off % 64);
	if (!(b->bits[off / 64] & bit))
		return true;	/* not taken: its port is the block's anyway */
	b->bits[off / 64] &= ~bit;
	if (!--b->used)
		pblk_block_del(pt, occ, b, gone);
	else if (b->used == b->size - 1 && !b->retired)
		pblk_move(b->owner, b, true);
	return true;
}

void pblk_init(void)
{
	get_random_bytes(&pblk_key, sizeof(pblk_key));
}

void pblk_table_init(struct pblk_table *pt)
{
	memset(pt, 0, sizeof(*pt));
}

struct pblk_hashes *pblk_hashes_alloc(void)
{
	return kvzalloc(sizeof(struct pblk_hashes), GFP_KERNEL);
}

void pblk_hashes_free(struct pblk_hashes *h)
{
	kvfree(h);
}

void pblk_table_attach(struct pblk_table *pt, struct pblk_hashes *h)
{
	pt->hash = h;
}

void pblk_table_free(struct pblk_table *pt)
{
	struct pblk_hashes *h = pt->hash;
	u32 i;

	for (i = 0; h && i < PBLK_BUCKETS; i++) {
		while (h->blocks[i]) {
			struct port_block *b = h->blocks[i];

			h->blocks[i] = b->next;
			kfree(b);
		}
		while (h->owners[i]) {
			struct pblk_owner *o = h->owners[i];

			h->owners[i] = o->next;
			kfree(o);
		}
	}
	pblk_hashes_free(h);
	pt->hash = NULL;
}
