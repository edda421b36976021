// SPDX-License-Identifier: GPL-2.0
/*
 * The readers of the BIB tables: listings walk them bucket by bucket
 * under RCU, without the writers' lock, so a listing of a big table
 * never holds up the packets that change it; counts read the gauges.
 */
#include <linux/atomic.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>

#include "state/bib.h"
#include "state/bib_table.h"

void bib_walk_bucket(struct bib *bib, u8 proto, u32 bucket,
		     void (*fn)(const struct bib_entry *b, void *arg),
		     void *arg)
{
	struct bib_entry *b;

	rcu_read_lock();
	hlist_for_each_entry_rcu(b, &bib->tables[proto].by4[bucket], node4)
		fn(b, arg);
	rcu_read_unlock();
}

void bib_session_walk_bucket(struct bib *bib, u8 proto, u32 bucket,
			     void (*fn)(const struct bib_session *s, void *arg),
			     void *arg)
{
	struct bib_session *s;

	rcu_read_lock();
	hlist_for_each_entry_rcu(s, &bib->tables[proto].sessions[bucket], node)
		fn(s, arg);
	rcu_read_unlock();
}

void bib_for_each(struct bib *bib, u8 proto,
		  void (*fn)(const struct bib_entry *b, void *arg), void *arg)
{
	u32 i;

	for (i = 0; i < BIB_BUCKETS; i++)
		bib_walk_bucket(bib, proto, i, fn, arg);
}

void bib_session_for_each(struct bib *bib, u8 proto,
			  void (*fn)(const struct bib_session *s, void *arg),
			  void *arg)
{
	u32 i;

	for (i = 0; i < BIB_BUCKETS; i++)
		bib_session_walk_bucket(bib, proto, i, fn, arg);
}

unsigned int bib_count(struct bib *bib)
{
	return bib ? atomic_read(&bib->bib_entries) : 0;
}

unsigned int bib_session_count(struct bib *bib)
{
	return bib ? atomic_read(&bib->session_entries) : 0;
}

unsigned int bib_block_count(struct bib *bib)
{
	unsigned int n = 0;
	int p;

	for (p = 0; bib && p < JOOL_PROTO_COUNT; p++)
		n += READ_ONCE(bib->tables[p].blocks.count);
	return n;
}
