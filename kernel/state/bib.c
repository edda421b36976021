// SPDX-License-Identifier: GPL-2.0
/*
 * BIB and session tables: one per protocol, each with three RCU hash
 * tables (BIB by IPv6 transport address and mark, BIB by IPv4 transport
 * address, sessions by both IPv4 ends; bib_hash.c), a lock per BIB entry
 * (shared by the entries of one stripe) and short leaf locks for what the
 * entries share: state/bib_table.h has the lock order.  The sweep, the
 * cascade and the teardown are in bib_sweep.c, the tables' allocation and
 * freeing in bib_life.c.
 *
 * The IPv4 side is unique per protocol across marks: an incoming IPv4
 * packet carries no mark, so two marks must never share an IPv4 transport
 * address in the BIB even when their pool4 records overlap.
 *
 * Each namespace's translator has its own tables (struct bib), allocated
 * when it starts; its limits (bib-max and session-max, state/settings.h)
 * are per namespace.  Static entries come in through bib_static.c.
 */
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>

#include "core/port_block.h"
#include "core/taddr_alloc.h"
#include "state/bib.h"
#include "state/bib_table.h"
#include "state/maplog.h"
#include "state/settings.h"
#include "state/stats.h"
#include "core/session_state.h"

static void session_destroy(struct bib_table *t, struct bib_session *s)
{
	struct bib_entry *b = bib_session_entry(s);

	bib_assert_locked(t, b);
	if (!bib_is_static(b))
		b->nsessions--;
	maplog_session(t->bib->jn, t->proto, s, false);
	bib_session_unlink(t, s);
	hlist_del(&s->bib_link);
	spin_lock_bh(&t->wheel_lock);
	list_del_init(&s->expiry);	/* says "gone" to the sweep and touch */
	spin_unlock_bh(&t->wheel_lock);
	atomic_dec(&t->bib->session_entries);
	bib_bury_session(t, s);
}

/*
 * Gives back @b's IPv4 transport address, to its port block or to pool4;
 * true when it was a block's (@gone->size: the block went with it).
 */
static bool bib_release4(struct bib_table *t, const struct bib_entry *b,
			 struct pblk_event *gone)
{
	u32 addr = ntohl(b->addr4);
	u16 port = ntohs(b->port4);
	bool block = false;

	gone->size = 0;
	spin_lock_bh(&t->occ_lock);
	if (!bib_is_static(b))
		block = pblk_release(&t->blocks, &t->occ, addr, port, gone);
	if (!block)
		taddr_release(&t->occ, addr, port);
	spin_unlock_bh(&t->occ_lock);
	return block;
}

void bib_destroy(struct bib_table *t, struct bib_entry *b)
{
	struct hlist_node *tmp;
	struct bib_session *s;
	struct pblk_event gone;

	bib_assert_locked(t, b);
	hlist_for_each_entry_safe(s, tmp, &b->sessions, bib_link)
		session_destroy(t, s);
	bib_hash_unlink(t, b);
	/* For whoever found @b by4 or by a session and waits for its lock. */
	WRITE_ONCE(b->flags, b->flags | BIB_DEAD);
	/* Released after the unlink: by4 never holds two of an address. */
	maplog_bib(t->bib->jn, t->proto, b, false, bib_release4(t, b, &gone));
	if (gone.size)
		maplog_block(t->bib->jn, t->proto, &gone, false);
	if (!bib_is_static(b))
		sub_refund(&t->subs, &b->addr6, b->sub_len);
	atomic_dec(&t->bib->bib_entries);
	bib_bury_entry(t, b);
}

void bib_link(struct bib_table *t, struct bib_entry *b, u32 hash6,
	      bool in_block)
{
	bib_hash_link(t, b, hash6);
	maplog_bib(t->bib->jn, t->proto, b, true, in_block);
}

/* A dynamic BIB entry goes with its last session; a static one stays. */
void bib_session_expire(struct bib_table *t, struct bib_session *s)
{
	struct bib_entry *b = bib_session_entry(s);

	session_destroy(t, s);
	if (hlist_empty(&b->sessions) && !bib_is_static(b))
		bib_destroy(t, b);
}

/* Counts why no transport address was found for @f. */
static void bib_alloc_failed(int err, const struct bib_table *t,
			     const struct bib_flow *f, bool block)
{
	switch (err) {
	case -ENXIO:
		jool_stat_inc(t->bib->stats, JSTAT_NO_POOL4);
		return;
	case -ENOMEM:
		jool_stat_inc(t->bib->stats, JSTAT_NOMEM);
		return;
	}
	jool_stat_exhausted(t->bib->stats, f->mark, t->proto);
	if (block)
		jool_stat_inc(t->bib->stats, JSTAT_BLOCK_EXHAUSTED);
	pr_warn_ratelimited("jool: pool4 exhausted for mark %u, protocol %s%s\n",
			    f->mark, jool_proto_name(t->proto),
			    block ? " (no free port block)" : "");
}

/*
 * Counts a new entry of @f's subscriber, whose prefix is @len bits long;
 * false (counted as a drop) when it may have no more.  Existing entries
 * are never evicted for a new one.
 */
static bool bib_charge(struct bib_table *t, const struct bib_flow *f, u8 len,
		       u32 max)
{
	int err = sub_charge(&t->subs, &f->addr6, len, max);
	struct in6_addr prefix;

	if (!err)
		return true;
	if (err == -ENOMEM) {
		jool_stat_inc(t->bib->stats, JSTAT_NOMEM);
		return false;
	}
	jool_stat_inc(t->bib->stats, JSTAT_SUBSCRIBER_LIMIT);
	ipv6_addr_prefix(&prefix, &f->addr6, len);
	pr_info_ratelimited("jool: subscriber %pI6c/%u has %u %s BIB entries (maximum-bib-per-subscriber)\n",
			    &prefix, len, max, jool_proto_name(t->proto));
	return false;
}

/*
 * Reserves @f's IPv4 transport address: per flow, or from its
 * subscriber's port blocks when port-block-size is on (@made says
 * whether a block was reserved for it).
 */
static int bib_pick4(struct bib_table *t, const struct pool4_snapshot *pool4,
		     const struct bib_flow *f, const struct jool_settings *s,
		     u32 *addr, u16 *port, struct pblk_event *made)
{
	struct in6_addr prefix;
	int err;

	made->size = 0;
	if (s->port_block_size)
		ipv6_addr_prefix(&prefix, &f->addr6, s->sub_prefix_len);
	/*
	 * The one lock of the table that every new entry takes: held for
	 * the search of the bitmaps only.  They allocate (GFP_ATOMIC) under
	 * it when an address is used for the first time or a block is made,
	 * not per entry.
	 */
	spin_lock_bh(&t->occ_lock);
	if (!s->port_block_size) {
		err = taddr_alloc(pool4, t->proto, f->mark, &f->addr6, &t->occ,
				  addr, port);
	} else {
		err = pblk_alloc(&t->blocks, &t->occ, pool4, t->proto, f->mark,
				 &prefix, s->sub_prefix_len, s->port_block_size,
				 addr, port, made);
	}
	spin_unlock_bh(&t->occ_lock);
	if (err)
		bib_alloc_failed(err, t, f, s->port_block_size);
	return err;
}

static struct bib_entry *bib_create(struct bib_table *t,
				    const struct pool4_snapshot *pool4,
				    const struct bib_flow *f, u32 hash6)
{
	const struct jool_settings *s = jool_settings_current(t->bib->jn);
	u8 len = s->sub_prefix_len;
	struct pblk_event made;
	struct bib_entry *b;
	u32 addr;
	u16 port;

	bib_assert_stripe_held(t, hash6);
	if (!bib_count_take(&t->bib->bib_entries, s->bib_max)) {
		jool_stat_inc(t->bib->stats, JSTAT_TABLE_FULL);
		return NULL;
	}
	if (!bib_charge(t, f, len, s->max_bib_per_sub))
		goto uncount;
	/* Allocated before the address, under no lock but the entry's. */
	b = bib_entry_alloc(GFP_ATOMIC);
	if (!b) {
		jool_stat_inc(t->bib->stats, JSTAT_NOMEM);
		goto refund;
	}
	/* Reserves the transport address in t->occ (bib_destroy() frees). */
	if (bib_pick4(t, pool4, f, s, &addr, &port, &made)) {
		bib_entry_free(b);
		goto refund;
	}
	b->sub_len = len;
	INIT_HLIST_HEAD(&b->sessions);
	b->addr6 = f->addr6;
	b->port6 = f->port6;
	b->mark = f->mark;
	b->addr4 = htonl(addr);
	b->port4 = htons(port);
	bib_link(t, b, hash6, s->port_block_size);
	if (made.size)
		maplog_block(t->bib->jn, t->proto, &made, true);
	return b;
refund:
	sub_refund(&t->subs, &f->addr6, len);
uncount:
	atomic_dec(&t->bib->bib_entries);
	return NULL;
}

/*
 * May dynamic entry @b have one more session?  Bounds what IPv4 senders
 * can make of a mapping that endpoint-independent filtering opens to all
 * of them; a static entry publishes a server and has no such bound.
 */
static bool session_allowed(struct bib_table *t, const struct bib_entry *b)
{
	const struct jool_settings *s = jool_settings_current(t->bib->jn);

	if (bib_is_static(b) || b->nsessions < s->max_sessions_per_bib)
		return true;
	jool_stat_inc(t->bib->stats, JSTAT_SESSION_LIMIT);
	return false;
}

static struct bib_session *session_create(struct bib_table *t, struct bib_entry *b,
				      const struct bib_flow *f, bool from6)
{
	const struct jool_settings *set = jool_settings_current(t->bib->jn);
	struct bib_session *s;

	bib_assert_locked(t, b);
	if (!bib_count_take(&t->bib->session_entries, set->session_max)) {
		jool_stat_inc(t->bib->stats, JSTAT_TABLE_FULL);
		return NULL;
	}
	if (!session_allowed(t, b))
		goto uncount;
	s = bib_session_alloc(GFP_ATOMIC);
	if (!s) {
		jool_stat_inc(t->bib->stats, JSTAT_NOMEM);
		goto uncount;
	}
	if (t->proto != JOOL_PROTO_TCP)
		bib_session_set(s, b, SESSION_OPEN);
	else
		bib_session_set(s, b, from6 ? SESSION_V6_INIT : SESSION_V4_INIT);
	s->raddr4 = f->raddr4;
	s->rport4 = f->rport4;
	s->seen = session_tick(jiffies);
	bib_session_link(t, s);
	INIT_LIST_HEAD(&s->expiry);
	spin_lock_bh(&t->wheel_lock);
	expiry_file(t, s, &set->timeouts);
	spin_unlock_bh(&t->wheel_lock);
	hlist_add_head(&s->bib_link, &b->sessions);
	if (!bib_is_static(b))
		b->nsessions++;
	maplog_session(t->bib->jn, t->proto, s, true);
	return s;
uncount:
	atomic_dec(&t->bib->session_entries);
	return NULL;
}

static void session_refresh(struct bib_session *s)
{
	u16 now = session_tick(jiffies);

	if (READ_ONCE(s->seen) != now)
		WRITE_ONCE(s->seen, now);
}

/*
 * One more packet of @s: UDP and ICMP always refresh it, TCP as its state
 * machine says.  Writes only what changed, so that a flow's packets on
 * several CPUs do not keep stealing its cache line.
 */
static void session_touch(struct bib_table *t, struct bib_session *s,
			  const struct bib_flow *f, bool from6)
{
	struct bib_entry *b;
	spinlock_t *lock;
	bool refresh;
	u8 state;

	if (!f->th) {
		session_refresh(s);
		return;
	}
	state = bib_session_state(s);
	if (session_state_next(state, f->th, from6, &refresh) == state) {
		if (refresh)
			session_refresh(s);
		return;
	}
	/* The entry's lock serialises the state changes of its sessions. */
	b = bib_session_entry(s);
	lock = bib_lock_of(t, b);
	spin_lock_bh(lock);
	state = session_state_next(bib_session_state(s), f->th, from6,
				   &refresh);
	bib_session_set(s, b, state);
	if (refresh)
		session_refresh(s);
	/*
	 * Its lifetime may be another now.  @s may have expired since the
	 * lookup (RCU keeps it readable): only a filed session is filed again
	 * (its expiry link is emptied, under the wheel lock, when it goes).
	 */
	spin_lock_bh(&t->wheel_lock);
	if (!list_empty(&s->expiry))
		expiry_file(t, s, &jool_settings_current(t->bib->jn)->timeouts);
	spin_unlock_bh(&t->wheel_lock);
	spin_unlock_bh(lock);
}

/* Only a SYN may open a TCP session (RFC 6146 section 3.5.2). */
static bool bib_may_open(struct bib_table *t, const struct bib_flow *f)
{
	if (!f->th || f->th->syn)
		return true;
	jool_stat_inc(t->bib->stats, JSTAT_NO_SESSION);
	return false;
}

static void bib_fill4(struct bib_flow *f, const struct bib_entry *b)
{
	f->addr4 = b->addr4;
	f->port4 = b->port4;
}

/*
 * Under the lock of @f's entries, which makes the lookups below exact: an
 * entry of @f's IPv6 transport address (of hash @hash6) is created and
 * destroyed under the same lock, as are its sessions.
 */
static enum bib_verdict bib_6to4_slow(struct bib_table *t,
				      const struct pool4_snapshot *pool4,
				      struct bib_flow *f, u32 hash6)
{
	spinlock_t *lock = bib_stripe(t, hash6);
	struct bib_entry *b;
	struct bib_session *s;

	if (!bib_may_open(t, f))
		return BIB_DROP;
	spin_lock_bh(lock);
	b = bib_find6(t, f, hash6);
	if (!b && f->reply) {
		/* Echo replies answer IPv4 requests: no entry, no request. */
		jool_stat_inc(t->bib->stats, JSTAT_NO_BIB);
		goto drop;
	}
	s = NULL;
	if (b)
		s = bib_session_find(t, b, f->raddr4, f->rport4);
	else
		b = bib_create(t, pool4, f, hash6);	/* no session yet */
	if (!b)
		goto drop;
	if (!s)
		s = session_create(t, b, f, true);
	if (!s) {
		if (hlist_empty(&b->sessions) && !bib_is_static(b))
			bib_destroy(t, b);
		goto drop;
	}
	bib_fill4(f, b);
	spin_unlock_bh(lock);
	return BIB_OK;
drop:
	spin_unlock_bh(lock);
	return BIB_DROP;
}

enum bib_verdict bib_6to4(struct bib *bib, const struct pool4_snapshot *pool4,
			  struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	u32 hash6 = bib_hash6(&f->addr6, f->port6);
	struct bib_entry *b;
	struct bib_session *s;

	b = bib_find6(t, f, hash6);
	if (!b)
		return bib_6to4_slow(t, pool4, f, hash6);
	s = bib_session_find(t, b, f->raddr4, f->rport4);
	if (!s)
		return bib_6to4_slow(t, pool4, f, hash6);
	bib_fill4(f, b);
	session_touch(t, s, f, true);
	return BIB_OK;
}

static void bib_fill6(struct bib_flow *f, const struct bib_entry *b)
{
	f->addr6 = b->addr6;
	f->port6 = b->port6;
	f->mark = b->mark;
}

/* Has @b a session with the remote IPv4 node @raddr, on any port? */
static bool bib_knows_remote(const struct bib_entry *b, __be32 raddr)
{
	const struct bib_session *s;

	hlist_for_each_entry(s, &b->sessions, bib_link)
		if (s->raddr4 == raddr)
			return true;
	return false;
}

/*
 * May the IPv4 packet @f open a session of @b?  The filters of the
 * settings (RFC 6146 sections 3.5.1 and 3.5.2.2): endpoint-independent
 * filtering lets any remote reach an existing BIB entry; address-
 * dependent filtering only the remotes the IPv6 node has talked to; and
 * an IPv4 SYN may be refused whatever the filtering.
 */
static enum bib_verdict bib_4to6_filter(struct bib_table *t,
					const struct jool_settings *set,
					const struct bib_entry *b,
					const struct bib_flow *f)
{
	if (f->th && set->drop_ext_tcp) {
		jool_stat_inc(t->bib->stats, JSTAT_EXT_TCP);
		return BIB_DROP;
	}
	if (set->adf && !bib_knows_remote(b, f->raddr4)) {
		jool_stat_inc(t->bib->stats, JSTAT_FILTERED);
		return BIB_FILTERED;
	}
	return BIB_OK;
}

/* Under the lock of @b, which is alive. */
static enum bib_verdict bib_4to6_locked(struct bib_table *t,
					const struct jool_settings *set,
					struct bib_entry *b, struct bib_flow *f)
{
	enum bib_verdict verdict;
	struct bib_session *s;

	s = bib_session_find(t, b, f->raddr4, f->rport4);
	if (!s) {
		verdict = bib_4to6_filter(t, set, b, f);
		if (verdict != BIB_OK)
			return verdict;
		s = session_create(t, b, f, false);
		if (!s)
			return BIB_DROP;
	}
	bib_fill6(f, b);
	return BIB_OK;
}

/*
 * The entry is found by4, without its lock, which is the lock of its
 * IPv6 transport address; once it is held, the entry may turn out dead
 * (destroyed meanwhile) and its IPv4 transport address another entry's
 * by now: the lookup is tried again.  Each retry follows a destruction
 * of the entry of @f's address, so they end.
 */
static enum bib_verdict bib_4to6_slow(struct bib_table *t,
				      const struct jool_settings *set,
				      struct bib_flow *f)
{
	enum bib_verdict verdict;
	struct bib_entry *b;
	spinlock_t *lock;

	if (!bib_may_open(t, f))
		return BIB_DROP;
	for (;;) {
		b = bib_find4(t, f->addr4, f->port4);
		if (!b)
			return BIB_NOT_FOUND;
		lock = bib_lock_of(t, b);
		spin_lock_bh(lock);
		if (!(b->flags & BIB_DEAD)) {
			verdict = bib_4to6_locked(t, set, b, f);
			spin_unlock_bh(lock);
			return verdict;
		}
		spin_unlock_bh(lock);
	}
}

enum bib_verdict bib_4to6(struct bib *bib, const struct jool_settings *set,
			  struct bib_flow *f)
{
	struct bib_table *t = &bib->tables[f->proto];
	struct bib_entry *b;
	struct bib_session *s;

	b = bib_find4(t, f->addr4, f->port4);
	if (!b)
		return BIB_NOT_FOUND;
	s = bib_session_find(t, b, f->raddr4, f->rport4);
	if (!s)
		return bib_4to6_slow(t, set, f);
	bib_fill6(f, b);
	session_touch(t, s, f, false);
	return BIB_OK;
}

/*
 * ICMP errors (RFC 6146 section 3.5): they are matched against the BIB
 * entry alone and neither create nor refresh state, so that nobody can
 * keep a mapping alive or open one with forged errors.
 */
bool bib_peek4(struct bib *bib, struct bib_flow *f)
{
	struct bib_entry *b = bib_find4(&bib->tables[f->proto], f->addr4,
					f->port4);

	if (!b)
		return false;
	bib_fill6(f, b);
	return true;
}

/*
 * Endpoint-independent mapping (RFC 6146 section 3.5.1) gives an IPv6
 * transport address one mapping; marks only choose its pool4 record.
 * Errors about it come from routers whose packets lack the client's mark,
 * so any mark's entry answers, the error's own first.
 */
bool bib_peek6(struct bib *bib, struct bib_flow *f)
{
	struct bib_entry *b = bib_find6_any_mark(&bib->tables[f->proto], f);

	if (!b)
		return false;
	bib_fill4(f, b);
	f->mark = b->mark;
	return true;
}
