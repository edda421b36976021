// SPDX-License-Identifier: GPL-2.0
/*
 * Who may read and change the translator a configuration directory
 * serves (see instance.h).
 *
 * configfs has one tree for the whole system and checks file modes only,
 * so the module checks the rest: the namespace the caller runs in, and
 * its capabilities in the user namespaces that matter.  A process inside
 * a container that owns its network namespace (a user namespace) may
 * configure that namespace's translator, never another's.
 */
#include <linux/capability.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <net/net_namespace.h>

#include "config/instance.h"

bool jool_may_read(const struct net *net)
{
	return net_eq(current->nsproxy->net_ns, net) || capable(CAP_NET_ADMIN);
}

bool jool_may_write(const struct net *net)
{
	return jool_may_read(net) && ns_capable(net->user_ns, CAP_NET_ADMIN);
}

int jool_inst_enter(struct jool_inst *inst, bool admin)
{
	struct net *net;
	int err = -ENODEV;

	mutex_lock(&inst->lock);
	if (!inst->jn)
		goto fail;
	net = inst->jn->net;
	err = -EACCES;
	if (!jool_may_read(net))
		goto fail;
	err = -EPERM;
	if (admin && !ns_capable(net->user_ns, CAP_NET_ADMIN))
		goto fail;
	return 0;
fail:
	mutex_unlock(&inst->lock);
	return err;
}
