// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 SYN store, see state/syn_store.h: a FIFO (the expiry order)
 * and a small hash by the SYN's four addresses and ports (the lookups of
 * IPv6 SYNs and of retransmissions), under one lock.
 */
#include <linux/bottom_half.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/ip.h>

#include "core/session_state.h"
#include "state/syn_store.h"

#define SYN_STORE_BITS		6
#define SYN_STORE_BUCKETS	(1U << SYN_STORE_BITS)
#define SYN_LIFETIME		(SYN4_LIFETIME_SECS * HZ)
/* What an ICMPv4 error quotes at most (RFC 1812 section 4.3.2.3). */
#define SYN_QUOTE_MAX		(576 - sizeof(struct iphdr) - \
				 sizeof(struct icmphdr))

/* The IPv4 side of a TCP session: the SYN's destination and source. */
struct syn_key {
	__be32 addr4;
	__be32 raddr4;
	__be16 port4;
	__be16 rport4;
};

struct stored_syn {
	struct list_head fifo;		/* in syn_store.fifo, oldest first */
	struct hlist_node node;		/* in syn_store.hash */
	struct syn_key key;
	unsigned long expires;		/* jiffies */
	struct sk_buff *skb;		/* the private copy */
};

/**
 * struct syn_store - the SYNs of one namespace's translator
 * @lock:	writers of everything below but @expiry
 * @fifo:	stored SYNs, oldest first
 * @hash:	the same, by struct syn_key
 * @count:	how many; read without the lock as a hint
 * @expiry:	armed for the oldest entry while there is one
 * @jn:		the translator, for its counters and namespace
 * @expire:	tells the sender of an expired SYN
 */
struct syn_store {
	spinlock_t lock;
	struct list_head fifo;
	struct hlist_head hash[SYN_STORE_BUCKETS];
	unsigned int count;
	struct delayed_work expiry;
	const struct jool_net *jn;
	syn_store_expire_fn expire;
};

static void syn_key_of(struct syn_key *k, const struct bib_flow *f)
{
	memset(k, 0, sizeof(*k));
	k->addr4 = f->addr4;
	k->raddr4 = f->raddr4;
	k->port4 = f->port4;
	k->rport4 = f->rport4;
}

static struct hlist_head *syn_bucket(struct syn_store *ss,
				     const struct syn_key *k)
{
	u32 h = jhash_3words((__force u32)k->addr4, (__force u32)k->raddr4,
			     (__force u32)k->port4 << 16 |
			     (__force u16)k->rport4, 0);

	return &ss->hash[h & (SYN_STORE_BUCKETS - 1)];
}

static struct stored_syn *syn_find(struct syn_store *ss,
				   const struct syn_key *k)
{
	struct stored_syn *e;

	lockdep_assert_held(&ss->lock);
	hlist_for_each_entry(e, syn_bucket(ss, k), node)
		if (!memcmp(&e->key, k, sizeof(*k)))
			return e;
	return NULL;
}

static void syn_unlink(struct syn_store *ss, struct stored_syn *e)
{
	lockdep_assert_held(&ss->lock);
	list_del(&e->fifo);
	hlist_del(&e->node);
	WRITE_ONCE(ss->count, ss->count - 1);
}

static void syn_free(struct stored_syn *e)
{
	kfree_skb(e->skb);
	kfree(e);
}

/*
 * A bare copy of the SYN's headers and first bytes: the fields an ICMP
 * error needs (icmp_send() reads the IPv4 header, the mark, and wants
 * PACKET_HOST), nothing that holds a reference.
 */
static struct sk_buff *syn_copy(const struct sk_buff *skb)
{
	unsigned int len = min_t(unsigned int, skb->len - skb_network_offset(skb),
				 SYN_QUOTE_MAX);
	struct sk_buff *copy = alloc_skb(len, GFP_ATOMIC);

	if (!copy)
		return NULL;
	if (skb_copy_bits(skb, skb_network_offset(skb), skb_put(copy, len),
			  len)) {
		kfree_skb(copy);
		return NULL;
	}
	skb_reset_network_header(copy);
	skb_set_transport_header(copy, ip_hdrlen(skb));
	copy->protocol = htons(ETH_P_IP);
	copy->pkt_type = PACKET_HOST;
	copy->mark = skb->mark;
	return copy;
}

/* Arms the work for the oldest entry, if any (under the lock). */
static void syn_arm(struct syn_store *ss)
{
	struct stored_syn *e;
	unsigned long now = jiffies;

	e = list_first_entry_or_null(&ss->fifo, struct stored_syn, fifo);
	if (e)
		queue_delayed_work(system_power_efficient_wq, &ss->expiry,
				   time_after(e->expires, now) ?
				   e->expires - now : 0);
}

int syn_store_add(struct syn_store *ss, const struct sk_buff *skb,
		  const struct bib_flow *f, u32 max)
{
	struct stored_syn *e = kzalloc(sizeof(*e), GFP_ATOMIC);
	int err = 0;

	if (e)
		e->skb = syn_copy(skb);
	if (!e || !e->skb) {
		kfree(e);
		return -ENOMEM;
	}
	syn_key_of(&e->key, f);
	spin_lock_bh(&ss->lock);
	if (syn_find(ss, &e->key)) {
		err = -EEXIST;
	} else if (ss->count >= max) {
		err = -ENOSPC;
	} else {
		e->expires = jiffies + SYN_LIFETIME;
		list_add_tail(&e->fifo, &ss->fifo);
		hlist_add_head(&e->node, syn_bucket(ss, &e->key));
		WRITE_ONCE(ss->count, ss->count + 1);
		if (ss->count == 1)
			syn_arm(ss);
	}
	spin_unlock_bh(&ss->lock);
	if (err)
		syn_free(e);
	return err;
}

bool syn_store_take(struct syn_store *ss, const struct bib_flow *f)
{
	struct stored_syn *e;
	struct syn_key k;

	if (!READ_ONCE(ss->count))
		return false;
	syn_key_of(&k, f);
	spin_lock_bh(&ss->lock);
	e = syn_find(ss, &k);
	if (e)
		syn_unlink(ss, e);
	spin_unlock_bh(&ss->lock);
	if (e)
		syn_free(e);
	return e;
}

unsigned int syn_store_count(const struct syn_store *ss)
{
	return ss ? READ_ONCE(ss->count) : 0;
}

/*
 * The expired entries leave the store under the lock; their senders are
 * told outside it, with bottom halves off as in the packet path that
 * icmp_send() expects to run from.
 */
static void syn_store_expire(struct work_struct *work)
{
	struct syn_store *ss = container_of(to_delayed_work(work),
					    struct syn_store, expiry);
	struct stored_syn *e, *tmp;
	unsigned long now = jiffies;
	LIST_HEAD(expired);

	spin_lock_bh(&ss->lock);
	list_for_each_entry_safe(e, tmp, &ss->fifo, fifo) {
		if (time_before(now, e->expires))
			break;
		syn_unlink(ss, e);
		list_add_tail(&e->fifo, &expired);
	}
	syn_arm(ss);
	spin_unlock_bh(&ss->lock);

	list_for_each_entry_safe(e, tmp, &expired, fifo) {
		local_bh_disable();
		rcu_read_lock();
		ss->expire(ss->jn, e->skb);
		rcu_read_unlock();
		local_bh_enable();
		syn_free(e);
		cond_resched();
	}
}

struct syn_store *syn_store_alloc(const struct jool_net *jn,
				  syn_store_expire_fn expire)
{
	struct syn_store *ss = kzalloc(sizeof(*ss), GFP_KERNEL);

	if (!ss)
		return NULL;
	spin_lock_init(&ss->lock);
	INIT_LIST_HEAD(&ss->fifo);
	INIT_DELAYED_WORK(&ss->expiry, syn_store_expire);
	ss->jn = jn;
	ss->expire = expire;
	return ss;
}

/*
 * The work may re-arm itself; cancel_delayed_work_sync() waits for a run
 * in progress and keeps it from queueing again.  No packet can add an
 * entry by then (the hooks are gone), so the lock is only for lockdep.
 */
void syn_store_free(struct syn_store *ss)
{
	struct stored_syn *e, *tmp;

	if (!ss)
		return;
	cancel_delayed_work_sync(&ss->expiry);
	spin_lock_bh(&ss->lock);
	list_for_each_entry_safe(e, tmp, &ss->fifo, fifo) {
		syn_unlink(ss, e);
		syn_free(e);
	}
	spin_unlock_bh(&ss->lock);
	kfree(ss);
}
