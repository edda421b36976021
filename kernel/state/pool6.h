/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool6: the NAT64 prefix (RFC 6052).  IPv6 packets to an address inside
 * it are translated; the IPv4 address is embedded in it.  One prefix,
 * published with RCU; NULL means the translator is idle.
 */
#ifndef _JOOL_POOL6_H
#define _JOOL_POOL6_H

#include <linux/configfs.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>

struct pool6 {
	struct in6_addr prefix;
	u8 len;
	struct rcu_head rcu;
};

extern struct pool6 __rcu *pool6_published;

/* Caller holds rcu_read_lock(); NULL when no prefix is configured. */
static inline const struct pool6 *pool6_current(void)
{
	return rcu_dereference(pool6_published);
}

bool pool6_contains(const struct pool6 *p6, const struct in6_addr *addr);
__be32 pool6_extract(const struct pool6 *p6, const struct in6_addr *addr);
void pool6_embed(const struct pool6 *p6, __be32 addr4, struct in6_addr *out);

extern struct configfs_attribute jool_attr_pool6;

void pool6_exit(void);

#endif /* _JOOL_POOL6_H */
