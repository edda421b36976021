/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Starting the translator of a network namespace (state/netns.h) and
 * stopping it.
 */
#ifndef _JOOL_XLAT_START_H
#define _JOOL_XLAT_START_H

#include "state/netns.h"

/*
 * Allocates what a working translator needs and registers its hooks;
 * idempotent.  0 or -ENOMEM (nothing changed then: what was allocated is
 * kept for the next try).  The caller serialises the writers of @jn.
 */
int jool_net_start(struct jool_net *jn);

/*
 * Back to idle with nothing allocated: hooks gone (after the packets in
 * flight), prefix and pool unpublished, tables and counters freed.
 * Nothing else may reach @jn.
 */
void jool_net_stop(struct jool_net *jn);

#endif /* _JOOL_XLAT_START_H */
