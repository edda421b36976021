// SPDX-License-Identifier: GPL-2.0
/*
 * The subscribers of one BIB table (state/subscriber.h): a hash of IPv6
 * prefixes with the count of their dynamic BIB entries.
 */
#include <linux/mm.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>

#include "state/subscriber.h"

#define SUB_HASH_BITS	12
#define SUB_BUCKETS	(1U << SUB_HASH_BITS)

struct subscriber {
	struct hlist_node node;
	struct in6_addr prefix;		/* host bits zero */
	u8 len;
	u32 entries;
};

static siphash_key_t sub_key;

static struct hlist_head *sub_head(struct sub_table *st,
				   const struct in6_addr *prefix, u8 len)
{
	u64 hi = (u64)(__force u32)prefix->s6_addr32[0] << 32 |
		 (__force u32)prefix->s6_addr32[1];
	u64 lo = (u64)(__force u32)prefix->s6_addr32[2] << 32 |
		 (__force u32)prefix->s6_addr32[3];

	return &st->heads[siphash_3u64(hi, lo, len, &sub_key) &
			  (SUB_BUCKETS - 1)];
}

static struct subscriber *sub_find(struct hlist_head *head,
				   const struct in6_addr *prefix, u8 len)
{
	struct subscriber *sub;

	hlist_for_each_entry(sub, head, node)
		if (sub->len == len && ipv6_addr_equal(&sub->prefix, prefix))
			return sub;
	return NULL;
}

/* Under @st->lock: counts one more entry of @sub, if it may have one. */
static int sub_count(struct subscriber *sub, u32 max)
{
	if (sub->entries >= max)
		return -EDQUOT;
	sub->entries++;
	return 0;
}

/*
 * The node of a new subscriber is allocated with the lock dropped, so
 * that no CPU waits on another's allocation; another CPU may have added
 * the same subscriber meanwhile, whose node then wins and ours goes.
 */
int sub_charge(struct sub_table *st, const struct in6_addr *addr, u8 len,
	       u32 max)
{
	struct subscriber *sub, *new;
	struct in6_addr prefix;
	struct hlist_head *head;
	int err;

	ipv6_addr_prefix(&prefix, addr, len);
	head = sub_head(st, &prefix, len);
	spin_lock_bh(&st->lock);
	sub = sub_find(head, &prefix, len);
	err = sub ? sub_count(sub, max) : -ENOENT;
	spin_unlock_bh(&st->lock);
	if (err != -ENOENT)
		return err;
	if (!max)
		return -EDQUOT;

	new = kzalloc(sizeof(*new), GFP_ATOMIC);
	if (!new)
		return -ENOMEM;
	new->prefix = prefix;
	new->len = len;
	spin_lock_bh(&st->lock);
	sub = sub_find(head, &prefix, len);
	if (!sub) {
		hlist_add_head(&new->node, head);
		sub = new;
		new = NULL;
	}
	err = sub_count(sub, max);
	spin_unlock_bh(&st->lock);
	kfree(new);
	return err;
}

void sub_refund(struct sub_table *st, const struct in6_addr *addr, u8 len)
{
	struct in6_addr prefix;
	struct subscriber *sub;

	ipv6_addr_prefix(&prefix, addr, len);
	spin_lock_bh(&st->lock);
	sub = sub_find(sub_head(st, &prefix, len), &prefix, len);
	if (WARN_ON_ONCE(!sub)) {
		spin_unlock_bh(&st->lock);
		return;
	}
	if (--sub->entries)
		sub = NULL;		/* still has entries: stays */
	else
		hlist_del(&sub->node);
	spin_unlock_bh(&st->lock);
	kfree(sub);
}

void sub_init(void)
{
	get_random_bytes(&sub_key, sizeof(sub_key));
}

int sub_table_init(struct sub_table *st)
{
	spin_lock_init(&st->lock);
	st->heads = kvcalloc(SUB_BUCKETS, sizeof(*st->heads), GFP_KERNEL);
	return st->heads ? 0 : -ENOMEM;
}

void sub_table_free(struct sub_table *st)
{
	kvfree(st->heads);
	st->heads = NULL;
}
