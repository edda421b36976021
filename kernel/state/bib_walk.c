// SPDX-License-Identifier: GPL-2.0
/*
 * The readers of the BIB tables: listings walk them part by part under
 * RCU (bib_hash.c says in which order), without the writers' lock, so a
 * listing of a big table never holds up the packets that change it;
 * counts read the gauges.
 */
#include <linux/atomic.h>
#include <linux/sched.h>

#include "state/bib.h"
#include "state/bib_table.h"

struct walk_bib {
	void (*fn)(const struct bib_entry *b, void *arg);
	void *arg;
};

struct walk_session {
	void (*fn)(const struct bib_session *s, void *arg);
	void *arg;
};

static void walk_bib(void *obj, void *arg)
{
	struct walk_bib *w = arg;

	w->fn(obj, w->arg);
}

static void walk_session(void *obj, void *arg)
{
	struct walk_session *w = arg;

	w->fn(obj, w->arg);
}

void bib_walk_part(struct bib *bib, u8 proto, u64 *cursor,
		   void (*fn)(const struct bib_entry *b, void *arg),
		   void *arg)
{
	struct walk_bib w = { .fn = fn, .arg = arg };

	*cursor = bht_walk(&bib->tables[proto].by4, *cursor, 1, walk_bib, &w);
}

void bib_session_walk_part(struct bib *bib, u8 proto, u64 *cursor,
			   void (*fn)(const struct bib_session *s, void *arg),
			   void *arg)
{
	struct walk_session w = { .fn = fn, .arg = arg };

	*cursor = bht_walk(&bib->tables[proto].sessions, *cursor, 1,
			   walk_session, &w);
}

void bib_for_each(struct bib *bib, u8 proto,
		  void (*fn)(const struct bib_entry *b, void *arg), void *arg)
{
	u64 cursor = 0;

	while (cursor < BIB_WALK_END) {
		bib_walk_part(bib, proto, &cursor, fn, arg);
		cond_resched();
	}
}

void bib_session_for_each(struct bib *bib, u8 proto,
			  void (*fn)(const struct bib_session *s, void *arg),
			  void *arg)
{
	u64 cursor = 0;

	while (cursor < BIB_WALK_END) {
		bib_session_walk_part(bib, proto, &cursor, fn, arg);
		cond_resched();
	}
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
