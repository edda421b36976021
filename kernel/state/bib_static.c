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
	INIT_HLIST_HEAD(&b->sessions);
	b->addr6 = f->addr6;
	b->port6 = f->port6;
	b->mark = f->mark;
	b->addr4 = f->addr4;
	b->port4 = f->port4;
	b->flags = BIB_STATIC;
	return b;
}

/*
 * Under the lock of @f's entries: may @f's entry go in, the BIB holding
 * at most @max?  0, with its IPv4 transport address reserved and its
 * place in bib-max taken, or the errno of bib_static_add(): EEXIST when
 * an entry has either transport address, EADDRINUSE when a port block
 * holds the IPv4 one and no entry uses it.  The IPv4 side is checked by
 * its reservation: an entry's address is reserved before it goes into
 * by4 and released after it left.  Its protocol's occupancy arrays exist:
 * pool4 covers the address (sb_enable() checks), and pool4 records make
 * them before they are published (bib_occ_prepare()).
 */
static int bib_static_reserve(struct bib_table *t, const struct bib_flow *f,
			      u32 hash6, u32 max)
{
	u32 addr = ntohl(f->addr4);
	u16 port = ntohs(f->port4);
	bool taken;
	int err;

	bib_assert_stripe_held(t, hash6);
	rcu_read_lock();
	taken = bib_find6(t, f, hash6);
	rcu_read_unlock();
	if (taken)
		return -EEXIST;
	spin_lock_bh(&t->occ_lock);
	/* The port of a block is its owner's, used by a flow or not. */
	err = pblk_holds(&t->blocks, addr, port) ? -EADDRINUSE :
	      taddr_reserve(&t->occ, addr, port);
	spin_unlock_bh(&t->occ_lock);
	if (err == -EADDRINUSE) {
		rcu_read_lock();
		if (bib_find4(t, f->addr4, f->port4))
			err = -EEXIST;	/* a flow of the block has it */
		rcu_read_unlock();
	}
	if (err)
		return err;
	if (bib_count_take(&t->bib->bib_entries, max))
		return 0;
	spin_lock_bh(&t->occ_lock);
	taddr_release(&t->occ, addr, port);
	spin_unlock_bh(&t->occ_lock);
	return -ENOSPC;
}

/*
 * The entry is allocated before the lock (GFP_KERNEL); under it, both
 * transport addresses are checked free before anything is linked, so a
 * refusal changes nothing.
 */
int bib_static_add(struct bib *bib, const struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	u32 hash6 = bib_hash6(&f->addr6, f->port6);
	spinlock_t *lock = bib_stripe(t, hash6);
	struct bib_entry *b = bib_static_new(f);
	u32 max;
	int err;

	if (!b)
		return -ENOMEM;
	rcu_read_lock();
	max = jool_settings_current(bib->jn)->bib_max;
	rcu_read_unlock();
	spin_lock_bh(lock);
	err = bib_static_reserve(t, f, hash6, max);
	if (!err)
		bib_link(t, b, hash6, false);
	spin_unlock_bh(lock);
	if (err)
		bib_entry_free(b);
	return err;
}

/*
 * The entry is found under RCU, then locked: a cascade or the teardown
 * may have destroyed it meanwhile (BIB_DEAD), and then there is nothing
 * left to do.
 */
void bib_static_remove(struct bib *bib, const struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	struct bib_entry *b;
	spinlock_t *lock;

	rcu_read_lock();
	b = bib_find4(t, f->addr4, f->port4);
	if (b && bib_is_static(b)) {
		lock = bib_lock_of(t, b);
		spin_lock_bh(lock);
		if (!(b->flags & BIB_DEAD))
			bib_destroy(t, b);
		spin_unlock_bh(lock);
	}
	rcu_read_unlock();
}
