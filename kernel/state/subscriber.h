/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subscribers of one BIB table and their dynamic BIB entries, for the
 * per-subscriber limit (RFC 6888 REQ-4; state/settings.h).  A subscriber
 * is an IPv6 prefix of the length in force when an entry is made; the
 * entry keeps that length, so that it is refunded to the same subscriber
 * whatever the setting says by then.  A subscriber exists while it has
 * entries: the table costs its buckets plus one small node per active
 * subscriber.
 *
 * The table has its own lock (a leaf: it nests inside a BIB entry's lock,
 * see state/bib_table.h, and holds nothing else), taken by sub_charge()
 * and sub_refund(); the node of a new subscriber is allocated outside it.
 */
#ifndef _JOOL_STATE_SUBSCRIBER_H
#define _JOOL_STATE_SUBSCRIBER_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct sub_table {
	spinlock_t lock;		/* @heads and the counts */
	struct hlist_head *heads;
};

/* Module init: the hash key of every table. */
void sub_init(void);
/* GFP_KERNEL; 0 or -ENOMEM. */
int sub_table_init(struct sub_table *st);
/* Every subscriber must be refunded by now; NULL heads are fine. */
void sub_table_free(struct sub_table *st);

/*
 * Counts one more entry of the subscriber @addr/@len: 0, -EDQUOT when it
 * already has @max (nothing counted), or -ENOMEM.  Exact however many
 * CPUs charge the same subscriber at once.  Any context (GFP_ATOMIC).
 */
int sub_charge(struct sub_table *st, const struct in6_addr *addr, u8 len,
	       u32 max);
/* Takes back what sub_charge() counted for @addr/@len. */
void sub_refund(struct sub_table *st, const struct in6_addr *addr, u8 len);

#endif /* _JOOL_STATE_SUBSCRIBER_H */
