// SPDX-License-Identifier: GPL-2.0
/*
 * Static BIB entries: the administrator's, put into and taken out of the
 * tables of bib.c.  Unlike a dynamic entry, whose IPv4 transport address
 * the allocator picks, a static one names its own, which is reserved.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "core/port_block.h"
#include "core/taddr_alloc.h"
#include "state/bib_static.h"
#include "state/bib_table.h"
#include "state/settings.h"

static struct bib_entry *bib_static_new(const struct bib_flow *f)
{
	struct bib_entry *b = bib_entry_alloc(GFP_KERNEL);

	if (!b)
		return NULL;
	INIT_LIST_HEAD(&b->sessions);
	b->addr6 = f->addr6;
	b->port6 = f->port6;
	b->mark = f->mark;
	b->addr4 = f->addr4;
	b->port4 = f->port4;
	b->is_static = true;
	return b;
}

/*
 * Under @t's lock: may @f's entry go in, the BIB holding at most @max?
 * 0 or the errno of bib_static_add(): EEXIST when an entry has either
 * transport address, EADDRINUSE when a port block holds the IPv4 one.
 */
static int bib_static_reserve(struct bib_table *t, const struct bib_flow *f,
			      u32 max)
{
	bool taken;

	lockdep_assert_held(&t->lock);
	rcu_read_lock();
	taken = bib_find4(t, f->addr4, f->port4) || bib_find6(t, f);
	rcu_read_unlock();
	if (taken)
		return -EEXIST;
	if (atomic_read(&t->bib->bib_entries) >= max)
		return -ENOSPC;
	/* The port of a block is its owner's, used by a flow or not. */
	if (pblk_holds(&t->blocks, ntohl(f->addr4), ntohs(f->port4)))
		return -EADDRINUSE;
	return taddr_reserve(&t->occ, ntohl(f->addr4), ntohs(f->port4));
}

/*
 * The entry is allocated before the lock (GFP_KERNEL); under it, both
 * transport addresses are checked free before anything is linked, so a
 * refusal changes nothing.
 */
int bib_static_add(struct bib *bib, const struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	struct bib_entry *b = bib_static_new(f);
	u32 max;
	int err;

	if (!b)
		return -ENOMEM;
	rcu_read_lock();
	max = jool_settings_current(bib->jn)->bib_max;
	rcu_read_unlock();
	spin_lock_bh(&t->lock);
	err = bib_static_reserve(t, f, max);
	if (!err && bib_link(t, b, false)) {
		taddr_release(&t->occ, ntohl(f->addr4), ntohs(f->port4));
		spin_unlock_bh(&t->lock);
		return -ENOMEM;		/* bib_link() buried @b */
	}
	spin_unlock_bh(&t->lock);
	if (err)
		bib_entry_free(b);
	return err;
}

void bib_static_remove(struct bib *bib, const struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	struct bib_entry *b;

	spin_lock_bh(&t->lock);
	rcu_read_lock();
	b = bib_find4(t, f->addr4, f->port4);
	rcu_read_unlock();
	/* Still safe to use: only a holder of the lock frees it. */
	if (b && b->is_static)
		bib_destroy(t, b);
	spin_unlock_bh(&t->lock);
}
