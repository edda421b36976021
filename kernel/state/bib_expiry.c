// SPDX-License-Identifier: GPL-2.0
/*
 * Session expiry: a wheel of one-second slots per table.  A session waits
 * in the slot of the second its lifetime runs out; packets only refresh
 * its timestamp, without a lock.  Every SWEEP_PERIOD the sweep
 * (bib_sweep.c) takes the slots whose second has come and looks at their
 * sessions alone: one that
 * saw no packet for its lifetime goes, one that did is filed again by its
 * timestamp.  So the periodic work costs what comes due, not what exists:
 * a million idle sessions with nothing due cost a few list operations.
 *
 * A session lives at most a sweep period and a second past its lifetime.
 * When the administrator changes a timeout, the next sweep files every
 * session of the table again, once (chunked like the rest).
 */
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "state/bib_table.h"

int expiry_init(struct expiry_wheel *w)
{
	u32 i;

	w->slots = kvcalloc(EXPIRY_SLOTS, sizeof(*w->slots), GFP_KERNEL);
	if (!w->slots)
		return -ENOMEM;
	for (i = 0; i < EXPIRY_SLOTS; i++)
		INIT_LIST_HEAD(&w->slots[i]);
	w->swept = jiffies / HZ;
	return 0;
}

/* The sessions are gone by now: their BIB entries were destroyed. */
void expiry_free(struct expiry_wheel *w)
{
	kvfree(w->slots);
	w->slots = NULL;
}

void expiry_file(struct bib_table *t, struct bib_session *s,
		 const struct session_timeouts *to)
{
	struct expiry_wheel *w = &t->wheel;
	unsigned long second = bib_session_due(s, t->proto, to) / HZ;

	lockdep_assert_held(&t->wheel_lock);
	/* A second already swept would wait a whole turn: the next one. */
	if (!time_after(second, w->swept))
		second = w->swept + 1;
	list_move_tail(&s->expiry, &w->slots[second % EXPIRY_SLOTS]);
}

/*
 * Under @t->wheel_lock: moves to @due the sessions of every second up to now,
 * or of all seconds when the lifetimes changed since they were filed.
 */
void expiry_take_due(struct bib_table *t, const struct session_timeouts *to,
		     struct list_head *due)
{
	struct expiry_wheel *w = &t->wheel;
	unsigned long now = jiffies / HZ;
	u32 i;

	lockdep_assert_held(&t->wheel_lock);
	if (memcmp(&w->filed_by, to, sizeof(*to))) {
		w->filed_by = *to;
		for (i = 0; i < EXPIRY_SLOTS; i++)
			list_splice_tail_init(&w->slots[i], due);
	}
	if (time_after(now, w->swept + EXPIRY_SLOTS))
		w->swept = now - EXPIRY_SLOTS;
	while (time_before(w->swept, now)) {
		w->swept++;
		list_splice_tail_init(&w->slots[w->swept % EXPIRY_SLOTS], due);
	}
}

/*
 * Under @t->wheel_lock: true when @s, first of a sweep's @due list, saw no
 * packet for its lifetime by @to, for the caller to remove; otherwise
 * files it again by its timestamp (off @due) and returns false.
 */
bool expiry_due(struct bib_table *t, struct bib_session *s,
		const struct session_timeouts *to)
{
	lockdep_assert_held(&t->wheel_lock);
	if (time_after(jiffies, bib_session_due(s, t->proto, to)))
		return true;
	expiry_file(t, s, to);
	return false;
}

