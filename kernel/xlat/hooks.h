/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _JOOL_NF_HOOKS_H
#define _JOOL_NF_HOOKS_H

#include "state/netns.h"

/* The hooks of @jn's namespace; an ERR_PTR when they cannot be added. */
struct nf_hook_ops *jool_hooks_register(struct jool_net *jn);
/* Waits for the packets inside them, then frees @ops. */
void jool_hooks_unregister(struct jool_net *jn, struct nf_hook_ops *ops);

#endif /* _JOOL_NF_HOOKS_H */
