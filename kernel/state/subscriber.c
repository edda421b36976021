// SPDX-License-Identifier: GPL-2.0
/*
 * The subscribers of one BIB table (state/subscriber.h): a hash of IPv6
 * prefixes with the count of their dynamic BIB entries.
 */
#include <linux/mm.h>
#include <linux/siphash.h>
#include <linux/slab.h>
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

int sub_charge(struct sub_table *st, const struct in6_addr *addr, u8 len,
	       u32 max)
{
	struct in6_addr prefix;
	struct hlist_head *head;
	struct subscriber *sub;

	ipv6_addr_prefix(&prefix, addr, len);
	head = sub_head(st, &prefix, len);
	sub = sub_find(head, &prefix, len);
	if (sub && sub->entries >= max)
		return -EDQUOT;
	if (!sub) {
		sub = kzalloc(sizeof(*sub), GFP_ATOMIC);
		if (!sub)
			return -ENOMEM;
		sub->prefix = prefix;
		sub->len = len;
		hlist_add_head(&sub->node, head);
	}
	sub->entries++;
	return 0;
}

void sub_refund(struct sub_table *st, const struct in6_addr *addr, u8 len)
{
	struct in6_addr prefix;
	struct subscriber *sub;

	ipv6_addr_prefix(&prefix, addr, len);
	sub = sub_find(sub_head(st, &prefix, len), &prefix, len);
	if (WARN_ON_ONCE(!sub))
		return;
	if (--sub->entries)
		return;
	hlist_del(&sub->node);
	kfree(sub);
}

void sub_init(void)
{
	get_random_bytes(&sub_key, sizeof(sub_key));
}

int sub_table_init(struct sub_table *st)
{
	st->heads = kvcalloc(SUB_BUCKETS, sizeof(*st->heads), GFP_KERNEL);
	return st->heads ? 0 : -ENOMEM;
}

void sub_table_free(struct sub_table *st)
{
	kvfree(st->heads);
	st->heads = NULL;
}
