/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool6: the NAT64 prefix a namespace's translator uses (RFC 6052,
 * core/rfc6052.h).  IPv6 packets to an address inside it are translated.
 * One prefix per namespace, published with RCU; NULL means the translator
 * is idle.
 */
#ifndef _JOOL_STATE_POOL6_H
#define _JOOL_STATE_POOL6_H

#include <linux/rcupdate.h>

#include "core/rfc6052.h"
#include "state/netns.h"

/* Caller holds rcu_read_lock(); NULL when no prefix is configured. */
static inline const struct pool6 *pool6_current(const struct jool_net *jn)
{
	return rcu_dereference(jn->pool6);
}

/*
 * Replaces the prefix (NULL: none); frees the old one after a grace
 * period.  The caller serialises the writers of @jn.
 */
void pool6_publish(struct jool_net *jn, struct pool6 *p6);

#endif /* _JOOL_STATE_POOL6_H */
