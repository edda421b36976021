/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The insides of the BIB tables, for the files that write or walk them:
 * bib.c (the tables, the packet path, the sweep, the cascade),
 * bib_expiry.c (the wheel that tells the sweep what came due),
 * bib_static.c (the administrator's entries) and bib_walk.c (the
 * listings).  Nothing else includes this header: every other file goes
 * through state/bib.h.
 */
#ifndef _JOOL_BIB_TABLE_H
#define _JOOL_BIB_TABLE_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "core/port_block.h"
#include "core/session_state.h"
#include "core/taddr_alloc.h"
#include "state/bib.h"
#include "state/subscriber.h"

/*
 * One slot per second, as many as the default established-TCP lifetime
 * (2 h 4 min) needs: a session whose lifetime is longer is looked at once
 * more per turn of the wheel.
 */
#define EXPIRY_SLOTS	8192

/**
 * struct expiry_wheel - the sessions of one table by the second they are due
 * @slots:	EXPIRY_SLOTS lists of sessions, by due second modulo their
 *		number
 * @swept:	the last second whose slot the sweep took
 * @filed_by:	the lifetimes the slots were filed with; when the
 *		administrator changes one, the sweep files every session again
 */
struct expiry_wheel {
	struct list_head *slots;
	unsigned long swept;
	struct session_timeouts filed_by;
};

struct bib_table {
	spinlock_t lock;		/* writers of everything below */
	u8 proto;
	struct bib *bib;		/* the namespace's, which holds us */
	struct hlist_head *by6;
	struct hlist_head *by4;
	struct hlist_head *sessions;
	struct expiry_wheel wheel;
	struct taddr_occ occ;		/* IPv4 transport addresses in use */
	struct pblk_table blocks;	/* port blocks, port-block-size */
	struct sub_table subs;		/* dynamic entries per subscriber */
};

/**
 * struct bib - the BIB and sessions of one namespace's translator
 * @tables:	one per protocol
 * @bib_entries: BIB entries of all protocols (at most bib-max)
 * @session_entries: sessions of all protocols (at most session-max)
 * @stats:	the counters of the same translator
 * @jn:		that translator, whose settings give the lifetimes
 * @sweep:	expires sessions (bib_expiry.c)
 */
struct bib {
	struct bib_table tables[JOOL_PROTO_COUNT];
	atomic_t bib_entries;
	atomic_t session_entries;
	struct jool_stats *stats;
	const struct jool_net *jn;
	struct delayed_work sweep;
};

/*
 * The BIB entry of @f's IPv6 transport address and mark, or of the IPv4
 * transport address @addr#@port.  Under rcu_read_lock() or @t's lock.
 */
struct bib_entry *bib_find6(struct bib_table *t, const struct bib_flow *f);
struct bib_entry *bib_find4(struct bib_table *t, __be32 addr, __be16 port);

/*
 * Under @t's lock.  bib_link() publishes @b, whose transport addresses
 * are free and whose IPv4 one is already reserved in @t->occ (or in one
 * of @t->blocks: @in_block, and then the mapping log has a line for the
 * block, none for @b); bib_destroy() unlinks @b and its sessions and
 * releases that reservation.
 */
void bib_link(struct bib_table *t, struct bib_entry *b, bool in_block);
void bib_destroy(struct bib_table *t, struct bib_entry *b);

/*
 * The expiry wheel (bib_expiry.c), under @t's lock but for init and free.
 * expiry_file() puts @s, new or in a new state, in the slot of the second
 * its lifetime by @to runs out.  The sweep, every SWEEP_PERIOD from
 * bib_alloc() until bib_free(), takes the sessions that came due with
 * expiry_take_due(), then asks expiry_due() of each: true, it goes;
 * false, it was filed again.
 */
#define SWEEP_PERIOD	(2 * HZ)

int expiry_init(struct expiry_wheel *w);
void expiry_free(struct expiry_wheel *w);
void expiry_file(struct bib_table *t, struct bib_session *s,
		 const struct session_timeouts *to);
void expiry_take_due(struct bib_table *t, const struct session_timeouts *to,
		     struct list_head *due);
bool expiry_due(struct bib_table *t, struct bib_session *s,
		const struct session_timeouts *to);

#endif /* _JOOL_BIB_TABLE_H */
