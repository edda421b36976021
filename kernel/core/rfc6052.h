/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NAT64 prefix and RFC 6052 address arithmetic: an IPv4 address is
 * embedded in, and extracted from, an IPv6 address of the prefix.  Plain
 * C: the unit tests can build it in userspace.
 */
#ifndef _JOOL_CORE_RFC6052_H
#define _JOOL_CORE_RFC6052_H

#include <linux/in6.h>
#include <linux/types.h>

/**
 * struct pool6 - the translator's NAT64 prefix
 * @prefix:	the prefix, host bits zero
 * @len:	32, 40, 48, 56, 64 or 96 (see rfc6052_len_valid())
 * @rcu:	for the publication's kfree_rcu() (state/pool6.c)
 */
struct pool6 {
	struct in6_addr prefix;
	u8 len;
	struct rcu_head rcu;
};

/* The lengths RFC 6052 section 2.2 defines. */
bool rfc6052_len_valid(unsigned int len);

bool pool6_contains(const struct pool6 *p6, const struct in6_addr *addr);
__be32 pool6_extract(const struct pool6 *p6, const struct in6_addr *addr);
void pool6_embed(const struct pool6 *p6, __be32 addr4, struct in6_addr *out);

#endif /* _JOOL_CORE_RFC6052_H */
