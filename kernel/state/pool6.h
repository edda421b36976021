/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool6: the NAT64 prefix the translator uses (RFC 6052, core/rfc6052.h).
 * IPv6 packets to an address inside it are translated.  One prefix,
 * published with RCU; NULL means the translator is idle.
 */
#ifndef _JOOL_STATE_POOL6_H
#define _JOOL_STATE_POOL6_H

#include <linux/rcupdate.h>

#include "core/rfc6052.h"

extern struct pool6 __rcu *pool6_published;

/* Caller holds rcu_read_lock(); NULL when no prefix is configured. */
static inline const struct pool6 *pool6_current(void)
{
	return rcu_dereference(pool6_published);
}

/* Replaces the prefix (NULL: none); frees the old one after a grace period. */
void pool6_publish(struct pool6 *p6);

void pool6_init(void);
void pool6_exit(void);

#endif /* _JOOL_STATE_POOL6_H */
