// SPDX-License-Identifier: GPL-2.0
/*
 * jool.ko: a stateful NAT64 translator whose IPv4 transport address pool
 * (pool4) is configured through configfs, one translator per network
 * namespace.
 *
 * A namespace's translator starts with its first configuration, so init
 * only sets the hash keys and the memory-sized defaults, and builds the
 * configuration tree (which gives
 * every namespace an idle translator).  Exit removes the tree, stops every
 * translator, then waits for what RCU still has to free.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "config/configfs.h"
#include "state/bib.h"
#include "state/settings.h"

static int __init jool_init(void)
{
	int err = bib_init();

	if (err)
		return err;
	jool_settings_setup();
	err = jool_configfs_init();
	if (err)
		goto bib_exit;
	return 0;
bib_exit:
	bib_exit();
	return err;
}

/* The translators reaped their entries: the caches go after the rest. */
static void __exit jool_exit(void)
{
	jool_configfs_exit();
	rcu_barrier();
	bib_exit();
}

module_init(jool_init);
module_exit(jool_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stateful NAT64 translator with a configfs-managed pool4");
MODULE_AUTHOR("Jool configfs team <nat64@example.org>");
