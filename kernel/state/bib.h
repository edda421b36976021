/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BIB and sessions (RFC 6146 section 3): the state of the stateful NAT64.
 *
 * A BIB entry binds an IPv6 transport address (per protocol and mark) to
 * an IPv4 transport address taken from pool4; it is endpoint-independent:
 * every destination of that IPv6 transport address shares it.  Each BIB
 * entry has one session per remote IPv4 transport address, and goes away
 * with its last session.
 *
 * Lookups run under RCU and take no lock, so established flows share no
 * lock across CPUs; creating and removing an entry and its sessions takes
 * the lock of that entry, one of an array of locks chosen by its IPv6
 * transport address (spin_lock_bh: the packet path is a writer too), so
 * new flows of different entries do not serialise
 * (state/bib_table.h).  Sessions do
 * not have timers: each waits in a wheel of one-second slots for the
 * second its lifetime runs out, and a periodic sweep looks only at the
 * slots that came due (bib_expiry.c), reading the timestamp each packet
 * refreshes.
 */
#ifndef _JOOL_BIB_H
#define _JOOL_BIB_H

#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/tcp.h>
#include <linux/types.h>

#include "core/pool4.h"
#include "core/session_state.h"
#include "state/bht.h"

/* struct bib_entry's flags. */
#define BIB_STATIC	0x01	/* made by the administrator; never changes */
#define BIB_DEAD	0x02	/* unlinked, waiting for the reaper */

/*
 * Issue 17 asks for at most 128 bytes a BIB entry and its session, hash
 * buckets included: the structs are 56 bytes each (bib_mem.c checks), so
 * the sessions list of an entry is an hlist (one pointer in the entry),
 * a session keeps its state in the low bits of its entry's pointer, and
 * the time of its last packet in 16 bits (session_tick()).
 *
 * The hlists are read under the entry's lock alone (see
 * state/bib_table.h), never by RCU readers: once an object is unlinked,
 * the graveyard (bib_mem.c) links it through @grave, in the same memory,
 * to free it after a grace period.  @flags is one byte of bits rather
 * than two bools, for the same 56 bytes.
 */
struct bib_entry {
	struct bht_node node6;	/* in the table's by6 hash */
	struct bht_node node4;	/* in the table's by4 hash */
	union {
		struct hlist_head sessions;	/* under the entry's lock */
		struct llist_node grave;	/* once buried */
	};
	struct in6_addr addr6;
	__be16 port6;
	__be16 port4;
	__be32 addr4;
	u32 mark;
	u8 flags;			/* BIB_STATIC, BIB_DEAD */
	u8 sub_len;			/* its subscriber's prefix length */
	u16 nsessions;			/* dynamic entries only */
};

/* Lockless: BIB_STATIC is set before the entry is published. */
static inline bool bib_is_static(const struct bib_entry *b)
{
	return READ_ONCE(b->flags) & BIB_STATIC;
}

struct bib_session {
	struct bht_node node;		/* in the table's session hash */
	union {
		struct hlist_node bib_link;	/* in its entry's sessions */
		struct llist_node grave;	/* once buried */
	};
	struct list_head expiry;	/* in a slot of the expiry wheel */
	unsigned long entry_state;	/* its entry | enum session_state */
	__be32 raddr4;			/* the remote IPv4 node */
	__be16 rport4;			/* 0 for ICMP */
	u16 seen;			/* session_tick() of the last packet */
};

/*
 * A BIB entry is 8-byte aligned (bib_mem.c checks), which leaves three
 * bits of a pointer to it for the eight session states.  The entry never
 * changes; the state changes under the entry's lock, and packets read it
 * without.
 */
#define SESSION_STATE_MASK	7UL

static inline struct bib_entry *bib_session_entry(const struct bib_session *s)
{
	return (struct bib_entry *)(READ_ONCE(s->entry_state) &
				    ~SESSION_STATE_MASK);
}

static inline u8 bib_session_state(const struct bib_session *s)
{
	return READ_ONCE(s->entry_state) & SESSION_STATE_MASK;
}

static inline void bib_session_set(struct bib_session *s,
				   struct bib_entry *b, u8 state)
{
	WRITE_ONCE(s->entry_state, (unsigned long)b | state);
}

/*
 * The jiffies at which @s, of protocol @proto, will have been idle for its
 * lifetime by @to (@seen: core/session_state.h).
 */
static inline unsigned long bib_session_due(const struct bib_session *s,
					    u8 proto,
					    const struct session_timeouts *to)
{
	return session_tick_end(READ_ONCE(s->seen), jiffies) +
	       session_lifetime(proto, bib_session_state(s), to);
}

/**
 * struct bib_flow - what the translators ask the BIB about one packet
 * @proto:	enum jool_proto
 * @mark:	skb->mark (6->4 input, 4->6 output)
 * @addr6:	IPv6 source (6->4 input), IPv6 destination (4->6 output)
 * @port6:	its port or ICMP identifier
 * @addr4:	pool4 address (6->4 output, 4->6 input)
 * @port4:	its port or ICMP identifier
 * @raddr4:	the remote IPv4 address (input both ways)
 * @rport4:	its port (0 for ICMP)
 * @th:		the TCP header, for the state machine; NULL otherwise
 * @reply:	an ICMP echo reply: it may use a BIB entry, never make one
 */
struct bib_flow {
	u8 proto;
	u32 mark;
	struct in6_addr addr6;
	__be16 port6;
	__be32 addr4;
	__be16 port4;
	__be32 raddr4;
	__be16 rport4;
	const struct tcphdr *th;
	bool reply;
};

enum bib_verdict {
	BIB_OK,		/* translate: @flow is complete */
	BIB_NOT_FOUND,	/* 4->6 only: no BIB entry for the destination */
	BIB_DROP,	/* already counted */
	BIB_FILTERED,	/* 4->6 only: address-dependent filtering, counted */
};

/* The BIB and sessions of one namespace's translator. */
struct bib;
struct jool_net;
struct jool_settings;
struct pool4_snapshot;

/*
 * GFP_KERNEL; drops are counted in @jn's stats, which must exist, and
 * sessions expire by @jn's settings.  NULL when out of memory.
 */
struct bib *bib_alloc(const struct jool_net *jn);
/* Frees every entry and the tables; NULL is fine.  Nothing may use @bib. */
void bib_free(struct bib *bib);
/*
 * Makes the port-block hashes of every protocol that has none
 * (core/port_block.h), before port-block-size is first set above 0:
 * GFP_KERNEL, all of them or none.  0 or -ENOMEM.  The caller serialises
 * it with the settings' writers and with bib_alloc().
 */
int bib_blocks_prepare(struct bib *bib);
/*
 * Makes the IPv4 occupancy arrays (core/taddr_alloc.h) of every protocol
 * of @snap's tables that has none, before @snap is published: GFP_KERNEL,
 * all of them or none.  0 or -ENOMEM.  The caller serialises it with the
 * pool4 writers and with bib_alloc().
 */
int bib_occ_prepare(struct bib *bib, const struct pool4_snapshot *snap);

/*
 * Caller holds rcu_read_lock() (netfilter hooks do).  A new BIB entry
 * takes its IPv4 transport address from @pool4.  A new 4->6 session
 * passes the filters of @s first.
 */
enum bib_verdict bib_6to4(struct bib *bib, const struct pool4_snapshot *pool4,
			  struct bib_flow *flow);
enum bib_verdict bib_4to6(struct bib *bib, const struct jool_settings *s,
			  struct bib_flow *flow);

/*
 * For ICMP errors: fills @flow's other side from the BIB entry of its IPv4
 * (peek4: proto, addr4, port4) or IPv6 (peek6: proto, addr6, port6, and
 * mark, which is only preferred: an entry of another mark answers too, and
 * peek6 sets @flow's mark to the entry's) transport address; false if
 * there is none.  Sessions are left alone.
 * Caller holds rcu_read_lock().
 */
bool bib_peek4(struct bib *bib, struct bib_flow *flow);
bool bib_peek6(struct bib *bib, struct bib_flow *flow);

/*
 * Cascade: removes the BIB entries of @area's (mark, proto) whose IPv4
 * transport address lies in @area, and their sessions, from @arg, a
 * struct bib (NULL: a translator never started, nothing to do).  Process
 * context.
 */
void bib_remove_area(const struct pool4_area *area, void *arg);

/*
 * The listings walk the hash tables of a protocol in parts (a hash
 * bucket's worth), in an order that resizing the tables keeps: a listing
 * can resume at any part, holding nothing in between.  A walk starts at
 * 0; each call calls @fn under RCU for the entries of the part at
 * *@cursor and moves it to the next, BIB_WALK_END after the last.
 * Entries that come or go meanwhile may or may not be seen; the others
 * are seen once.  Process context.
 */
#define BIB_WALK_END	BHT_WALK_END

void bib_walk_part(struct bib *bib, u8 proto, u64 *cursor,
		   void (*fn)(const struct bib_entry *b, void *arg),
		   void *arg);
void bib_session_walk_part(struct bib *bib, u8 proto, u64 *cursor,
			   void (*fn)(const struct bib_session *s, void *arg),
			   void *arg);
/* Whole walks, for a reader that may sleep between parts. */
void bib_for_each(struct bib *bib, u8 proto,
		  void (*fn)(const struct bib_entry *b, void *arg), void *arg);
void bib_session_for_each(struct bib *bib, u8 proto,
			  void (*fn)(const struct bib_session *s, void *arg),
			  void *arg);
/* Entries that exist now; 0 for NULL (a translator never started). */
unsigned int bib_count(struct bib *bib);
unsigned int bib_session_count(struct bib *bib);
/* Port blocks held now, all protocols (port-block-size); 0 for NULL. */
unsigned int bib_block_count(struct bib *bib);

/*
 * Module init: the hash keys of every namespace's tables and the slab
 * caches of their entries; bib_exit() once every translator is freed.
 */
int bib_init(void);
void bib_exit(void);

#endif /* _JOOL_BIB_H */
