/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static BIB entries (RFC 6146 section 3.5.1, "manually configured"): an
 * IPv6 server published at an IPv4 transport address of pool4.  Their
 * IPv4 transport address is reserved in the allocator, they never expire
 * (losing their last session leaves them), and the pool4 cascade leaves
 * them alone: they go only through bib_static_remove().
 */
#ifndef _JOOL_BIB_STATIC_H
#define _JOOL_BIB_STATIC_H

#include "state/bib.h"

/*
 * bib_static_add() takes @f's proto, mark, addr6, port6, addr4 and port4
 * (the caller checked that pool4 holds the IPv4 side).  Return: 0,
 * -EEXIST when a dynamic or static entry already holds either transport
 * address, -EADDRINUSE when a subscriber's port block holds the IPv4 one
 * (nothing changes either way), -ENOSPC when the BIB is full, -ENOMEM.
 * bib_static_remove() removes the static entry of @f's proto, addr4 and
 * port4 and its sessions, if there is one.  Process context.
 */
int bib_static_add(struct bib *bib, const struct bib_flow *f);
void bib_static_remove(struct bib *bib, const struct bib_flow *f);

#endif /* _JOOL_BIB_STATIC_H */
